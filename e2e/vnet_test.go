package e2e

import (
	"testing"
	"time"
)

// leases maps each leased address of a network (IP, else MAC) to who has
// it: "VM:3", "VNET:5", "VM:-1" for a hold.
func leases(vn map[string]any) map[string]string {
	out := map[string]string{}
	for _, ar := range list(vn, "AR_POOL.AR") {
		for _, l := range list(ar, "LEASES.LEASE") {
			addr := str(l, "IP")
			if addr == "" {
				addr = str(l, "MAC")
			}
			for _, k := range []string{"VM", "VNET", "VROUTER"} {
				if v := str(l, k); v != "" {
					out[addr] = k + ":" + v
				}
			}
		}
	}
	return out
}

func wantLease(addr, holder string) func(*testing.T, map[string]any) {
	return func(t *testing.T, vn map[string]any) {
		t.Helper()
		if got := leases(vn)[addr]; got != holder {
			t.Fatalf("lease of %s is %q, want %q (leases %v)", addr, got, holder, leases(vn))
		}
	}
}

func wantLeases(n string) func(*testing.T, map[string]any) {
	return func(t *testing.T, vn map[string]any) {
		t.Helper()
		count := 0
		for _, ar := range list(vn, "AR_POOL.AR") {
			count += len(list(ar, "LEASES.LEASE"))
		}
		if str(vn, "USED_LEASES") != n || itoa(count) != n {
			t.Fatalf("USED_LEASES %s with %d leases listed, want %s", str(vn, "USED_LEASES"), count, n)
		}
	}
}

