package sim

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFullLifecycle(t *testing.T) {
	s := newSim(t, Options{})
	id := must(t, s, "one.vm.allocate", admin, "NAME=lc CPU=0.5 MEMORY=128 NIC=[NETWORK_ID=0] DISK=[IMAGE_ID=1]").num
	if st, _ := vmState(t, s, id); st != stActive && st != stPending {
		t.Fatalf("fresh VM in state %d", st)
	}
	waitState(t, s, id, stActive, lcmRunning)
	info := must(t, s, "one.vm.info", admin, id).str
	if !strings.Contains(info, "<HOSTNAME>host01</HOSTNAME>") || !strings.Contains(info, "<DEPLOY_ID>host01:lc:dummy</DEPLOY_ID>") {
		t.Fatalf("not placed on host01: %s", info)
	}
	host := must(t, s, "one.host.info", admin, 0).str
	if !strings.Contains(host, sprintf("<ID>%d</ID></VMS>", id)) {
		t.Errorf("host01 does not list VM %d: %s", id, host)
	}

	steps := []struct {
		act       string
		state     int
		lcm       int
		transient int
	}{
		{"poweroff", stPoweroff, 0, lcmShutdownPoweroff},
		{"resume", stActive, lcmRunning, lcmBootPoweroff},
		{"suspend", stSuspended, 0, lcmSaveSuspend},
		{"resume", stActive, lcmRunning, lcmBootSuspended},
		{"stop", stStopped, 0, lcmSaveStop},
		{"resume", stActive, lcmRunning, -1},
		{"undeploy", stUndeployed, 0, lcmShutdownUndeploy},
		{"resume", stActive, lcmRunning, -1},
		{"terminate", stDone, 0, lcmShutdown},
	}
	for _, st := range steps {
		action(t, s, st.act, id)
		if st.transient >= 0 {
			if gs, gl := vmState(t, s, id); gs != stActive || gl != st.transient {
				t.Errorf("after %s: %d/%d, want transient LCM %d", st.act, gs, gl, st.transient)
			}
		}
		waitState(t, s, id, st.state, st.lcm)
	}
	info = must(t, s, "one.vm.info", admin, id).str
	for _, want := range []string{"<ACTION>19</ACTION>", "<ACTION>9</ACTION>", "<ACTION>5</ACTION>", "<ACTION>27</ACTION>", "<SEQ>2</SEQ>"} {
		if !strings.Contains(info, want) {
			t.Errorf("history lacks %s: %s", want, info)
		}
	}
	if strings.Contains(must(t, s, "one.host.info", admin, 0).str, sprintf("<ID>%d</ID></VMS>", id)) {
		t.Error("DONE VM still on its host")
	}
	if strings.Contains(must(t, s, "one.vn.info", admin, 0).str, sprintf("<VM><![CDATA[%d]]></VM>", id)) {
		t.Error("DONE VM keeps its lease")
	}
	// terminate on a DONE VM is accepted, as oned does
	action(t, s, "terminate", id)
	// DONE VMs only show with state -2
	if strings.Contains(must(t, s, "one.vmpool.info", admin, -2, -1, -1, -1).str, "<NAME>lc</NAME>") {
		t.Error("DONE VM listed with state -1")
	}
	if !strings.Contains(must(t, s, "one.vmpool.info", admin, -2, -1, -1, -2).str, "<NAME>lc</NAME>") {
		t.Error("DONE VM not listed with state -2")
	}
}

func TestWrongStateMessages(t *testing.T) {
	s := newSim(t, Options{})
	wantErr(t, try(t, s, "one.vm.action", admin, "resume", 0), 2048,
		`[one.vm.action] Error performing action "resume": This action is not available for state RUNNING`)
	wantErr(t, try(t, s, "one.vm.action", admin, "release", 0), 2048,
		`[one.vm.action] Error performing action "release": This action is not available for state RUNNING`)
	wantErr(t, try(t, s, "one.vm.action", admin, "suspend", 3), 2048,
		`[one.vm.action] Error performing action "suspend": This action is not available for state POWEROFF`)
	wantErr(t, try(t, s, "one.vm.action", admin, "explode", 0), 2048,
		`[one.vm.action] Action "explode" is not supported`)
	wantErr(t, try(t, s, "one.vm.deploy", admin, 0, 1), 2048,
		"[one.vm.deploy] Deploy action is not available for state RUNNING")
	wantErr(t, try(t, s, "one.vm.migrate", admin, 4, 1, b(false)), 2048,
		"[one.vm.migrate] Migrate action is not available for state HOLD")
	action(t, s, "poweroff", 0)
	wantErr(t, try(t, s, "one.vm.action", admin, "terminate", 0), 2048,
		`[one.vm.action] Error performing action "terminate": Could not terminate VM 0, wrong state SHUTDOWN_POWEROFF.`)
}

