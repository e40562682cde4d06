package sim

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeClock is a settable Options.Now.
type fakeClock struct{ t time.Time }

func (f *fakeClock) now() time.Time            { return f.t }
func (f *fakeClock) add(d time.Duration)       { f.t = f.t.Add(d) }
func newClock() *fakeClock                     { return &fakeClock{t: time.Unix(1700000000, 0)} }
func clockSim(t *testing.T, o Options) *Server { o.Delay = time.Second; return newSim(t, o) }

func wantState(t *testing.T, s *Server, id, state, lcm int) {
	t.Helper()
	if st, l := vmState(t, s, id); st != state || l != lcm {
		t.Fatalf("VM %d in %d/%d, want %d/%d", id, st, l, state, lcm)
	}
}

// A transition that was superseded (the VM entered its state again later)
// must not end the state at the old due time, and must not linger.
func TestStaleTransitionIsDropped(t *testing.T) {
	clk := newClock()
	s := clockSim(t, Options{Now: clk.now})
	action(t, s, "poweroff", 0)
	clk.add(500 * time.Millisecond)
	action(t, s, "poweroff-hard", 0) // SHUTDOWN_POWEROFF again, ends 1s from now
	clk.add(700 * time.Millisecond)
	wantState(t, s, 0, stActive, lcmShutdownPoweroff)
	clk.add(300 * time.Millisecond)
	wantState(t, s, 0, stPoweroff, lcmInit)
	if n := s.st.idx.transitions.Len(); n != 0 {
		t.Errorf("%d transition entries left after everything settled", n)
	}
}

// A long idle period walks a VM through several states in one request,
// and the scheduler places a PENDING VM as soon as a host has room.
func TestChainedTransitionsAndPendingIndex(t *testing.T) {
	clk := newClock()
	s := clockSim(t, Options{Now: clk.now})
	big := must(t, s, "one.vm.allocate", admin, "NAME=big CPU=8 MEMORY=64").num
	wantState(t, s, big, stPending, lcmInit)
	if msg := must(t, s, "one.vm.info", admin, big).str; !strings.Contains(msg, "No host with enough capacity") {
		t.Fatalf("no SCHED_MESSAGE: %s", msg)
	}
	// host01 holds web-1 and db-1; once both are gone the big VM fits there
	action(t, s, "terminate", 0)
	action(t, s, "terminate", 2)
	clk.add(10 * time.Second)
	r := must(t, s, "one.vm.info", admin, big).str
	wantState(t, s, big, stActive, lcmProlog)
	if !strings.Contains(r, "<HOSTNAME>host01</HOSTNAME>") {
		t.Fatalf("big VM not on host01: %s", r)
	}
	wantState(t, s, 0, stDone, lcmInit)
	clk.add(2 * time.Second)
	wantState(t, s, big, stActive, lcmRunning)
	if n := len(s.st.idx.pending); n != 0 {
		t.Errorf("pending index holds %d VMs after all were placed", n)
	}
}

func monitoringCount(t *testing.T, s *Server, id int) int {
	t.Helper()
	return strings.Count(must(t, s, "one.vm.monitoring", admin, id).str, "<MONITORING>")
}

// RUNNING VMs get a sample every interval (5 delays), none while they are
// off, and one as soon as they run again.
func TestMonitorIndex(t *testing.T) {
	clk := newClock()
	s := clockSim(t, Options{Now: clk.now})
	if n := monitoringCount(t, s, 1); n != 1 {
		t.Fatalf("%d samples at start", n)
	}
	clk.add(4 * time.Second)
	if n := monitoringCount(t, s, 1); n != 1 {
		t.Fatalf("%d samples before the interval", n)
	}
	clk.add(time.Second)
	if n := monitoringCount(t, s, 1); n != 2 {
		t.Fatalf("%d samples after the interval", n)
	}
	action(t, s, "poweroff", 1)
	clk.add(20 * time.Second)
	wantState(t, s, 1, stPoweroff, lcmInit)
	if n := monitoringCount(t, s, 1); n != 2 {
		t.Fatalf("%d samples while off", n)
	}
	action(t, s, "resume", 1)
	clk.add(time.Second)
	wantState(t, s, 1, stActive, lcmRunning)
	if n := monitoringCount(t, s, 1); n != 3 {
		t.Fatalf("%d samples after running again", n)
	}
}

// The indexes are not saved: a restart rebuilds them from the VMs, so a
// transition, a PENDING VM and monitoring all carry on.
func TestIndexRebuiltOnLoad(t *testing.T) {
	clk := newClock()
	file := filepath.Join(t.TempDir(), "state.json")
	s, err := New(Options{StateFile: file, Delay: time.Second, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	action(t, s, "poweroff", 1)
	big := must(t, s, "one.vm.allocate", admin, "NAME=big CPU=8 MEMORY=64").num
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := clockSim(t, Options{StateFile: file, Now: clk.now})
	clk.add(500 * time.Millisecond)
	wantState(t, s2, 1, stActive, lcmShutdownPoweroff)
	clk.add(500 * time.Millisecond)
	wantState(t, s2, 1, stPoweroff, lcmInit)
	action(t, s2, "terminate", 0)
	action(t, s2, "terminate", 2)
	clk.add(5 * time.Second)
	wantState(t, s2, big, stActive, lcmProlog)
	if n := monitoringCount(t, s2, 5); n != 2 {
		t.Errorf("alice-vm has %d samples after an interval", n)
	}
}
