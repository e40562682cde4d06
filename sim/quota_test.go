package sim

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
)

var quotasRe = regexp.MustCompile(`<DATASTORE_QUOTA>.*?</IMAGE_QUOTA>`)

// The quota XML of a user with limits and nothing in use is oned's, byte
// for byte (user.info.with_quota sample, after the same one.user.quota).
func TestUserQuotaXMLMatchesSample(t *testing.T) {
	s := newSim(t, Options{Seed: "empty"})
	id := must(t, s, "one.user.allocate", admin, "smp-user", "smppw", "core").num
	must(t, s, "one.user.quota", admin, id, "VM=[VMS=1, CPU=2, MEMORY=1024, SYSTEM_DISK_SIZE=-2, RUNNING_VMS=-1]")
	must(t, s, "one.user.quota", admin, id, "DATASTORE=[ID=1, IMAGES=2, SIZE=2048]\nNETWORK=[ID=0, LEASES=4]")
	got := quotasRe.FindString(must(t, s, "one.user.info", admin, id).str)
	sample := html.UnescapeString(readSample(t, "user.info.with_quota.response.xml"))
	want := quotasRe.FindString(sample)
	if got != want {
		t.Fatalf("quota XML\n got %s\nwant %s", got, want)
	}
	if !strings.Contains(sample, "<DEFAULT_USER_QUOTAS>"+quotasRe.FindString(sample[strings.Index(sample, "<DEFAULT_USER_QUOTAS>"):])) {
		t.Fatal("sample layout changed")
	}
}

func TestQuotaVMSLimit(t *testing.T) {
	s := newSim(t, Options{})
	// alice (2) has one VM in the demo seed
	must(t, s, "one.user.quota", admin, 2, "VM=[VMS=1]")
	r := try(t, s, "one.vm.allocate", alice, "NAME=q CPU=0.1 MEMORY=64")
	wantErr(t, r, 512, "[one.vm.allocate] User [2] : user [2] limit of 1 reached for VMS quota in VM.")
	r = try(t, s, "one.template.instantiate", alice, 0, "", b(false), "", b(false))
	wantErr(t, r, 512, "[one.template.instantiate] User [2] : user [2] limit of 1 reached for VMS quota in VM.")
	// a regular user may not raise their own quota
	wantErr(t, try(t, s, "one.user.quota", alice, 2, "VM=[VMS=100]"), 512,
		"[one.user.quota] User [2] : Not authorized to perform ADMIN USER [2].")
	must(t, s, "one.user.quota", admin, 2, "VM=[VMS=2, MEMORY=100]")
	wantErr(t, try(t, s, "one.vm.allocate", alice, "CPU=0.1 MEMORY=64"), 512,
		"[one.vm.allocate] User [2] : user [2] limit of 100 reached for MEMORY quota in VM.")
	id := must(t, s, "one.vm.allocate", alice, "CPU=0.1 MEMORY=32").num
	info := must(t, s, "one.user.info", admin, 2).str
	for _, w := range []string{"<VMS><![CDATA[2]]></VMS><VMS_USED><![CDATA[2]]></VMS_USED>",
		"<MEMORY><![CDATA[100]]></MEMORY><MEMORY_USED><![CDATA[96]]></MEMORY_USED>",
		"<CPU><![CDATA[-1]]></CPU><CPU_USED><![CDATA[0.20]]></CPU_USED>"} {
		if !strings.Contains(info, w) {
			t.Fatalf("user info lacks %s:\n%s", w, info)
		}
	}
	// usage follows what exists: a terminated VM gives its share back
	waitState(t, s, id, stActive, lcmRunning)
	must(t, s, "one.vm.action", alice, "terminate-hard", id)
	waitState(t, s, id, stDone, 0)
	must(t, s, "one.vm.allocate", alice, "CPU=0.1 MEMORY=32")
	// oneadmin is never limited
	must(t, s, "one.user.quota", admin, 2, "VM=[VMS=0]")
	must(t, s, "one.vm.allocate", admin, "CPU=0.1 MEMORY=32")
	wantErr(t, try(t, s, "one.user.quota", admin, 0, "VM=[VMS=1]"), 2048,
		"[one.user.quota] Cannot set quotas for oneadmin user")
}

