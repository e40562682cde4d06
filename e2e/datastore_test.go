package e2e

import (
	"strings"
	"testing"
)

func TestDatastoreCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c, alice := s.admin(t), s.alice(t)
	out := c.withStdin("NAME=\"fast\"\nTYPE=\"IMAGE_DS\"\nDS_MAD=\"fs\"\nTM_MAD=\"ssh\"\n").ok(t, "datastore", "create", "-")
	id := createdID(t, out)
	sysFile := writeFile(t, "sys.tmpl", "NAME=\"sys2\"\nTYPE=\"SYSTEM_DS\"\nTM_MAD=\"dummy\"\n")
	sys := createdID(t, c.ok(t, "datastore", "create", sysFile, "--cluster", "default"))
	runStepsOn(t, c, id, c.shower("datastore", "DATASTORE"), []step{
		{name: "show", args: []string{"datastore", "show", "{id}"}, stdout: "DATASTORE CAPACITY",
			check: wantFields("NAME", "fast", "TYPE", "0", "DS_MAD", "fs", "TM_MAD", "ssh", "TEMPLATE.SAFE_DIRS", "/var/tmp")},
		{name: "capacity in human units", args: []string{"datastore", "list", "--filter", "NAME=fast"}, stdout: "20G"},
		{name: "update --append", args: []string{"datastore", "update", "{id}", "-", "--append"}, stdin: "LIMIT_MB=\"100\"\n",
			check: wantFields("TEMPLATE.LIMIT_MB", "100", "TEMPLATE.DS_MAD", "fs")},
		{name: "update replace keeps the drivers", args: []string{"datastore", "update", "{id}", "-"}, stdin: "NOTE=\"x\"\n",
			check: all(wantFields("TEMPLATE.NOTE", "x", "TEMPLATE.DS_MAD", "fs", "TEMPLATE.TYPE", "IMAGE_DS"), wantAbsent("TEMPLATE.LIMIT_MB"))},
		{name: "rename", args: []string{"datastore", "rename", "{id}", "faster"}, check: wantField("NAME", "faster")},
		{name: "chmod", args: []string{"datastore", "chmod", "faster", "660"}, check: wantFields("PERMISSIONS.GROUP_M", "1", "PERMISSIONS.GROUP_U", "1")},
		{name: "chown", args: []string{"datastore", "chown", "{id}", "alice"}, check: wantField("UNAME", "alice")},
		{name: "chgrp", args: []string{"datastore", "chgrp", "{id}", "users"}, check: wantField("GNAME", "users")},
		{name: "disable an image datastore", args: []string{"datastore", "disable", "{id}"}, code: 8, stderr: "Only SYSTEM_DS"},
		{name: "an image in it", args: []string{"image", "create", "-d", "{id}", "--name", "inside", "--size", "1", "--wait"}, stdout: "ID: ",
			check: func(t *testing.T, ds map[string]any) {
				if len(list(ds, "IMAGES.ID")) != 1 {
					t.Fatalf("IMAGES %v, want the new image", at(ds, "IMAGES"))
				}
			}},
		{name: "delete non-empty", args: []string{"datastore", "delete", "{id}", "--yes"}, code: 6, stderr: "is not empty"},
	})
	runStepsOn(t, c, sys, c.shower("datastore", "DATASTORE"), []step{
		{name: "disable system", args: []string{"datastore", "disable", "{id}"}, check: wantField("STATE", "1")},
		{name: "listed off", args: []string{"datastore", "list", "--filter", "NAME=sys2", "--list", "STAT", "--no-header"}, stdout: "off"},
		{name: "enable system", args: []string{"datastore", "enable", "{id}"}, check: wantField("STATE", "0")},
	})
	c.ok(t, "datastore", "delete", itoa(sys), "--yes")
	c.fails(t, 5, "datastore", "show", itoa(sys))
	if out := c.ok(t, "datastore", "list"); !strings.Contains(out, "AVA") || !strings.Contains(out, "default") {
		t.Errorf("datastore list:\n%s", out)
	}

	// a regular user sees the datastores but changes none
	if names := alice.poolNames(t, "DATASTORE_POOL", "DATASTORE", "datastore", "list", "-o", "json"); !hasName(names, "default") {
		t.Errorf("alice's datastore list: %v", names)
	}
	r := alice.withStdin("NAME=\"mine\"\nDS_MAD=\"fs\"\nTM_MAD=\"ssh\"\n").fails(t, 4, "datastore", "create", "-")
	mustContain(t, "stderr", oneErrorLine(t, r), "CREATE DATASTORE")
	r = alice.withStdin("A=1\n").fails(t, 4, "datastore", "update", "default", "-")
	mustContain(t, "stderr", oneErrorLine(t, r), "MANAGE DATASTORE")
	r = c.withStdin("NAME=\"default\"\nDS_MAD=\"fs\"\nTM_MAD=\"ssh\"\n").fails(t, 8, "datastore", "create", "-")
	mustContain(t, "stderr", oneErrorLine(t, r), "NAME is already taken by DATASTORE 1")
}