// gone polls until the network is deleted: oned drops it once its driver
// is done (LOCK_DELETE), on the simulator's clock.
func gone(t *testing.T, c *cli, id int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := c.run(t, "vnet", "show", itoa(id))
		if r.Code == 5 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("network %d still there:\n%s", id, r)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// vnetSteps runs steps whose checks read a network.
func vnetSteps(t *testing.T, c *cli, id int, steps []step) {
	t.Helper()
	runStepsOn(t, c, id, c.shower("vnet", "VNET"), steps)
}

func TestVNetCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := createdID(t, c.ok(t, "vnet", "create", "--name", "e2e-net", "--vn_mad", "dummy", "--bridge", "br9",
		"--ar", "ip4:10.50.0.1:4", "--ar", "ether:02:00:aa:bb:00:01:2", "--wait"))
	arFile := writeFile(t, "ar.tmpl", "AR=[ TYPE=\"IP4\", IP=\"10.70.0.1\", SIZE=\"2\", TAG=\"file\" ]\n")
	vnetSteps(t, c, id, []step{
		{name: "created READY with its ranges", args: []string{"vnet", "list", "-o", "csv"}, stdout: "e2e-net",
			check: all(wantFields("STATE", "1", "BRIDGE", "br9", "VN_MAD", "dummy", "AR_POOL.AR.IP", "10.50.0.1",
				"AR_POOL.AR.MAC", "02:00:0a:32:00:01", "AR_POOL.AR.IP_END", "10.50.0.4"), wantCount("AR_POOL.AR", 2))},
		{name: "rename", args: []string{"vnet", "rename", "{id}", "e2e-renamed"}, check: wantField("NAME", "e2e-renamed")},
		{name: "chmod", args: []string{"vnet", "chmod", "e2e-renamed", "644"}, check: wantFields("PERMISSIONS.GROUP_U", "1", "PERMISSIONS.OTHER_U", "1")},
		{name: "chown", args: []string{"vnet", "chown", "{id}", "alice", "users"}, check: wantFields("UNAME", "alice", "GNAME", "users")},
		{name: "chgrp", args: []string{"vnet", "chgrp", "{id}", "oneadmin"}, check: wantField("GNAME", "oneadmin")},
		{name: "chown back", args: []string{"vnet", "chown", "{id}", "oneadmin"}, check: wantField("UNAME", "oneadmin")},
		{name: "update --append", args: []string{"vnet", "update", "{id}", "--append"}, stdin: "DNS=\"10.50.0.254\"\n",
			check: wantFields("TEMPLATE.DNS", "10.50.0.254", "TEMPLATE.VN_MAD", "dummy")},
		{name: "update replace keeps the driver", args: []string{"vnet", "update", "{id}", "-"}, stdin: "VN_MAD=\"dummy\"\nLABEL=\"x\"\n",
			check: all(wantField("TEMPLATE.LABEL", "x"), wantAbsent("TEMPLATE.DNS"), wantField("TEMPLATE.BRIDGE", "br9"))},
		{name: "update without VN_MAD refused", args: []string{"vnet", "update", "{id}", "-"}, stdin: "LABEL=\"y\"\n", code: 8,
			stderr: "VN_MAD named \"\" is not defined"},
		{name: "lock", args: []string{"vnet", "lock", "{id}"}, check: wantField("LOCK.LOCKED", "1")},
		{name: "locked refuses update", args: []string{"vnet", "update", "{id}", "-", "-a"}, stdin: "X=1\n", code: 6, stderr: "NET is locked"},
		{name: "unlock", args: []string{"vnet", "unlock", "{id}"}, check: wantAbsent("LOCK")},
		{name: "addar from flags", args: []string{"vnet", "addar", "{id}", "--ip", "10.60.0.1", "--size", "3"},
			check: all(wantCount("AR_POOL.AR", 3), func(t *testing.T, vn map[string]any) {
				if ar := byID(t, vn, "AR_POOL.AR", "AR_ID", "2"); ar["IP_END"] != "10.60.0.3" || ar["TYPE"] != "IP4" {
					t.Fatalf("AR 2: %v", ar)
				}
			})},
		{name: "addar from a file", args: []string{"vnet", "addar", "{id}", arFile}, check: wantCount("AR_POOL.AR", 4)},
		{name: "show --show-ar --decrypt", args: []string{"vnet", "show", "{id}", "--show-ar", "--decrypt"}, stdout: "TAG            : file"},
		{name: "addar without size", args: []string{"vnet", "addar", "{id}", "--ip", "10.1.1.1"}, code: 2, stderr: "--size"},
		{name: "updatear --append", args: []string{"vnet", "updatear", "{id}", "2", "--append"}, stdin: "SIZE=5\n",
			check: func(t *testing.T, vn map[string]any) {
				if ar := byID(t, vn, "AR_POOL.AR", "AR_ID", "2"); ar["SIZE"] != "5" || ar["IP_END"] != "10.60.0.5" {
					t.Fatalf("AR 2: %v", ar)
				}
			}},
		{name: "updatear unknown range", args: []string{"vnet", "updatear", "{id}", "42", "-"}, stdin: "SIZE=1\n", code: 5},
		{name: "hold", args: []string{"vnet", "hold", "{id}", "10.50.0.2"}, check: all(wantLease("10.50.0.2", "VM:-1"), wantLeases("1"))},
		{name: "hold again refused", args: []string{"vnet", "hold", "{id}", "10.50.0.2"}, code: 8, stderr: "in use"},
		{name: "hold by MAC in a range", args: []string{"vnet", "hold", "{id}", "02:00:aa:bb:00:02", "--address_range", "1"},
			check: wantLease("02:00:aa:bb:00:02", "VM:-1")},
		{name: "hold garbage", args: []string{"vnet", "hold", "{id}", "not-an-ip"}, code: 2},
		{name: "release", args: []string{"vnet", "release", "{id}", "02:00:aa:bb:00:02"}, check: wantLeases("1")},
	})
	// a VM NIC takes the first free address
	vm := c.createVM(t, "nic-vm", "--nic", "e2e-renamed")
	if ip := str(c.vm(t, vm), "TEMPLATE.NIC.IP"); ip != "10.50.0.1" {
		t.Fatalf("VM NIC IP %q, want 10.50.0.1", ip)
	}
	vnetSteps(t, c, id, []step{
		{name: "the network shows the VM's lease", args: []string{"vnet", "show", "{id}"}, stdout: "V:" + itoa(vm),
			check: all(wantLease("10.50.0.1", "VM:"+itoa(vm)), wantLeases("2"))},
		{name: "vm nic-attach takes the address it asks for", args: []string{"vm", "nic-attach", itoa(vm), "--network", "{id}",
			"--ip", "10.60.0.2", "--wait"}, check: all(wantLease("10.60.0.2", "VM:"+itoa(vm)), wantLeases("3"))},
		{name: "an address in use is refused", args: []string{"vm", "nic-attach", itoa(vm), "--network", "{id}", "--ip", "10.50.0.2"},
			code: 6, stderr: "Cannot get IP/MAC lease from virtual network"},
		{name: "vm nic-detach gives it back", args: []string{"vm", "nic-detach", itoa(vm), "1", "--wait"},
			check: all(wantLease("10.60.0.2", ""), wantLeases("2"))},
	})
	resv := createdID(t, c.ok(t, "vnet", "reserve", itoa(id), "--name", "e2e-resv", "--size", "2", "--wait"))
	if st := str(c.object(t, "vnet", "VNET", resv), "STATE"); st != "1" {
		t.Fatalf("reserve --wait left the reservation in state %s", st)
	}
	vnetSteps(t, c, resv, []step{
		{name: "the reservation is a child", args: []string{"vnet", "show", "{id}", "-o", "yaml"}, stdout: "PARENT_NETWORK_ID: '" + itoa(id) + "'",
			check: wantFields("AR_POOL.AR.IP", "10.50.0.3", "AR_POOL.AR.SIZE", "2", "AR_POOL.AR.PARENT_NETWORK_AR_ID", "0")},
		{name: "exhausted range refused", args: []string{"vnet", "reserve", itoa(id), "--name", "big", "--size", "50"}, code: 6,
			stderr: "Not enough free addresses"},
		{name: "reserve into the existing reservation", args: []string{"vnet", "reserve", itoa(id), "--vnet", "e2e-resv", "--size", "1",
			"--ar", "2", "--address", "10.60.0.4"}, stdout: "ID: " + itoa(resv), check: wantCount("AR_POOL.AR", 2)},
		{name: "reserve needs a name", args: []string{"vnet", "reserve", itoa(id), "--size", "1"}, code: 2, stderr: "--name"},
		{name: "a first address needs a range", args: []string{"vnet", "reserve", itoa(id), "--name", "x", "--size", "1", "--ip", "10.50.0.9"},
			code: 2, stderr: "--address-range"},
		{name: "reserve by argument, AR and IP", args: []string{"vnet", "reserve", itoa(id), "e2e-resv", "--size", "1",
			"--address-range", "2", "--ip", "10.60.0.5"}, check: wantCount("AR_POOL.AR", 3)},
		{name: "free reserved ranges", args: []string{"vnet", "free", "{id}", "2"}, check: wantCount("AR_POOL.AR", 2)},
		{name: "free another", args: []string{"vnet", "free", "{id}", "1"}, check: wantCount("AR_POOL.AR", 1)},
	})
	vnetSteps(t, c, id, []step{
		{name: "parent leases: VM, hold, reservation", args: []string{"vnet", "list"}, stdout: "e2e-resv",
			check: all(wantLease("10.50.0.3", "VNET:"+itoa(resv)), wantLease("10.50.0.4", "VNET:"+itoa(resv)), wantLeases("4"))},
		{name: "delete in use refused", args: []string{"vnet", "delete", "{id}"}, code: 6, stderr: "leases in use"},
		{name: "rmar in use refused", args: []string{"vnet", "rmar", "{id}", "0"}, code: 8, stderr: "leases in use"},
		{name: "rmar", args: []string{"vnet", "rmar", "{id}", "3"}, check: wantCount("AR_POOL.AR", 3)},
		{name: "addleases", args: []string{"vnet", "addleases", "{id}", "10.90.0.9"}, check: wantCount("AR_POOL.AR", 4)},
		{name: "rmleases", args: []string{"vnet", "rmleases", "{id}", "10.90.0.9"}, check: wantCount("AR_POOL.AR", 3)},
		{name: "rmleases of no such range", args: []string{"vnet", "rmleases", "{id}", "10.90.0.9"}, code: 5},
		{name: "orphans lists the networks no template uses", args: []string{"vnet", "orphans", "-o", "csv"}, stdout: "\n" + itoa(id) + "\n"},
		{name: "the VM leaving frees its address", args: []string{"vm", "terminate", itoa(vm), "--hard", "--wait"},
			check: all(wantLease("10.50.0.1", ""), wantLeases("3"))},
		{name: "delete the reservation", args: []string{"vnet", "delete", itoa(resv)}},
	})
	gone(t, c, resv)
	vnetSteps(t, c, id, []step{
		{name: "its addresses are back", args: []string{"vnet", "release", "{id}", "10.50.0.2"}, check: wantLeases("0")},
		{name: "recover on a READY network refused", args: []string{"vnet", "recover", "{id}", "--success"}, code: 8, stderr: "wrong state READY"},
		{name: "recover needs one operation", args: []string{"vnet", "recover", "{id}"}, code: 2},
		{name: "delete", args: []string{"vnet", "delete", "{id}"}},
	})
	gone(t, c, id)
}

