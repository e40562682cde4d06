package e2e

import (
	"strings"
	"testing"
)

// imageStat is the STAT column of one image in `image list`.
func imageStat(t testing.TB, c *cli, id int) string {
	t.Helper()
	return strings.TrimSpace(c.ok(t, "image", "list", "--no-header", "--list", "STAT", "--filter", "ID="+itoa(id)))
}

// TestImageLifecycle: an image is LOCKED while the datastore copies it,
// READY after, USED while a VM holds it, and cannot be deleted meanwhile.
func TestImageLifecycle(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	free := func() int { return atoiT(t, str(c.object(t, "datastore", "DATASTORE", 1), "FREE_MB")) }
	before := free()
	out := c.ok(t, "image", "create", "--datastore", "default", "--name", "blk", "--type", "datablock", "--size", "100M")
	id := createdID(t, out)
	if st := imageStat(t, c, id); st != "lock" && st != "rdy" {
		t.Errorf("new image in %q, want lock (then rdy)", st)
	}
	c.ok(t, "image", "create", "--datastore", "default", "--name", "os", "--path", "/var/tmp/os.img", "--wait")
	if got := free(); got != before-100-1024 {
		t.Errorf("datastore FREE_MB %d after 100M and 1024M images, want %d", got, before-1124)
	}
	runStepsOn(t, c, id, c.shower("image", "IMAGE"), []step{
		{name: "ready", args: []string{"image", "show", "{id}"}, stdout: "IMAGE TEMPLATE",
			check: wantFields("STATE", "1", "TYPE", "2", "SIZE", "100", "DATASTORE", "default")},
		{name: "persistent", args: []string{"image", "persistent", "{id}"}, check: wantField("PERSISTENT", "1")},
		{name: "used by a VM", args: []string{"vm", "create", "--name", "holder", "--cpu", "0.1", "--memory", "64", "--disk", "blk", "--wait"},
			check: wantFields("STATE", "8", "RUNNING_VMS", "1")},
		{name: "delete while used", args: []string{"image", "delete", "{id}", "--yes"}, code: 6, stderr: "There are 1 VMs using it"},
		{name: "nonpersistent while used", args: []string{"image", "nonpersistent", "{id}"}, code: 8, stderr: "Image cannot be in state USED_PERS"},
		{name: "second VM refused", args: []string{"vm", "create", "--name", "second", "--cpu", "0.1", "--memory", "64", "--disk", "blk"},
			code: 7, stderr: "persistent and already in use"},
		{name: "VM ends", args: []string{"vm", "terminate", "holder", "--yes", "--wait"}, check: wantFields("STATE", "1", "RUNNING_VMS", "0")},
		{name: "nonpersistent", args: []string{"image", "nonpersistent", "{id}"}, check: wantField("PERSISTENT", "0")},
		{name: "disable", args: []string{"image", "disable", "{id}"}, check: wantField("STATE", "3")},
		{name: "VM refused on disabled", args: []string{"vm", "create", "--name", "x", "--cpu", "0.1", "--memory", "64", "--disk", "blk"},
			code: 7, stderr: "it is in state: DISABLED"},
		{name: "enable", args: []string{"image", "enable", "{id}"}, check: wantField("STATE", "1")},
		{name: "chtype", args: []string{"image", "chtype", "{id}", "OS"}, check: wantField("TYPE", "0")},
		{name: "chtype incompatible", args: []string{"image", "chtype", "{id}", "KERNEL"}, code: 6, stderr: "incompatible type"},
		{name: "update --append", args: []string{"image", "update", "{id}", "-", "--append"}, stdin: "LABEL=\"e2e\"\n",
			check: wantFields("TEMPLATE.LABEL", "e2e", "TEMPLATE.DEV_PREFIX", "vd")},
		{name: "rename", args: []string{"image", "rename", "{id}", "blk2"}, check: wantField("NAME", "blk2")},
		{name: "chmod", args: []string{"image", "chmod", "blk2", "644"}, check: wantFields("PERMISSIONS.GROUP_U", "1", "PERMISSIONS.OTHER_U", "1")},
		{name: "chown", args: []string{"image", "chown", "{id}", "alice", "users"}, check: wantFields("UNAME", "alice", "GNAME", "users")},
		{name: "chgrp", args: []string{"image", "chgrp", "{id}", "oneadmin"}, check: wantField("GNAME", "oneadmin")},
		{name: "lock", args: []string{"image", "lock", "{id}"}, check: wantField("LOCK.LOCKED", "1")},
		{name: "delete while locked", args: []string{"image", "delete", "{id}", "--yes"}, code: 6, stderr: "locked"},
		{name: "unlock", args: []string{"image", "unlock", "{id}"}, check: wantAbsent("LOCK")},
		{name: "snapshot of none", args: []string{"image", "snapshot-revert", "{id}", "0"}, code: 6, stderr: "Snapshot does not exist"},
		{name: "clone --wait", args: []string{"image", "clone", "{id}", "blk-copy", "--wait"}, stdout: "ID: "},
	})
	cp := c.object(t, "image", "IMAGE", id+2)
	if str(cp, "NAME") != "blk-copy" || str(cp, "STATE") != "1" || str(cp, "SIZE") != "100" {
		t.Errorf("clone: NAME %q STATE %q SIZE %q, want blk-copy 1 100", str(cp, "NAME"), str(cp, "STATE"), str(cp, "SIZE"))
	}
	r := c.fails(t, 7, "image", "clone", itoa(id), "blk-copy")
	mustContain(t, "stderr", oneErrorLine(t, r), "NAME is already taken by IMAGE")
	c.ok(t, "image", "delete", "blk-copy", "blk2", "--yes")
	for _, x := range list(mapOf(t, c.ok(t, "image", "list", "-o", "json")), "IMAGE_POOL.IMAGE") {
		if m := x.(map[string]any); (m["NAME"] == "blk2" || m["NAME"] == "blk-copy") && m["STATE"] != "7" {
			t.Errorf("deleted image %v in state %v, want 7 (DELETE) or gone", m["NAME"], m["STATE"])
		}
	}
}

