package e2e

import "testing"

func TestVNTemplateCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	file := writeFile(t, "vnt.tmpl", "NAME=\"e2e-vnt\"\nVN_MAD=\"dummy\"\nBRIDGE=\"br7\"\nAR=[ TYPE=\"IP4\", IP=\"10.77.0.1\", SIZE=\"4\" ]\n")
	r := c.ok(t, "vntemplate", "create", file, "--dry")
	mustContain(t, "--dry", r, "VN_MAD=\"dummy\"")
	id := createdID(t, c.ok(t, "vntemplate", "create", file))
	steps := []step{
		{name: "created", args: []string{"vntemplate", "list", "-o", "csv"}, stdout: "e2e-vnt",
			check: wantFields("NAME", "e2e-vnt", "TEMPLATE.VN_MAD", "dummy", "TEMPLATE.AR.IP", "10.77.0.1")},
		{name: "show", args: []string{"vntemplate", "show", "{id}"}, stdout: "TEMPLATE " + itoa(id) + " INFORMATION"},
		{name: "create without VN_MAD refused", args: []string{"vntemplate", "create", "-"}, stdin: "NAME=\"x\"\n", code: 8,
			stderr: "VN_MAD is mandatory"},
		{name: "rename", args: []string{"vntemplate", "rename", "{id}", "e2e-vnt2"}, check: wantField("NAME", "e2e-vnt2")},
		{name: "chmod", args: []string{"vntemplate", "chmod", "{id}", "604"}, check: wantFields("PERMISSIONS.OTHER_U", "1", "PERMISSIONS.GROUP_U", "0")},
		{name: "chown", args: []string{"vntemplate", "chown", "{id}", "alice", "users"}, check: wantFields("UNAME", "alice", "GNAME", "users")},
		{name: "chgrp", args: []string{"vntemplate", "chgrp", "{id}", "oneadmin"}, check: wantField("GNAME", "oneadmin")},
		{name: "chown back", args: []string{"vntemplate", "chown", "{id}", "oneadmin"}, check: wantField("UNAME", "oneadmin")},
		{name: "update --append", args: []string{"vntemplate", "update", "{id}", "-a"}, stdin: "DNS=\"10.77.0.254\"\n",
			check: wantFields("TEMPLATE.DNS", "10.77.0.254", "TEMPLATE.BRIDGE", "br7")},
		{name: "lock", args: []string{"vntemplate", "lock", "{id}", "--manage"}, check: wantField("LOCK.LOCKED", "2")},
		{name: "locked refuses update", args: []string{"vntemplate", "update", "{id}", "-a"}, stdin: "X=1\n", code: 6, stderr: "VNTEMPLATE is locked"},
		{name: "unlock", args: []string{"vntemplate", "unlock", "{id}"}, check: wantAbsent("LOCK")},
		{name: "clone", args: []string{"vntemplate", "clone", "{id}", "e2e-copy"}, stdout: "ID:"},
	}
	runStepsOn(t, c, id, c.shower("vntemplate", "VNTEMPLATE"), steps)
	w := c.startWatch(t, "vntemplate", "top", "--delay", "100ms")
	w.next(t, "e2e-copy")
	if code := w.interrupt(t); code != 130 {
		t.Fatalf("vntemplate top ended with %d on Ctrl-C", code)
	}

	// two networks, named by index, with an extra range from the flags
	out := c.ok(t, "vntemplate", "instantiate", itoa(id), "--name", "from-tpl-%i", "--multiple", "2",
		"--ip", "10.78.0.1", "--size", "2", "--wait")
	first := createdID(t, out)
	vn := c.object(t, "vnet", "VNET", first)
	if str(vn, "NAME") != "from-tpl-0" || str(vn, "STATE") != "1" || str(vn, "TEMPLATE.TEMPLATE_ID") != itoa(id) ||
		len(list(vn, "AR_POOL.AR")) != 2 {
		t.Fatalf("network from the template: %v", vn)
	}
	mustContain(t, "vnet list", c.ok(t, "vnet", "list", "-o", "csv"), "from-tpl-0", "from-tpl-1")
	bad := c.fails(t, 7, "vntemplate", "instantiate", itoa(id), "--name", "from-tpl-0")
	mustContain(t, "same name again", bad.Stderr, "NAME is already taken by NET")
	// as another user
	as := createdID(t, c.ok(t, "vntemplate", "instantiate", itoa(id), "--name", "for-alice", "--as-uid", "alice"))
	if vn := c.object(t, "vnet", "VNET", as); str(vn, "UNAME") != "alice" {
		t.Fatalf("--as-uid: %v", vn)
	}
	c.ok(t, "vntemplate", "delete", "e2e-copy")
	c.fails(t, 5, "vntemplate", "show", "e2e-copy")

	// alice instantiates the demo's shared template and owns the network
	a := s.alice(t)
	mine := createdID(t, a.ok(t, "vntemplate", "instantiate", "lan", "--name", "alice-lan"))
	if vn := a.object(t, "vnet", "VNET", mine); str(vn, "UNAME") != "alice" || str(vn, "TEMPLATE.TEMPLATE_ID") != "0" {
		t.Fatalf("alice's network: %v", vn)
	}
	c.ok(t, "vntemplate", "chmod", itoa(id), "600")
	no := a.fails(t, 4, "vntemplate", "instantiate", itoa(id))
	mustContain(t, "alice on a private template", no.Stderr, "Not authorized to perform USE VNTEMPLATE")
	a.fails(t, 4, "vntemplate", "delete", "lan")
}
