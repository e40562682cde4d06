package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// candidates runs cobra's completion entry point and returns the offered
// values (descriptions dropped) and the directive line.
func candidates(t *testing.T, c *cli, args ...string) ([]string, string) {
	t.Helper()
	out := c.ok(t, append([]string{"__complete"}, args...)...)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	var vals []string
	for _, l := range lines[:len(lines)-1] {
		v, _, _ := strings.Cut(l, "\t")
		vals = append(vals, v)
	}
	return vals, lines[len(lines)-1]
}

func has(vals []string, wants ...string) bool {
	for _, w := range wants {
		found := false
		for _, v := range vals {
			found = found || v == w
		}
		if !found {
			return false
		}
	}
	return true
}

func TestCompletionValues(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)

	t.Run("no shell lists the shells", func(t *testing.T) {
		out := newCLI(t).ok(t, "completion")
		mustContain(t, "onectl completion", out, "bash", "zsh", "fish", "powershell", "source <(onectl completion bash)")
		r := newCLI(t).fails(t, 2, "completion", "tcsh")
		mustContain(t, "stderr", oneErrorLine(t, r), "bash, zsh, fish, powershell")
	})
	t.Run("flag values", func(t *testing.T) {
		for _, tc := range []struct {
			args  []string
			wants []string
		}{
			{[]string{"vm", "list", "-o", ""}, []string{"table", "json", "yaml", "name"}},
			{[]string{"vm", "show", "0", "-o", ""}, []string{"json", "yaml", "xml"}},
			{[]string{"vm", "list", "--state", ""}, []string{"runn", "poff", "poweroff", "running"}},
			{[]string{"vm", "top", "--sort", ""}, []string{"MEM", "TIME", "NAME"}},
			{[]string{"vm", "list", "--filter", ""}, []string{"MEM", "STAT", "CPU"}},
			{[]string{"vm", "list", "--list", "ID,"}, []string{"ID,NAME", "ID,MEM"}},
			{[]string{"vm", "create", "--nic", ""}, []string{"private"}},
			{[]string{"vm", "disk-attach", "0", "--image", ""}, []string{"ubuntu-24.04", "alpine-3.20"}},
			{[]string{"vm", "poweroff", ""}, []string{"web-1", "db-1"}},
			{[]string{"api", "one.vmpool."}, []string{"one.vmpool.info", "one.vmpool.infoextended"}},
		} {
			vals, _ := candidates(t, c, tc.args...)
			if !has(vals, tc.wants...) {
				t.Errorf("__complete %s = %q, want %q among them", strings.Join(tc.args, " "), vals, tc.wants)
			}
		}
	})
	t.Run("contexts from the config file", func(t *testing.T) {
		cc := newCLI(t)
		dir := filepath.Join(cc.home, ".config", "onectl")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		cfg := "current-context: lab\ncontexts:\n  - name: prod\n    endpoint: http://127.0.0.1:9/RPC2\n  - name: lab\n    endpoint: http://127.0.0.1:9/RPC2\n"
		if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		if vals, _ := candidates(t, cc, "--context", ""); !has(vals, "lab", "prod") {
			t.Fatalf("--context completes %q", vals)
		}
	})
	t.Run("an unreachable cloud completes nothing, quietly", func(t *testing.T) {
		cc := newCLI(t).withArgs("--endpoint", closedEndpoint(t), "--user", "oneadmin", "--password", "opennebula")
		r := cc.run(t, "__complete", "vm", "poweroff", "")
		if r.Code != 0 || strings.Contains(r.Stdout, "web") || !strings.HasPrefix(strings.TrimSpace(r.Stdout), ":") {
			t.Fatalf("%s", r)
		}
	})
}
