package e2e

import (
	"strings"
	"testing"
)

// Each scenario below drives the `vm` subcommands of one theme against a
// private simulator and checks the object the server keeps afterwards.

func TestVMMetadataCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := c.createVM(t, "meta")
	labels := writeFile(t, "labels.tmpl", "FOO=\"bar\"\nLABELS=\"e2e\"\n")
	replace := writeFile(t, "replace.tmpl", "BAZ=\"1\"\n")
	appended := writeFile(t, "append.tmpl", "QUX=\"2\"\n")
	graphics := writeFile(t, "graphics.tmpl", "GRAPHICS=[ TYPE=\"VNC\", LISTEN=\"0.0.0.0\" ]\n")

	runSteps(t, c, id, []step{
		{name: "rename", args: []string{"vm", "rename", "{id}", "renamed"}, check: wantField("NAME", "renamed")},
		{name: "show by new name", args: []string{"vm", "show", "renamed", "-o", "json"}, stdout: `"NAME": "renamed"`},
		{name: "chmod 640", args: []string{"vm", "chmod", "{id}", "640"}, check: wantFields(
			"PERMISSIONS.OWNER_U", "1", "PERMISSIONS.OWNER_M", "1", "PERMISSIONS.OWNER_A", "0",
			"PERMISSIONS.GROUP_U", "1", "PERMISSIONS.GROUP_M", "0", "PERMISSIONS.GROUP_A", "0",
			"PERMISSIONS.OTHER_U", "0", "PERMISSIONS.OTHER_M", "0", "PERMISSIONS.OTHER_A", "0")},
		{name: "chmod bad octet", args: []string{"vm", "chmod", "{id}", "999"}, code: 2, stderr: "octal"},
		{name: "chown alice", args: []string{"vm", "chown", "{id}", "alice"}, check: wantField("UNAME", "alice")},
		{name: "chgrp users", args: []string{"vm", "chgrp", "{id}", "users"}, check: wantField("GNAME", "users")},
		{name: "chown back with group", args: []string{"vm", "chown", "{id}", "oneadmin", "oneadmin"},
			check: wantFields("UNAME", "oneadmin", "GNAME", "oneadmin", "UID", "0", "GID", "0")},
		{name: "chown unknown user", args: []string{"vm", "chown", "{id}", "nobody-here"}, code: 5, stderr: "nobody-here"},
		{name: "lock", args: []string{"vm", "lock", "{id}"}, check: wantField("LOCK.LOCKED", "1")},
		{name: "unlock", args: []string{"vm", "unlock", "{id}"}, check: wantAbsent("LOCK")},
		{name: "update from file", args: []string{"vm", "update", "{id}", labels}, check: wantFields("USER_TEMPLATE.FOO", "bar", "USER_TEMPLATE.LABELS", "e2e")},
		{name: "update replaces", args: []string{"vm", "update", "{id}", replace}, check: all(wantField("USER_TEMPLATE.BAZ", "1"), wantAbsent("USER_TEMPLATE.FOO"))},
		{name: "update --append", args: []string{"vm", "update", "{id}", appended, "--append"}, check: wantFields("USER_TEMPLATE.BAZ", "1", "USER_TEMPLATE.QUX", "2")},
		{name: "update - from stdin", args: []string{"vm", "update", "{id}", "-", "-a"}, stdin: "STDIN=\"yes\"\n",
			check: wantFields("USER_TEMPLATE.STDIN", "yes", "USER_TEMPLATE.QUX", "2")},
		{name: "update piped without file", args: []string{"vm", "update", "{id}", "--append"}, stdin: "PIPED=\"1\"\n", check: wantField("USER_TEMPLATE.PIPED", "1")},
		{name: "update malformed", args: []string{"vm", "update", "{id}", "-"}, stdin: "A=\"1\"\nB=[ broken\n", code: 2, stderr: "line"},
		{name: "updateconf from file", args: []string{"vm", "updateconf", "{id}", graphics},
			check: wantFields("TEMPLATE.GRAPHICS.TYPE", "VNC", "TEMPLATE.GRAPHICS.LISTEN", "0.0.0.0")},
		{name: "updateconf --append stdin", args: []string{"vm", "updateconf", "{id}", "-", "--append"}, stdin: "CONTEXT=[ NETWORK=\"YES\" ]\n",
			check: wantFields("TEMPLATE.CONTEXT.NETWORK", "YES", "TEMPLATE.GRAPHICS.TYPE", "VNC")},
		{name: "resched", args: []string{"vm", "resched", "{id}"}, check: wantField("RESCHED", "1")},
		{name: "unresched", args: []string{"vm", "unresched", "{id}"}, check: wantField("RESCHED", "0")},
	})
}

