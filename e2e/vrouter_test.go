package e2e

import (
	"strconv"
	"testing"
	"time"
)

func TestVRouterCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := createdID(t, c.withStdin("NAME=\"e2e-vr\"\nNIC=[ NETWORK=\"private\" ]\nKEEPALIVED_ID=\"9\"\n").ok(t, "vrouter", "create"))
	pub := func() map[string]any { return c.object(t, "vnet", "VNET", 1) }
	before := str(pub(), "USED_LEASES")
	steps := []step{
		{name: "created", args: []string{"vrouter", "list", "-o", "csv"}, stdout: "e2e-vr",
			check: wantFields("NAME", "e2e-vr", "TEMPLATE.NIC.NETWORK", "private", "TEMPLATE.NIC.NIC_ID", "0", "TEMPLATE.KEEPALIVED_ID", "9")},
		{name: "create with an unknown network", args: []string{"vrouter", "create", "-"}, stdin: "NAME=x\nNIC=[ NETWORK_ID=99 ]\n",
			code: 8, stderr: "Virtual network with ID: 99 does not exist"},
		{name: "create from an empty stdin", args: []string{"vrouter", "create"}, code: 2, stderr: "empty template"},
		{name: "rename", args: []string{"vrouter", "rename", "{id}", "e2e-vr2"}, check: wantField("NAME", "e2e-vr2")},
		{name: "chmod", args: []string{"vrouter", "chmod", "{id}", "640"}, check: wantField("PERMISSIONS.GROUP_U", "1")},
		{name: "chown", args: []string{"vrouter", "chown", "{id}", "alice", "users"}, check: wantFields("UNAME", "alice", "GNAME", "users")},
		{name: "chgrp", args: []string{"vrouter", "chgrp", "{id}", "oneadmin"}, check: wantField("GNAME", "oneadmin")},
		{name: "chown back", args: []string{"vrouter", "chown", "{id}", "oneadmin"}, check: wantField("UNAME", "oneadmin")},
		{name: "update keeps the NICs", args: []string{"vrouter", "update", "{id}", "-"}, stdin: "LABEL=\"x\"\n",
			check: all(wantField("TEMPLATE.LABEL", "x"), wantAbsent("TEMPLATE.KEEPALIVED_ID"), wantField("TEMPLATE.NIC.NETWORK", "private"))},
		{name: "lock", args: []string{"vrouter", "lock", "{id}"}, check: wantField("LOCK.LOCKED", "1")},
		{name: "locked refuses update", args: []string{"vrouter", "update", "{id}", "-a"}, stdin: "X=1\n", code: 6, stderr: "VROUTER is locked"},
		{name: "unlock", args: []string{"vrouter", "unlock", "{id}"}, check: wantAbsent("LOCK")},
		{name: "floating IP", args: []string{"vrouter", "nic-attach", "{id}", "--network", "public", "--float"},
			check: all(wantCount("TEMPLATE.NIC", 2), func(t *testing.T, vr map[string]any) {
				nic := byID(t, vr, "TEMPLATE.NIC", "NIC_ID", "1")
				if nic["FLOATING_IP"] != "YES" || nic["IP"] == nil {
					t.Fatalf("floating NIC: %v", nic)
				}
				if got := leases(pub())[nic["IP"].(string)]; got != "VROUTER:"+itoa(idOf(vr)) {
					t.Fatalf("public's lease of %v is %q", nic["IP"], got)
				}
			})},
		{name: "nic-attach needs a NIC", args: []string{"vrouter", "nic-attach", "{id}"}, code: 2},
		{name: "instantiate", args: []string{"vrouter", "instantiate", "{id}", "vrouter", "--name", "e2e-vr-%i", "--multiple", "2", "--wait"},
			stdout: "ID: " + itoa(id), check: wantCount("VMS.ID", 2)},
		{name: "not a router template", args: []string{"vrouter", "instantiate", "{id}", "ubuntu"}, code: 6,
			stderr: "Only virtual router templates are allowed"},
		{name: "show", args: []string{"vrouter", "show", "{id}"}, stdout: "VIRTUAL ROUTER NICS"},
	}
	runStepsOn(t, c, id, c.shower("vrouter", "VROUTER"), steps)
	w := c.startWatch(t, "vrouter", "top", "--delay", "100ms")
	w.next(t, "e2e-vr2")
	if code := w.interrupt(t); code != 130 {
		t.Fatalf("vrouter top ended with %d on Ctrl-C", code)
	}
	vr := c.object(t, "vrouter", "VROUTER", id)
	vms := list(vr, "VMS.ID")
	vm := c.vm(t, atoiT(t, vms[1].(string)))
	if str(vm, "NAME") != "e2e-vr-1" || str(vm, "TEMPLATE.VROUTER_ID") != itoa(id) || len(list(vm, "TEMPLATE.NIC")) != 2 ||
		str(vm, "LCM_STATE") != "3" {
		t.Fatalf("router VM: %v", vm)
	}
	floatingIP := str(byID(t, vr, "TEMPLATE.NIC", "NIC_ID", "1"), "IP")
	if nic := byID(t, vm, "TEMPLATE.NIC", "NIC_ID", "1"); nic["VROUTER_IP"] != floatingIP || nic["IP"] == floatingIP {
		t.Fatalf("router VM's public NIC: %v (floating %s)", nic, floatingIP)
	}
	c.ok(t, "vrouter", "instantiate", itoa(id), "vrouter", "--name", "for-alice-%i", "--as-uid", "alice", "--hold")
	all := list(c.object(t, "vrouter", "VROUTER", id), "VMS.ID")
	if owned := c.vm(t, atoiT(t, all[len(all)-1].(string))); str(owned, "UNAME") != "alice" || str(owned, "STATE") != "2" {
		t.Fatalf("--as-uid --hold: %v", owned)
	}
	vms = all
	c.ok(t, "vrouter", "nic-detach", itoa(id), "1")
	if n := len(list(c.object(t, "vrouter", "VROUTER", id), "TEMPLATE.NIC")); n != 1 {
		t.Fatalf("%d NICs after nic-detach", n)
	}
	c.ok(t, "vrouter", "delete", itoa(id))
	c.fails(t, 5, "vrouter", "show", itoa(id))
	if got := str(pub(), "USED_LEASES"); got != before {
		t.Fatalf("public USED_LEASES %s after the router went, want %s", got, before)
	}
	// oned terminates the router's VMs: they reach DONE on their own
	for _, v := range vms {
		vid := atoiT(t, v.(string))
		deadline := time.Now().Add(10 * time.Second)
		for str(c.vm(t, vid), "STATE") != "6" {
			if time.Now().After(deadline) {
				t.Fatalf("router VM %d is not DONE: %v", vid, c.vm(t, vid))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	// alice sees the demo's shared router, and cannot change it
	a := s.alice(t)
	mustContain(t, "alice's list", a.ok(t, "vrouter", "list", "-o", "csv"), "gw")
	r := a.fails(t, 4, "vrouter", "rename", "gw", "mine")
	mustContain(t, "rename as alice", r.Stderr, "Not authorized to perform MANAGE VROUTER [0]")
	// a fresh oned's rules do not let users create routers (only group
	// admins get "VROUTER/* CREATE"); a rule of her own does
	a.withStdin("NAME=\"alice-vr\"\n").fails(t, 4, "vrouter", "create")
	c.ok(t, "acl", "create", "#2 VROUTER/* CREATE")
	mine := createdID(t, a.withStdin("NAME=\"alice-vr\"\nNIC=[ NETWORK=\"private\" ]\n").ok(t, "vrouter", "create"))
	if g := a.object(t, "vrouter", "VROUTER", mine); str(g, "UNAME") != "alice" {
		t.Fatalf("alice's router: %v", g)
	}
}

func idOf(obj map[string]any) int {
	n, _ := strconv.Atoi(str(obj, "ID"))
	return n
}
