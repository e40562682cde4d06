package e2e

import (
	"strings"
	"testing"
)

// TestTemplateInstantiate: the command an operator runs most. One call
// deploys VMs from a template, with the vm create flags merged over it.
func TestTemplateInstantiate(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)

	out := c.ok(t, "template", "instantiate", "ubuntu", "--name", "web", "--memory", "1G", "--wait")
	id := createdID(t, out)
	vm := c.vm(t, id)
	if str(vm, "NAME") != "web" || str(vm, "TEMPLATE.MEMORY") != "1024" || str(vm, "TEMPLATE.TEMPLATE_ID") != "1" {
		t.Errorf("VM NAME %q MEMORY %q TEMPLATE_ID %q, want web 1024 1", str(vm, "NAME"), str(vm, "TEMPLATE.MEMORY"), str(vm, "TEMPLATE.TEMPLATE_ID"))
	}
	if got := listStat(t, c, id); got != "runn" {
		t.Errorf("after instantiate --wait: %s, want runn", got)
	}
	if got := str(vm, "TEMPLATE.DISK.IMAGE"); got != "ubuntu-24.04" {
		t.Errorf("DISK IMAGE %q, want the template's ubuntu-24.04", got)
	}
	// the image the disk took is USED by the VM
	img := c.object(t, "image", "IMAGE", 0)
	if str(img, "STATE") != "2" || !strings.Contains(c.ok(t, "image", "show", "0"), itoa(id)) {
		t.Errorf("image 0 after instantiate: STATE %q, want 2 (USED) and the VM listed", str(img, "STATE"))
	}

	// --multiple with %i, flags adding disks and NICs, on hold
	out = c.ok(t, "template", "instantiate", "tiny", "--multiple", "2", "--name", "w-%i", "--hold",
		"--disk", "data-1g", "--nic", "private", "--cpu", "0.2", "--wait")
	ids := idLineRE.FindAllStringSubmatch(out, -1)
	if len(ids) != 2 {
		t.Fatalf("--multiple 2 printed %d IDs:\n%s", len(ids), out)
	}
	for i, m := range ids {
		vm := c.vm(t, atoiT(t, m[1]))
		if str(vm, "NAME") != "w-"+itoa(i) || str(vm, "STATE") != "2" || str(vm, "TEMPLATE.CPU") != "0.2" ||
			str(vm, "TEMPLATE.DISK.IMAGE") != "data-1g" || str(vm, "TEMPLATE.NIC.NETWORK") != "private" {
			t.Errorf("VM %s: NAME %q STATE %q CPU %q DISK %q NIC %q", m[1], str(vm, "NAME"), str(vm, "STATE"),
				str(vm, "TEMPLATE.CPU"), str(vm, "TEMPLATE.DISK.IMAGE"), str(vm, "TEMPLATE.NIC.NETWORK"))
		}
	}

	// an extra template file, and -o json as data
	extra := writeFile(t, "extra.tmpl", "MEMORY=\"96\"\nLABEL=\"x\"\n")
	out = c.ok(t, "template", "instantiate", "tiny", extra, "-o", "json")
	if !strings.HasPrefix(out, `{"ID":`) {
		t.Fatalf("-o json: %q", out)
	}
	vm = c.vm(t, atoiT(t, strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(out), `{"ID":`), "}")))
	if str(vm, "TEMPLATE.MEMORY") != "96" || str(vm, "USER_TEMPLATE.LABEL") != "x" || str(vm, "NAME") != "tiny-"+str(vm, "ID") {
		t.Errorf("VM from extra template: MEMORY %q LABEL %q NAME %q", str(vm, "TEMPLATE.MEMORY"), str(vm, "USER_TEMPLATE.LABEL"), str(vm, "NAME"))
	}

	// --persistent: a private copy of template and images, persistent
	id = createdID(t, c.ok(t, "template", "instantiate", "ubuntu", "--persistent", "--name", "db", "--wait"))
	vm = c.vm(t, id)
	copyID := str(vm, "TEMPLATE.TEMPLATE_ID")
	if copyID == "1" || str(vm, "USER_TEMPLATE.CLONING_TEMPLATE_ID") != "1" {
		t.Fatalf("persistent VM runs template %s (CLONING_TEMPLATE_ID %q), want a copy of 1", copyID, str(vm, "USER_TEMPLATE.CLONING_TEMPLATE_ID"))
	}
	tc := c.object(t, "template", "VMTEMPLATE", atoiT(t, copyID))
	if str(tc, "NAME") != "db" {
		t.Errorf("copy named %q, want db", str(tc, "NAME"))
	}
	disk := str(vm, "TEMPLATE.DISK.IMAGE_ID")
	pim := c.object(t, "image", "IMAGE", atoiT(t, disk))
	if str(pim, "NAME") != "db-disk-0" || str(pim, "PERSISTENT") != "1" || str(pim, "STATE") != "8" {
		t.Errorf("persistent copy image: NAME %q PERSISTENT %q STATE %q, want db-disk-0 1 8 (USED_PERS)",
			str(pim, "NAME"), str(pim, "PERSISTENT"), str(pim, "STATE"))
	}
	// that image serves one VM at a time
	r := c.fails(t, 7, "vm", "create", "--name", "second", "--cpu", "0.1", "--memory", "64", "--disk", disk)
	mustContain(t, "stderr", oneErrorLine(t, r), "persistent and already in use")

	// refusals
	r = c.fails(t, 5, "template", "instantiate", "99999")
	mustContain(t, "stderr", oneErrorLine(t, r), "99999")
	r = c.fails(t, 2, "template", "instantiate", "tiny", "--multiple", "0")
	oneErrorLine(t, r)
	noMem := createdID(t, c.ok(t, "template", "create", "--name", "nomem", "--cpu", "1"))
	r = c.fails(t, 7, "template", "instantiate", itoa(noMem))
	mustContain(t, "stderr", oneErrorLine(t, r), "MEMORY attribute must be a positive integer value")
}

