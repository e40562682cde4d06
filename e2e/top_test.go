package e2e

import (
	"strings"
	"testing"
)

func TestTopInATerminal(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)

	t.Run("q quits with 0 and gives the terminal back", func(t *testing.T) {
		tm := c.inTerminal(t, "vm", "top", "--delay", "200ms", "--filter", "MEM>=2G")
		screen := tm.waitFor("onectl vm top", "q quits", "web-1", "db-1")
		mustNotContain(t, "top screen", screen, "alice-vm", "batch-1")
		// The screen follows the cloud.
		c.ok(t, "vm", "poweroff", "web-2", "--wait")
		tm.waitFor("web-2 poff")
		tm.send("q")
		if code := tm.exitCode(); code != 0 {
			t.Fatalf("q: exit %d\n%s", code, tm.screen())
		}
		tm.restored()
	})
	t.Run("Ctrl-C quits with 130 and gives the terminal back", func(t *testing.T) {
		tm := c.inTerminal(t, "vm", "top", "--delay", "200ms")
		tm.waitFor("onectl vm top", "alice-vm")
		tm.send("C-c")
		if code := tm.exitCode(); code != 130 {
			t.Fatalf("Ctrl-C: exit %d\n%s", code, tm.screen())
		}
		tm.restored()
		if s := tm.screen(); !strings.Contains(s, "onectl: interrupted") {
			t.Fatalf("no interrupted line:\n%s", s)
		}
	})
	t.Run("a bad flag is one line, no screen taken", func(t *testing.T) {
		tm := c.inTerminal(t, "vm", "top", "--sort", "NOPE")
		if code := tm.exitCode(); code != 2 {
			t.Fatalf("exit %d\n%s", code, tm.screen())
		}
		tm.restored()
	})
}

func TestTopOffATerminal(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	w := c.startWatch(t, "vm", "top", "--delay", "100ms", "--state", "hold")
	for i := 0; i < 2; i++ {
		w.next(t, "ID USER")
		if l := w.next(t, "test-hold"); !strings.Contains(l, "hold") {
			t.Fatalf("snapshot row %q", l)
		}
	}
	if code := w.interrupt(t); code != 130 {
		t.Fatalf("interrupted top: exit %d, want 130", code)
	}
}

// TestWaitProgressFitsTheTerminal: a pending VM's progress line, with the
// scheduler's long reason, is cut to the terminal's width instead of
// wrapping (a wrapped line stacks up on every refresh).
func TestWaitProgressFitsTheTerminal(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	// No host has 10T: the VM stays PENDING with the scheduler's reason.
	// (vm create with flags on a terminal runs at once: no wizard.)
	tm := c.inTerminal(t, "--timeout", "4s", "vm", "create", "--name", "too-big", "--cpu", "1", "--memory", "10T", "--wait")
	screen := tm.waitFor("PENDING (scheduler: ")
	for _, l := range strings.Split(screen, "\n") {
		if len([]rune(l)) > 100 {
			t.Fatalf("a line wider than the terminal (100):\n%q", l)
		}
		if strings.Contains(l, "PENDING") && len([]rune(l)) >= 100 {
			t.Fatalf("the progress line fills the last column (the cursor wraps):\n%q", l)
		}
	}
	if code := tm.exitCode(); code != 10 {
		t.Fatalf("exit %d, want 10 (--wait timed out):\n%s", code, tm.screen())
	}
}