func TestQuotaGroupAndDefaults(t *testing.T) {
	s := newSim(t, Options{})
	must(t, s, "one.group.quota", admin, 1, "VM=[CPU=0.15]")
	wantErr(t, try(t, s, "one.vm.allocate", alice, "CPU=0.1 MEMORY=64"), 512,
		"[one.vm.allocate] User [2] : group [1] limit of 0.15 reached for CPU quota in VM.")
	wantErr(t, try(t, s, "one.group.quota", alice, 0, "VM=[VMS=1]"), 2048,
		"[one.group.quota] Cannot set quotas for oneadmin group")
	must(t, s, "one.group.quota", admin, 1, "VM=[CPU=-1]")
	// default user quota applies where the user's own limit is -1
	r := must(t, s, "one.userquota.update", admin, "VM=[RUNNING_VMS=1]")
	if !strings.Contains(r.str, "<DEFAULT_USER_QUOTAS><DATASTORE_QUOTA></DATASTORE_QUOTA><NETWORK_QUOTA></NETWORK_QUOTA><VM_QUOTA><VM><CPU><![CDATA[-2]]></CPU>") {
		t.Fatalf("default quotas: %s", r.str)
	}
	wantErr(t, try(t, s, "one.vm.allocate", alice, "CPU=0.1 MEMORY=64"), 512,
		"[one.vm.allocate] User [2] : user [2] limit of 1 reached for RUNNING_VMS quota in VM.")
	wantErr(t, try(t, s, "one.userquota.update", alice, "VM=[VMS=5]"), 512,
		"[one.userquota.update] The default quotas can only be updated by users in the oneadmin group")
	wantErr(t, try(t, s, "one.userquota.update", admin, "VM=[VMS=-1]"), 2048,
		"[one.userquota.update] Negative limits or bad format in quota VM = [ VMS=-1 ]")
	must(t, s, "one.userquota.update", admin, "VM=[RUNNING_VMS=-2]")
	if r := must(t, s, "one.userquota.info", alice); r.str != "<DEFAULT_USER_QUOTAS>"+strings.Repeat("", 0)+
		"<DATASTORE_QUOTA></DATASTORE_QUOTA><NETWORK_QUOTA></NETWORK_QUOTA><VM_QUOTA></VM_QUOTA><IMAGE_QUOTA></IMAGE_QUOTA></DEFAULT_USER_QUOTAS>" {
		t.Fatalf("an all-unlimited default entry is dropped: %s", r.str)
	}
}

func TestQuotaImagesResizeAndDisks(t *testing.T) {
	s := newSim(t, Options{})
	// alice owns the 2048 MB "scratch" image of the demo
	must(t, s, "one.user.quota", admin, 2, "DATASTORE=[ID=1, SIZE=3500]")
	must(t, s, "one.image.allocate", alice, "NAME=a SIZE=1000 TYPE=DATABLOCK", 1)
	wantErr(t, try(t, s, "one.image.allocate", alice, "NAME=b SIZE=1000 TYPE=DATABLOCK", 1), 512,
		"[one.image.allocate] User [2] : user [2] limit of 3500 reached for SIZE quota in DATASTORE with ID: 1.")
	wantErr(t, try(t, s, "one.user.quota", admin, 2, "DATASTORE=[SIZE=1]"), 2048,
		"[one.user.quota] Negative limits or bad format in quota DATASTORE = [ SIZE=1 ]")

	// alice-vm (5) is RUNNING with 0.1 CPU and 64 MB
	must(t, s, "one.user.quota", admin, 2, "VM=[MEMORY=128, SYSTEM_DISK_SIZE=1100]")
	wantErr(t, try(t, s, "one.vm.resize", alice, 5, "MEMORY=256", b(false)), 512,
		"[one.vm.resize] User [2] : user [2] limit of 128 reached for MEMORY quota in VM.")
	must(t, s, "one.vm.resize", alice, 5, "MEMORY=128", b(false))
	waitState(t, s, 5, stActive, lcmRunning)
	wantErr(t, try(t, s, "one.vm.attach", alice, 5, "DISK=[SIZE=200, TYPE=fs]"), 512,
		"[one.vm.attach] User [2] : user [2] limit of 1100 reached for SYSTEM_DISK_SIZE quota in VM.")
	wantErr(t, try(t, s, "one.vm.diskresize", alice, 5, 0, "2048"), 512,
		"[one.vm.diskresize] User [2] : user [2] limit of 1100 reached for SYSTEM_DISK_SIZE quota in VM.")
	must(t, s, "one.vm.attach", alice, 5, "DISK=[SIZE=50, TYPE=fs]")
	waitState(t, s, 5, stActive, lcmRunning)
	// alice-vm holds one lease of network 0
	must(t, s, "one.user.quota", admin, 2, "NETWORK=[ID=0, LEASES=1]")
	wantErr(t, try(t, s, "one.vm.attachnic", alice, 5, "NIC=[NETWORK_ID=0]"), 512,
		"[one.vm.attachnic] User [2] : user [2] limit of 1 reached for LEASES quota in NETWORK with ID: 0.")
	wantErr(t, try(t, s, "one.vm.allocate", alice, "CPU=0.1 MEMORY=8 NIC=[NETWORK_ID=0]"), 512,
		"[one.vm.allocate] User [2] : user [2] limit of 1 reached for LEASES quota in NETWORK with ID: 0.")
}

