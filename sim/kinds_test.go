package sim

import (
	"strings"
	"testing"
)

// The owner handlers are written once for every object type; serve them
// for templates on this test server only and check that the object type
// reaches the messages and the right pool is changed.
func TestOwnerHandlersServeAnyKind(t *testing.T) {
	s := newSim(t, Options{})
	s.reg("one.template.rename", "i s", renameHandler(templateKind))
	s.reg("one.template.chown", "i i i", chownHandler(templateKind))
	s.reg("one.template.chmod", "i i i i i i i i i i", chmodHandler(templateKind))
	s.reg("one.template.lock", "i i b?", lockHandler(templateKind))
	s.reg("one.template.unlock", "i", unlockHandler(templateKind))

	id := must(t, s, "one.template.allocate", alice, "NAME=mine\nCPU=1\nMEMORY=64").num
	must(t, s, "one.template.rename", alice, id, "renamed")
	wantErr(t, try(t, s, "one.template.rename", alice, 0, "x"), 512,
		"[one.template.rename] User [2] : Not authorized to perform MANAGE TEMPLATE [0].")
	wantErr(t, try(t, s, "one.template.chown", alice, 42, 0, -1), 1024,
		"[one.template.chown] Error getting virtual machine template [42].")
	must(t, s, "one.template.chmod", alice, id, 1, 1, -1, 1, -1, -1, -1, -1, -1)
	must(t, s, "one.template.lock", alice, id, 2)
	wantErr(t, try(t, s, "one.template.update", alice, id, "A=1", 1), 512,
		sprintf("[one.template.update] User [2] : Not authorized to perform MANAGE TEMPLATE [%d].", id))
	must(t, s, "one.template.unlock", alice, id)
	must(t, s, "one.template.chown", admin, id, 0, 0)

	x := must(t, s, "one.template.info", admin, id).str
	for _, want := range []string{"<NAME>renamed</NAME>", "<UID>0</UID><GID>0</GID>", "<GROUP_U>1</GROUP_U>"} {
		if !strings.Contains(x, want) {
			t.Errorf("template lacks %s: %s", want, x)
		}
	}
	if strings.Contains(x, "<LOCK>") {
		t.Errorf("template still locked: %s", x)
	}
	if v := must(t, s, "one.vm.info", admin, 5).str; !strings.Contains(v, "<NAME>alice-vm</NAME>") {
		t.Errorf("a VM changed: %s", v)
	}
}

// A page further down the pool is cut from the same DESC order whether
// the listing stops early or not.
func TestPoolPagesTileThePool(t *testing.T) {
	s := newSim(t, Options{})
	before := len(templateIDs(must(t, s, "one.templatepool.info", admin, -2, -1, -1).str))
	for i := 0; i < 7; i++ {
		must(t, s, "one.template.allocate", admin, sprintf("NAME=t%d\nCPU=1\nMEMORY=1", i))
	}
	ids := templateIDs(must(t, s, "one.templatepool.info", admin, -2, -1, -1).str)
	var paged []string
	for off := 0; off < len(ids)+3; off += 3 {
		paged = append(paged, templateIDs(must(t, s, "one.templatepool.info", admin, -2, off, -3).str)...)
	}
	if strings.Join(paged, ",") != strings.Join(ids, ",") || len(ids) != before+7 {
		t.Errorf("pages %v, whole pool %v", paged, ids)
	}
}

func templateIDs(pool string) []string {
	var out []string
	for _, part := range strings.Split(pool, "<VMTEMPLATE><ID>")[1:] {
		out = append(out, part[:strings.Index(part, "<")])
	}
	return out
}

// Renaming onto a name that is taken is refused as RequestManagerRename
// does: per owner for images, templates and networks, in the whole pool for
// datastores, never for VMs.
func TestRenameCollisions(t *testing.T) {
	s := newSim(t, Options{})
	wantErr(t, try(t, s, "one.image.rename", admin, 0, "alpine-3.20"), codeAction,
		"[one.image.rename] image cannot be renamed to alpine-3.20 because it collides with image 1")
	wantErr(t, try(t, s, "one.vn.rename", admin, 0, "public"), codeAction,
		"[one.vn.rename] virtual network cannot be renamed to public because it collides with virtual network 1")
	// alice's image may take a name oneadmin uses: names are per owner
	must(t, s, "one.image.rename", alice, 3, "alpine-3.20")
	wantErr(t, try(t, s, "one.datastore.rename", admin, 1, "system"), codeAction,
		"[one.datastore.rename] datastore cannot be renamed to system because it collides with datastore 0")
	// renaming to its own name is no collision; VMs may share names
	must(t, s, "one.image.rename", admin, 0, "ubuntu-24.04")
	must(t, s, "one.vm.rename", admin, 0, "web-2")
}
