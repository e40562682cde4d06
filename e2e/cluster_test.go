package e2e

import (
	"testing"
)

func ids(v any, path string) []string {
	var out []string
	for _, x := range list(v, path) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func TestClusterCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)

	id := itoa(createdID(t, c.ok(t, "cluster", "create", "edge")))
	if id != "100" {
		t.Fatalf("first cluster ID %s", id)
	}
	r := c.fails(t, 8, "cluster", "create", "edge")
	mustContain(t, "stderr", oneErrorLine(t, r), "NAME is already taken by CLUSTER 100")

	c.ok(t, "cluster", "addhost", "edge", "host02")
	c.ok(t, "cluster", "adddatastore", "edge", "system")
	c.ok(t, "cluster", "addvnet", "edge", "private")
	cl := jsonShow(t, c, "cluster", "CLUSTER", "edge")
	if h, d, v := ids(cl, "HOSTS.ID"), ids(cl, "DATASTORES.ID"), ids(cl, "VNETS.ID"); len(h) != 1 || h[0] != "1" ||
		len(d) != 1 || d[0] != "0" || len(v) != 1 || v[0] != "0" {
		t.Fatalf("cluster after add*: %v", cl)
	}
	if got := str(jsonShow(t, c, "host", "HOST", "host02"), "CLUSTER"); got != "edge" {
		t.Fatalf("host02 in cluster %q", got)
	}
	// a datastore and a vnet may be in several clusters; a host in one
	if d := ids(jsonShow(t, c, "cluster", "CLUSTER", "default"), "DATASTORES.ID"); len(d) != 4 {
		t.Fatalf("default cluster lost its datastores: %v", d)
	}
	if h := ids(jsonShow(t, c, "cluster", "CLUSTER", "default"), "HOSTS.ID"); len(h) != 2 {
		t.Fatalf("host02 still in default: %v", h)
	}

	list := c.ok(t, "cluster", "list")
	mustContain(t, "cluster list", list, "ID NAME", "HOSTS VNETS DATASTORES", "100 edge ")
	show := c.ok(t, "cluster", "show", "edge")
	mustContain(t, "cluster show", show, "CLUSTER 100 INFORMATION", "TOTAL CPUs: 8", "OCCUPIED CPUs: 1",
		"CLUSTER TEMPLATE", "HOSTS          \n1              \n", "VNETS          \n0              \n")

	c.ok(t, "cluster", "update", "edge", writeFile(t, "c.tmpl", "RESERVED_CPU=\"100\"\n"), "--append")
	if got := str(jsonShow(t, c, "cluster", "CLUSTER", "edge"), "TEMPLATE.RESERVED_CPU"); got != "100" {
		t.Fatalf("update: RESERVED_CPU=%q", got)
	}
	// the cluster's reservation lowers what its hosts offer the scheduler
	if got := str(jsonShow(t, c, "host", "HOST", "host02"), "HOST_SHARE.MAX_CPU"); got != "700" {
		t.Fatalf("host02 MAX_CPU %s with RESERVED_CPU=100 on its cluster", got)
	}
	c.ok(t, "cluster", "rename", "edge", "edge2")

	r = c.fails(t, 6, "cluster", "delete", "edge2")
	mustContain(t, "stderr", oneErrorLine(t, r), "Cluster 100 is not empty, it contains 1 hosts.")
	c.ok(t, "cluster", "delhost", "edge2", "host02")
	c.ok(t, "cluster", "deldatastore", "edge2", "0")
	c.ok(t, "cluster", "delvnet", "edge2", "private")
	c.ok(t, "cluster", "delvnet", "edge2", "private") // not a member any more: fine, as oned
	if got := str(jsonShow(t, c, "host", "HOST", "host02"), "CLUSTER_ID"); got != "0" {
		t.Fatalf("delhost put host02 in cluster %s", got)
	}
	c.ok(t, "cluster", "delete", "edge2")
	c.fails(t, 5, "cluster", "show", "edge2")
	c.fails(t, 5, "cluster", "addhost", "default", "nohost")
	c.fails(t, 6, "cluster", "delete", "0")

	a := s.alice(t)
	mustContain(t, "alice's cluster list", a.ok(t, "cluster", "list"), "default")
	r = a.fails(t, 4, "cluster", "create", "mine")
	oneErrorLine(t, r)
	r = a.fails(t, 4, "cluster", "addhost", "default", "0") // alice cannot see host01's name
	mustContain(t, "stderr", oneErrorLine(t, r), "Not authorized to perform ADMIN CLUSTER [0]")
}