func TestSetQuotasKeepsOrReplaces(t *testing.T) {
	var q Quotas
	if m := setQuotas(&q, mustTmpl("VM=[VMS=3, CPU=1.5]"), false); m != "" {
		t.Fatal(m)
	}
	if q["VM"][vmQuotaKey]["VMS"] != 3 || q["VM"][vmQuotaKey]["MEMORY"] != quotaDefault {
		t.Fatalf("%v", q)
	}
	// a second set replaces every metric, as Quota::update_limits does
	setQuotas(&q, mustTmpl("VM=[MEMORY=10]"), false)
	if q["VM"][vmQuotaKey]["VMS"] != quotaDefault {
		t.Fatalf("%v", q)
	}
	// all -1 again: the entry goes away (cleanup_quota)
	setQuotas(&q, mustTmpl("VM=[MEMORY=-1]"), false)
	if _, ok := q["VM"][vmQuotaKey]; ok {
		t.Fatalf("%v", q)
	}
	// a non-numeric value reads as the implicit limit
	setQuotas(&q, mustTmpl("VM=[VMS=abc]"), false)
	if _, ok := q["VM"][vmQuotaKey]; ok {
		t.Fatalf("%v", q)
	}
	for in, want := range map[float64]string{0.1: "0.10", 2: "2", 1024: "1024", -2: "-2", 0.15: "0.15"} {
		if got := quotaNum(in); got != want {
			t.Errorf("quotaNum(%v) = %s, want %s", in, got, want)
		}
	}
}

// An undeployed VM gives its RUNNING quota back, and a deploy that would
// exceed it again is refused.
func TestRunningQuotaOnRedeploy(t *testing.T) {
	s := newSim(t, Options{})
	action(t, s, "undeploy", 5) // alice-vm
	waitState(t, s, 5, stUndeployed, 0)
	info := must(t, s, "one.user.info", admin, 2).str
	if !strings.Contains(info, "<RUNNING_VMS_USED><![CDATA[0]]></RUNNING_VMS_USED>") || !strings.Contains(info, "<VMS_USED><![CDATA[1]]></VMS_USED>") {
		t.Fatalf("usage after undeploy: %s", info)
	}
	must(t, s, "one.user.quota", admin, 2, "VM=[RUNNING_VMS=0]")
	wantErr(t, try(t, s, "one.vm.deploy", admin, 5, 1), 512,
		"[one.vm.deploy] User [0] : user [2] limit of 0 reached for RUNNING_VMS quota in VM.")
	must(t, s, "one.user.quota", admin, 2, "VM=[RUNNING_VMS=1]")
	must(t, s, "one.vm.deploy", admin, 5, 1)
}

// A VM or image changing owner counts against the new owner's quotas.
func TestQuotaOnChown(t *testing.T) {
	s := newSim(t, Options{})
	must(t, s, "one.user.quota", admin, 2, "VM=[VMS=1]\nDATASTORE=[ID=1, IMAGES=0]")
	wantErr(t, try(t, s, "one.vm.chown", admin, 4, 2, -1), 512,
		"[one.vm.chown] User [0] : user [2] limit of 1 reached for VMS quota in VM.")
	wantErr(t, try(t, s, "one.image.chown", admin, 1, 2, -1), 512,
		"[one.image.chown] User [0] : user [2] limit of 0 reached for IMAGES quota in DATASTORE with ID: 1.")
	must(t, s, "one.user.quota", admin, 2, "VM=[VMS=2]")
	must(t, s, "one.vm.chown", admin, 4, 2, -1)
	if !strings.Contains(must(t, s, "one.user.info", admin, 2).str, "<VMS_USED><![CDATA[2]]></VMS_USED>") {
		t.Fatal("the VM's usage did not move to its new owner")
	}
	// a group change alone checks the group, not the user again
	must(t, s, "one.vm.chown", admin, 4, -1, 1)
}

// A reservation counts its addresses against its owner's NETWORK quota on
// the parent network, checked before the addresses are looked for
// (VirtualNetworkReserve): alice's seeded public-resv holds 2 of network 1.
func TestQuotaOnReservations(t *testing.T) {
	s := newSim(t, Options{})
	must(t, s, "one.user.quota", admin, 2, "NETWORK=[ID=1, LEASES=4]")
	r := must(t, s, "one.vn.reserve", alice, 1, "SIZE=2 NAME=more").num
	wantErr(t, try(t, s, "one.vn.reserve", alice, 1, "SIZE=1 NETWORK_ID=3"), 512,
		"[one.vn.reserve] User [2] : user [2] limit of 4 reached for LEASES quota in NETWORK with ID: 1.")
	wantErr(t, try(t, s, "one.vn.reserve", alice, 1, "SIZE=500 NAME=huge"), 512,
		"[one.vn.reserve] User [2] : user [2] limit of 4 reached for LEASES quota in NETWORK with ID: 1.")
	if info := must(t, s, "one.user.info", admin, 2).str; !strings.Contains(info, "<LEASES><![CDATA[4]]></LEASES><LEASES_USED><![CDATA[4]]></LEASES_USED>") {
		t.Errorf("alice's NETWORK quota does not count both reservations: %s", info)
	}
	advance(s, time.Second) // the reservation leaves LOCK_CREATE
	must(t, s, "one.vn.delete", alice, r)
	must(t, s, "one.vn.reserve", alice, 1, "SIZE=1 NETWORK_ID=3")
}