// A regular user sees the leases of the VMs she may use, reserves from a
// network she may use and owns the reservation, and cannot administer it.
func TestVNetRegularUser(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	a := s.alice(t)
	admin := s.admin(t)
	mine := leases(a.object(t, "vnet", "VNET", 0))
	all := leases(admin.object(t, "vnet", "VNET", 0))
	if len(all) != 5 || len(mine) != 1 {
		t.Fatalf("private's leases: oneadmin sees %v, alice %v", all, mine)
	}
	out := a.ok(t, "vnet", "list", "-o", "csv", "--list", "NAME,LEASES")
	mustContain(t, "alice's list", out, "private,5", "public-resv,0")
	id := createdID(t, a.ok(t, "vnet", "reserve", "private", "--name", "alice-resv", "--size", "3"))
	vn := a.object(t, "vnet", "VNET", id)
	if str(vn, "UNAME") != "alice" || str(vn, "PARENT_NETWORK_ID") != "0" || str(vn, "AR_POOL.AR.IP") != "192.168.150.6" {
		t.Fatalf("alice's reservation: %v", vn)
	}
	r := a.fails(t, 4, "vnet", "addar", "private", "--size", "2")
	mustContain(t, "addar as alice", r.Stderr, "Not authorized to perform ADMIN NET [0]")
	r = a.fails(t, 4, "vnet", "create", "--name", "x", "--vn-mad", "dummy", "--bridge", "b")
	mustContain(t, "create as alice", r.Stderr, "ADMIN CLUSTER [0]")
	a.fails(t, 4, "vnet", "hold", "private", "192.168.150.90")
	a.fails(t, 5, "vnet", "show", "99")
}

