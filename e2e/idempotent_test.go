package e2e

import (
	"strings"
	"testing"
)

// TestIdempotentBulkActions: "these VMs off" succeeds quietly for VMs that
// already are, and still fails for a VM that cannot get there.
func TestIdempotentBulkActions(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	a, b := c.createVM(t, "idem-a"), c.createVM(t, "idem-b")
	c.ok(t, "vm", "poweroff", itoa(b), "--wait")

	t.Run("already there is success, in silence off a terminal", func(t *testing.T) {
		r := c.run(t, "vm", "poweroff", itoa(a)+","+itoa(b), "--yes", "--wait")
		if r.Code != 0 || r.Stderr != "" || r.Stdout != "" {
			t.Fatalf("want a quiet exit 0:\n%s", r)
		}
		if listStat(t, c, a) != "poff" || listStat(t, c, b) != "poff" {
			t.Fatal("not both powered off")
		}
		// Again, all of them already there, by name this time.
		if r := c.run(t, "vm", "poweroff", "idem-a", "idem-b", "--wait"); r.Code != 0 || r.Stderr != "" {
			t.Fatalf("want a quiet exit 0:\n%s", r)
		}
		if r := c.run(t, "vm", "resume", itoa(a), "--wait"); r.Code != 0 {
			t.Fatalf("%s", r)
		}
		if r := c.run(t, "vm", "resume", itoa(a)); r.Code != 0 || r.Stderr != "" {
			t.Fatalf("resume of a running VM: want a quiet exit 0:\n%s", r)
		}
	})
	t.Run("one that cannot get there still fails with its code", func(t *testing.T) {
		// VM 4 of the demo seed is on hold: it cannot be powered off.
		r := c.fails(t, 6, "vm", "poweroff", itoa(a)+","+itoa(b)+",4", "--wait")
		line := failureAndSummary(t, r, "done for "+itoa(a)+","+itoa(b)+"; failed for 4")
		mustContain(t, "stderr", line, "vm 4:", "HOLD")
		if listStat(t, c, a) != "poff" {
			t.Fatal("the running VM was not powered off")
		}
	})
	t.Run("a missing VM is not already there", func(t *testing.T) {
		r := c.fails(t, 5, "vm", "poweroff", itoa(b)+",999")
		mustContain(t, "stderr", failureAndSummary(t, r, "done for "+itoa(b)+"; failed for 999"), "vm 999")
	})
	t.Run("on a terminal: each already-there VM said, then a summary", func(t *testing.T) {
		c.ok(t, "vm", "resume", itoa(a), "--wait")
		tm := c.inTerminal(t, "vm", "poweroff", itoa(a)+","+itoa(b)+",4", "--yes")
		if code := tm.exitCode(); code != 6 {
			t.Fatalf("exit %d; screen:\n%s", code, tm.screen())
		}
		screen := tm.screen()
		for _, want := range []string{"vm " + itoa(b) + ": already POWEROFF", "onectl: vm 4:", "vm: 1 done, 1 already there, 1 failed"} {
			if !strings.Contains(screen, want) {
				t.Fatalf("the terminal lacks %q:\n%s", want, screen)
			}
		}
	})
}

// failureAndSummary checks the stderr of a bulk action with one failure:
// the failure's line, then the line naming what was done and what failed
// (already-there objects count as done). It returns the failure's line.
func failureAndSummary(t *testing.T, r result, summary string) string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(r.Stderr, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "onectl: ") || lines[1] != "onectl: vm: "+summary {
		t.Fatalf("want the failure, then \"onectl: vm: %s\":\n%s", summary, r)
	}
	return lines[0]
}
