package sim

import (
	"strings"
	"testing"
	"time"
)

func TestBackupJobRuns(t *testing.T) {
	s, clk := clockedSim(t)
	id := must(t, s, "one.backupjob.allocate", admin, "NAME=\"nightly\"\nBACKUP_VMS=\"0,3,5\"\nMODE=\"FULL\"").num
	info := must(t, s, "one.backupjob.info", admin, id).str
	for _, want := range []string{"<BACKUPJOB><ID>" + itoa(id) + "</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME>",
		"<PRIORITY>50</PRIORITY><LAST_BACKUP_TIME>0</LAST_BACKUP_TIME><LAST_BACKUP_DURATION>0</LAST_BACKUP_DURATION><SCHED_ACTIONS></SCHED_ACTIONS>",
		"<BACKUP_VOLATILE><![CDATA[NO]]></BACKUP_VOLATILE><EXECUTION><![CDATA[SEQUENTIAL]]></EXECUTION><FS_FREEZE><![CDATA[NONE]]></FS_FREEZE><KEEP_LAST><![CDATA[0]]></KEEP_LAST>"} {
		if !strings.Contains(info, want) {
			t.Errorf("new job lacks %s: %s", want, info)
		}
	}
	wantErr(t, try(t, s, "one.backupjob.allocate", admin, "NAME=nightly"), codeInternal,
		"[one.backupjob.allocate] NAME is already taken by BACKUP JOB "+itoa(id)+".")
	wantErr(t, try(t, s, "one.backupjob.info", alice, id), codeAuthorization,
		"[one.backupjob.info] User [2] : Not authorized to perform USE BACKUPJOB ["+itoa(id)+"].")
	wantErr(t, try(t, s, "one.backupjob.info", admin, 99999), codeNoExists, "[one.backupjob.info] Error getting backup job [99999].")
	wantErr(t, try(t, s, "one.backupjob.priority", admin, id, 100), codeAction, "[one.backupjob.priority] Wrong priority value")

	must(t, s, "one.backupjob.backup", admin, id)
	// sequential: VM 0 first (RUNNING), then 3 (POWEROFF); alice's VM 5 too
	if _, lcm := vmState(t, s, 0); lcm != lcmBackup {
		t.Fatalf("VM 0 not backing up: LCM %d", lcm)
	}
	info = must(t, s, "one.backupjob.info", admin, id).str
	if !strings.Contains(info, "<OUTDATED_VMS><ID>3</ID><ID>5</ID></OUTDATED_VMS><BACKING_UP_VMS><ID>0</ID></BACKING_UP_VMS>") {
		t.Fatalf("sequential job: %s", info)
	}
	for i := 0; i < 3; i++ {
		clk.add(time.Second)
		must(t, s, "one.backupjob.info", admin, id)
	}
	clk.add(time.Second)
	info = must(t, s, "one.backupjob.info", admin, id).str
	if !strings.Contains(info, "<UPDATED_VMS><ID>0</ID><ID>3</ID><ID>5</ID></UPDATED_VMS><OUTDATED_VMS></OUTDATED_VMS><BACKING_UP_VMS></BACKING_UP_VMS>") {
		t.Fatalf("finished job: %s", info)
	}
	if n := strings.Count(must(t, s, "one.vm.info", admin, 3).str, "<BACKUP_IDS><ID>"); n != 1 {
		t.Errorf("VM 3 has %d backups", n)
	}
}

func TestBackupJobSchedAndErrors(t *testing.T) {
	s, clk := clockedSim(t)
	at := clk.now().Unix() + 5
	id := must(t, s, "one.backupjob.allocate", admin, sprintf("NAME=j\nBACKUP_VMS=\"4\"\nEXECUTION=PARALLEL\nSCHED_ACTION=[TIME=\"%d\"]", at)).num
	info := must(t, s, "one.backupjob.info", admin, id).str
	if !strings.Contains(info, "<SCHED_ACTIONS><ID>0</ID></SCHED_ACTIONS>") ||
		!strings.Contains(info, sprintf("<SCHED_ACTION><ID>0</ID><PARENT_ID>%d</PARENT_ID><TYPE>BACKUPJOB</TYPE><ACTION>backup</ACTION><ARGS></ARGS><TIME>%d</TIME>", id, at)) {
		t.Fatalf("sched action: %s", info)
	}
	sid := must(t, s, "one.backupjob.schedadd", admin, id, sprintf(`SCHED_ACTION=[REPEAT="3", DAYS="1", END_TYPE="0", TIME="%d"]`, at+100)).num
	must(t, s, "one.backupjob.schedupdate", admin, id, sid, `SCHED_ACTION=[TIME="1"]`)
	must(t, s, "one.backupjob.scheddelete", admin, id, sid)
	wantErr(t, try(t, s, "one.backupjob.scheddelete", admin, id, 42), codeNoExists, "[one.backupjob.scheddelete] Error getting scheduled action [42].")
	wantErr(t, try(t, s, "one.backupjob.schedupdate", admin, id, 42, `SCHED_ACTION=[TIME="1"]`), codeInternal,
		"[one.backupjob.schedupdate] SCHED_ACTION with id = 42 doesn't exist")
	clk.add(6 * time.Second)
	info = must(t, s, "one.backupjob.info", admin, id).str
	// VM 4 is on HOLD: its backup fails and the job says why
	if !strings.Contains(info, "<ERROR_VMS><ID>4</ID></ERROR_VMS>") || !strings.Contains(info, "<ERROR><![CDATA[[backup] Could not create a new backup for VM 4, wrong state HOLD.]]></ERROR>") ||
		!strings.Contains(info, sprintf("<DONE>%d</DONE>", clk.now().Unix())) || !strings.Contains(info, sprintf("<LAST_BACKUP_TIME>%d</LAST_BACKUP_TIME>", clk.now().Unix())) {
		t.Fatalf("scheduled run: %s", info)
	}
	action(t, s, "release", 4)
	clk.add(3 * time.Second) // the VM is placed and RUNNING
	must(t, s, "one.backupjob.retry", admin, id)
	if _, lcm := vmState(t, s, 4); lcm != lcmBackup {
		t.Fatalf("retry did not back up VM 4: LCM %d", lcm)
	}
	must(t, s, "one.backupjob.cancel", admin, id)
	wantState(t, s, 4, stActive, lcmRunning)
	must(t, s, "one.backupjob.priority", admin, id, 70)
	must(t, s, "one.backupjob.lock", admin, id, 1, b(false))
	wantErr(t, try(t, s, "one.backupjob.update", admin, id, "A=1", 1), codeAuthorization, "[one.backupjob.update] User [0] : BACKUPJOB is locked. ["+itoa(id)+"].")
	must(t, s, "one.backupjob.unlock", admin, id)
	must(t, s, "one.backupjob.rename", admin, id, "j2")
	must(t, s, "one.backupjob.chmod", admin, id, 1, 1, 0, 1, 0, 0, 0, 0, 0)
	if !strings.Contains(must(t, s, "one.backupjobpool.info", admin, -2, -1, -1).str, "<NAME>j2</NAME>") {
		t.Error("pool lacks the renamed job")
	}
	must(t, s, "one.backupjob.delete", admin, id)
}
