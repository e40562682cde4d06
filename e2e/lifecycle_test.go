package e2e

import (
	"strings"
	"testing"
)

// listStat is the STAT column of one VM in `vm list` (done VMs need
// --state done, as in onevm list).
func listStat(t testing.TB, c *cli, id int, extra ...string) string {
	t.Helper()
	args := append([]string{"vm", "list", "-o", "csv", "--no-header", "--list", "ID,STAT", "--filter", "ID=" + itoa(id)}, extra...)
	out := strings.TrimSpace(c.ok(t, args...))
	id2, stat, ok := strings.Cut(out, ",")
	if !ok || id2 != itoa(id) || strings.Contains(stat, "\n") {
		t.Fatalf("vm list for VM %d: want one row \"%d,<stat>\", got %q", id, id, out)
	}
	return stat
}

// TestVMLifecycle walks one VM through every state a user can put it in,
// each step with --wait, the way a script would.
func TestVMLifecycle(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)

	out := c.ok(t, "vm", "create", "--name", "life", "--cpu", "0.5", "--memory", "256M",
		"--disk", "alpine-3.20", "--nic", "private", "--wait")
	id := createdID(t, out)
	if got := listStat(t, c, id); got != "runn" {
		t.Fatalf("after create --wait: STAT %q, want runn", got)
	}
	vm := c.vm(t, id)
	if str(vm, "NAME") != "life" || str(vm, "TEMPLATE.CPU") != "0.5" || str(vm, "TEMPLATE.MEMORY") != "256" {
		t.Errorf("created VM: NAME %q CPU %q MEMORY %q, want life 0.5 256", str(vm, "NAME"), str(vm, "TEMPLATE.CPU"), str(vm, "TEMPLATE.MEMORY"))
	}
	if got := str(vm, "TEMPLATE.DISK.IMAGE"); got != "alpine-3.20" {
		t.Errorf("DISK IMAGE %q, want alpine-3.20", got)
	}
	if got := str(vm, "TEMPLATE.NIC.NETWORK"); got != "private" {
		t.Errorf("NIC NETWORK %q, want private", got)
	}
	if str(vm, "TEMPLATE.NIC.IP") == "" {
		t.Errorf("NIC has no IP lease")
	}

	steps := []struct {
		verb string
		stat string
	}{
		{"poweroff", "poff"},
		{"resume", "runn"},
		{"suspend", "susp"},
		{"resume", "runn"},
		{"stop", "stop"},
		{"resume", "runn"},
		{"undeploy", "unde"},
		{"resume", "runn"},
		{"reboot", "runn"},
	}
	for _, st := range steps {
		r := c.run(t, "vm", st.verb, itoa(id), "--wait")
		if r.Code != 0 {
			t.Fatalf("step %s:\n%s", st.verb, r)
		}
		if r.Stdout != "" {
			t.Errorf("vm %s printed on stdout: %q (actions print nothing)", st.verb, r.Stdout)
		}
		if got := listStat(t, c, id); got != st.stat {
			t.Fatalf("after %s --wait: STAT %q, want %q", st.verb, got, st.stat)
		}
	}

	c.ok(t, "vm", "terminate", itoa(id), "--yes", "--wait")
	if got := listStat(t, c, id, "--state", "done"); got != "done" {
		t.Fatalf("after terminate: STAT %q, want done", got)
	}
	if out := c.ok(t, "vm", "list", "--no-header", "--list", "ID"); containsField(out, itoa(id)) {
		t.Errorf("plain vm list still shows the DONE VM %d:\n%s", id, out)
	}
	vm = c.vm(t, id)
	if got := str(vm, "STATE"); got != "6" {
		t.Errorf("show -o json STATE %q, want \"6\"", got)
	}
	if str(vm, "ETIME") == "0" || str(vm, "ETIME") == "" {
		t.Errorf("DONE VM has no ETIME")
	}
}

// TestVMWrongStateAction: an action the state machine refuses is exit 6 with
// oned's message, and changes nothing.
func TestVMWrongStateAction(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := c.createVM(t, "busy")
	// A running VM cannot be held (hold is for pending VMs), and is not
	// already HOLD: a refusal (resume of a running VM, by contrast, is
	// already there: see TestIdempotentBulkActions).
	r := c.fails(t, 6, "vm", "hold", itoa(id))
	line := oneErrorLine(t, r)
	mustContain(t, "stderr", line, "one.vm.action", "hold")
	if got := listStat(t, c, id); got != "runn" {
		t.Errorf("refused hold changed STAT to %q", got)
	}
}

// TestVMCreateMultiple: --multiple prints one ID line per VM, and --hold
// --wait waits for HOLD.
func TestVMCreateMultiple(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	out := c.ok(t, "vm", "create", "--name", "many", "--cpu", "0.1", "--memory", "32", "--multiple", "3", "--hold", "--wait")
	ids := idLineRE.FindAllStringSubmatch(out, -1)
	if len(ids) != 3 {
		t.Fatalf("--multiple 3 printed %d ID lines:\n%s", len(ids), out)
	}
	for _, m := range ids {
		if got := listStat(t, c, atoiT(t, m[1])); got != "hold" {
			t.Errorf("VM %s: STAT %q, want hold", m[1], got)
		}
	}
}

func containsField(out, field string) bool {
	for _, f := range strings.Fields(out) {
		if f == field {
			return true
		}
	}
	return false
}
