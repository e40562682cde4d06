package sim

import (
	"strings"
	"testing"
)

func TestDiskAndNicHotplug(t *testing.T) {
	s := newSim(t, Options{})
	must(t, s, "one.vm.attach", admin, 0, "DISK=[IMAGE_ID=2]")
	if _, l := vmState(t, s, 0); l != lcmHotplug {
		t.Fatalf("attach LCM %d", l)
	}
	waitState(t, s, 0, stActive, lcmRunning)
	info := must(t, s, "one.vm.info", admin, 0).str
	if !strings.Contains(info, "<DISK_ID><![CDATA[1]]></DISK_ID>") || !strings.Contains(info, "<TARGET><![CDATA[vdb]]></TARGET>") {
		t.Fatalf("attached disk missing: %s", info)
	}
	must(t, s, "one.vm.detach", admin, 0, 1)
	waitState(t, s, 0, stActive, lcmRunning)
	wantErr(t, try(t, s, "one.vm.detach", admin, 0, 7), 2048,
		"[one.vm.detach] Could not detach disk with DISK_ID 7, it does not exist.")

	must(t, s, "one.vm.attachnic", admin, 3, "NIC=[NETWORK=private]")
	if _, l := vmState(t, s, 3); l != lcmHotplugNICPoff {
		t.Fatalf("attachnic in poweroff LCM %d", l)
	}
	waitState(t, s, 3, stPoweroff, 0)
	info = must(t, s, "one.vm.info", admin, 3).str
	if strings.Count(info, "<NIC>") != 2 || !strings.Contains(info, "<NIC_ID><![CDATA[1]]></NIC_ID>") {
		t.Fatalf("attached NIC missing: %s", info)
	}
	must(t, s, "one.vm.detachnic", admin, 3, 1)
	waitState(t, s, 3, stPoweroff, 0)
	wantErr(t, try(t, s, "one.vm.attach", admin, 4, "DISK=[IMAGE_ID=2]"), 2048,
		"[one.vm.attach] Could not attach a new disk to VM 4, wrong state HOLD.")
	wantErr(t, try(t, s, "one.vm.attach", alice, 5, "DISK=[IMAGE_ID=99]"), 2048,
		"[one.vm.attach] Image 99 does not exist")
	if r := try(t, s, "one.vm.allocate", admin, "CPU=1 MEMORY=1 = ="); r.num != 8192 || !strings.HasPrefix(r.str, "[one.vm.allocate] Parse error: ") {
		t.Errorf("parse error message %q", r.str)
	}

	must(t, s, "one.vm.diskresize", admin, 0, 0, "20480")
	waitState(t, s, 0, stActive, lcmRunning)
	wantErr(t, try(t, s, "one.vm.diskresize", admin, 0, 0, "100"), 2048,
		"[one.vm.diskresize] New disk size has to be greater than current one")

	img := must(t, s, "one.vm.disksaveas", admin, 0, 0, "saved", "", -1).num
	if !strings.Contains(must(t, s, "one.image.info", admin, img).str, "<STATE>4</STATE>") {
		t.Error("saved image not LOCKED while saving")
	}
	waitState(t, s, 0, stActive, lcmRunning)
	if !strings.Contains(must(t, s, "one.image.info", admin, img).str, "<STATE>1</STATE>") {
		t.Error("saved image not READY afterwards")
	}
}

func TestSnapshots(t *testing.T) {
	s := newSim(t, Options{})
	sid := must(t, s, "one.vm.snapshotcreate", admin, 0, "first").num
	if _, l := vmState(t, s, 0); l != lcmHotplugSnapshot {
		t.Fatalf("snapshot LCM %d", l)
	}
	waitState(t, s, 0, stActive, lcmRunning)
	if !strings.Contains(must(t, s, "one.vm.info", admin, 0).str, "<NAME><![CDATA[first]]></NAME>") {
		t.Fatal("snapshot not listed")
	}
	must(t, s, "one.vm.snapshotrevert", admin, 0, sid)
	waitState(t, s, 0, stActive, lcmRunning)
	must(t, s, "one.vm.snapshotdelete", admin, 0, sid)
	waitState(t, s, 0, stActive, lcmRunning)
	wantErr(t, try(t, s, "one.vm.snapshotdelete", admin, 0, sid), 2048,
		"[one.vm.snapshotdelete] Could not delete snapshot 0 for VM 0, it does not exist.")

	d0 := must(t, s, "one.vm.disksnapshotcreate", admin, 3, 0, "s0").num
	waitState(t, s, 3, stPoweroff, 0)
	d1 := must(t, s, "one.vm.disksnapshotcreate", admin, 3, 0, "s1").num
	waitState(t, s, 3, stPoweroff, 0)
	info := must(t, s, "one.vm.info", admin, 3).str
	if !strings.Contains(info, "<SNAPSHOTS><ALLOW_ORPHANS>NO</ALLOW_ORPHANS><CURRENT_BASE>1</CURRENT_BASE><DISK_ID>0</DISK_ID>") {
		t.Fatalf("disk snapshots: %s", info)
	}
	must(t, s, "one.vm.disksnapshotrevert", admin, 3, 0, d0)
	waitState(t, s, 3, stPoweroff, 0)
	must(t, s, "one.vm.disksnapshotrename", admin, 3, 0, d1, "renamed")
	must(t, s, "one.vm.disksnapshotdelete", admin, 3, 0, d1)
	waitState(t, s, 3, stPoweroff, 0)
	wantErr(t, try(t, s, "one.vm.disksnapshotrevert", admin, 0, 0, 0), 2048,
		"[one.vm.disksnapshotrevert] Could not revert to disk snapshot for VM 0, wrong state RUNNING.")
}