// TestTemplateCommands runs every other onetemplate subcommand and checks
// its effect with a following show or list.
func TestTemplateCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	file := writeFile(t, "t.tmpl", "NAME=\"fromfile\"\nCPU=\"0.5\"\nMEMORY=\"128\"\n")
	// the new template comes after the demo's
	next := 0
	for _, l := range strings.Fields(c.ok(t, "template", "list", "-o", "csv", "--list", "ID", "--no-header")) {
		next = max(next, atoiT(t, l)+1)
	}
	if id := createdID(t, c.ok(t, "template", "create", file)); id != next {
		t.Errorf("create from file: ID %d, want %d", id, next)
	}
	id := createdID(t, c.ok(t, "template", "create", "--name", "mine", "--cpu", "1", "--memory", "512M", "--disk", "alpine-3.20", "--nic", "private"))
	built := createdID(t, c.ok(t, "template", "create", "--name", "built", "--cpu", "1", "--memory", "64", "--vnc", "--net-context", "--context", "ROLE=web"))
	if b := c.object(t, "template", "VMTEMPLATE", built); str(b, "TEMPLATE.GRAPHICS.TYPE") != "VNC" ||
		str(b, "TEMPLATE.CONTEXT.NETWORK") != "YES" || str(b, "TEMPLATE.CONTEXT.ROLE") != "web" {
		t.Errorf("template from the builder flags: %v", b)
	}
	appended := writeFile(t, "a.tmpl", "LABEL=\"e2e\"\n")
	show := c.shower("template", "VMTEMPLATE")
	runStepsOn(t, c, id, show, []step{
		{name: "created", args: []string{"template", "show", "{id}"}, stdout: "TEMPLATE CONTENTS",
			check: wantFields("NAME", "mine", "TEMPLATE.MEMORY", "512", "TEMPLATE.DISK.IMAGE_ID", "1", "TEMPLATE.NIC.NETWORK_ID", "0")},
		{name: "show --extended", args: []string{"template", "show", "{id}", "--extended"}, stdout: `IMAGE="alpine-3.20"`},
		{name: "update --append", args: []string{"template", "update", "{id}", appended, "--append"},
			check: wantFields("TEMPLATE.LABEL", "e2e", "TEMPLATE.CPU", "1")},
		{name: "rename", args: []string{"template", "rename", "{id}", "renamed"}, check: wantField("NAME", "renamed")},
		{name: "chmod --recursive", args: []string{"template", "chmod", "renamed", "644", "--recursive"},
			check: wantFields("PERMISSIONS.GROUP_U", "1", "PERMISSIONS.OTHER_U", "1")},
		{name: "chown alice", args: []string{"template", "chown", "{id}", "alice"}, check: wantField("UNAME", "alice")},
		{name: "chgrp oneadmin", args: []string{"template", "chgrp", "{id}", "oneadmin"}, check: wantField("GNAME", "oneadmin")},
		{name: "lock", args: []string{"template", "lock", "{id}", "--manage"}, check: wantField("LOCK.LOCKED", "2")},
		{name: "update while locked", args: []string{"template", "update", "{id}", appended}, code: 6, stderr: "locked"},
		{name: "unlock", args: []string{"template", "unlock", "{id}"}, check: wantAbsent("LOCK")},
		{name: "clone", args: []string{"template", "clone", "{id}", "copy"}, stdout: "ID: "},
		{name: "clone duplicate", args: []string{"template", "clone", "{id}", "copy"}, code: 7, stderr: "NAME is already taken"},
		{name: "clone --recursive", args: []string{"template", "clone", "{id}", "deep", "--recursive"}, stdout: "ID: "},
	})
	// the recursive chmod reached the image
	if img := c.object(t, "image", "IMAGE", 1); str(img, "PERMISSIONS.OTHER_U") != "1" {
		t.Errorf("chmod --recursive left image 1 with OTHER_U %q", str(img, "PERMISSIONS.OTHER_U"))
	}
	names := c.poolNames(t, "VMTEMPLATE_POOL", "VMTEMPLATE", "template", "list", "-o", "json")
	for _, n := range []string{"renamed", "copy", "deep", "fromfile", "tiny", "ubuntu"} {
		if !hasName(names, n) {
			t.Errorf("template list lacks %s: %v", n, names)
		}
	}
	deepImg := c.poolNames(t, "IMAGE_POOL", "IMAGE", "image", "list", "-o", "json")
	if !hasName(deepImg, "deep-disk-0") {
		t.Fatalf("clone --recursive made no image deep-disk-0: %v", deepImg)
	}
	c.ok(t, "template", "delete", "deep", "--recursive", "--yes")
	if hasName(c.poolNames(t, "VMTEMPLATE_POOL", "VMTEMPLATE", "template", "list", "-o", "json"), "deep") {
		t.Errorf("template deep still listed after delete")
	}
	out := c.ok(t, "image", "list", "--filter", "NAME=deep-disk-0", "--list", "STAT", "--no-header")
	if s := strings.TrimSpace(out); s != "" && s != "dele" {
		t.Errorf("delete --recursive left image deep-disk-0 in %q", s)
	}
	c.ok(t, "template", "delete", "copy", "--yes")
	if out := firstSnapshot(t, c, "template", "top", "--no-header", "--list", "NAME"); containsField(out, "copy") || !containsField(out, "renamed") {
		t.Errorf("template top (no terminal: a snapshot per interval) after delete:\n%s", out)
	}
}

