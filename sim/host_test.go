package sim

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// clockedSim is a demo simulator on a clock that moves only when told;
// transitions last one second.
func clockedSim(t *testing.T) (*Server, *fakeClock) {
	clk := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	return clockSim(t, Options{Now: clk.now}), clk
}

func xmlInt(t *testing.T, doc, elem string) int {
	t.Helper()
	m := regexp.MustCompile("<" + elem + ">(?:<!\\[CDATA\\[)?(-?\\d+)").FindStringSubmatch(doc)
	if m == nil {
		t.Fatalf("no %s in %s", elem, doc)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func hostState(t *testing.T, s *Server, id int) int {
	t.Helper()
	return xmlInt(t, must(t, s, "one.host.info", admin, id).str, "STATE")
}

func TestHostFirstProbe(t *testing.T) {
	s, clk := clockedSim(t)
	id := must(t, s, "one.host.allocate", admin, "node1", "dummy", "dummy", -1).num
	unknown := must(t, s, "one.host.allocate", admin, "node2", "nope", "dummy", -1).num
	info := must(t, s, "one.host.info", admin, id).str
	for _, want := range []string{"<STATE>0</STATE><PREV_STATE>0</PREV_STATE>", "<TOTAL_CPU>0</TOTAL_CPU>",
		"<PCI_DEVICES></PCI_DEVICES>", "<MONITORING/>", "<CLUSTER_ID>0</CLUSTER_ID><CLUSTER>default</CLUSTER>",
		"<TEMPLATE><IM_MAD><![CDATA[dummy]]></IM_MAD><RESERVED_CPU><![CDATA[]]></RESERVED_CPU><RESERVED_MEM><![CDATA[]]></RESERVED_MEM><VM_MAD><![CDATA[dummy]]></VM_MAD></TEMPLATE>"} {
		if !strings.Contains(info, want) {
			t.Errorf("INIT host lacks %s: %s", want, info)
		}
	}
	clk.add(1900 * time.Millisecond)
	if st := hostState(t, s, id); st != hostInit {
		t.Fatalf("probed too early: state %d", st)
	}
	clk.add(200 * time.Millisecond)
	info = must(t, s, "one.host.info", admin, id).str
	for _, want := range []string{"<STATE>2</STATE><PREV_STATE>2</PREV_STATE>", "<TOTAL_CPU>800</TOTAL_CPU>",
		"<MAX_MEM>16777216</MAX_MEM>", "<SHORT_ADDRESS><![CDATA[02:00.0]]></SHORT_ADDRESS>", "<MONITORING><TIMESTAMP>",
		"<FREE_CPU>"} {
		if !strings.Contains(info, want) {
			t.Errorf("MONITORED host lacks %s: %s", want, info)
		}
	}
	if st := hostState(t, s, unknown); st != hostInit {
		t.Errorf("a host with an unknown IM_MAD left INIT: %d", st)
	}
}

func TestHostAllocateRefusals(t *testing.T) {
	s, _ := clockedSim(t)
	wantErr(t, try(t, s, "one.host.allocate", admin, "host01", "dummy", "dummy", -1), codeInternal,
		"[one.host.allocate] NAME is already taken by HOST 0.")
	wantErr(t, try(t, s, "one.host.allocate", admin, "x", "dummy", "dummy", 99999), codeNoExists,
		"[one.host.allocate] Error getting cluster [99999].")
	wantErr(t, try(t, s, "one.host.allocate", alice, "x", "dummy", "dummy", -1), codeAuthorization,
		"[one.host.allocate] User [2] : Not authorized to perform CREATE HOST; Not authorized to perform ADMIN CLUSTER [0].")
	wantErr(t, try(t, s, "one.host.status", alice, 0, 1), codeAuthorization,
		"[one.host.status] User [2] : Not authorized to perform ADMIN HOST [0].")
	wantErr(t, try(t, s, "one.host.status", admin, 0, 7), codeInternal, "[one.host.status] Wrong status code")
	wantErr(t, try(t, s, "one.host.status", admin, 99999, 1), codeNoExists, "[one.host.status] Error getting host [99999].")
	wantErr(t, try(t, s, "one.host.rename", admin, 0, ""), codeAction, "[one.host.rename] Invalid NAME, it cannot be empty")
	wantErr(t, try(t, s, "one.host.rename", admin, 0, "host02"), codeAction,
		"[one.host.rename] host cannot be renamed to host02 because it collides with host 1")
	wantErr(t, try(t, s, "one.host.delete", admin, 0), codeAction,
		"[one.host.delete] Cannot delete host. Can not remove a host with running VMs")
	// The default VDC gives users HOST MANAGE (to deploy), and a rule grants
	// exactly the rights it names (AclManager: rule & requested ==
	// requested), so alice may not even read a host.
	wantErr(t, try(t, s, "one.host.info", alice, 0), codeAuthorization,
		"[one.host.info] User [2] : Not authorized to perform USE HOST [0].")
}

func TestHostStatusAndDelete(t *testing.T) {
	s, clk := clockedSim(t)
	must(t, s, "one.host.status", admin, 2, 0) // host03 was probed: MONITORED at once
	if st := hostState(t, s, 2); st != hostMonitored {
		t.Fatalf("enable of a probed disabled host: state %d", st)
	}
	must(t, s, "one.host.status", admin, 2, 2)
	info := must(t, s, "one.host.info", admin, 2).str
	if xmlInt(t, info, "STATE") != hostOffline || xmlInt(t, info, "MAX_CPU") != 0 || strings.Contains(info, "<FREE_CPU>") {
		t.Fatalf("offline host keeps its capacity: %s", info)
	}
	must(t, s, "one.host.status", admin, 2, 0)
	if st := hostState(t, s, 2); st != hostInit {
		t.Fatalf("enable of an offline host: state %d, want INIT", st)
	}
	clk.add(2 * time.Second)
	if st := hostState(t, s, 2); st != hostMonitored {
		t.Fatalf("re-enabled host not probed: state %d", st)
	}
	must(t, s, "one.host.delete", admin, 2)
	wantErr(t, try(t, s, "one.host.info", admin, 2), codeNoExists, "[one.host.info] Error getting host [2].")
}

func TestHostUpdateRename(t *testing.T) {
	s, _ := clockedSim(t)
	must(t, s, "one.host.update", admin, 1, `SMP_A="x y"`, 0)
	info := must(t, s, "one.host.info", admin, 1).str
	if !strings.Contains(info, `<TEMPLATE><IM_MAD><![CDATA[dummy]]></IM_MAD><SMP_A><![CDATA[x y]]></SMP_A><VM_MAD><![CDATA[dummy]]></VM_MAD></TEMPLATE>`) {
		t.Errorf("replace update: %s", info)
	}
	must(t, s, "one.host.rename", admin, 1, "node-b")
	vm := must(t, s, "one.vm.info", admin, 1).str
	if !strings.Contains(vm, "<HOSTNAME>node-b</HOSTNAME>") {
		t.Errorf("the VMs on a renamed host keep its old name: %s", vm)
	}
}

// The allocation of a host is the sum of its VMs, through deploy,
// migrate and terminate.
func TestHostCapacityFollowsVMs(t *testing.T) {
	s, clk := clockedSim(t)
	usage := func(hid int) (int, int, int) {
		info := must(t, s, "one.host.info", admin, hid).str
		return xmlInt(t, info, "CPU_USAGE"), xmlInt(t, info, "MEM_USAGE"), xmlInt(t, info, "RUNNING_VMS")
	}
	cpu0, mem0, n0 := usage(0)
	if cpu0 != 300 || mem0 != 6144*1024 || n0 != 2 {
		t.Fatalf("seeded host01: %d %d %d", cpu0, mem0, n0)
	}
	id := must(t, s, "one.vm.allocate", admin, "CPU=0.5 MEMORY=256 SCHED_REQUIREMENTS=\"ID = 0\"").num
	clk.add(time.Second)
	if c, m, n := usage(0); c != 350 || m != mem0+256*1024 || n != 3 {
		t.Fatalf("after deploy: %d %d %d", c, m, n)
	}
	clk.add(3 * time.Second)
	must(t, s, "one.vm.migrate", admin, id, 1, b(false), b(false), -1, 0)
	if c, _, n := usage(0); c != 300 || n != 2 {
		t.Fatalf("after migrate away: %d %d", c, n)
	}
	clk.add(5 * time.Second)
	action(t, s, "terminate-hard", id)
	clk.add(5 * time.Second)
	if c, m, n := usage(1); c != 160 || m != (2048+1024+64)*1024 || n != 3 {
		t.Fatalf("host02 after terminate: %d %d %d", c, m, n)
	}
}

func TestHostMonitoring(t *testing.T) {
	s, clk := clockedSim(t)
	for i := 0; i < 3; i++ {
		clk.add(5 * time.Second)
		must(t, s, "one.host.info", admin, 0)
	}
	mon := must(t, s, "one.host.monitoring", admin, 0).str
	if n := strings.Count(mon, "<MONITORING>"); n != 4 {
		t.Fatalf("%d records, want 4: %s", n, mon)
	}
	if !strings.HasPrefix(mon, "<MONITORING_DATA><MONITORING><TIMESTAMP>1800000000</TIMESTAMP><ID>0</ID><CAPACITY><FREE_CPU>") {
		t.Errorf("record shape: %s", mon)
	}
	last := must(t, s, "one.hostpool.monitoring", admin, 0).str
	if n := strings.Count(last, "<MONITORING>"); n != 3 {
		t.Errorf("hostpool.monitoring(0): %d records, want one per host", n)
	}
	recent := must(t, s, "one.hostpool.monitoring", admin, 6).str
	if n := strings.Count(recent, "<MONITORING>"); n != 6 {
		t.Errorf("hostpool.monitoring(6): %d records, want 2 per host", n)
	}
	all := must(t, s, "one.hostpool.monitoring", admin).str
	if n := strings.Count(all, "<MONITORING>"); n != 12 {
		t.Errorf("hostpool.monitoring(): %d records", n)
	}
}