// TestLockedVM: `onectl exit-codes` promises 6 for a locked object. oned
// answers AUTHORIZATION ("VM is locked.") there, which onectl has to
// recognise to keep that promise.
func TestLockedVM(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := c.createVM(t, "locked")
	runSteps(t, c, id, []step{
		{name: "lock --manage", args: []string{"vm", "lock", "{id}", "--manage"}, check: wantField("LOCK.LOCKED", "2")},
		{name: "show still works", args: []string{"vm", "show", "{id}"}, stdout: "LOCK                : Manage"},
		{name: "rename while locked", args: []string{"vm", "rename", "{id}", "nope"}, code: 6, stderr: "locked", check: wantField("NAME", "locked")},
		{name: "unlock", args: []string{"vm", "unlock", "{id}"}, check: wantAbsent("LOCK")},
		{name: "rename after unlock", args: []string{"vm", "rename", "{id}", "free"}, check: wantField("NAME", "free")},
	})
}

func TestVMDiskCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := c.createVM(t, "disks", "--disk", "alpine-3.20")
	diskSnap := func(disk, snap, key, want string) func(*testing.T, map[string]any) {
		return func(t *testing.T, vm map[string]any) {
			t.Helper()
			d := byID(t, vm, "SNAPSHOTS", "DISK_ID", disk)
			sn := findBy(list(d, "SNAPSHOT"), "ID", snap)
			if sn == nil {
				t.Fatalf("disk %s has no snapshot %s: %v", disk, snap, d)
			}
			if key != "" && sn[key] != want {
				t.Fatalf("disk %s snapshot %s %s = %v, want %q", disk, snap, key, sn[key], want)
			}
		}
	}
	runSteps(t, c, id, []step{
		{name: "disk-attach volatile", args: []string{"vm", "disk-attach", "{id}", "--size", "1G", "--wait"},
			check: func(t *testing.T, vm map[string]any) {
				wantCount("TEMPLATE.DISK", 2)(t, vm)
				if d := byID(t, vm, "TEMPLATE.DISK", "DISK_ID", "1"); d["SIZE"] != "1024" {
					t.Fatalf("new disk SIZE %v, want 1024", d["SIZE"])
				}
			}},
		{name: "disk-attach needs a source", args: []string{"vm", "disk-attach", "{id}"}, code: 2},
		{name: "disk-resize", args: []string{"vm", "disk-resize", "{id}", "1", "2G", "--wait"},
			check: func(t *testing.T, vm map[string]any) {
				if d := byID(t, vm, "TEMPLATE.DISK", "DISK_ID", "1"); d["SIZE"] != "2048" {
					t.Fatalf("resized disk SIZE %v, want 2048", d["SIZE"])
				}
			}},
		{name: "disk-resize bad size", args: []string{"vm", "disk-resize", "{id}", "1", "big"}, code: 2},
		{name: "disk-snapshot-create", args: []string{"vm", "disk-snapshot-create", "{id}", "0", "snap-a", "--wait"},
			stdout: "ID: 0", check: diskSnap("0", "0", "NAME", "snap-a")},
		{name: "disk-snapshot-rename", args: []string{"vm", "disk-snapshot-rename", "{id}", "0", "0", "snap-b"},
			check: diskSnap("0", "0", "NAME", "snap-b")},
		{name: "disk-snapshot-create second", args: []string{"vm", "disk-snapshot-create", "{id}", "0", "snap-c", "--wait"},
			stdout: "ID: 1", check: diskSnap("0", "1", "NAME", "snap-c")},
		{name: "poweroff for revert", args: []string{"vm", "poweroff", "{id}", "--wait"}, check: wantState("8", "0")},
		{name: "disk-snapshot-revert", args: []string{"vm", "disk-snapshot-revert", "{id}", "0", "0", "--yes", "--wait"},
			check: diskSnap("0", "0", "ACTIVE", "YES")},
		{name: "disk-snapshot-delete", args: []string{"vm", "disk-snapshot-delete", "{id}", "0", "1", "--yes", "--wait"},
			check: func(t *testing.T, vm map[string]any) {
				d := byID(t, vm, "SNAPSHOTS", "DISK_ID", "0")
				if findBy(list(d, "SNAPSHOT"), "ID", "1") != nil {
					t.Fatalf("snapshot 1 still there: %v", d)
				}
			}},
		{name: "disk-snapshot-delete unknown", args: []string{"vm", "disk-snapshot-delete", "{id}", "0", "42", "--yes"}, code: 6},
		{name: "disk-saveas", args: []string{"vm", "disk-saveas", "{id}", "0", "e2e-saved", "--wait"}, stdout: "ID: "},
		{name: "disk-detach", args: []string{"vm", "disk-detach", "{id}", "1", "--yes", "--wait"}, check: wantCount("TEMPLATE.DISK", 1)},
		{name: "disk-detach unknown", args: []string{"vm", "disk-detach", "{id}", "7", "--yes"}, code: 6},
	})
	// The saved image is a real image: a new VM can boot from it by name.
	c.createVM(t, "from-saved", "--disk", "e2e-saved")
}

func TestVMNICCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := c.createVM(t, "nics", "--nic", "private")
	bw := writeFile(t, "nic.tmpl", "NIC=[ INBOUND_AVG_BW=\"100\" ]\n")
	nic1 := func(key, want string) func(*testing.T, map[string]any) {
		return func(t *testing.T, vm map[string]any) {
			t.Helper()
			if n := byID(t, vm, "TEMPLATE.NIC", "NIC_ID", "1"); n[key] != want {
				t.Fatalf("NIC 1 %s = %v, want %q", key, n[key], want)
			}
		}
	}
	runSteps(t, c, id, []step{
		{name: "nic-attach", args: []string{"vm", "nic-attach", "{id}", "--network", "private", "--wait"},
			check: func(t *testing.T, vm map[string]any) {
				wantCount("TEMPLATE.NIC", 2)(t, vm)
				n := byID(t, vm, "TEMPLATE.NIC", "NIC_ID", "1")
				if ip, _ := n["IP"].(string); strings.Count(ip, ".") != 3 {
					t.Fatalf("attached NIC has no IPv4: %v", n)
				}
				if n["NETWORK"] != "private" {
					t.Fatalf("attached NIC NETWORK %v, want private", n["NETWORK"])
				}
			}},
		{name: "nic-attach unknown network", args: []string{"vm", "nic-attach", "{id}", "--network", "no-such-net"}, code: 5},
		{name: "nic-update", args: []string{"vm", "nic-update", "{id}", "1", bw, "--append"}, check: nic1("INBOUND_AVG_BW", "100")},
		{name: "sg-detach", args: []string{"vm", "sg-detach", "{id}", "1", "0"},
			check: func(t *testing.T, vm map[string]any) {
				n := byID(t, vm, "TEMPLATE.NIC", "NIC_ID", "1")
				if sg, _ := n["SECURITY_GROUPS"].(string); containsField(strings.ReplaceAll(sg, ",", " "), "0") {
					t.Fatalf("NIC 1 still in security group 0: %v", n)
				}
			}},
		{name: "sg-detach again", args: []string{"vm", "sg-detach", "{id}", "1", "0"}, code: 6},
		{name: "sg-attach", args: []string{"vm", "sg-attach", "{id}", "1", "0"}, check: nic1("SECURITY_GROUPS", "0")},
		{name: "sg-attach twice", args: []string{"vm", "sg-attach", "{id}", "1", "0"}, code: 6, stderr: "already"},
		{name: "nic-detach", args: []string{"vm", "nic-detach", "{id}", "1", "--yes", "--wait"}, check: wantCount("TEMPLATE.NIC", 1)},
		{name: "nic-attach --ip", args: []string{"vm", "nic-attach", "{id}", "--network", "private", "--ip", "192.168.150.77", "--wait"},
			check: func(t *testing.T, vm map[string]any) {
				wantCount("TEMPLATE.NIC", 2)(t, vm)
				if findBy(list(vm, "TEMPLATE.NIC"), "IP", "192.168.150.77") == nil {
					t.Fatalf("no NIC got the requested IP 192.168.150.77: %v", at(vm, "TEMPLATE.NIC"))
				}
			}},
	})
}

func TestVMSnapshotAndResizeCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := c.createVM(t, "snaps")
	runSteps(t, c, id, []step{
		{name: "snapshot-create", args: []string{"vm", "snapshot-create", "{id}", "first", "--wait"}, stdout: "ID: 0",
			check: func(t *testing.T, vm map[string]any) {
				byID(t, vm, "TEMPLATE.SNAPSHOT", "NAME", "first")
			}},
		{name: "snapshot-revert", args: []string{"vm", "snapshot-revert", "{id}", "0", "--yes", "--wait"}, check: wantState("3", "3")},
		{name: "snapshot-delete", args: []string{"vm", "snapshot-delete", "{id}", "0", "--yes", "--wait"}, check: wantAbsent("TEMPLATE.SNAPSHOT")},
		{name: "snapshot-revert unknown", args: []string{"vm", "snapshot-revert", "{id}", "5", "--yes"}, code: 6},
		{name: "poweroff for resize", args: []string{"vm", "poweroff", "{id}", "--wait"}, check: wantState("8", "0")},
		{name: "resize", args: []string{"vm", "resize", "{id}", "--cpu", "1", "--vcpu", "2", "--memory", "512M", "--wait"},
			check: wantFields("TEMPLATE.CPU", "1", "TEMPLATE.VCPU", "2", "TEMPLATE.MEMORY", "512")},
		{name: "resize needs a value", args: []string{"vm", "resize", "{id}"}, code: 2, stderr: "--cpu"},
		{name: "save --dry-run prints its writes", args: []string{"--dry-run", "vm", "save", "{id}", "e2e-dry"},
			stdout: `one.template.allocate("oneadmin:****", `},
		{name: "save needs poweroff ok", args: []string{"vm", "save", "{id}", "e2e-tmpl"}, stdout: "ID: "},
	})
	// the dry run made nothing
	if hasName(c.poolNames(t, "VMTEMPLATE_POOL", "VMTEMPLATE", "template", "list", "-o", "json"), "e2e-dry") {
		t.Error("vm save --dry-run created a template")
	}
	// save refuses a running VM before touching anything.
	run := c.createVM(t, "snaps-running")
	r := c.fails(t, 6, "vm", "save", itoa(run), "never")
	mustContain(t, "stderr", oneErrorLine(t, r), "power it off first")
}

func TestVMPlacementCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	held := createdID(t, c.ok(t, "vm", "create", "--name", "held", "--cpu", "0.1", "--memory", "64", "--hold"))
	onHost := func(hid string) func(*testing.T, map[string]any) {
		return func(t *testing.T, vm map[string]any) {
			t.Helper()
			h := lastHistory(vm)
			if h == nil || h["HID"] != hid {
				t.Fatalf("VM is on %v, want host %s", h, hid)
			}
			wantState("3", "3")(t, vm)
		}
	}
	runSteps(t, c, held, []step{
		{name: "created on hold", args: []string{"vm", "show", "{id}", "-o", "json"}, check: wantState("2", "0")},
		{name: "deploy to host 1", args: []string{"vm", "deploy", "{id}", "1", "--wait"}, check: onHost("1")},
		{name: "migrate to host 0", args: []string{"vm", "migrate", "{id}", "0", "--wait"}, check: onHost("0")},
		{name: "live migrate to host 1", args: []string{"vm", "migrate", "{id}", "1", "--live", "--wait"}, check: onHost("1")},
		{name: "migrate exclusive flags", args: []string{"vm", "migrate", "{id}", "0", "--live", "--poff"}, code: 2},
		{name: "deploy a running VM", args: []string{"vm", "deploy", "{id}", "0"}, code: 6},
	})

	// A VM no host can take stays PENDING, so hold and release can be seen.
	pending := createdID(t, c.ok(t, "vm", "create", "--name", "huge", "--cpu", "0.1", "--memory", "64T"))
	runSteps(t, c, pending, []step{
		{name: "pending", args: []string{"vm", "show", "{id}", "-o", "json"}, check: wantState("1", "0")},
		{name: "hold", args: []string{"vm", "hold", "{id}", "--wait"}, check: wantState("2", "0")},
		{name: "release", args: []string{"vm", "release", "{id}", "--wait"}, check: wantState("1", "0")},
	})
}

func TestVMRecoverFromBootFailure(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	tmpl := writeFile(t, "fail.tmpl", "NAME=\"doomed\"\nCPU=\"0.1\"\nMEMORY=\"64\"\nSIM_FAIL=\"BOOT\"\n")
	r := c.fails(t, 6, "vm", "create", tmpl, "--wait")
	id := createdID(t, r.Stdout)
	mustContain(t, "stderr", oneErrorLine(t, r), "BOOT_FAILURE")
	if got := listStat(t, c, id); got != "fail" {
		t.Errorf("STAT %q, want fail", got)
	}
	runSteps(t, c, id, []step{
		{name: "recover needs an operation", args: []string{"vm", "recover", "{id}", "--yes"}, code: 2, stderr: "--success"},
		{name: "recover two operations", args: []string{"vm", "recover", "{id}", "--success", "--failure", "--yes"}, code: 2},
		{name: "recover --success", args: []string{"vm", "recover", "{id}", "--success", "--yes", "--wait"}, check: wantState("3", "3")},
		{name: "poweroff", args: []string{"vm", "poweroff", "{id}", "--wait"}, check: wantState("8", "0")},
		{name: "recover a powered-off VM", args: []string{"vm", "recover", "{id}", "--success", "--yes"}, code: 6, stderr: "wrong state POWEROFF"},
	})
}

// TestVMBackupCommands: backup to the demo's backup datastore, restore
// from the backup image, and the refusals around them.
func TestVMBackupCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := c.createVM(t, "backed", "--disk", "alpine-3.20")
	var backupID string
	runSteps(t, c, id, []step{
		// oned answers INTERNAL here (RequestManagerVirtualMachine.cc).
		{name: "backup-cancel without backup", args: []string{"vm", "backup-cancel", "{id}"}, code: 8, stderr: "Could not cancel backup for VM"},
		{name: "backup unknown datastore", args: []string{"vm", "backup", "{id}", "--datastore", "no-such-ds"}, code: 5},
		{name: "backup to a non-backup datastore", args: []string{"vm", "backup", "{id}", "--datastore", "default"}, code: 6, stderr: "BACKUP"},
		{name: "backup", args: []string{"vm", "backup", "{id}", "--datastore", "backups", "--wait"},
			check: func(t *testing.T, vm map[string]any) {
				wantState("3", "3")(t, vm)
				ids := list(vm, "BACKUPS.BACKUP_IDS.ID")
				if len(ids) == 1 {
					backupID, _ = ids[0].(string)
				}
				if backupID == "" {
					t.Fatalf("no BACKUPS.BACKUP_IDS.ID after backup: %v", at(vm, "BACKUPS"))
				}
			}},
		{name: "restore needs poweroff", args: []string{"vm", "restore", "{id}", "{backup}", "--yes"}, code: 6, stderr: "poweroff"},
		{name: "poweroff", args: []string{"vm", "poweroff", "{id}", "--wait"}, check: wantState("8", "0")},
		{name: "restore", args: []string{"vm", "restore", "{id}", "{backup}", "--yes", "--wait"}, check: wantState("8", "0")},
		{name: "restore from a non-backup image", args: []string{"vm", "restore", "{id}", "alpine-3.20", "--yes"}, code: 6, stderr: "BACKUP"},
		{name: "pci-detach without PCI", args: []string{"vm", "pci-detach", "{id}", "0"}, code: 6},
		{name: "pci-attach", args: []string{"vm", "pci-attach", "{id}", "--pci", "00:06.0"},
			check: func(t *testing.T, vm map[string]any) { byID(t, vm, "TEMPLATE.PCI", "PCI_ID", "0") }},
		{name: "pci-detach", args: []string{"vm", "pci-detach", "{id}", "0"}, check: wantAbsent("TEMPLATE.PCI")},
	}, func(a string) string { return strings.ReplaceAll(a, "{backup}", backupID) })
}

