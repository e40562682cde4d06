package sim

import (
	"strings"
	"testing"
	"time"
)

func TestVRouterSamples(t *testing.T) {
	s, clk := vnetSim(t)
	clk.add(time.Second)
	must(t, s, "one.vn.rename", admin, 1, "smp-vnet1r")
	if r := parseResp(t, replay(t, s, "vrouter.allocate")); !r.ok || r.num != 0 {
		t.Fatalf("allocate: %+v", r)
	}
	if got, want := must(t, s, "one.vrouter.info", admin, 0).str, samplePayload(t, "vrouter.info.response.xml"); got != want {
		t.Fatalf("info:\n got %s\nwant %s", got, want)
	}
	replay(t, s, "vrouter.allocate.second")
	if r := parseResp(t, replay(t, s, "vrouter.attachnic")); !r.ok || r.num != 1 {
		t.Fatalf("attachnic: %+v", r)
	}
	if got, want := must(t, s, "one.vrouter.info", admin, 1).str, samplePayload(t, "vrouter.info.with_nic.response.xml"); got != want {
		t.Fatalf("with a NIC:\n got %s\nwant %s", got, want)
	}
	must(t, s, "one.template.allocate", admin, `NAME=plain CPU=0.1 MEMORY=32`)
	must(t, s, "one.template.allocate", admin, `NAME=vr CPU=0.1 MEMORY=32 VROUTER=YES`)
	for _, name := range []string{"err.vrouter.allocate.missing_net", "err.vrouter.chown.missing_user",
		"err.vrouter.detachnic.missing", "err.vrouter.info.missing", "vrouter.detachnic", "err.vrouter.instantiate.missing_template",
		"err.vrouter.rename.empty"} {
		t.Run(name, func(t *testing.T) {
			if got, want := replay(t, s, name), readSample(t, name+".response.xml"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	wantErr(t, try(t, s, "one.vrouter.instantiate", admin, 0, 1, 0, "", b(true), ""), codeAction,
		"[one.vrouter.instantiate] Only virtual router templates are allowed")
	if r := must(t, s, "one.vrouter.instantiate", admin, 0, 0, 1, "", b(true), ""); r.num != 0 {
		t.Fatalf("zero VMs answered %d", r.num)
	}
}

// Router VMs lease like any NIC, and a floating IP is the router's own
// lease; everything comes back when NICs, VMs and the router go.
func TestVRouterLeases(t *testing.T) {
	s, clk := vnetSim(t)
	clk.add(time.Second)
	must(t, s, "one.template.allocate", admin, `NAME=vr CPU=0.1 MEMORY=32 VROUTER=YES NIC=[NETWORK_ID=0]`)
	r := must(t, s, "one.vrouter.allocate", admin, `NAME=r1 NIC=[NETWORK_ID=1,FLOATING_IP=YES]`).num
	if u := usedLeases(t, s, 1); u != "1" {
		t.Fatalf("floating IP: USED_LEASES %s", u)
	}
	if !strings.Contains(must(t, s, "one.vn.info", admin, 1).str, "<VROUTERS><ID>0</ID></VROUTERS>") {
		t.Fatal("the network does not list the router")
	}
	must(t, s, "one.vrouter.instantiate", admin, r, 2, 0, "rvm-%i", b(true), "")
	info := must(t, s, "one.vrouter.info", admin, r).str
	if !strings.Contains(info, "<VMS><ID>0</ID><ID>1</ID></VMS>") || !strings.Contains(info, "<TEMPLATE_ID><![CDATA[0]]></TEMPLATE_ID>") {
		t.Fatalf("router:\n%s", info)
	}
	vm := must(t, s, "one.vm.info", admin, 1).str
	for _, w := range []string{"<NAME>rvm-1</NAME>", "<VROUTER_ID><![CDATA[0]]></VROUTER_ID>", "<VROUTER_IP><![CDATA[10.9.0.10]]></VROUTER_IP>",
		"<IP><![CDATA[10.9.0.12]]></IP>"} {
		if !strings.Contains(vm, w) {
			t.Fatalf("router VM lacks %s:\n%s", w, vm)
		}
	}
	if strings.Count(vm, "<NIC>") != 1 {
		t.Fatalf("the template's own NIC was not replaced by the router's:\n%s", vm)
	}
	if u := usedLeases(t, s, 1); u != "3" {
		t.Fatalf("USED_LEASES %s with two router VMs", u)
	}
	must(t, s, "one.vrouter.detachnic", admin, r, 0)
	if u := usedLeases(t, s, 1); u != "0" {
		t.Fatalf("USED_LEASES %s after the NIC left the router and its VMs", u)
	}
	must(t, s, "one.vrouter.attachnic", admin, r, `NIC=[NETWORK_ID=1]`)
	if u := usedLeases(t, s, 1); u != "0" {
		t.Fatalf("USED_LEASES %s: a NIC without a floating IP leases nothing, and VMs on hold take no NIC", u)
	}
	must(t, s, "one.vrouter.delete", admin, r)
	if u := usedLeases(t, s, 1); u != "0" {
		t.Fatalf("USED_LEASES %s after the router went", u)
	}
	if st, _ := vmState(t, s, 0); st != stDone {
		t.Fatalf("router VM in state %d after delete", st)
	}
	wantErr(t, try(t, s, "one.vrouter.info", admin, r), codeNoExists, "[one.vrouter.info] Error getting virtual router [0].")
}
