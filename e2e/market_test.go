package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestMarketCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c, alice := s.admin(t), s.alice(t)
	id := createdID(t, c.withStdin("NAME=\"web\"\nMARKET_MAD=\"http\"\nBASE_URL=\"http://127.0.0.1:1/\"\nPUBLIC_DIR=\"/srv\"\n").ok(t, "market", "create", "-"))
	runStepsOn(t, c, id, c.shower("market", "MARKETPLACE"), []step{
		{name: "show", args: []string{"market", "show", "{id}"}, stdout: "MARKETPLACE CAPACITY", check: wantFields("NAME", "web", "MARKET_MAD", "http", "STATE", "0")},
		{name: "update --append", args: []string{"market", "update", "{id}", "-", "--append"}, stdin: "DESCRIPTION=\"mine\"\n",
			check: wantFields("TEMPLATE.DESCRIPTION", "mine", "TEMPLATE.BASE_URL", "http://127.0.0.1:1/")},
		{name: "rename", args: []string{"market", "rename", "{id}", "web2"}, check: wantField("NAME", "web2")},
		{name: "chmod", args: []string{"market", "chmod", "{id}", "640"}, check: wantField("PERMISSIONS.GROUP_U", "1")},
		{name: "chown", args: []string{"market", "chown", "{id}", "alice"}, check: wantField("UNAME", "alice")},
		{name: "chgrp", args: []string{"market", "chgrp", "{id}", "users"}, check: wantField("GNAME", "users")},
		{name: "disable", args: []string{"market", "disable", "{id}"}, check: wantField("STATE", "1")},
		{name: "enable", args: []string{"market", "enable", "{id}"}, check: wantField("STATE", "0")},
	})
	r := c.withStdin("NAME=\"bad\"\nMARKET_MAD=\"http\"\n").fails(t, 8, "market", "create", "-")
	mustContain(t, "stderr", oneErrorLine(t, r), `missing the "BASE_URL" attribute`)
	r = c.fails(t, 6, "market", "delete", "local", "--yes")
	mustContain(t, "stderr", oneErrorLine(t, r), "is not empty")
	c.ok(t, "market", "delete", itoa(id), "--yes")
	names := alice.poolNames(t, "MARKETPLACE_POOL", "MARKETPLACE", "market", "list", "-o", "json")
	if hasName(names, "web2") || !hasName(names, "local") || !hasName(names, "OpenNebula Public") {
		t.Errorf("market list after delete, as alice: %v", names)
	}
	r = alice.withStdin("NAME=\"hers\"\nMARKET_MAD=\"one\"\n").fails(t, 4, "market", "create", "-")
	mustContain(t, "stderr", oneErrorLine(t, r), "CREATE MARKETPLACE")
	if out := c.ok(t, "market", "list"); !strings.Contains(out, "AVAIL") || !strings.Contains(out, "local") {
		t.Errorf("market list:\n%s", out)
	}
}