// TestImageSnapshots: a persistent image keeps the disk snapshots of its
// VM, and the snapshot subcommands act on them.
func TestImageSnapshots(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := createdID(t, c.ok(t, "image", "create", "-d", "default", "--name", "p", "--size", "10", "--persistent", "--wait"))
	vm := c.createVM(t, "snapper", "--disk", "p")
	c.ok(t, "vm", "disk-snapshot-create", itoa(vm), "0", "first", "--wait")
	c.ok(t, "vm", "disk-snapshot-create", itoa(vm), "0", "second", "--wait")
	c.ok(t, "vm", "terminate", itoa(vm), "--yes", "--wait")
	runStepsOn(t, c, id, c.shower("image", "IMAGE"), []step{
		{name: "kept", args: []string{"image", "show", "{id}"}, stdout: "IMAGE SNAPSHOTS",
			check: wantFields("STATE", "1", "SNAPSHOTS.CURRENT_BASE", "1")},
		{name: "delete active refused", args: []string{"image", "snapshot-delete", "{id}", "1", "--yes"}, code: 6, stderr: "active snapshot"},
		{name: "revert", args: []string{"image", "snapshot-revert", "{id}", "0", "--yes", "--wait"}, check: wantFields("STATE", "1", "SNAPSHOTS.CURRENT_BASE", "0")},
		{name: "delete", args: []string{"image", "snapshot-delete", "{id}", "1", "--yes", "--wait"}, check: wantCount("SNAPSHOTS.SNAPSHOT", 1)},
		{name: "clone refused with snapshots", args: []string{"image", "clone", "{id}", "c"}, code: 6, stderr: "Cannot clone images with snapshots"},
		{name: "flatten", args: []string{"image", "snapshot-flatten", "{id}", "0", "--yes", "--wait"}, check: all(wantField("STATE", "1"), wantCount("SNAPSHOTS.SNAPSHOT", 0))},
	})
}

