package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSimStateFile: a simulator started again on the same --state file has
// the objects created before it was stopped.
func TestSimStateFile(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "sim.json")
	s := startSim(t, "--state", state)
	id := s.admin(t).createVM(t, "persistent")
	s.admin(t).ok(t, "vm", "rename", itoa(id), "kept")
	s.stop()

	s2 := startSim(t, "--state", state)
	c := s2.admin(t)
	vm := c.vm(t, id)
	if str(vm, "NAME") != "kept" {
		t.Fatalf("after restart VM %d is %q, want kept", id, str(vm, "NAME"))
	}
	if got := listStat(t, c, id); got != "runn" {
		t.Fatalf("after restart STAT %q, want runn", got)
	}
	// IDs keep counting from where they were.
	if next := c.createVM(t, "after-restart"); next <= id {
		t.Fatalf("new VM got ID %d, not above %d", next, id)
	}
}

// TestSimServeUsage: bad simulator flags are usage errors.
func TestSimServeUsage(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for _, args := range [][]string{
		{"sim", "serve", "--seed", "bogus"},
		{"sim", "serve", "--delay", "0s"},
		{"sim", "serve", "extra-arg"},
	} {
		r := c.fails(t, 2, args...)
		oneErrorLine(t, r)
	}
}

// TestSimTour: the tour a newcomer runs first goes through to the end.
func TestSimTour(t *testing.T) {
	t.Parallel()
	r := newCLI(t).run(t, "sim", "tour", "--delay", "20ms")
	if r.Code != 0 {
		t.Fatalf("sim tour:\n%s", r)
	}
	mustContain(t, "sim tour", r.Stdout, "# simulator at http://127.0.0.1:", "$ onectl vm list", "$ onectl vm terminate tour-vm")
	// The tour shows two failures on purpose (unknown VM, alice's attempt);
	// every other step must have worked.
	if n := strings.Count(r.Stdout, "(exit code"); n != 2 {
		t.Fatalf("sim tour: %d steps failed, want the 2 deliberate ones:\n%s", n, r.Stdout)
	}
}
