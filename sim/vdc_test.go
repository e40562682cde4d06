package sim

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

var stringRe = regexp.MustCompile(`(?s)<string>(.*)</string>`)

// sampleString is the XML document a sample response carries.
func sampleString(t *testing.T, name string) string {
	t.Helper()
	return html.UnescapeString(stringRe.FindStringSubmatch(readSample(t, name))[1])
}

func TestVDCAsOned(t *testing.T) {
	s := newSim(t, Options{})
	// what the sample's oned had: a cluster 100 and a network 1
	s.st.Clusters[100] = &Cluster{ID: 100, Name: "c100", Template: newTmpl()}
	s.st.VNets[1] = &VNet{base: base{ID: 1, Name: "n1"}, Template: newTmpl()}
	id := must(t, s, "one.vdc.allocate", admin, `NAME="smp-vdc1"`).num
	if id != 100 {
		t.Fatalf("vdc id %d", id)
	}
	wantErr(t, try(t, s, "one.vdc.allocate", admin, `NAME="smp-vdc1"`), 8192, "[one.vdc.allocate] NAME is already taken by Vdc 100.")
	wantErr(t, try(t, s, "one.vdc.allocate", admin, `DESCRIPTION="x"`), 8192, "[one.vdc.allocate] Invalid NAME, it cannot be empty")
	wantErr(t, try(t, s, "one.vdc.allocate", alice, `NAME="x"`), 512, "[one.vdc.allocate] User [2] : Not authorized to perform CREATE VDC.")
	wantErr(t, try(t, s, "one.vdc.info", alice, 100), 512, "[one.vdc.info] User [2] : Not authorized to perform USE VDC [100].")
	wantErr(t, try(t, s, "one.vdc.info", admin, 99999), 1024, "[one.vdc.info] Error getting VDC [99999].")
	wantErr(t, try(t, s, "one.vdc.rename", admin, 100, ""), 2048, "[one.vdc.rename] Invalid NAME, it cannot be empty")
	must(t, s, "one.vdc.rename", admin, 100, "smp-vdc1r")
	must(t, s, "one.vdc.update", admin, 100, `SMP_A="\"unterminated"`, 0)
	g := must(t, s, "one.group.allocate", admin, "smp-grp1").num
	must(t, s, "one.vdc.addgroup", admin, 100, g)
	wantErr(t, try(t, s, "one.vdc.addgroup", admin, 100, g), 8192, "[one.vdc.addgroup] Group 100 is already assigned to the VDC 100")
	wantErr(t, try(t, s, "one.vdc.addgroup", admin, 100, 99999), 1024, "[one.vdc.addgroup] Error getting group [99999].")
	must(t, s, "one.vdc.addcluster", admin, 100, 0, 100)
	must(t, s, "one.vdc.adddatastore", admin, 100, 0, 100)
	must(t, s, "one.vdc.addvnet", admin, 100, 0, 1)
	wantErr(t, try(t, s, "one.vdc.addcluster", admin, 100, 99, 100), 1024, "[one.vdc.addcluster] Error getting zone [99].")
	wantErr(t, try(t, s, "one.vdc.addhost", admin, 100, 0, 9), 1024, "[one.vdc.addhost] Error getting host [9].")
	wantErr(t, try(t, s, "one.vdc.delhost", admin, 100, 0, 2), 8192, "[one.vdc.delhost] HOST 2 from Zone 0 is not assigned to the VDC ")
	if got, want := must(t, s, "one.vdc.info", admin, 100).str, sampleString(t, "vdc.info.with_resources.response.xml"); got != want {
		t.Fatalf("vdc.info\n got %s\nwant %s", got, want)
	}
	// the VDC's rules for its group: %100 for the cluster, #100 and #1 for the others
	acl := must(t, s, "one.acl.info", admin).str
	for _, w := range []string{"@100 HOST/%100 MANAGE #0", "@100 NET/%100 USE #0", "@100 DATASTORE/%100 USE #0",
		"@100 DATASTORE/#100 USE #0", "@100 NET/#1 USE #0", "@100 HOST/* MANAGE #0"} {
		if !strings.Contains(acl, "<STRING>"+w+"</STRING>") {
			t.Errorf("no rule %s", w)
		}
	}
	// ALL replaces the single networks of the zone
	must(t, s, "one.vdc.addvnet", admin, 100, 0, -10)
	info := must(t, s, "one.vdc.info", admin, 100).str
	if !strings.Contains(info, "<VNETS><VNET><ZONE_ID>0</ZONE_ID><VNET_ID>-10</VNET_ID></VNET></VNETS>") {
		t.Fatalf("vnets: %s", info)
	}
	acl = must(t, s, "one.acl.info", admin).str
	if strings.Contains(acl, "@100 NET/#1 USE") || !strings.Contains(acl, "@100 NET/* USE #0") {
		t.Fatalf("rules after addvnet ALL:\n%s", acl)
	}
	// out of the default VDC and this one, the group has no rules left
	must(t, s, "one.vdc.delgroup", admin, 0, g)
	must(t, s, "one.vdc.delgroup", admin, 100, g)
	wantErr(t, try(t, s, "one.vdc.delgroup", admin, 100, g), 8192, "[one.vdc.delgroup] Group 100 is not assigned to the VDC 100")
	if strings.Contains(must(t, s, "one.acl.info", admin).str, "@100") {
		t.Fatal("rules of a group outside every VDC remain")
	}
	must(t, s, "one.vdc.delete", admin, 100)
	wantErr(t, try(t, s, "one.vdc.info", admin, 100), 1024, "[one.vdc.info] Error getting VDC [100].")
	if n := strings.Count(must(t, s, "one.vdcpool.info", admin).str, "<VDC>"); n != 1 {
		t.Fatalf("%d VDCs left", n)
	}
}