func TestHoldReleaseAndScheduler(t *testing.T) {
	s := newSim(t, Options{})
	action(t, s, "release", 4)
	waitState(t, s, 4, stActive, lcmRunning)
	id := must(t, s, "one.vm.allocate", admin, "NAME=h CPU=1 MEMORY=64", b(true)).num
	if st, _ := vmState(t, s, id); st != stHold {
		t.Fatalf("hold=true gave state %d", st)
	}
	wantErr(t, try(t, s, "one.vm.action", admin, "hold", id), 2048,
		`[one.vm.action] Error performing action "hold": This action is not available for state HOLD`)
	// too big for any host: stays PENDING with oned's scheduler message
	big := must(t, s, "one.vm.allocate", admin, "NAME=big CPU=64 MEMORY=64").num
	advance(s, 2*delay)
	if st, _ := vmState(t, s, big); st != stPending {
		t.Fatalf("oversized VM in state %d", st)
	}
	if ut := must(t, s, "one.vm.info", admin, big).str; !strings.Contains(ut, "Cannot dispatch VM: No host with enough capacity to deploy the VM") {
		t.Errorf("no SCHED_MESSAGE: %s", ut)
	}
	// admin deploy onto the disabled host03 works, as in oned
	must(t, s, "one.vm.deploy", admin, id, 2)
	waitState(t, s, id, stActive, lcmRunning)
	if !strings.Contains(must(t, s, "one.vm.info", admin, id).str, "<HOSTNAME>host03</HOSTNAME>") {
		t.Error("not deployed on host03")
	}
	must(t, s, "one.vm.migrate", admin, id, 1, b(false))
	if _, l := vmState(t, s, id); l != lcmSaveMigrate {
		t.Errorf("cold migrate LCM %d", l)
	}
	waitState(t, s, id, stActive, lcmRunning)
	must(t, s, "one.vm.migrate", admin, id, 0, b(true))
	if _, l := vmState(t, s, id); l != lcmMigrate {
		t.Errorf("live migrate LCM %d", l)
	}
	waitState(t, s, id, stActive, lcmRunning)
	info := must(t, s, "one.vm.info", admin, id).str
	if !strings.Contains(info, "<SEQ>2</SEQ><HOSTNAME>host01</HOSTNAME>") || !strings.Contains(info, "<ACTION>2</ACTION>") {
		t.Errorf("migration history: %s", info)
	}
	wantErr(t, try(t, s, "one.vm.deploy", admin, id, 77), 1024, "[one.vm.deploy] Error getting host [77].")
}

func TestSimFailAndRecover(t *testing.T) {
	s := newSim(t, Options{})
	id := must(t, s, "one.vm.allocate", admin, `NAME=f CPU=0.1 MEMORY=64 SIM_FAIL="BOOT"`).num
	waitState(t, s, id, stActive, lcmBootFailure)
	must(t, s, "one.vm.recover", admin, id, 2) // retry: BOOT again, fails again
	waitState(t, s, id, stActive, lcmBootFailure)
	must(t, s, "one.vm.recover", admin, id, 1) // success
	waitState(t, s, id, stActive, lcmRunning)

	id2 := must(t, s, "one.vm.allocate", admin, `NAME=g CPU=0.1 MEMORY=64 SIM_FAIL="PROLOG"`).num
	waitState(t, s, id2, stActive, lcmPrologFailure)
	must(t, s, "one.vm.recover", admin, id2, 3) // delete
	waitState(t, s, id2, stDone, 0)
	wantErr(t, try(t, s, "one.vm.recover", admin, id2, 4), 2048,
		"[one.vm.recover] Cannot delete-recreate a VM already in DONE state")
	wantErr(t, try(t, s, "one.vm.recover", admin, id2, 9), 2048, "[one.vm.recover] Wrong recovery operation code")

	id3 := must(t, s, "one.vm.allocate", admin, `NAME=e CPU=0.1 MEMORY=64 SIM_FAIL="EPILOG"`).num
	waitState(t, s, id3, stActive, lcmRunning)
	action(t, s, "terminate", id3)
	waitState(t, s, id3, stActive, lcmEpilogFailure)
	must(t, s, "one.vm.recover", admin, id3, 4) // delete-recreate
	waitState(t, s, id3, stActive, lcmRunning)
	must(t, s, "one.vm.recover", admin, id3, 5) // delete-db
	wantErr(t, try(t, s, "one.vm.info", admin, id3), 1024, sprintf("[one.vm.info] Error getting virtual machine [%d].", id3))
	wantErr(t, try(t, s, "one.vm.recover", alice, 5, 1), 512,
		"[one.vm.recover] User [2] : Not authorized to perform ADMIN VM [5].")
}

