package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestIDArguments: names, ranges, lists and several arguments all reach the
// same VMs; a bulk action reports each failure on its own line.
func TestIDArguments(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	var ids [4]int
	for i := range ids {
		ids[i] = c.createVM(t, fmt.Sprintf("bulk-%d", i))
	}
	stats := func(t *testing.T, want ...string) {
		t.Helper()
		for i, w := range want {
			if got := listStat(t, c, ids[i]); got != w {
				t.Fatalf("VM %d (bulk-%d): STAT %q, want %q", ids[i], i, got, w)
			}
		}
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] != ids[0]+i {
			t.Fatalf("IDs %v are not consecutive; the range test needs them so", ids)
		}
	}

	t.Run("show by name", func(t *testing.T) {
		out := c.ok(t, "vm", "show", "bulk-2")
		mustContain(t, "vm show bulk-2", out, fmt.Sprintf("VIRTUAL MACHINE %d INFORMATION", ids[2]))
	})
	t.Run("range", func(t *testing.T) {
		c.ok(t, "vm", "poweroff", fmt.Sprintf("%d..%d", ids[0], ids[2]), "--wait")
		stats(t, "poff", "poff", "poff", "runn")
	})
	t.Run("list", func(t *testing.T) {
		c.ok(t, "vm", "resume", fmt.Sprintf("%d,%d", ids[0], ids[2]), "--wait")
		stats(t, "runn", "poff", "runn", "runn")
	})
	t.Run("several args and names", func(t *testing.T) {
		c.ok(t, "vm", "resume", "bulk-1", "--wait")
		c.ok(t, "vm", "suspend", itoa(ids[0]), "bulk-3", "--wait")
		stats(t, "susp", "runn", "runn", "susp")
	})
	t.Run("repeats act once", func(t *testing.T) {
		c.ok(t, "vm", "resume", itoa(ids[0]), "bulk-0", fmt.Sprintf("%d..%d", ids[0], ids[0]), "--wait")
		stats(t, "runn")
	})
	t.Run("partial failure", func(t *testing.T) {
		r := c.fails(t, 5, "vm", "poweroff", fmt.Sprintf("%d,9998,%d,9999", ids[1], ids[2]), "--wait")
		lines := strings.Split(strings.TrimRight(r.Stderr, "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("want one stderr line per failure (2) and a summary, got:\n%s", r)
		}
		if want := fmt.Sprintf("onectl: vm: done for %d,%d; failed for 9998,9999", ids[1], ids[2]); lines[2] != want {
			t.Fatalf("summary line %q, want %q", lines[2], want)
		}
		lines = lines[:2]
		for _, missing := range []string{"9998", "9999"} {
			found := false
			for _, l := range lines {
				if strings.HasPrefix(l, "onectl: ") && strings.Contains(l, "["+missing+"]") {
					found = true
				}
			}
			if !found {
				t.Fatalf("no stderr line for VM %s:\n%s", missing, r)
			}
		}
		stats(t, "runn", "poff", "poff", "susp")
	})
	t.Run("mixed failures exit 1", func(t *testing.T) {
		// bulk-3 is suspended (poweroff is refused: 6) and 9999 does not
		// exist (5): the codes differ, so the exit is the generic 1.
		r := c.fails(t, 1, "vm", "poweroff", "9999", itoa(ids[3]))
		lines := strings.Split(strings.TrimRight(r.Stderr, "\n"), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "onectl: ") || !strings.HasPrefix(lines[1], "onectl: ") {
			t.Fatalf("want 2 stderr lines, got:\n%s", r)
		}
	})
	t.Run("ambiguous name", func(t *testing.T) {
		a := c.createVM(t, "twin")
		b := c.createVM(t, "twin")
		r := c.fails(t, 2, "vm", "show", "twin")
		line := oneErrorLine(t, r)
		mustContain(t, "stderr", line, "ambiguous", itoa(a), itoa(b))
		c.fails(t, 2, "vm", "poweroff", "twin")
	})
	t.Run("unknown name", func(t *testing.T) {
		r := c.fails(t, 5, "vm", "poweroff", "no-such-vm")
		mustContain(t, "stderr", oneErrorLine(t, r), "no-such-vm")
	})
	t.Run("unknown ID", func(t *testing.T) {
		r := c.fails(t, 5, "vm", "show", "9999")
		if line := oneErrorLine(t, r); line != "onectl: [one.vm.info] Error getting virtual machine [9999]." {
			t.Fatalf("stderr %q", line)
		}
	})
	t.Run("bad ranges", func(t *testing.T) {
		for _, arg := range []string{"5..1", "1..x", "..3", "-1"} {
			r := c.fails(t, 2, "vm", "poweroff", arg)
			oneErrorLine(t, r)
		}
	})
}

