package sim

import (
	"html"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var payloadRe = regexp.MustCompile(`(?s)<value><string>(.*?)</string></value>`)

// samplePayload is the XML a recorded oned answer carries.
func samplePayload(t *testing.T, name string) string {
	t.Helper()
	m := payloadRe.FindStringSubmatch(readSample(t, name))
	if m == nil {
		t.Fatalf("%s has no payload", name)
	}
	return html.UnescapeString(m[1])
}

// replay sends a recorded request and returns the answer.
func replay(t *testing.T, s *Server, name string) string {
	t.Helper()
	return string(s.Handle([]byte(readSample(t, name+".request.xml"))))
}

// vnetSim is an empty cloud on a fake clock with oned's smp-vnet1 as
// network 1 (network 0 takes the first ID, as in the recording).
func vnetSim(t *testing.T) (*Server, *fakeClock) {
	clk := newClock()
	s := clockSim(t, Options{Seed: "empty", Now: clk.now})
	must(t, s, "one.vn.allocate", admin, "NAME=vnet0\nVN_MAD=dummy\nBRIDGE=br0", -1)
	if r := parseResp(t, replay(t, s, "vn.allocate")); !r.ok || r.num != 1 {
		t.Fatalf("allocate smp-vnet1: %+v", r)
	}
	return s, clk
}

func vnState(t *testing.T, s *Server, id int) int {
	t.Helper()
	m := regexp.MustCompile(`<STATE><!\[CDATA\[(\d)\]\]></STATE>`).FindStringSubmatch(must(t, s, "one.vn.info", admin, id).str)
	n, _ := strconv.Atoi(m[1])
	return n
}

func usedLeases(t *testing.T, s *Server, id int) string {
	t.Helper()
	m := regexp.MustCompile(`<USED_LEASES>(\d+)</USED_LEASES>`).FindStringSubmatch(must(t, s, "one.vn.info", admin, id).str)
	return m[1]
}

func TestVNetAllocateIsLockCreateThenReady(t *testing.T) {
	s, clk := vnetSim(t)
	info := must(t, s, "one.vn.info", admin, 1).str
	if vnState(t, s, 1) != vnLockCreate || !strings.Contains(info, "<AR_POOL></AR_POOL>") ||
		!strings.Contains(info, "<TEMPLATE><AR><IP><![CDATA[10.9.0.10]]></IP>") || strings.Contains(info, "<VLAN_ID><!") {
		t.Fatalf("right after allocate:\n%s", info)
	}
	clk.add(time.Second)
	if got, want := must(t, s, "one.vn.info", admin, 1).str, samplePayload(t, "vn.info.new.response.xml"); got != want {
		t.Fatalf("ready:\n got %s\nwant %s", got, want)
	}
	// the pool shows the ranges as stored, without leases
	pool := must(t, s, "one.vnpool.info", admin, -2, -1, -1).str
	if !strings.Contains(pool, "<AR_POOL><AR><AR_ID><![CDATA[0]]></AR_ID><IP><![CDATA[10.9.0.10]]></IP><MAC><![CDATA[02:00:0a:09:00:0a]]></MAC><SIZE><![CDATA[5]]></SIZE><TYPE><![CDATA[IP4]]></TYPE></AR></AR_POOL>") {
		t.Fatalf("pool:\n%s", pool)
	}
}

// The refusals of the recording come back byte for byte.
func TestVNetErrorSamples(t *testing.T) {
	s, clk := vnetSim(t)
	clk.add(time.Second)
	for _, name := range []string{"err.vn.allocate.duplicate", "err.vn.allocate.bad_ar", "err.vn.allocate.no_vn_mad",
		"err.vn.info.missing", "err.vn.reserve.no_size", "err.vn.reserve.no_name", "err.vn.add_ar.no_size",
		"err.vn.update_ar.missing_ar", "err.vn.update_ar.no_ar_id", "err.vn.hold.outside", "err.vn.recover.ready",
		"err.vn.chown.missing_user", "err.vn.rename.empty", "err.vn.update.replace_drops_vn_mad",
		"err.vn.reserve.exhausted"} {
		t.Run(name, func(t *testing.T) {
			if got, want := replay(t, s, name), readSample(t, name+".response.xml"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestVNetLeasesStayExact(t *testing.T) {
	s, clk := vnetSim(t)
	clk.add(time.Second)
	vm := must(t, s, "one.vm.allocate", admin, `NAME=v CPU=0.1 MEMORY=32 NIC=[NETWORK_ID=1]`).num
	vmInfo := must(t, s, "one.vm.info", admin, vm).str
	for _, w := range []string{"<AR_ID><![CDATA[0]]></AR_ID>", "<IP><![CDATA[10.9.0.10]]></IP>", "<MAC><![CDATA[02:00:0a:09:00:0a]]></MAC>"} {
		if !strings.Contains(vmInfo, w) {
			t.Fatalf("VM NIC lacks %s:\n%s", w, vmInfo)
		}
	}
	// an address asked for is honoured, a taken one refused
	wantErr(t, try(t, s, "one.vm.allocate", admin, `NAME=w CPU=0.1 MEMORY=32 NIC=[NETWORK_ID=1,IP=10.9.0.10]`),
		codeAllocate, "[one.vm.allocate] Error allocating a new virtual machine. Cannot get IP/MAC lease from virtual network 1.")
	w := must(t, s, "one.vm.allocate", admin, `NAME=w CPU=0.1 MEMORY=32 NIC=[NETWORK_ID=1,MAC="02:00:0a:09:00:0e"]`).num
	must(t, s, "one.vn.hold", admin, 1, `LEASES=[IP="10.9.0.11"]`)
	wantErr(t, try(t, s, "one.vn.hold", admin, 1, `LEASES=[IP="10.9.0.11"]`), codeInternal,
		"[one.vn.hold] Address is not part of the address range or in use.")
	if u := usedLeases(t, s, 1); u != "3" {
		t.Fatalf("USED_LEASES %s, want 3", u)
	}
	// two addresses are left, .12 and .13: reserve them
	r := must(t, s, "one.vn.reserve", admin, 1, `SIZE=2 NAME=resv`).num
	wantErr(t, try(t, s, "one.vn.reserve", admin, 1, `SIZE=1 NAME=resv2`), codeAction,
		"[one.vn.reserve] Not enough free addresses in an address range")
	wantErr(t, try(t, s, "one.vm.allocate", admin, `NAME=x CPU=0.1 MEMORY=32 NIC=[NETWORK_ID=1]`),
		codeAllocate, "[one.vm.allocate] Error allocating a new virtual machine. Cannot get IP/MAC lease from virtual network 1.")
	parent := must(t, s, "one.vn.info", admin, 1).str
	for _, w := range []string{"<USED_LEASES>5</USED_LEASES>",
		"<LEASE><IP><![CDATA[10.9.0.11]]></IP><MAC><![CDATA[02:00:0a:09:00:0b]]></MAC><VM><![CDATA[-1]]></VM></LEASE>",
		"<LEASE><IP><![CDATA[10.9.0.12]]></IP><MAC><![CDATA[02:00:0a:09:00:0c]]></MAC><VNET><![CDATA[" + strconv.Itoa(r) + "]]></VNET></LEASE>",
		"<UPDATED_VMS><ID>" + strconv.Itoa(vm) + "</ID><ID>" + strconv.Itoa(w) + "</ID></UPDATED_VMS>"} {
		if !strings.Contains(parent, w) {
			t.Fatalf("parent lacks %s:\n%s", w, parent)
		}
	}
	resv := must(t, s, "one.vn.info", admin, r).str
	if !strings.Contains(resv, "<PARENT_NETWORK_ID>1</PARENT_NETWORK_ID>") ||
		!strings.Contains(resv, "<IP><![CDATA[10.9.0.12]]></IP><MAC><![CDATA[02:00:0a:09:00:0c]]></MAC><PARENT_NETWORK_AR_ID><![CDATA[0]]></PARENT_NETWORK_AR_ID><SIZE><![CDATA[2]]></SIZE>") {
		t.Fatalf("reservation:\n%s", resv)
	}
	// a VM on the reservation leases from it
	clk.add(time.Second)
	x := must(t, s, "one.vm.allocate", admin, `NAME=x CPU=0.1 MEMORY=32 NIC=[NETWORK_ID=`+strconv.Itoa(r)+`]`).num
	if u := usedLeases(t, s, r); u != "1" {
		t.Fatalf("reservation USED_LEASES %s", u)
	}
	// in use: the parent and the reservation stay
	for _, id := range []int{1, r} {
		wantErr(t, try(t, s, "one.vn.delete", admin, id), codeAction,
			"[one.vn.delete] Cannot delete virtual network. Can not remove a virtual network with leases in use")
	}
	// VMs going away give their addresses back
	action(t, s, "terminate-hard", x)
	action(t, s, "terminate-hard", w)
	clk.add(5 * time.Second)
	must(t, s, "one.vm.info", admin, vm)
	if u := usedLeases(t, s, r); u != "0" {
		t.Fatalf("reservation USED_LEASES %s after its VM left", u)
	}
	if u := usedLeases(t, s, 1); u != "4" {
		t.Fatalf("parent USED_LEASES %s, want 4", u)
	}
	// deleting the reservation gives its addresses back once LOCK_DELETE ends
	must(t, s, "one.vn.delete", admin, r)
	if vnState(t, s, r) != vnLockDelete {
		t.Fatal("reservation not in LOCK_DELETE")
	}
	wantErr(t, try(t, s, "one.vn.delete", admin, r), codeAction,
		"[one.vn.delete] Cannot delete virtual network. Can not remove a Virtual Network, wrong state LOCK_DELETE")
	clk.add(time.Second)
	wantErr(t, try(t, s, "one.vn.info", admin, r), codeNoExists, "[one.vn.info] Error getting virtual network ["+strconv.Itoa(r)+"].")
	if u := usedLeases(t, s, 1); u != "2" {
		t.Fatalf("parent USED_LEASES %s after the reservation went, want 2", u)
	}
	must(t, s, "one.vn.release", admin, 1, `LEASES=[IP="10.9.0.11"]`)
	must(t, s, "one.vn.release", admin, 1, `LEASES=[IP="10.9.0.10"]`) // not held: accepted, left alone
	if u := usedLeases(t, s, 1); u != "1" {
		t.Fatalf("parent USED_LEASES %s after release, want 1", u)
	}
}

func TestVNetReserveVariants(t *testing.T) {
	s, clk := vnetSim(t)
	clk.add(time.Second)
	replay(t, s, "vn.add_ar")
	if got := replay(t, s, "vn.update_ar"); !parseResp(t, got).ok {
		t.Fatal(got)
	}
	r := must(t, s, "one.vn.reserve", admin, 1, `SIZE=1 AR_ID=1 IP="10.9.1.5" NAME=r1`).num
	wantErr(t, try(t, s, "one.vn.reserve", admin, 1, `SIZE=1 AR_ID=1 IP="10.9.1.5" NAME=r2`), codeAction,
		"[one.vn.reserve] Not enough free addresses in address range 1, or it does not exist")
	wantErr(t, try(t, s, "one.vn.reserve", admin, 1, `SIZE=1 IP="10.9.1.6" NAME=r2`), codeAction,
		"[one.vn.reserve] AR_ID must be specified for IP/MAC based reservations")
	if got := must(t, s, "one.vn.reserve", admin, 1, `SIZE=1 NETWORK_ID=`+strconv.Itoa(r)).num; got != r {
		t.Fatalf("into existing answered %d, want %d", got, r)
	}
	wantErr(t, try(t, s, "one.vn.reserve", admin, r, `SIZE=1 NAME=r3`), codeAction,
		"[one.vn.reserve] Cannot reserve addresses from a reserved VNET")
	wantErr(t, try(t, s, "one.vn.reserve", admin, 1, `SIZE=1 NETWORK_ID=0`), codeAction,
		"[one.vn.reserve] Cannot add reservations to a non-reservation VNET")
	info := must(t, s, "one.vn.info", admin, r).str
	if strings.Count(info, "<PARENT_NETWORK_AR_ID>") != 2 || !strings.Contains(info, "<IP><![CDATA[10.9.1.5]]></IP>") {
		t.Fatalf("reservation:\n%s", info)
	}
	// free_ar gives one range back to the parent
	must(t, s, "one.vn.free_ar", admin, r, 0)
	if u := usedLeases(t, s, 1); u != "1" {
		t.Fatalf("parent USED_LEASES %s after free_ar", u)
	}
	wantErr(t, try(t, s, "one.vn.free_ar", admin, r, 0), codeInternal, "[one.vn.free_ar] Address Range does not exist")
}

func TestVNetRegularUserSeesOwnLeases(t *testing.T) {
	s := newSim(t, Options{})
	// demo: network 0 "private" has oneadmin's VMs and alice's
	admin0 := must(t, s, "one.vn.info", admin, 0).str
	mine := must(t, s, "one.vn.info", alice, 0).str
	if strings.Count(admin0, "<LEASE>") != 5 || strings.Count(mine, "<LEASE>") != 1 {
		t.Fatalf("leases seen: admin %d, alice %d", strings.Count(admin0, "<LEASE>"), strings.Count(mine, "<LEASE>"))
	}
	if !strings.Contains(mine, "<USED_LEASES>5</USED_LEASES>") {
		t.Fatalf("alice's USED_LEASES:\n%s", mine)
	}
	// users reserve from a network they may use, and own the reservation
	r := must(t, s, "one.vn.reserve", alice, 0, "SIZE=3\nNAME=mine").num
	info := must(t, s, "one.vn.info", alice, r).str
	if !strings.Contains(info, "<UNAME>alice</UNAME>") {
		t.Fatalf("reservation:\n%s", info)
	}
	wantErr(t, try(t, s, "one.vn.add_ar", alice, 0, `AR=[TYPE=ETHER,SIZE=2]`), codeAuthorization,
		"[one.vn.add_ar] User [2] : Not authorized to perform ADMIN NET [0].")
	wantErr(t, try(t, s, "one.vn.allocate", alice, "NAME=n VN_MAD=dummy BRIDGE=b", -1), codeAuthorization,
		"[one.vn.allocate] User [2] : Not authorized to perform CREATE NET; Not authorized to perform ADMIN CLUSTER [0].")
}

func TestVNetRecover(t *testing.T) {
	s, _ := vnetSim(t)
	must(t, s, "one.vn.recover", admin, 1, 0)
	if vnState(t, s, 1) != vnError {
		t.Fatal("recover failure did not give ERROR")
	}
	must(t, s, "one.vn.recover", admin, 1, 1)
	if vnState(t, s, 1) != vnReady || usedLeases(t, s, 1) != "0" ||
		!strings.Contains(must(t, s, "one.vn.info", admin, 1).str, "<IP_END><![CDATA[10.9.0.14]]></IP_END>") {
		t.Fatal("recover success did not make the network READY with its ranges")
	}
	must(t, s, "one.vn.delete", admin, 1)
	must(t, s, "one.vn.recover", admin, 1, 2)
	wantErr(t, try(t, s, "one.vn.info", admin, 1), codeNoExists, "[one.vn.info] Error getting virtual network [1].")
}

// The demo's networks keep their IDs: a new one comes after them.
func TestDemoVNetsNextID(t *testing.T) {
	s := newSim(t, Options{})
	if id := must(t, s, "one.vn.allocate", admin, "NAME=n VN_MAD=dummy BRIDGE=b", -1).num; id != 4 {
		t.Fatalf("new network got ID %d, want 4", id)
	}
	if !strings.Contains(must(t, s, "one.vn.info", admin, 1).str, "<NAME>public</NAME>") {
		t.Fatal("network 1 is not the demo's public network")
	}
}

// Networks, leases, security groups, templates and routers survive a
// restart from the state file, pending LOCK_CREATE included.
func TestNetworksKeptInState(t *testing.T) {
	clk := newClock()
	file := filepath.Join(t.TempDir(), "state.json")
	s, err := New(Options{StateFile: file, Delay: time.Second, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	must(t, s, "one.vn.hold", admin, 0, `LEASES=[IP="192.168.150.50"]`)
	r := must(t, s, "one.vn.reserve", admin, 0, "SIZE=2\nNAME=kept").num
	n := must(t, s, "one.vn.allocate", admin, "NAME=late VN_MAD=dummy BRIDGE=b AR=[TYPE=ETHER,SIZE=2]", -1).num
	sg := must(t, s, "one.secgroup.allocate", admin, "NAME=kept-sg").num
	before := map[int]string{}
	for _, id := range []int{0, 1, r} {
		before[id] = must(t, s, "one.vn.info", admin, id).str
	}
	pool := must(t, s, "one.vnpool.info", admin, -2, -1, -1).str
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := clockSim(t, Options{StateFile: file, Now: clk.now})
	for id, want := range before {
		if got := must(t, s2, "one.vn.info", admin, id).str; got != want {
			t.Errorf("network %d after a restart:\n got %s\nwant %s", id, got, want)
		}
	}
	if got := must(t, s2, "one.vnpool.info", admin, -2, -1, -1).str; got != pool {
		t.Errorf("pool after a restart:\n got %s\nwant %s", got, pool)
	}
	if vnState(t, s2, n) != vnLockCreate {
		t.Fatal("the new network is no longer LOCK_CREATE")
	}
	clk.add(time.Second)
	if vnState(t, s2, n) != vnReady || usedLeases(t, s2, n) != "0" {
		t.Fatal("the new network did not become READY after the restart")
	}
	must(t, s2, "one.secgroup.info", admin, sg)
	must(t, s2, "one.vrouter.info", admin, 0)
	must(t, s2, "one.vntemplate.info", admin, 0)
	// the next lease after the restart is still the lowest free one (.1-.5
	// are the demo VMs', .6-.7 the reservation's)
	v := must(t, s2, "one.vm.allocate", admin, "NAME=x CPU=0.1 MEMORY=8 NIC=[NETWORK_ID=0]").num
	if !strings.Contains(must(t, s2, "one.vm.info", admin, v).str, "<IP><![CDATA[192.168.150.8]]></IP>") {
		t.Fatal("the lease after a restart is not the lowest free address")
	}
}

// Right after allocate and reserve, oned's answers for the new networks
// (both LOCK_CREATE) come back byte for byte.
func TestVNetLockCreateSamples(t *testing.T) {
	s, clk := vnetSim(t)
	clk.add(time.Second)
	must(t, s, "one.vn.update", admin, 1, `SMP_B="merged" SMP_C="new"`, 1)
	must(t, s, "one.vn.allocate", admin, "NAME=vnet2 VN_MAD=dummy BRIDGE=b2", -1)
	if r := must(t, s, "one.vn.reserve", admin, 1, `SIZE="2" NAME="smp-resv1"`); r.num != 3 {
		t.Fatalf("reservation %d", r.num)
	}
	if got, want := must(t, s, "one.vn.info", admin, 3).str, samplePayload(t, "vn.info.reservation.response.xml"); got != want {
		t.Errorf("reservation:\n got %s\nwant %s", got, want)
	}
	for i := 4; i < 12; i++ {
		must(t, s, "one.vn.allocate", admin, sprintf("NAME=n%d VN_MAD=dummy BRIDGE=b", i), -1)
	}
	if r := parseResp(t, replay(t, s, "vn.allocate.timeline")); r.num != 12 {
		t.Fatalf("allocate: %+v", r)
	}
	if got, want := must(t, s, "one.vn.info", admin, 12).str, samplePayload(t, "vn.info.lock_create.response.xml"); got != want {
		t.Errorf("LOCK_CREATE:\n got %s\nwant %s", got, want)
	}
	clk.add(time.Second)
	if r := parseResp(t, replay(t, s, "vn.delete.timeline")); !r.ok || r.num != 12 {
		t.Fatalf("delete: %+v", r)
	}
	if got, want := must(t, s, "one.vn.info", admin, 12).str, samplePayload(t, "vn.info.lock_delete.response.xml"); got != want {
		t.Errorf("LOCK_DELETE:\n got %s\nwant %s", got, want)
	}
}

// AUTOMATIC_VLAN_ID: 802.1Q-like drivers take the first free ID of oned's
// bitmap from a hint made of the network ID, vxlan takes START + ID.
func TestAutomaticVLANs(t *testing.T) {
	s := newSim(t, Options{Seed: "empty"})
	alloc := func(text string) (int, string) {
		t.Helper()
		id := must(t, s, "one.vn.allocate", admin, text, -1).num
		info := must(t, s, "one.vn.info", admin, id).str
		m := regexp.MustCompile(`<VLAN_ID>(?:<!\[CDATA\[)?([^<\]]*)(?:\]\]>)?</VLAN_ID><OUTER_VLAN_ID/><VLAN_ID_AUTOMATIC>(\d)</VLAN_ID_AUTOMATIC>`).FindStringSubmatch(info)
		if m == nil {
			t.Fatalf("no VLAN_ID in\n%s", info)
		}
		return id, m[1] + "/" + m[2]
	}
	q := "VN_MAD=802.1Q PHYDEV=eth0 AUTOMATIC_VLAN_ID=YES "
	if _, v := alloc("NAME=a " + q); v != "2/1" {
		t.Errorf("first automatic VLAN %s, want 2/1", v)
	}
	if _, v := alloc("NAME=b VN_MAD=802.1Q PHYDEV=eth0 VLAN_ID=4"); v != "4/0" {
		t.Errorf("given VLAN %s, want 4/0", v)
	}
	if _, v := alloc("NAME=c " + q); v != "5/1" {
		t.Errorf("hint 4 is taken: got %s, want 5/1", v)
	}
	if id, v := alloc("NAME=d VN_MAD=vxlan PHYDEV=eth0 AUTOMATIC_VLAN_ID=YES"); v != itoa(2+id)+"/1" {
		t.Errorf("vxlan VLAN %s, want %d/1", v, 2+id)
	}
	wantErr(t, try(t, s, "one.vn.allocate", admin, "NAME=e VN_MAD=802.1Q PHYDEV=eth0", -1), codeInternal,
		"[one.vn.allocate] VLAN_ID (or AUTOMATIC_VLAN_ID) is mandatory for driver 802.1Q")
}