func TestLocks(t *testing.T) {
	s := newSim(t, Options{})
	must(t, s, "one.vm.lock", admin, 0, 2)
	if !strings.Contains(must(t, s, "one.vm.info", admin, 0).str, "<LOCK><LOCKED>2</LOCKED><OWNER>0</OWNER>") {
		t.Fatal("no LOCK element")
	}
	// MANAGE level: manage and admin operations are refused, as
	// AclManager::oneadmin_authorize does (AUTHORIZATION, "VM is locked")
	wantErr(t, try(t, s, "one.vm.action", admin, "poweroff", 0), 512,
		"[one.vm.action] User [0] : VM is locked. [0].")
	wantErr(t, try(t, s, "one.vm.recover", admin, 0, 1), 512,
		"[one.vm.recover] User [0] : VM is locked. [0].")
	if r := try(t, s, "one.vm.lock", admin, 0, 1, b(true)); r.ok || r.num != 2048 {
		t.Errorf("test lock on a locked VM: %+v", r)
	}
	must(t, s, "one.vm.unlock", admin, 0)
	must(t, s, "one.vm.lock", admin, 0, 3) // ADMIN level: manage still allowed
	must(t, s, "one.vm.action", admin, "poweroff", 0)
	wantErr(t, try(t, s, "one.vm.recover", admin, 0, 1), 512, "[one.vm.recover] User [0] : VM is locked. [0].")
	wantErr(t, try(t, s, "one.vm.lock", admin, 0, 7), 2048, "[one.vm.lock] Wrong lock level specified")
	must(t, s, "one.vm.lock", alice, 5, 4)
	wantErr(t, try(t, s, "one.vm.rename", alice, 5, "x"), 512,
		"[one.vm.rename] User [2] : Not authorized to perform MANAGE VM [5].")
	must(t, s, "one.vm.unlock", alice, 5)
	must(t, s, "one.vm.rename", alice, 5, "x")
}

func TestOwnershipAndTemplates(t *testing.T) {
	s := newSim(t, Options{})
	must(t, s, "one.vm.chown", admin, 4, 2, -1)
	if !strings.Contains(must(t, s, "one.vm.info", alice, 4).str, "<UNAME>alice</UNAME><GNAME>users</GNAME>") {
		t.Error("chown did not give the VM to alice")
	}
	wantErr(t, try(t, s, "one.vm.chmod", alice, 4, -1, -1, 1, -1, -1, -1, -1, -1, -1), 512,
		"[one.vm.chmod] User [2] : Not authorized to perform ADMIN VM [4].")
	must(t, s, "one.vm.chmod", alice, 4, -1, -1, -1, 1, -1, -1, -1, -1, -1)
	must(t, s, "one.vm.update", admin, 0, `LABELS="web"`, 1)
	must(t, s, "one.vm.update", admin, 0, `DESCRIPTION="x"`, 1)
	ut := must(t, s, "one.vm.info", admin, 0).str
	if !strings.Contains(ut, "<USER_TEMPLATE><DESCRIPTION><![CDATA[x]]></DESCRIPTION><LABELS><![CDATA[web]]></LABELS></USER_TEMPLATE>") {
		t.Errorf("merge update: %s", ut)
	}
	wantErr(t, try(t, s, "one.vm.update", admin, 0, "A=1", 5), 4096, "[one.vm.update] Wrong update type")
	must(t, s, "one.vm.resize", admin, 3, "CPU=2 MEMORY=4096", b(false))
	if !strings.Contains(must(t, s, "one.vm.info", admin, 3).str, "<MEMORY><![CDATA[4096]]></MEMORY>") {
		t.Error("resize not applied")
	}
	sched := must(t, s, "one.vm.schedadd", admin, 0, `SCHED_ACTION=[ACTION="poweroff", TIME="+3600"]`).num
	if !strings.Contains(must(t, s, "one.vm.info", admin, 0).str, "<SCHED_ACTIONS><ID>0</ID></SCHED_ACTIONS>") {
		t.Error("sched action not listed")
	}
	must(t, s, "one.vm.scheddelete", admin, 0, sched)
	must(t, s, "one.vm.updateconf", admin, 3, `GRAPHICS=[TYPE="VNC", LISTEN="0.0.0.0"]`, 0)

	bk := must(t, s, "one.vm.backup", admin, 3, -1, b(false)).num
	waitState(t, s, 3, stPoweroff, 0)
	must(t, s, "one.vm.restore", admin, 3, bk, -1, -1)
	waitState(t, s, 3, stPoweroff, 0)
	if !strings.Contains(must(t, s, "one.vm.info", admin, 3).str, sprintf("<BACKUP_IDS><ID>%d</ID></BACKUP_IDS>", bk)) {
		t.Error("backup not listed")
	}

	tid := must(t, s, "one.template.allocate", admin, "NAME=t2\nCPU=1\nMEMORY=32").num
	must(t, s, "one.template.update", admin, tid, "VCPU=4", 1)
	if !strings.Contains(must(t, s, "one.template.info", admin, tid).str, "<VCPU><![CDATA[4]]></VCPU>") {
		t.Error("template merge")
	}
	wantErr(t, try(t, s, "one.template.info", alice, tid), 512,
		sprintf("[one.template.info] User [2] : Not authorized to perform USE TEMPLATE [%d].", tid))
	must(t, s, "one.template.delete", admin, tid)
	wantErr(t, try(t, s, "one.template.info", admin, tid), 1024,
		sprintf("[one.template.info] Error getting virtual machine template [%d].", tid))
}
