package sim

import (
	"strings"
	"testing"
	"time"
)

func vmHost(t *testing.T, s *Server, id int) string {
	t.Helper()
	info := must(t, s, "one.vm.info", admin, id).str
	i := strings.LastIndex(info, "<HOSTNAME>")
	if i < 0 {
		return ""
	}
	rest := info[i+len("<HOSTNAME>"):]
	return strings.TrimSuffix(strings.TrimPrefix(rest[:strings.Index(rest, "</HOSTNAME>")], "<![CDATA["), "]]>")
}

func schedMsg(t *testing.T, s *Server, id int) string {
	t.Helper()
	info := must(t, s, "one.vm.info", admin, id).str
	i := strings.Index(info, "<SCHED_MESSAGE><![CDATA[")
	if i < 0 {
		return ""
	}
	rest := info[i+len("<SCHED_MESSAGE><![CDATA["):]
	return rest[:strings.Index(rest, "]]>")]
}

func TestSchedRequirementsAndRank(t *testing.T) {
	s, clk := clockedSim(t)
	glob := must(t, s, "one.vm.allocate", admin, `CPU=0.1 MEMORY=64 SCHED_REQUIREMENTS="NAME = \"*02\""`).num
	// host02 has the most VMs; the rank prefers the emptiest
	rank := must(t, s, "one.vm.allocate", admin, `CPU=0.1 MEMORY=64 SCHED_RANK="- RUNNING_VMS"`).num
	none := must(t, s, "one.vm.allocate", admin, `CPU=0.1 MEMORY=64 SCHED_REQUIREMENTS="HYPERVISOR = kvm"`).num
	bad := must(t, s, "one.vm.allocate", admin, `CPU=0.1 MEMORY=64 SCHED_REQUIREMENTS="ID = "`).num
	big := must(t, s, "one.vm.allocate", admin, `CPU=16 MEMORY=64`).num
	clk.add(10 * time.Millisecond)
	if h := vmHost(t, s, glob); h != "host02" {
		t.Errorf("glob requirement placed the VM on %q", h)
	}
	if h := vmHost(t, s, rank); h != "host01" {
		// host01 has 2 VMs, host02 3 (+1 just placed): the rank picks host01
		t.Errorf("rank placed the VM on %q", h)
	}
	if m := schedMsg(t, s, none); !strings.HasSuffix(m, " : Cannot dispatch VM: No host meets capacity and SCHED_REQUIREMENTS: "+
		"(HYPERVISOR = kvm) & (!(PUBLIC_CLOUD = YES) & !(PIN_POLICY = PINNED))") {
		t.Errorf("SCHED_MESSAGE %q", m)
	}
	if m := schedMsg(t, s, bad); !strings.Contains(m, "Cannot dispatch VM: Error in SCHED_REQUIREMENTS: '(ID =) & ") {
		t.Errorf("SCHED_MESSAGE for a syntax error %q", m)
	}
	if m := schedMsg(t, s, big); !strings.HasSuffix(m, "Cannot dispatch VM: No host with enough capacity to deploy the VM") {
		t.Errorf("SCHED_MESSAGE for a VM too big %q", m)
	}
	if st, _ := vmState(t, s, none); st != stPending {
		t.Errorf("an unplaceable VM left PENDING: %d", st)
	}
}

// Disabled and offline hosts take no VM from the scheduler; a VM placed
// by hand on a disabled host is fine.
func TestSchedHostStates(t *testing.T) {
	s, clk := clockedSim(t)
	must(t, s, "one.host.status", admin, 0, 1)
	must(t, s, "one.host.status", admin, 1, 2)
	id := must(t, s, "one.vm.allocate", admin, "CPU=0.1 MEMORY=64").num
	clk.add(10 * time.Millisecond)
	if m := schedMsg(t, s, id); !strings.HasSuffix(m, "Cannot dispatch VM: No hosts enabled to run VMs") {
		t.Fatalf("SCHED_MESSAGE %q", m)
	}
	must(t, s, "one.vm.deploy", admin, id, 0)
	if h := vmHost(t, s, id); h != "host01" {
		t.Errorf("deploy on a disabled host: %q", h)
	}
	wantErr(t, try(t, s, "one.vm.deploy", admin, must(t, s, "one.vm.allocate", admin, "CPU=0.1 MEMORY=64").num, 1),
		codeAction, "[one.vm.deploy] Host is offline, cannot use it to deploy VM")
	must(t, s, "one.host.status", admin, 2, 0)
	clk.add(10 * time.Millisecond)
	if h := vmHost(t, s, id+1); h != "host03" {
		t.Errorf("VM not placed on the enabled host03: %q", h)
	}
}