func TestPagingAndRanges(t *testing.T) {
	s := newSim(t, Options{})
	ids := func(r resp) string {
		var out []string
		for _, m := range stateRe.FindAllString(r.str, -1) {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(m[:strings.Index(m, "</ID>")], "<VM><ID>"), ""))
		}
		return strings.Join(out, ",")
	}
	cases := []struct {
		start, end int
		want       string
	}{
		{-1, -1, "5,4,3,2,1,0"},
		{2, -1, "5,4,3,2"},
		{1, 3, "3,2,1"},
		{0, -2, "5,4"},
		{2, -2, "3,2"},
		{4, -3, "1,0"},
		{9, -3, ""},
	}
	for _, c := range cases {
		if got := ids(must(t, s, "one.vmpool.info", admin, -2, c.start, c.end, -2)); got != c.want {
			t.Errorf("(%d,%d): got %q want %q", c.start, c.end, got, c.want)
		}
	}
	if got := ids(must(t, s, "one.vmpool.info", admin, -2, -1, -1, 8)); got != "3" {
		t.Errorf("state 8: %q", got)
	}
	if got := ids(must(t, s, "one.vmpool.info", admin, 2, -1, -1, -1)); got != "5" {
		t.Errorf("filter uid 2: %q", got)
	}
	if got := ids(must(t, s, "one.vmpool.info", admin, -2, -1, -1, -1, "NAME=web")); got != "1,0" {
		t.Errorf("query: %q", got)
	}
	wantErr(t, try(t, s, "one.vmpool.info", admin, -5, -1, -1, -1), 4096, "[one.vmpool.info] Incorrect filter_flag")
}

func TestPersistence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state.json")
	s, err := New(Options{StateFile: file, Delay: delay})
	if err != nil {
		t.Fatal(err)
	}
	id := must(t, s, "one.vm.allocate", admin, "NAME=keep CPU=0.1 MEMORY=64").num
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("files left behind: %v", entries)
	}
	s2 := newSim(t, Options{StateFile: file})
	if !strings.Contains(must(t, s2, "one.vm.info", admin, id).str, "<NAME>keep</NAME>") {
		t.Fatal("VM lost across restart")
	}
	id2 := must(t, s2, "one.vm.allocate", admin, "NAME=next CPU=0.1 MEMORY=64").num
	if id2 != id+1 {
		t.Errorf("ids restart: %d after %d", id2, id)
	}
	// a debounced save lands without Close
	deadline := time.Now().Add(2 * time.Second)
	for {
		data, _ := os.ReadFile(file)
		if strings.Contains(string(data), `"next"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("state never saved")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestEmptySeed(t *testing.T) {
	s := newSim(t, Options{Seed: "empty"})
	if p := must(t, s, "one.vmpool.info", admin, -2, -1, -1, -2).str; p != "<VM_POOL></VM_POOL>" {
		t.Errorf("empty seed has VMs: %s", p)
	}
	if n := strings.Count(must(t, s, "one.grouppool.info", admin).str, "<GROUP>"); n != 2 {
		t.Errorf("%d groups", n)
	}
	if _, err := New(Options{Seed: "bogus"}); err == nil {
		t.Error("bogus seed accepted")
	}
}

func TestConcurrentClients(t *testing.T) {
	s := newSim(t, Options{})
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				r := parseResp(t, string(s.Handle([]byte(encodeCall("one.vm.allocate", admin,
					sprintf("NAME=c%d-%d CPU=0.01 MEMORY=1", g, i))))))
				if !r.ok {
					errs <- r.str
					return
				}
				s.Handle([]byte(encodeCall("one.vmpool.info", alice, -2, -1, -1, -1)))
				s.Handle([]byte(encodeCall("one.vm.action", admin, "terminate-hard", r.num)))
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if n := strings.Count(must(t, s, "one.vmpool.info", admin, -2, -1, -1, -2).str, "<VM>"); n != 6+160 {
		t.Errorf("%d VMs", n)
	}
}