// TestMarketApps: publish an image as an app, export it back as an image
// and a template, download its file; and every other subcommand.
func TestMarketApps(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c, alice := s.admin(t), s.alice(t)
	id := createdID(t, c.ok(t, "marketapp", "create", "--marketplace", "local", "--image", "alpine-3.20", "--name", "alp", "--wait"))
	runStepsOn(t, c, id, c.shower("marketapp", "MARKETPLACEAPP"), []step{
		{name: "ready", args: []string{"marketapp", "show", "{id}"}, stdout: "MARKETPLACE APP",
			check: wantFields("STATE", "1", "SIZE", "1024", "ORIGIN_ID", "1", "MARKETPLACE", "local")},
		{name: "update --append", args: []string{"marketapp", "update", "{id}", "-", "--append"}, stdin: "PUBLISHER=\"me\"\n",
			check: wantField("TEMPLATE.PUBLISHER", "me")},
		{name: "rename", args: []string{"marketapp", "rename", "{id}", "alp2"}, check: wantField("NAME", "alp2")},
		{name: "chmod", args: []string{"marketapp", "chmod", "{id}", "644"}, check: wantField("PERMISSIONS.OTHER_U", "1")},
		{name: "chown", args: []string{"marketapp", "chown", "{id}", "alice"}, check: wantField("UNAME", "alice")},
		{name: "chgrp", args: []string{"marketapp", "chgrp", "{id}", "users"}, check: wantField("GNAME", "users")},
		{name: "disable", args: []string{"marketapp", "disable", "{id}"}, check: wantField("STATE", "4")},
		{name: "enable", args: []string{"marketapp", "enable", "{id}"}, check: wantField("STATE", "1")},
		{name: "lock", args: []string{"marketapp", "lock", "{id}"}, check: wantField("LOCK.LOCKED", "1")},
		{name: "update while locked", args: []string{"marketapp", "update", "{id}", "-"}, stdin: "A=1\n", code: 6, stderr: "locked"},
		{name: "unlock", args: []string{"marketapp", "unlock", "{id}"}, check: wantAbsent("LOCK")},
	})

	out := c.ok(t, "marketapp", "export", "alpine-app", "alp-img", "--datastore", "default", "--wait")
	if !strings.Contains(out, "IMAGE\n    ID: ") || !strings.Contains(out, "VMTEMPLATE\n    ID: ") {
		t.Fatalf("export printed:\n%s", out)
	}
	img := c.object(t, "image", "IMAGE", atoiT(t, strings.Fields(strings.SplitN(out, "ID: ", 2)[1])[0]))
	if str(img, "NAME") != "alp-img" || str(img, "SIZE") != "256" || str(img, "STATE") != "1" {
		t.Errorf("exported image: NAME %q SIZE %q STATE %q", str(img, "NAME"), str(img, "SIZE"), str(img, "STATE"))
	}
	vmID := createdID(t, c.ok(t, "template", "instantiate", "alp-img", "--wait"))
	if vm := c.vm(t, vmID); str(vm, "TEMPLATE.DISK.IMAGE") != "alp-img" {
		t.Errorf("VM from the exported template has DISK %q, want alp-img", str(vm, "TEMPLATE.DISK.IMAGE"))
	}

	if out := c.ok(t, "marketapp", "export", "alpine-app", "only-img", "--no"); strings.Contains(out, "VMTEMPLATE") || !strings.HasPrefix(out, "IMAGE\n") {
		t.Errorf("export --no printed:\n%s", out)
	}
	dir := t.TempDir()
	c.ok(t, "marketapp", "download", "alpine-app", dir)
	data, err := os.ReadFile(filepath.Join(dir, "alpine-app"))
	if err != nil || len(data) != 256*1024 || !strings.HasPrefix(string(data), "onectl simulator appliance 0\n") {
		t.Errorf("downloaded file: %d bytes, %v", len(data), err)
	}
	r := c.run(t, "marketapp", "download", "alpine-app", dir)
	if r.Code != 2 || !strings.Contains(r.Stderr, "--force") {
		t.Errorf("download over an existing file:\n%s", r)
	}
	if r := c.run(t, "marketapp", "download", "alpine-app", dir, "--force"); r.Code != 0 || r.Stderr != "" {
		t.Errorf("download --force off a terminal must print nothing on stderr:\n%s", r)
	}

	r = c.fails(t, 6, "marketapp", "create", "--marketplace", "OpenNebula Public", "--image", "alpine-3.20", "--name", "x")
	mustContain(t, "stderr", oneErrorLine(t, r), "Create disabled for market")
	r = c.fails(t, 2, "marketapp", "create", "--image", "alpine-3.20", "--name", "x")
	mustContain(t, "stderr", oneErrorLine(t, r), "--marketplace")
	names := alice.poolNames(t, "MARKETPLACEAPP_POOL", "MARKETPLACEAPP", "marketapp", "list", "-o", "json")
	if !hasName(names, "alpine-app") || !hasName(names, "alp2") {
		t.Errorf("alice's app list: %v", names)
	}
	r = alice.fails(t, 4, "marketapp", "delete", "alpine-app", "--yes")
	mustContain(t, "stderr", oneErrorLine(t, r), "MANAGE MARKETPLACEAPP")
	c.ok(t, "marketapp", "delete", "alp2", "--yes")
	c.fails(t, 5, "marketapp", "show", itoa(id))
}

