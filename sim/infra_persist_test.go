package sim

import (
	"path/filepath"
	"testing"
	"time"
)

// Hosts, clusters, hooks, backup jobs and VM groups survive a restart
// with a state file, their derived indexes rebuilt.
func TestInfraStatePersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	clk := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	s := clockSim(t, Options{Now: clk.now, StateFile: path})
	must(t, s, "one.cluster.allocate", admin, "edge")
	must(t, s, "one.cluster.addhost", admin, 100, 1)
	must(t, s, "one.cluster.adddatastore", admin, 100, 0)
	must(t, s, "one.host.allocate", admin, "new", "dummy", "dummy", 100)
	must(t, s, "one.hook.allocate", admin, "NAME=h\nTYPE=api\nCALL=one.host.rename\nCOMMAND=/bin/true")
	must(t, s, "one.host.rename", admin, 2, "x")
	must(t, s, "one.backupjob.allocate", admin, "NAME=b\nBACKUP_VMS=\"0\"\nSCHED_ACTION=[TIME=\"1900000000\"]")
	must(t, s, "one.vmgroup.allocate", admin, "NAME=g\nROLE=[NAME=r]")
	must(t, s, "one.vm.schedadd", admin, 0, `SCHED_ACTION=[ACTION="poweroff", TIME="1800000005"]`)
	action(t, s, "resched", 1)
	var before []string
	for _, q := range [][2]any{{"one.host.info", 3}, {"one.cluster.info", 100}, {"one.hook.info", 1}, {"one.backupjob.info", 1}, {"one.vmgroup.info", 1}} {
		before = append(before, must(t, s, q[0].(string), admin, q[1].(int)).str)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := clockSim(t, Options{Now: clk.now, StateFile: path})
	for i, q := range [][2]any{{"one.host.info", 3}, {"one.cluster.info", 100}, {"one.hook.info", 1}, {"one.backupjob.info", 1}, {"one.vmgroup.info", 1}} {
		if got := must(t, s2, q[0].(string), admin, q[1].(int)).str; got != before[i] {
			t.Errorf("%s after restart:\n got %s\nwant %s", q[0], got, before[i])
		}
	}
	// the new host is probed, the scheduled action runs, the RESCHED VM moves
	clk.add(40 * time.Second)
	if st := hostState(t, s2, 3); st != hostMonitored {
		t.Errorf("host after restart: state %d", st)
	}
	clk.add(2 * time.Second) // the poweroff began at the call above and lasts a delay
	if st, _ := vmState(t, s2, 0); st != stPoweroff {
		t.Errorf("scheduled poweroff after restart: state %d", st)
	}
	if h := vmHost(t, s2, 1); h == "host02" {
		t.Error("RESCHED VM not moved after restart")
	}
}
