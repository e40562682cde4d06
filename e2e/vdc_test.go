package e2e

import (
	"encoding/json"
	"testing"
)

func (c *cli) vdcDoc(t testing.TB, who string) map[string]any {
	t.Helper()
	out := c.ok(t, "vdc", "show", who, "-o", "json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("vdc show -o json: %v\n%s", err, out)
	}
	return doc["VDC"].(map[string]any)
}

func TestVDCCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c, alice := s.admin(t), s.alice(t)

	mustContain(t, "list", c.ok(t, "vdc", "list"), "default", "ALL")
	id := createdID(t, c.ok(t, "vdc", "create", "lab"))
	r := c.fails(t, 8, "vdc", "create", "lab")
	mustContain(t, "stderr", oneErrorLine(t, r), "NAME is already taken by Vdc")
	alice.fails(t, 4, "vdc", "create", "mine")
	alice.fails(t, 4, "vdc", "show", itoa(id))

	// a group of its own, out of the default VDC, gets only what lab gives
	g := createdID(t, c.ok(t, "group", "create", "team"))
	c.ok(t, "vdc", "delgroup", "default", "team")
	c.ok(t, "vdc", "addgroup", "lab", "team")
	r = c.fails(t, 8, "vdc", "addgroup", "lab", "team")
	mustContain(t, "stderr", oneErrorLine(t, r), "already assigned to the VDC")
	c.ok(t, "vdc", "addcluster", "lab", "OpenNebula", "default")
	c.ok(t, "vdc", "addhost", "lab", "0", "host01")
	c.ok(t, "vdc", "adddatastore", "lab", "0", "1")
	c.ok(t, "vdc", "addvnet", "lab", "0", "private")
	c.ok(t, "vdc", "addvnet", "lab", "0", "ALL")
	v := c.vdcDoc(t, "lab")
	if str(v, "GROUPS.ID") != itoa(g) || str(v, "CLUSTERS.CLUSTER.CLUSTER_ID") != "0" || str(v, "HOSTS.HOST.HOST_ID") != "0" ||
		str(v, "DATASTORES.DATASTORE.DATASTORE_ID") != "1" || str(v, "VNETS.VNET.VNET_ID") != "-10" {
		t.Fatalf("vdc: %v", v)
	}
	show := c.ok(t, "vdc", "show", "lab")
	mustContain(t, "show", show, "VDC "+itoa(id)+" INFORMATION", " GROUPS\n    "+itoa(g)+"\n", "   ZONE   CLUSTER\n      0         0\n",
		"   ZONE      VNET\n      0       ALL\n")
	mustContain(t, "list", c.ok(t, "vdc", "list", "--filter", "NAME=lab"), "lab")
	acl := c.ok(t, "acl", "list", "-o", "xml")
	mustContain(t, "acl", acl, "@"+itoa(g)+" HOST/%0 MANAGE #0", "@"+itoa(g)+" HOST/#0 MANAGE #0",
		"@"+itoa(g)+" DATASTORE/#1 USE #0", "@"+itoa(g)+" NET/* USE #0")
	mustNotContain(t, "acl", acl, "@"+itoa(g)+" NET/#0 USE")

	// refusals
	r = c.fails(t, 5, "vdc", "addcluster", "lab", "99", "0")
	mustContain(t, "stderr", oneErrorLine(t, r), "zone")
	c.fails(t, 5, "vdc", "addhost", "lab", "0", "nohost")
	r = c.fails(t, 8, "vdc", "delhost", "lab", "0", "host02")
	mustContain(t, "stderr", oneErrorLine(t, r), "HOST 1 from Zone 0 is not assigned to the VDC")

	// del*, rename, update, delete; the group loses its rules with them
	c.ok(t, "vdc", "delhost", "lab", "0", "host01")
	c.ok(t, "vdc", "delcluster", "lab", "0", "0")
	c.ok(t, "vdc", "deldatastore", "lab", "0", "1")
	c.ok(t, "vdc", "delvnet", "lab", "0", "ALL")
	acl = c.ok(t, "acl", "list", "-o", "xml")
	mustNotContain(t, "acl after removing every resource", acl, "@"+itoa(g)+" HOST", "@"+itoa(g)+" NET", "@"+itoa(g)+" DATASTORE")
	mustContain(t, "acl", acl, "@"+itoa(g)+" VM+IMAGE") // the group's own CREATE rule stays
	c.ok(t, "vdc", "rename", "lab", "lab2")
	c.ok(t, "vdc", "update", "lab2", writeFile(t, "t", "DESCRIPTION=\"lab\"\n"))
	if v := c.vdcDoc(t, "lab2"); str(v, "TEMPLATE.DESCRIPTION") != "lab" {
		t.Fatalf("template %v", v["TEMPLATE"])
	}
	c.ok(t, "vdc", "delgroup", "lab2", "team")
	c.ok(t, "vdc", "delete", "lab2")
	c.fails(t, 5, "vdc", "show", itoa(id))
}