// TestMarketVMTemplateApps: a template and its image published as apps,
// then exported back as an image and a template.
func TestMarketVMTemplateApps(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	out := c.ok(t, "marketapp", "vm-template", "import", "ubuntu", "--market", "local", "--vmname", "ubuntu-app", "--wait")
	ids := idLineRE.FindAllStringSubmatch(out, -1)
	if len(ids) != 2 {
		t.Fatalf("import printed:\n%s", out)
	}
	img := c.object(t, "marketapp", "MARKETPLACEAPP", atoiT(t, ids[0][1]))
	tp := c.object(t, "marketapp", "MARKETPLACEAPP", atoiT(t, ids[1][1]))
	if str(img, "TYPE") != "1" || str(img, "ORIGIN_ID") != "0" || str(img, "STATE") != "1" ||
		str(tp, "TYPE") != "2" || str(tp, "NAME") != "ubuntu-app" || str(tp, "STATE") != "1" {
		t.Fatalf("apps: image %v\ntemplate %v", img, tp)
	}
	if show := c.ok(t, "marketapp", "show", "ubuntu-app"); !strings.Contains(show, `APP="`+str(img, "NAME")+`"`) || !strings.Contains(show, `NETWORK_MODE="auto"`) {
		t.Errorf("template app's import template:\n%s", show)
	}
	out = c.ok(t, "marketapp", "export", "ubuntu-app", "u2", "--wait")
	m := exportedRE.FindAllStringSubmatch(out, -1)
	if len(m) != 2 || !strings.HasPrefix(out, "IMAGE\n") || !strings.Contains(out, "VMTEMPLATE\n") {
		t.Fatalf("export printed:\n%s", out)
	}
	if im := c.object(t, "image", "IMAGE", atoiT(t, m[0][1])); str(im, "NAME") != "u2-disk-0" || str(im, "STATE") != "1" {
		t.Errorf("exported image: %v", im)
	}
	tm := c.object(t, "template", "VMTEMPLATE", atoiT(t, m[1][1]))
	if str(tm, "NAME") != "u2" || str(tm, "TEMPLATE.DISK.IMAGE_ID") != m[0][1] || str(tm, "TEMPLATE.MEMORY") != "2048" {
		t.Errorf("exported template: %v", tm)
	}
	r := c.fails(t, 2, "marketapp", "vm-template", "import", "ubuntu")
	mustContain(t, "stderr", oneErrorLine(t, r), "--market")
}

// exportedRE reads the "    ID: N" lines of marketapp export.
var exportedRE = regexp.MustCompile(`(?m)^    ID: (\d+)$`)

// TestMarketVMImport: a powered-off VM is saved as a template with copies
// of its disks, then published.
func TestMarketVMImport(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	vm := c.createVM(t, "pub", "--disk", "alpine-3.20", "--nic", "private")
	r := c.fails(t, 6, "marketapp", "vm", "import", itoa(vm), "--market", "local")
	mustContain(t, "stderr", oneErrorLine(t, r), "power it off first")
	c.ok(t, "vm", "poweroff", itoa(vm), "--wait")
	r = c.run(t, "marketapp", "vm", "import", itoa(vm), "--market", "local", "--vmname", "pub-app", "--wait")
	if r.Code != 0 {
		t.Fatalf("vm import:\n%s", r)
	}
	ids := idLineRE.FindAllStringSubmatch(r.Stdout, -1)
	mustContain(t, "stderr", r.Stderr, "saved as template")
	if len(ids) != 2 {
		t.Fatalf("vm import printed:\n%s", r)
	}
	img := c.object(t, "marketapp", "MARKETPLACEAPP", atoiT(t, ids[0][1]))
	if str(img, "STATE") != "1" || str(img, "TYPE") != "1" || str(img, "SIZE") != "1024" {
		t.Errorf("disk app: %v", img)
	}
	if app := c.object(t, "marketapp", "MARKETPLACEAPP", atoiT(t, ids[1][1])); str(app, "NAME") != "pub-app" || str(app, "TYPE") != "2" {
		t.Errorf("template app: %v", app)
	}
}

// TestMarketServiceTemplateApps: a OneFlow service template (the demo's
// document 0) published with its role's template and image, then
// exported back as images, a template and a service template.
func TestMarketServiceTemplateApps(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	out := c.ok(t, "marketapp", "service-template", "import", "0", "--market", "local", "--name", "svc-app")
	ids := idLineRE.FindAllStringSubmatch(out, -1)
	if len(ids) != 3 {
		t.Fatalf("service-template import printed:\n%s", out)
	}
	svc := c.object(t, "marketapp", "MARKETPLACEAPP", atoiT(t, ids[2][1]))
	if str(svc, "TYPE") != "3" || str(svc, "NAME") != "svc-app" || str(svc, "TEMPLATE.ROLE.NAME") != "frontend" ||
		str(svc, "TEMPLATE.ROLE.APP") != "web-service-frontend" {
		t.Fatalf("service app: %v", svc)
	}
	c.ok(t, "marketapp", "list", "--filter", "NAME=web-service-frontend")
	out = c.ok(t, "marketapp", "export", "svc-app", "shop", "--wait")
	m := exportedRE.FindAllStringSubmatch(out, -1)
	if len(m) != 3 || !strings.Contains(out, "SERVICE_TEMPLATE\n") {
		t.Fatalf("export printed:\n%s", out)
	}
	tm := c.object(t, "template", "VMTEMPLATE", atoiT(t, m[1][1]))
	if str(tm, "NAME") != "shop-frontend" || str(tm, "TEMPLATE.DISK.IMAGE_ID") != m[0][1] {
		t.Errorf("role template: %v", tm)
	}
	r := c.fails(t, 2, "marketapp", "service-template", "import", "x", "--market", "local")
	oneErrorLine(t, r)
}