// onehost flush disables a host and reschedules its VMs: the scheduler
// moves them elsewhere with a cold migration.
func TestSchedResched(t *testing.T) {
	s, clk := clockedSim(t)
	must(t, s, "one.host.status", admin, 2, 0)
	must(t, s, "one.host.status", admin, 0, 1)
	for _, id := range []int{0, 2} {
		action(t, s, "resched", id)
	}
	// the scheduler's next pass is 30 delays away: the flag shows till then
	clk.add(29 * time.Second)
	if !strings.Contains(must(t, s, "one.vm.info", admin, 0).str, "<RESCHED>1</RESCHED>") {
		t.Fatal("RESCHED not set")
	}
	clk.add(time.Second)
	for _, id := range []int{0, 2} {
		if _, lcm := vmState(t, s, id); lcm != lcmSaveMigrate {
			t.Errorf("VM %d: LCM %d, want SAVE_MIGRATE", id, lcm)
		}
	}
	clk.add(5 * time.Second)
	for _, id := range []int{0, 2} {
		wantState(t, s, id, stActive, lcmRunning)
		if h := vmHost(t, s, id); h == "host01" {
			t.Errorf("VM %d still on host01", id)
		}
	}
	info := must(t, s, "one.host.info", admin, 0).str
	if xmlInt(t, info, "RUNNING_VMS") != 0 || xmlInt(t, info, "CPU_USAGE") != 0 {
		t.Errorf("flushed host keeps allocations: %s", info)
	}
	if strings.Contains(must(t, s, "one.vm.info", admin, 0).str, "<RESCHED>1</RESCHED>") {
		t.Error("RESCHED flag kept after the move")
	}
}

// A VM's networks tie it to their clusters; the cluster needs a system
// datastore.
func TestSchedClusters(t *testing.T) {
	s, clk := clockedSim(t)
	cid := must(t, s, "one.cluster.allocate", admin, "edge").num
	for _, h := range []int{0, 1} {
		must(t, s, "one.cluster.addhost", admin, cid, h)
	}
	must(t, s, "one.host.status", admin, 2, 1)
	id := must(t, s, "one.vm.allocate", admin, "CPU=0.1 MEMORY=64 NIC=[NETWORK_ID=0]").num
	info := must(t, s, "one.vm.info", admin, id).str
	if !strings.Contains(info, "<AUTOMATIC_REQUIREMENTS><![CDATA[(CLUSTER_ID = 0) & !(PUBLIC_CLOUD = YES) & !(PIN_POLICY = PINNED)]]>") ||
		!strings.Contains(info, `<AUTOMATIC_NIC_REQUIREMENTS><![CDATA[("CLUSTERS/ID" @> 0)]]>`) {
		t.Fatalf("automatic requirements: %s", info)
	}
	clk.add(10 * time.Millisecond)
	if m := schedMsg(t, s, id); !strings.Contains(m, "No host meets capacity and SCHED_REQUIREMENTS: (CLUSTER_ID = 0)") {
		t.Fatalf("VM of a cluster-0 network placed in another cluster: %q", m)
	}
	must(t, s, "one.cluster.addvnet", admin, cid, 0)
	// a new VM sees both clusters; the new one has no system datastore yet
	id2 := must(t, s, "one.vm.allocate", admin, "CPU=0.1 MEMORY=64 NIC=[NETWORK_ID=0]").num
	clk.add(10 * time.Millisecond)
	if m := schedMsg(t, s, id2); !strings.HasSuffix(m, "Cannot dispatch VM: No system datastores found to run VMs") {
		t.Fatalf("SCHED_MESSAGE %q", m)
	}
	wantErr(t, try(t, s, "one.vm.deploy", admin, id2, 0), codeAction,
		"[one.vm.deploy] cluster [100] does not have any datastore of type SYSTEM_DS.")
	must(t, s, "one.cluster.adddatastore", admin, cid, 0)
	clk.add(10 * time.Millisecond)
	if h := vmHost(t, s, id2); h != "host01" {
		t.Errorf("VM not placed once the cluster has a system datastore: %q", h)
	}
	// images and networks in clusters that do not meet refuse the VM
	must(t, s, "one.cluster.delvnet", admin, 0, 0)
	must(t, s, "one.cluster.deldatastore", admin, cid, 0)
	wantErr(t, try(t, s, "one.vm.allocate", admin, "CPU=0.1 MEMORY=64 DISK=[IMAGE_ID=1] NIC=[NETWORK_ID=0]"), codeAllocate,
		"[one.vm.allocate] Error allocating a new virtual machine. Incompatible clusters in NIC. Network for NIC 0 "+
			"is not in the same cluster as the one used by other VM elements (cluster 0)")
}