// TestImageRefusalsAndViews: bad input, another user's view, the
// capacity check, the underscore spelling of flags, orphans and top.
func TestImageRefusalsAndViews(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	admin, alice := s.admin(t), s.alice(t)
	r := admin.fails(t, 2, "image", "create", "--name", "x", "--size", "1")
	mustContain(t, "stderr", oneErrorLine(t, r), "--datastore")
	r = admin.fails(t, 7, "image", "create", "-d", "system", "--name", "x", "--size", "1")
	mustContain(t, "stderr", oneErrorLine(t, r), "files or image datastore")
	r = admin.fails(t, 8, "image", "create", "-d", "default", "--name", "x")
	mustContain(t, "stderr", oneErrorLine(t, r), "SIZE")
	r = admin.fails(t, 5, "image", "create", "-d", "nowhere", "--name", "x", "--size", "1")
	oneErrorLine(t, r)
	r = alice.fails(t, 6, "image", "create", "-d", "default", "--name", "huge", "--size", "900G")
	mustContain(t, "stderr", oneErrorLine(t, r), "Not enough space in datastore")
	mine := createdID(t, alice.ok(t, "image", "create", "-d", "default", "--name", "alices", "--size", "5", "--wait"))
	// an administrator may skip the check, spelled as oneimage spells it
	huge := createdID(t, admin.ok(t, "image", "create", "-d", "default", "--name", "huge", "--size", "900G", "--no_check_capacity"))
	if img := alice.object(t, "image", "IMAGE", mine); str(img, "UNAME") != "alice" {
		t.Errorf("alice's image owned by %q", str(img, "UNAME"))
	}
	names := alice.poolNames(t, "IMAGE_POOL", "IMAGE", "image", "list", "-o", "json")
	if !hasName(names, "alices") || !hasName(names, "alpine-3.20") || hasName(names, "huge") {
		t.Errorf("alice's image list %v: want hers and the shared ones, not oneadmin's huge", names)
	}
	r = alice.fails(t, 4, "image", "delete", "alpine-3.20", "--yes")
	mustContain(t, "stderr", oneErrorLine(t, r), "MANAGE IMAGE")
	r = alice.fails(t, 4, "image", "show", itoa(huge))
	mustContain(t, "stderr", oneErrorLine(t, r), "USE IMAGE")
	alice.fails(t, 5, "image", "show", "huge") // a name she cannot see does not resolve
	admin.fails(t, 5, "image", "show", "99999")
	alice.ok(t, "image", "delete", "alices", "--yes")

	// a copy that fails ends --wait with exit 6, and enable brings it back
	bad := writeFile(t, "bad.tmpl", "NAME=\"bad\"\nSIZE=\"1\"\nSIM_FAIL=\"COPY\"\n")
	r = admin.fails(t, 6, "image", "create", bad, "-d", "default", "--wait", "--no-check-capacity")
	mustContain(t, "stderr", oneErrorLine(t, r), "ERROR", "simulated failure")
	badID := createdID(t, r.Stdout)
	admin.ok(t, "image", "enable", itoa(badID))
	if st := imageStat(t, admin, badID); st != "rdy" {
		t.Errorf("enable after ERROR: %s", st)
	}

	// orphans: images no template refers to (ubuntu uses image 0)
	orph := admin.ok(t, "image", "orphans", "--no-header", "--list", "NAME")
	if containsField(orph, "ubuntu-24.04") || !containsField(orph, "alpine-3.20") || !containsField(orph, "huge") {
		t.Errorf("orphans:\n%s", orph)
	}
	if top := firstSnapshot(t, admin, "image", "top", "--no-header", "--list", "NAME"); !containsField(top, "huge") {
		t.Errorf("image top without a terminal:\n%s", top)
	}
}

func mapOf(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := jsonUnmarshal([]byte(s), &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return m
}

// TestImageRestore: a VM's backup comes back as images and a template.
func TestImageRestore(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	c.ok(t, "vm", "backup", "db-1", "--datastore", "backups", "--wait")
	bk := atoiT(t, str(c.vm(t, 2), "BACKUPS.BACKUP_IDS.ID"))
	// --backup lists only backup images, as oneimage list --backup does
	backups := c.ok(t, "image", "list", "--backup", "--no-header", "--list", "ID,TYPE")
	if f := strings.Fields(backups); len(f) != 2 || f[0] != itoa(bk) || f[1] != "BK" {
		t.Errorf("image list --backup:\n%s", backups)
	}
	r := c.fails(t, 6, "image", "restore", "alpine-3.20", "--datastore", "default")
	mustContain(t, "stderr", oneErrorLine(t, r), "type BACKUP")
	out := c.ok(t, "image", "restore", itoa(bk), "--datastore", "default", "--name", "back", "--no-nic")
	if !strings.HasPrefix(out, "VM Template: ") || !strings.Contains(out, "\nImages: ") {
		t.Fatalf("restore printed:\n%s", out)
	}
	tid := atoiT(t, strings.TrimSpace(strings.TrimPrefix(strings.SplitN(out, "\n", 2)[0], "VM Template: ")))
	tmpl := c.object(t, "template", "VMTEMPLATE", tid)
	if str(tmpl, "NAME") != "back" || len(list(tmpl, "TEMPLATE.DISK")) != 2 || at(tmpl, "TEMPLATE.NIC") != nil {
		t.Errorf("restored template: %v", tmpl)
	}
	if !hasName(c.poolNames(t, "IMAGE_POOL", "IMAGE", "image", "list", "-o", "json"), "back-disk-1") {
		t.Errorf("no image back-disk-1")
	}
}