// TestTemplateUserView: a regular user sees and deploys the shared
// templates, and is refused what is not hers.
func TestTemplateUserView(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	admin, alice := s.admin(t), s.alice(t)
	private := createdID(t, admin.ok(t, "template", "create", "--name", "adminonly", "--cpu", "1", "--memory", "64"))
	names := alice.poolNames(t, "VMTEMPLATE_POOL", "VMTEMPLATE", "template", "list", "-o", "json")
	if !hasName(names, "tiny") || !hasName(names, "ubuntu") || hasName(names, "adminonly") {
		t.Errorf("alice's template list: %v, want tiny and ubuntu, not adminonly", names)
	}
	id := createdID(t, alice.ok(t, "template", "instantiate", "tiny", "--name", "hers", "--wait"))
	if vm := alice.vm(t, id); str(vm, "UNAME") != "alice" {
		t.Errorf("alice's VM owned by %q", str(vm, "UNAME"))
	}
	r := alice.fails(t, 4, "template", "instantiate", itoa(private))
	mustContain(t, "stderr", oneErrorLine(t, r), "Not authorized to perform USE TEMPLATE")
	r = alice.fails(t, 4, "template", "delete", "tiny", "--yes")
	mustContain(t, "stderr", oneErrorLine(t, r), "MANAGE TEMPLATE")
	mine := createdID(t, alice.ok(t, "template", "create", "--name", "alices", "--cpu", "0.1", "--memory", "64"))
	alice.ok(t, "template", "delete", itoa(mine), "--yes")
	alice.fails(t, 5, "template", "show", itoa(mine))
}