// TestDryRunAndDebug: --dry-run shows the calls and does nothing; --debug
// shows the XML; neither ever prints the password.
func TestDryRunAndDebug(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.as(t, "oneadmin", "opennebula")
	id := c.createVM(t, "dry")

	t.Run("dry-run action", func(t *testing.T) {
		out := c.ok(t, "vm", "poweroff", itoa(id), "--dry-run")
		want := fmt.Sprintf(`one.vm.action("oneadmin:****", "poweroff", %d)`, id)
		if strings.TrimSpace(out) != want {
			t.Fatalf("dry-run printed %q, want %q", out, want)
		}
		mustNotContain(t, "dry-run", out, "opennebula")
		if got := listStat(t, c, id); got != "runn" {
			t.Fatalf("dry-run changed the VM: STAT %q", got)
		}
	})
	t.Run("dry-run create", func(t *testing.T) {
		before := c.ok(t, "vm", "list", "--list", "ID", "--no-header")
		r := c.run(t, "vm", "create", "--name", "never", "--cpu", "1", "--memory", "64", "--dry-run")
		if r.Code != 0 {
			t.Fatalf("%s", r)
		}
		mustContain(t, "dry-run", r.Stdout, "one.vm.allocate(", "oneadmin:****", "never")
		mustNotContain(t, "dry-run", r.Stdout+r.Stderr, "opennebula", "ID: ")
		if after := c.ok(t, "vm", "list", "--list", "ID", "--no-header"); after != before {
			t.Fatalf("dry-run created something:\n%s\nvs\n%s", before, after)
		}
	})
	t.Run("dry-run by name reads the name and sends no write", func(t *testing.T) {
		out := c.ok(t, "vm", "poweroff", "dry", "--dry-run")
		want := fmt.Sprintf(`one.vm.action("oneadmin:****", "poweroff", %d)`, id)
		if strings.TrimSpace(out) != want {
			t.Fatalf("dry-run printed %q, want %q (the pool read is not printed)", out, want)
		}
		if got := listStat(t, c, id); got != "runn" {
			t.Fatalf("dry-run changed the VM: STAT %q", got)
		}
		c.fails(t, 5, "vm", "poweroff", "no-such-vm", "--dry-run")
	})
	t.Run("debug", func(t *testing.T) {
		r := c.run(t, "vm", "show", itoa(id), "--debug", "-o", "json")
		if r.Code != 0 {
			t.Fatalf("%s", r)
		}
		mustContain(t, "debug stderr", r.Stderr, "one.vm.info", "<methodCall>", "<methodResponse>", "oneadmin:****")
		mustNotContain(t, "debug stderr", r.Stderr, "opennebula<", "oneadmin:opennebula")
		if !strings.HasPrefix(r.Stdout, "{") {
			t.Fatalf("--debug polluted stdout:\n%s", r.Stdout)
		}
	})
	t.Run("debug with a long password", func(t *testing.T) {
		// The session token is redacted wherever it appears, also in
		// replies; a password long enough to be recognised must not leak.
		r := s.as(t, "oneadmin", "wrong-but-long-password").run(t, "vm", "list", "--debug")
		if r.Code != 3 {
			t.Fatalf("want exit 3:\n%s", r)
		}
		mustNotContain(t, "debug stderr", r.Stderr, "wrong-but-long-password")
	})
}

// TestHelp: help tells which XML-RPC method and permission a command uses,
// and the exit codes are documented.
func TestHelp(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	out := c.ok(t, "vm", "deploy", "--help")
	mustContain(t, "vm deploy --help", out, "one.vm.deploy", "VM:ADMIN")
	out = c.ok(t, "vm", "poweroff", "--help")
	mustContain(t, "vm poweroff --help", out, "one.vm.action", "VM:MANAGE", "--hard", "--wait")
	for _, args := range [][]string{{"exit-codes"}, {"help", "exit-codes"}} {
		out := c.ok(t, args...)
		for code := 0; code <= 10; code++ {
			if !regexp.MustCompile(fmt.Sprintf(`(?m)^\s*%d\s+\S`, code)).MatchString(out) {
				t.Fatalf("%v does not list exit code %d:\n%s", args, code, out)
			}
		}
	}
	out = c.ok(t, "--help")
	mustContain(t, "onectl --help", out, "vm", "sim")
	if v := c.ok(t, "--version"); !strings.Contains(v, "onectl") {
		t.Fatalf("--version: %q", v)
	}
}
