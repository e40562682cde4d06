package e2e

import (
	"strings"
	"testing"
)

// TestWizardNeverWithoutATerminal: a script running `vm create` bare gets
// the usage error at once, never a question.
func TestWizardNeverWithoutATerminal(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	r := s.admin(t).fails(t, 2, "vm", "create")
	mustContain(t, "stderr", oneErrorLine(t, r), "no template")
	mustNotContain(t, "stderr", r.Stderr, "Template (type to search)")
	r = s.admin(t).fails(t, 2, "template", "instantiate")
	mustContain(t, "stderr", oneErrorLine(t, r), "needs a template")
}

func TestWizardInATerminal(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	if r := c.run(t, "template", "instantiate", "--help"); r.Code != 0 {
		t.Skip("the wizard runs `template instantiate`, which this build lacks")
	}

	t.Run("asks, prints the command line, runs it", func(t *testing.T) {
		tm := c.inTerminal(t, "vm", "create")
		tm.waitFor("Template (type to search)", "tiny")
		tm.typeText("tiny")
		tm.send("Enter")
		tm.waitFor("VM name")
		tm.typeText("wiz-%i")
		tm.send("Enter")
		tm.waitFor("How many VMs")
		tm.typeText("2")
		tm.send("Enter")
		tm.waitFor("CPU (empty keeps")
		tm.send("Enter")
		tm.waitFor("Memory, e.g.")
		tm.typeText("128M")
		tm.send("Enter")
		tm.waitFor("Network:")
		tm.typeText("priv")
		tm.send("Enter")
		tm.waitFor("Wait until the VMs are running?")
		tm.send("Enter")
		if code := tm.exitCode(); code != 0 {
			t.Fatalf("exit %d:\n%s", code, tm.screen())
		}
		screen := tm.screen()
		mustContain(t, "screen", screen, "onectl template instantiate tiny --name 'wiz-%i' --multiple 2 --memory 128M --nic private --wait", "ID: ")
		out := c.ok(t, "vm", "list", "--filter", "NAME~^wiz-", "--list", "NAME,STAT,MEM", "--no-header", "--sort", "NAME")
		if f := strings.Fields(out); len(f) != 6 || f[0] != "wiz-0" || f[1] != "runn" || f[2] != "128M" || f[3] != "wiz-1" {
			t.Fatalf("the wizard's VMs:\n%s", out)
		}
	})
	t.Run("template instantiate asks the same, keeping the defaults", func(t *testing.T) {
		tm := c.inTerminal(t, "template", "instantiate")
		tm.waitFor("Template (type to search)", "ubuntu")
		tm.typeText("ubuntu")
		tm.send("Enter")
		for _, q := range []string{"VM name", "How many VMs", "CPU (empty keeps", "Memory, e.g.", "Network:"} {
			tm.waitFor(q)
			tm.send("Enter")
		}
		tm.waitFor("Wait until the VMs are running?")
		tm.typeText("n")
		tm.send("Enter")
		if code := tm.exitCode(); code != 0 {
			t.Fatalf("exit %d:\n%s", code, tm.screen())
		}
		screen := tm.screen()
		mustContain(t, "screen", screen, "onectl template instantiate ubuntu\n", "ID: ")
		mustNotContain(t, "screen", screen, "--wait", "--multiple")
	})
	t.Run("Ctrl-C leaves with 130 and creates nothing", func(t *testing.T) {
		before := c.ok(t, "vm", "list", "-q")
		tm := c.inTerminal(t, "vm", "create")
		tm.waitFor("Template (type to search)")
		tm.send("Enter")
		tm.waitFor("VM name")
		tm.send("C-c")
		if code := tm.exitCode(); code != 130 {
			t.Fatalf("exit %d:\n%s", code, tm.screen())
		}
		tm.restored()
		if after := c.ok(t, "vm", "list", "-q"); after != before {
			t.Fatalf("a cancelled wizard created VMs:\n%s\nvs\n%s", before, after)
		}
	})
}
