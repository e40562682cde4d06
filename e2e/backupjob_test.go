package e2e

import (
	"testing"
	"time"
)

// eventually polls check until it holds or the deadline passes: for what
// the simulator does on its own clock (a transition, a scheduled action),
// which is seconds at most here.
func eventually(t *testing.T, what string, check func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !check() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s after 15s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBackupJobCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)

	id := itoa(createdID(t, c.ok(t, "backupjob", "create", "--name", "nightly", "--vms", "0,3", "--keep", "2",
		"--schedule", "+1h", "--weekly", "1,5", "--end", "3")))
	j := jsonShow(t, c, "backupjob", "BACKUPJOB", id)
	if str(j, "TEMPLATE.BACKUP_VMS") != "0,3" || str(j, "TEMPLATE.KEEP_LAST") != "2" || str(j, "PRIORITY") != "50" ||
		str(j, "TEMPLATE.SCHED_ACTION.REPEAT") != "0" || str(j, "TEMPLATE.SCHED_ACTION.DAYS") != "1,5" ||
		str(j, "TEMPLATE.SCHED_ACTION.END_TYPE") != "1" || str(j, "TEMPLATE.SCHED_ACTION.END_VALUE") != "3" {
		t.Fatalf("created job: %v", j)
	}
	r := c.fails(t, 8, "backupjob", "create", "--name", "nightly")
	mustContain(t, "stderr", oneErrorLine(t, r), "NAME is already taken by BACKUP JOB "+id)
	c.fails(t, 2, "backupjob", "create")
	c.fails(t, 2, "backupjob", "create", "--name", "x", "--schedule", "+1h", "--weekly", "1", "--hourly", "2")
	mustContain(t, "backupjob list", c.ok(t, "backupjob", "list"), "ID USER", "PRIO NAME", "nightly", "0,3")

	c.ok(t, "backupjob", "backup", "nightly")
	eventually(t, "both VMs backed up", func() bool {
		return len(list(jsonShow(t, c, "backupjob", "BACKUPJOB", id), "UPDATED_VMS.ID")) == 2
	})
	if n := len(list(c.vm(t, 3), "BACKUPS.BACKUP_IDS.ID")); n != 1 {
		t.Errorf("VM 3 has %d backups after the job", n)
	}
	mustContain(t, "backupjob show", c.ok(t, "backupjob", "show", "nightly"), "BACKUP JOB "+id+" INFORMATION",
		"UPDATED        : 0,3", "SCHEDULED ACTIONS", "Weekly 1,5")

	c.ok(t, "backupjob", "priority", id, "70")
	if p := str(jsonShow(t, c, "backupjob", "BACKUPJOB", id), "PRIORITY"); p != "70" {
		t.Fatalf("priority: %s", p)
	}
	c.fails(t, 2, "backupjob", "priority", id, "100")
	c.ok(t, "backupjob", "backup", id, "--schedule", "+10m", "--hourly", "2")
	scheds := list(jsonShow(t, c, "backupjob", "BACKUPJOB", id), "TEMPLATE.SCHED_ACTION")
	if len(scheds) != 2 {
		t.Fatalf("backup --schedule: %d scheduled actions", len(scheds))
	}
	c.withStdin("SCHED_ACTION=[DAYS=\"4\"]\n").ok(t, "backupjob", "sched-update", id, "1", "-")
	if d := str(byID(t, jsonShow(t, c, "backupjob", "BACKUPJOB", id), "TEMPLATE.SCHED_ACTION", "ID", "1"), "DAYS"); d != "4" {
		t.Fatalf("sched-update: DAYS=%s", d)
	}
	c.ok(t, "backupjob", "sched-delete", id, "0")
	c.fails(t, 5, "backupjob", "sched-delete", id, "42")

	// a VM that cannot be backed up lands in ERROR_VMS; retry tries again
	c.ok(t, "backupjob", "update", id, writeFile(t, "u.tmpl", "BACKUP_VMS=\"4\"\n"), "--append")
	c.ok(t, "backupjob", "backup", id)
	eventually(t, "VM 4 in ERROR_VMS", func() bool {
		return str(jsonShow(t, c, "backupjob", "BACKUPJOB", id), "ERROR_VMS.ID") == "4"
	})
	c.ok(t, "vm", "release", "4")
	c.ok(t, "vm", "show", "4") // lets the scheduler place it
	eventually(t, "VM 4 running", func() bool { return str(c.vm(t, 4), "LCM_STATE") == "3" })
	c.ok(t, "backupjob", "retry", id)
	eventually(t, "VM 4 backed up", func() bool {
		return str(jsonShow(t, c, "backupjob", "BACKUPJOB", id), "UPDATED_VMS.ID") == "4"
	})
	c.ok(t, "backupjob", "cancel", id)

	c.ok(t, "backupjob", "rename", id, "weekly")
	c.ok(t, "backupjob", "chmod", "weekly", "640")
	c.ok(t, "backupjob", "chgrp", "weekly", "users")
	j = jsonShow(t, c, "backupjob", "BACKUPJOB", id)
	if str(j, "NAME") != "weekly" || str(j, "GNAME") != "users" || str(j, "PERMISSIONS.GROUP_U") != "1" {
		t.Fatalf("rename/chmod/chgrp: %v", j)
	}
	c.ok(t, "backupjob", "lock", id)
	c.fails(t, 6, "backupjob", "rename", id, "x")
	c.ok(t, "backupjob", "unlock", id)

	// alice, in group users, may see the job now but not raise its priority
	a := s.alice(t)
	mustContain(t, "alice's list", a.ok(t, "backupjob", "list"), "weekly")
	a.fails(t, 4, "backupjob", "priority", id, "90")
	a.fails(t, 4, "backupjob", "delete", id)

	c.ok(t, "backupjob", "chown", id, "oneadmin", "oneadmin")
	c.ok(t, "backupjob", "delete", id)
	c.fails(t, 5, "backupjob", "show", id)
}

// A VM action scheduled with --schedule runs at its time and shows DONE.
func TestScheduledVMActionRuns(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := c.createVM(t, "later")
	c.ok(t, "vm", "poweroff", itoa(id), "--schedule", "+1")
	eventually(t, "the scheduled poweroff", func() bool { return str(c.vm(t, id), "STATE") == "8" })
	if done := str(c.vm(t, id), "TEMPLATE.SCHED_ACTION.DONE"); done == "-1" || done == "" {
		t.Fatalf("scheduled action DONE=%q after it ran", done)
	}
	c.ok(t, "vm", "resume", itoa(id), "--schedule", "+1")
	c.ok(t, "vm", "resume", itoa(id), "--wait")
	// the second resume finds the VM running: it fails and says why
	eventually(t, "the failed action's MESSAGE", func() bool {
		sa := byID(t, c.vm(t, id), "TEMPLATE.SCHED_ACTION", "ID", "1")
		return str(sa, "MESSAGE") != ""
	})
	sa := byID(t, c.vm(t, id), "TEMPLATE.SCHED_ACTION", "ID", "1")
	mustContain(t, "MESSAGE", str(sa, "MESSAGE"), "[resume]", "not available for state RUNNING")
}