func TestZoneAsOned(t *testing.T) {
	s := newSim(t, Options{})
	s.SetEndpoint("http://localhost:2634/RPC2")
	if got, want := must(t, s, "one.zone.info", admin, 0).str, sampleString(t, "zone.info.0.response.xml"); got != want {
		t.Fatalf("zone.info\n got %s\nwant %s", got, want)
	}
	if got, want := must(t, s, "one.zonepool.info", alice).str, sampleString(t, "zonepool.info.response.xml"); got != want {
		t.Fatalf("zonepool.info as a user\n got %s\nwant %s", got, want)
	}
	if got, want := must(t, s, "one.zone.raftstatus", admin).str, sampleString(t, "zone.raftstatus.response.xml"); got != want {
		t.Fatalf("raftstatus %s", got)
	}
	wantErr(t, try(t, s, "one.zone.allocate", admin, `NAME="smp-zone1"`), 16384,
		"[one.zone.allocate] Error allocating a new zone. New zones can only be created at federation master")
	wantErr(t, try(t, s, "one.zone.update", alice, 0, "X=1", 1), 512, "[one.zone.update] User [2] : Not authorized to perform MANAGE ZONE [0].")
	must(t, s, "one.zone.update", admin, 0, `X="1"`, 1)
	must(t, s, "one.zone.addserver", admin, 0, `SERVER=[NAME="s1", ENDPOINT="http://10.0.0.1:2633/RPC2"]`)
	must(t, s, "one.zone.addserver", admin, 0, `SERVER=[NAME="s2", ENDPOINT="http://10.0.0.2:2633/RPC2"]`)
	wantErr(t, try(t, s, "one.zone.addserver", admin, 0, `SERVER=[NAME="s3"]`), 2048, "[one.zone.addserver] Missing ENDPOINT in SERVER")
	wantErr(t, try(t, s, "one.zone.addserver", admin, 1, `SERVER=[NAME="s3"]`), 2048,
		"[one.zone.addserver] Servers have to be added through the target zone endpoints")
	must(t, s, "one.zone.delserver", admin, 0, 0)
	wantErr(t, try(t, s, "one.zone.delserver", admin, 0, 0), 2048, "[one.zone.delserver] SERVER not found in zone")
	info := must(t, s, "one.zone.info", admin, 0).str
	if !strings.Contains(info, "<SERVER_POOL><SERVER><ENDPOINT><![CDATA[http://10.0.0.2:2633/RPC2]]></ENDPOINT><ID>1</ID><NAME><![CDATA[s2]]></NAME></SERVER></SERVER_POOL>") ||
		!strings.Contains(info, "<X><![CDATA[1]]></X>") {
		t.Fatalf("zone: %s", info)
	}
	must(t, s, "one.zone.enable", admin, 0, b(false))
	if !strings.Contains(must(t, s, "one.zone.info", admin, 0).str, "<STATE>1</STATE>") {
		t.Fatal("zone not disabled")
	}
	must(t, s, "one.zone.rename", admin, 0, "Home")
	wantErr(t, try(t, s, "one.zone.delete", admin, 0), 2048, "[one.zone.delete] Cannot delete zone. System Zones (ID < 100) cannot be deleted.")
}