// TestVMScheduledActions: scheduled actions given in the template at
// creation get IDs (as oned 6.10 makes them ScheduledAction objects), and
// sched-update / sched-delete act on them.
func TestVMScheduledActions(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	tmpl := writeFile(t, "sched.tmpl", "NAME=\"sched\"\nCPU=\"0.1\"\nMEMORY=\"64\"\n"+
		"SCHED_ACTION=[ ACTION=\"poweroff\", TIME=\"+3600\" ]\n")
	id := createdID(t, c.ok(t, "vm", "create", tmpl, "--wait"))
	update := writeFile(t, "upd.tmpl", "SCHED_ACTION=[ ACTION=\"reboot\", TIME=\"+7200\" ]\n")
	runSteps(t, c, id, []step{
		{name: "sched-delete unknown", args: []string{"vm", "sched-delete", "{id}", "7"}, code: 5, stderr: "scheduled action [7]"},
		{name: "sched-update unknown", args: []string{"vm", "sched-update", "{id}", "7", update}, code: 5},
		{name: "created with an ID", args: []string{"vm", "show", "{id}", "-o", "json"}, check: func(t *testing.T, vm map[string]any) {
			byID(t, vm, "TEMPLATE.SCHED_ACTION", "ID", "0")
		}},
		{name: "sched-update", args: []string{"vm", "sched-update", "{id}", "0", update}, check: func(t *testing.T, vm map[string]any) {
			if a := byID(t, vm, "TEMPLATE.SCHED_ACTION", "ID", "0"); a["ACTION"] != "reboot" {
				t.Fatalf("ACTION %v after sched-update, want reboot", a["ACTION"])
			}
		}},
		{name: "sched-delete", args: []string{"vm", "sched-delete", "{id}", "0"}, check: wantAbsent("TEMPLATE.SCHED_ACTION")},
		{name: "sched-delete again", args: []string{"vm", "sched-delete", "{id}", "0"}, code: 5},
	})
}

// TestUpdateWithEmptyStdin: `vm update 5 $FILE` with FILE unset, run from
// cron (stdin is /dev/null), must not wipe the user template: `vm create`
// already refuses an empty template, update must too.
func TestUpdateWithEmptyStdin(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := c.createVM(t, "keep-my-template")
	c.withStdin("KEEP=\"me\"\n").ok(t, "vm", "update", itoa(id), "--append")
	runSteps(t, c, id, []step{
		{name: "update with empty stdin", args: []string{"vm", "update", "{id}"}, code: 2, stderr: "empty",
			check: wantField("USER_TEMPLATE.KEEP", "me")},
	})
}

// TestCompletion: shell completion knows the live VM names.
func TestCompletion(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	out := c.ok(t, "__complete", "vm", "show", "")
	mustContain(t, "completion", out, "web-1\t", "alice-vm\t")
	out = newCLI(t).ok(t, "completion", "bash")
	mustContain(t, "completion bash", out, "bash completion", "onectl")
	newCLI(t).fails(t, 2, "completion", "tcsh")
}