// IPv6 and Ethernet ranges lease through the binary as IPv4 ones do: a
// VM NIC gets the SLAAC addresses of its MAC, holds and reservations take
// IPv6 addresses and MACs.
func TestVNetIPv6AndEther(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := createdID(t, c.ok(t, "vnet", "create", "--name", "v6", "--vn-mad", "bridge", "--bridge", "br6",
		"--ar", "type=ip6,mac=02:00:11:22:33:00,global_prefix=2001:db8:1::,ula_prefix=fd01::,size=8",
		"--ar", "ether:02:00:aa:bb:cc:00:4", "--wait"))
	vn := c.object(t, "vnet", "VNET", id)
	ar := byID(t, vn, "AR_POOL.AR", "AR_ID", "0")
	if ar["IP6_GLOBAL"] != "2001:db8:1::11ff:fe22:3300" || ar["IP6_GLOBAL_END"] != "2001:db8:1::11ff:fe22:3307" ||
		ar["IP6_ULA"] != "fd01::11ff:fe22:3300" || ar["TYPE"] != "IP6" {
		t.Fatalf("IPv6 range: %v", ar)
	}
	vm := c.createVM(t, "v6-vm", "--nic", "v6")
	nic := byID(t, c.vm(t, vm), "TEMPLATE.NIC", "NIC_ID", "0")
	if nic["MAC"] != "02:00:11:22:33:00" || nic["IP6_GLOBAL"] != "2001:db8:1::11ff:fe22:3300" ||
		nic["IP6_LINK"] != "fe80::11ff:fe22:3300" || nic["IP"] != nil {
		t.Fatalf("VM NIC on an IPv6 range: %v", nic)
	}
	c.ok(t, "vnet", "hold", "v6", "2001:db8:1::11ff:fe22:3301")
	c.ok(t, "vnet", "hold", "v6", "02:00:aa:bb:cc:02")
	r := createdID(t, c.ok(t, "vnet", "reserve", "v6", "--name", "v6-resv", "--size", "2", "--ar", "0",
		"--address", "02:00:11:22:33:04"))
	res := c.object(t, "vnet", "VNET", r)
	if str(res, "AR_POOL.AR.MAC") != "02:00:11:22:33:04" || str(res, "AR_POOL.AR.IP6_GLOBAL") != "2001:db8:1::11ff:fe22:3304" {
		t.Fatalf("IPv6 reservation: %v", res)
	}
	got := leases(c.object(t, "vnet", "VNET", id))
	want := map[string]string{"02:00:11:22:33:00": "VM:" + itoa(vm), "02:00:11:22:33:01": "VM:-1",
		"02:00:aa:bb:cc:02": "VM:-1", "02:00:11:22:33:04": "VNET:" + itoa(r), "02:00:11:22:33:05": "VNET:" + itoa(r)}
	if len(got) != len(want) {
		t.Fatalf("leases %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("lease of %s is %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	c.fails(t, 8, "vnet", "hold", "v6", "2001:db8:1::11ff:fe22:3301")
	c.ok(t, "vnet", "release", "v6", "2001:db8:1::11ff:fe22:3301")
	if str(c.object(t, "vnet", "VNET", id), "USED_LEASES") != "4" {
		t.Fatal("release by IPv6 address did not free it")
	}
}
