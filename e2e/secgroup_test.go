package e2e

import "testing"

func sgSteps(t *testing.T, c *cli, id int, steps []step) {
	t.Helper()
	runStepsOn(t, c, id, c.shower("secgroup", "SECURITY_GROUP"), steps)
}

func TestSecGroupCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := createdID(t, c.ok(t, "secgroup", "create", "--name", "e2e-sg", "--description", "e2e",
		"--rule", "inbound:tcp:22,80:90", "--rule", "outbound:all"))
	file := writeFile(t, "sg.tmpl", "NAME=\"from-file\"\nRULE=[ PROTOCOL=\"UDP\", RULE_TYPE=\"inbound\", RANGE=\"53\" ]\n")
	fromFile := createdID(t, c.ok(t, "secgroup", "create", file))
	vm := c.createVM(t, "sg-vm", "--nic", "private")
	sgSteps(t, c, id, []step{
		{name: "created with its rules", args: []string{"secgroup", "list", "-o", "csv"}, stdout: "e2e-sg",
			check: all(wantFields("NAME", "e2e-sg", "TEMPLATE.DESCRIPTION", "e2e", "TEMPLATE.RULE.RANGE", "22,80:90"),
				wantCount("TEMPLATE.RULE", 2))},
		{name: "show lists the rules", args: []string{"secgroup", "show", "{id}"}, stdout: "inbound  TCP"},
		{name: "bad protocol refused", args: []string{"secgroup", "create", "--name", "bad", "--rule", "inbound:foo"}, code: 8,
			stderr: "Wrong PROTOCOL in rule"},
		{name: "bad rule flag", args: []string{"secgroup", "create", "--name", "bad", "--rule", "sideways"}, code: 2},
		{name: "duplicate name refused", args: []string{"secgroup", "create", "--name", "e2e-sg"}, code: 8, stderr: "already taken"},
		{name: "rename", args: []string{"secgroup", "rename", "{id}", "e2e-sg2"}, check: wantField("NAME", "e2e-sg2")},
		{name: "chmod", args: []string{"secgroup", "chmod", "{id}", "640"}, check: wantField("PERMISSIONS.GROUP_U", "1")},
		{name: "chown", args: []string{"secgroup", "chown", "{id}", "alice"}, check: wantField("UNAME", "alice")},
		{name: "chgrp", args: []string{"secgroup", "chgrp", "{id}", "users"}, check: wantField("GNAME", "users")},
		{name: "chown back", args: []string{"secgroup", "chown", "{id}", "oneadmin", "oneadmin"}, check: wantFields("UNAME", "oneadmin", "GNAME", "oneadmin")},
		{name: "update --append", args: []string{"secgroup", "update", "{id}", "--append"}, stdin: "LABEL=\"x\"\n",
			check: all(wantField("TEMPLATE.LABEL", "x"), wantCount("TEMPLATE.RULE", 2))},
		{name: "update replaces the rules", args: []string{"secgroup", "update", "{id}", "-"},
			stdin: "RULE=[ PROTOCOL=\"TCP\", RULE_TYPE=\"inbound\", RANGE=\"443\" ]\n",
			check: all(wantCount("TEMPLATE.RULE", 1), wantField("TEMPLATE.RULE.RANGE", "443"), wantAbsent("TEMPLATE.LABEL"))},
		{name: "clone", args: []string{"secgroup", "clone", "{id}", "e2e-copy"}, stdout: "ID:"},
		{name: "clone to a taken name", args: []string{"secgroup", "clone", "{id}", "e2e-copy"}, code: 7, stderr: "already taken"},
		{name: "attach to a VM NIC", args: []string{"vm", "sg-attach", itoa(vm), "0", "{id}"}},
		{name: "the VM is the group's", args: []string{"secgroup", "commit", "{id}"},
			check: func(t *testing.T, g map[string]any) {
				vms := str(g, "UPDATED_VMS.ID") + str(g, "UPDATING_VMS.ID")
				if vms != itoa(vm) {
					t.Fatalf("group VMs %v / %v, want %d", at(g, "UPDATED_VMS"), at(g, "UPDATING_VMS"), vm)
				}
			}},
		{name: "commit --recover", args: []string{"secgroup", "commit", "{id}", "--recover"}},
		{name: "delete in use refused", args: []string{"secgroup", "delete", "{id}"}, code: 6, stderr: "has VMs using it"},
		{name: "detach", args: []string{"vm", "sg-detach", itoa(vm), "0", "{id}"}},
		{name: "delete", args: []string{"secgroup", "delete", "{id}", itoa(fromFile)}},
		{name: "gone", args: []string{"secgroup", "show", "{id}"}, code: 5},
	})
	r := c.fails(t, 6, "secgroup", "delete", "0")
	mustContain(t, "delete default", r.Stderr, "default security group (ID 0) cannot be deleted")
	def := c.object(t, "secgroup", "SECURITY_GROUP", 0)
	if len(list(def, "UPDATED_VMS.ID"))+len(list(def, "UPDATING_VMS.ID")) < 6 {
		t.Fatalf("the default group has no VMs: %v", def)
	}
}

func TestSecGroupRegularUser(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	a := s.alice(t)
	out := a.ok(t, "secgroup", "list", "-o", "csv", "--list", "ID,NAME")
	mustContain(t, "alice's list", out, "0,default", "100,web")
	id := createdID(t, a.ok(t, "secgroup", "create", "--name", "mine", "--rule", "inbound:icmp"))
	if g := a.object(t, "secgroup", "SECURITY_GROUP", id); str(g, "UNAME") != "alice" {
		t.Fatalf("alice's group: %v", g)
	}
	r := a.fails(t, 4, "secgroup", "update", "web", "-")
	mustContain(t, "update as alice", r.Stderr, "Not authorized to perform MANAGE SECGROUP [100]")
	a.fails(t, 4, "secgroup", "delete", "0")
}
