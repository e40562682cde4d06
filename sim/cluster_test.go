package sim

import (
	"strings"
	"testing"
)

func TestClusterMembership(t *testing.T) {
	s, _ := clockedSim(t)
	cid := must(t, s, "one.cluster.allocate", admin, "smp-cl1").num
	if cid != 100 {
		t.Fatalf("first cluster id %d, want 100", cid)
	}
	wantErr(t, try(t, s, "one.cluster.allocate", admin, "smp-cl1"), codeInternal,
		"[one.cluster.allocate] NAME is already taken by CLUSTER 100.")
	wantErr(t, try(t, s, "one.cluster.allocate", admin, ""), codeInternal,
		"[one.cluster.allocate] Invalid NAME, it cannot be empty")
	must(t, s, "one.cluster.addhost", admin, cid, 1)
	must(t, s, "one.cluster.addhost", admin, cid, 2)
	must(t, s, "one.cluster.adddatastore", admin, cid, 1)
	must(t, s, "one.cluster.addvnet", admin, cid, 0)
	must(t, s, "one.cluster.addvnet", admin, cid, 0) // twice is fine
	info := must(t, s, "one.cluster.info", admin, cid).str
	if want := "<CLUSTER><ID>100</ID><NAME>smp-cl1</NAME><HOSTS><ID>1</ID><ID>2</ID></HOSTS><DATASTORES><ID>1</ID></DATASTORES>" +
		"<VNETS><ID>0</ID></VNETS><TEMPLATE><RESERVED_CPU><![CDATA[]]></RESERVED_CPU><RESERVED_MEM><![CDATA[]]></RESERVED_MEM></TEMPLATE></CLUSTER>"; info != want {
		t.Errorf("cluster info\n got %s\nwant %s", info, want)
	}
	def := must(t, s, "one.cluster.info", admin, 0).str
	if !strings.Contains(def, "<HOSTS><ID>0</ID></HOSTS><DATASTORES><ID>0</ID><ID>1</ID><ID>2</ID><ID>100</ID></DATASTORES><VNETS><ID>0</ID>") {
		t.Errorf("default cluster: %s", def)
	}
	if ds := must(t, s, "one.datastore.info", admin, 1).str; !strings.Contains(ds, "<CLUSTERS><ID>0</ID><ID>100</ID></CLUSTERS>") {
		t.Errorf("datastore clusters: %s", ds)
	}
	if h := must(t, s, "one.host.info", admin, 1).str; !strings.Contains(h, "<CLUSTER_ID>100</CLUSTER_ID><CLUSTER>smp-cl1</CLUSTER>") {
		t.Errorf("host cluster: %s", h)
	}
	// the VMs on a moved host follow it
	if vm := must(t, s, "one.vm.info", admin, 1).str; !strings.Contains(vm, "<CID>100</CID>") {
		t.Errorf("VM history keeps the old cluster: %s", vm)
	}
	wantErr(t, try(t, s, "one.cluster.delete", admin, cid), codeAction,
		"[one.cluster.delete] Cannot delete cluster. Cluster 100 is not empty, it contains 2 hosts.")
	must(t, s, "one.cluster.delhost", admin, cid, 1)
	must(t, s, "one.cluster.delhost", admin, cid, 2)
	if h := must(t, s, "one.host.info", admin, 2).str; !strings.Contains(h, "<CLUSTER_ID>0</CLUSTER_ID>") {
		t.Errorf("delhost does not move the host back to default: %s", h)
	}
	wantErr(t, try(t, s, "one.cluster.delete", admin, cid), codeAction,
		"[one.cluster.delete] Cannot delete cluster. Cluster 100 is not empty, it contains 1 datastores.")
	must(t, s, "one.cluster.deldatastore", admin, cid, 1)
	wantErr(t, try(t, s, "one.cluster.delete", admin, cid), codeAction,
		"[one.cluster.delete] Cannot delete cluster. Cluster 100 is not empty, it contains 1 vnets.")
	must(t, s, "one.cluster.delvnet", admin, cid, 0)
	must(t, s, "one.cluster.delvnet", admin, cid, 0) // not a member: success, as oned
	must(t, s, "one.cluster.rename", admin, cid, "smp-cl1r")
	must(t, s, "one.cluster.update", admin, cid, `SMP_A="b"`, 1)
	if info := must(t, s, "one.cluster.info", admin, cid).str; !strings.Contains(info, "<NAME>smp-cl1r</NAME><HOSTS></HOSTS>") ||
		!strings.Contains(info, "<SMP_A><![CDATA[b]]></SMP_A>") {
		t.Errorf("after rename/update: %s", info)
	}
	must(t, s, "one.cluster.delete", admin, cid)
	wantErr(t, try(t, s, "one.cluster.info", admin, cid), codeNoExists, "[one.cluster.info] Error getting cluster [100].")
}

func TestClusterRefusals(t *testing.T) {
	s, _ := clockedSim(t)
	cid := must(t, s, "one.cluster.allocate", admin, "c").num
	wantErr(t, try(t, s, "one.cluster.addhost", admin, cid, 99999), codeNoExists, "[one.cluster.addhost] Error getting host [99999].")
	wantErr(t, try(t, s, "one.cluster.delhost", admin, cid, 99999), codeNoExists, "[one.cluster.delhost] Error getting host [99999].")
	wantErr(t, try(t, s, "one.cluster.addvnet", admin, 99999, 0), codeNoExists, "[one.cluster.addvnet] Error getting cluster [99999].")
	wantErr(t, try(t, s, "one.cluster.update", alice, cid, "A=1", 1), codeAuthorization,
		"[one.cluster.update] User [2] : Not authorized to perform MANAGE CLUSTER [100].")
	wantErr(t, try(t, s, "one.cluster.addhost", alice, cid, 0), codeAuthorization,
		"[one.cluster.addhost] User [2] : Not authorized to perform ADMIN CLUSTER [100]; Not authorized to perform ADMIN HOST [0].")
	wantErr(t, try(t, s, "one.cluster.rename", admin, cid, ""), codeAction, "[one.cluster.rename] Invalid NAME, it cannot be empty")
	wantErr(t, try(t, s, "one.cluster.rename", admin, cid, "default"), codeAction,
		"[one.cluster.rename] cluster cannot be renamed to default because it collides with cluster 0")
	wantErr(t, try(t, s, "one.cluster.delete", admin, 0), codeAction,
		"[one.cluster.delete] Cannot delete cluster. System Clusters (ID < 100) cannot be deleted.")
	must(t, s, "one.cluster.info", alice, cid)
}
