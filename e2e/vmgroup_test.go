package e2e

import (
	"testing"
)

func TestVMGroupCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	c.ok(t, "host", "enable", "host03", "--wait")

	def := writeFile(t, "g.tmpl", "NAME=\"app\"\nROLE=[NAME=\"web\", POLICY=\"AFFINED\"]\nROLE=[NAME=\"db\", POLICY=\"ANTI_AFFINED\"]\nROLE=[NAME=\"batch\"]\nANTI_AFFINED=\"web, batch\"\n")
	id := itoa(createdID(t, c.ok(t, "vmgroup", "create", def)))
	r := c.fails(t, 8, "vmgroup", "create", def)
	mustContain(t, "stderr", oneErrorLine(t, r), "NAME is already taken by VMGroup "+id)
	r = c.withStdin("NAME=\"bad\"\nROLE=[NAME=\"a\"]\nAFFINED=\"a, nope\"\n").fails(t, 8, "vmgroup", "create", "-")
	mustContain(t, "stderr", oneErrorLine(t, r), "Some roles used in AFFINED attribute (a, nope) are not defined")
	mustContain(t, "vmgroup list", c.ok(t, "vmgroup", "list"), "ID USER", "ROLES", "app", "web, db, batch")

	// the scheduler applies the roles' policies
	vm := func(role string) string {
		tmpl := writeFile(t, "vm-"+role+".tmpl", "CPU=\"0.1\"\nMEMORY=\"64\"\nVMGROUP=[VMGROUP_ID=\""+id+"\", ROLE=\""+role+"\"]\n")
		return itoa(createdID(t, c.ok(t, "vm", "create", tmpl)))
	}
	host := func(vmID string) string { return str(lastHistory(c.vm(t, atoiT(t, vmID))), "HOSTNAME") }
	d1, d2 := vm("db"), vm("db")
	w1, w2 := vm("web"), vm("web")
	b1 := vm("batch")
	if host(d1) == host(d2) {
		t.Errorf("ANTI_AFFINED db VMs share %s", host(d1))
	}
	if host(w1) != host(w2) || host(w1) == "" {
		t.Errorf("AFFINED web VMs on %q and %q", host(w1), host(w2))
	}
	if host(b1) == host(w1) {
		t.Errorf("batch shares %s with web despite ANTI_AFFINED=web, batch", host(b1))
	}
	g := jsonShow(t, c, "vmgroup", "VM_GROUP", id)
	if vms := str(byID(t, g, "ROLES.ROLE", "NAME", "db"), "VMS"); vms != d1+","+d2 {
		t.Fatalf("db role VMS=%q", vms)
	}
	show := c.ok(t, "vmgroup", "show", "app")
	mustContain(t, "vmgroup show", show, "VM GROUP "+id+" INFORMATION", "ROLES", "ANTI_AFFINED", "TEMPLATE CONTENTS", "ANTI_AFFINED=\"web, batch\"")
	c.fails(t, 7, "vm", "create", writeFile(t, "bad.tmpl", "CPU=\"0.1\"\nMEMORY=\"64\"\nVMGROUP=[VMGROUP_ID=\""+id+"\", ROLE=\"nope\"]\n"))

	// roles: add (plain attributes are wrapped into ROLE=[...]), update by name, delete
	c.withStdin("NAME=\"cache\"\nPOLICY=\"AFFINED\"\n").ok(t, "vmgroup", "role-add", "app")
	r = c.withStdin("ROLE=[NAME=\"cache\"]\n").fails(t, 6, "vmgroup", "role-add", "app")
	mustContain(t, "stderr", oneErrorLine(t, r), "Role already exists")
	c.withStdin("HOST_AFFINED=\"1\"\n").ok(t, "vmgroup", "role-update", "app", "cache")
	if got := str(byID(t, jsonShow(t, c, "vmgroup", "VM_GROUP", id), "ROLES.ROLE", "NAME", "cache"), "HOST_AFFINED"); got != "1" {
		t.Fatalf("role-update: HOST_AFFINED=%q", got)
	}
	cache := vm("cache")
	if h := host(cache); h != "host02" {
		t.Errorf("HOST_AFFINED=1 VM on %q", h)
	}
	r = c.withStdin("POLICY=\"NONE\"\n").fails(t, 6, "vmgroup", "role-update", "app", "cache")
	mustContain(t, "stderr", oneErrorLine(t, r), "has VMs, unable to update")
	c.fails(t, 5, "vmgroup", "role-update", "app", "nope", "-")
	c.ok(t, "vm", "terminate", cache, "--hard", "--wait")
	c.ok(t, "vmgroup", "role-delete", "app", "cache")
	r = c.fails(t, 6, "vmgroup", "role-delete", "app", "42")
	mustContain(t, "stderr", oneErrorLine(t, r), "Unable to delete role 42")
	if n := len(list(jsonShow(t, c, "vmgroup", "VM_GROUP", id), "ROLES.ROLE")); n != 3 {
		t.Fatalf("%d roles after role-delete", n)
	}

	r = c.fails(t, 8, "vmgroup", "update", id, writeFile(t, "u.tmpl", "AFFINED=\"web, db\"\n"), "--append")
	mustContain(t, "stderr", oneErrorLine(t, r), "VM Group has")
	c.ok(t, "vmgroup", "rename", id, "app2")
	c.ok(t, "vmgroup", "chmod", "app2", "640")
	c.ok(t, "vmgroup", "chgrp", "app2", "users")
	g = jsonShow(t, c, "vmgroup", "VM_GROUP", id)
	if str(g, "NAME") != "app2" || str(g, "GNAME") != "users" || str(g, "PERMISSIONS.GROUP_U") != "1" {
		t.Fatalf("rename/chmod/chgrp: %v", g)
	}
	c.ok(t, "vmgroup", "lock", id)
	c.fails(t, 6, "vmgroup", "rename", id, "x")
	c.ok(t, "vmgroup", "unlock", id)

	a := s.alice(t)
	mustContain(t, "alice's list", a.ok(t, "vmgroup", "list"), "app2")
	r = a.fails(t, 4, "vmgroup", "rename", id, "mine")
	mustContain(t, "stderr", oneErrorLine(t, r), "Not authorized to perform MANAGE VMGROUP ["+id+"]")

	c.ok(t, "vmgroup", "chown", id, "oneadmin", "oneadmin")
	c.ok(t, "vmgroup", "delete", id)
	c.fails(t, 5, "vmgroup", "show", id)
}
