package commands

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/iostreams"
	"github.com/onectl/onectl/sim"
)

// runIn runs the whole tree in process with HOME=home, so -race sees the
// goroutines of --all-contexts.
func runIn(t *testing.T, home, stdin string, args ...string) (string, string, int) {
	t.Helper()
	ios, in, out, errOut := iostreams.Test()
	in.WriteString(stdin)
	f := &kit.Factory{IO: ios, Env: func(string) string { return "" }, Home: home}
	code := run(context.Background(), f, args)
	return out.String(), errOut.String(), code
}

func TestAllContextsInProcess(t *testing.T) {
	home := t.TempDir()
	demo := kittest.NewCloud(t, sim.Options{Seed: "demo"})
	empty := kittest.NewCloud(t, sim.Options{Seed: "empty"})
	for _, c := range []struct{ name, ep, user, pw string }{
		{"demo", demo.Endpoint, "alice", "alice"},
		{"empty", empty.Endpoint, "oneadmin", "opennebula"},
		{"down", "http://127.0.0.1:1/RPC2", "x", "x"},
		{"nopw", demo.Endpoint, "", ""},
	} {
		args := []string{"context", "create", c.name, "--endpoint", c.ep}
		if c.user != "" {
			args = append(args, "--user", c.user, "--password-stdin")
		} else {
			args = append(args, "--auth-file", filepath.Join(home, "auth"))
			if err := os.WriteFile(filepath.Join(home, "auth"), []byte("alice:alice\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if _, errOut, code := runIn(t, home, c.pw, args...); code != 0 {
			t.Fatalf("create %s: %s", c.name, errOut)
		}
	}
	// The auth file goes missing: that context fails on its own line.
	os.Remove(filepath.Join(home, "auth"))
	out, errOut, code := runIn(t, home, "", "vm", "list", "--all-contexts", "-o", "json")
	if code != kit.ExitError {
		t.Errorf("two different failures (9 and 3) combine to 1, got %d", code)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "onectl: context down: ") || !strings.HasPrefix(lines[1], "onectl: context nopw: ") {
		t.Errorf("stderr:\n%s", errOut)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc) != 2 || doc["demo"] == nil || doc["empty"] == nil {
		t.Errorf("json (%v):\n%s", err, out)
	}
	out, _, _ = runIn(t, home, "", "vm", "list", "--all-contexts", "--dry-run")
	if strings.Count(out, "one.vmpool.info(") != 3 || strings.Contains(out, "CONTEXT") {
		t.Errorf("dry run prints one call per context that resolves, and no table:\n%s", out)
	}
}
