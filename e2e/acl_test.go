package e2e

import (
	"strings"
	"testing"
)

func TestACLCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c, alice := s.admin(t), s.alice(t)

	list := c.ok(t, "acl", "list")
	mustContain(t, "list", list, "RES_VHNIUTGDCOZSvRMAPtB", "V--I-T---O-S----P-B", "---c", "-H-----------------")
	alice.fails(t, 4, "vm", "show", "1")
	id := createdID(t, c.ok(t, "acl", "create", "#2 VM/#1 USE #0"))
	mustContain(t, "list", c.ok(t, "acl", "list", "--filter", "ID="+itoa(id)), "#2", "V------------------", "#1", "u---", "#0")
	mustContain(t, "xml", c.ok(t, "acl", "list", "-o", "xml"), "<STRING>#2 VM/#1 USE #0</STRING>")
	hexID := createdID(t, c.ok(t, "acl", "create", "0x100000002", "0x1100000002", "0x1"))
	// the rules bite: alice now sees VMs 1 and 2 of oneadmin, not 0
	mustContain(t, "alice's VMs", alice.ok(t, "vm", "list", "-o", "csv"), "\n1,", "\n2,")
	alice.ok(t, "vm", "show", "1")
	alice.fails(t, 4, "vm", "show", "0")

	// a bad rule names its wrong part; oned's own refusals come through
	for _, bad := range []struct{ rule, part string }{
		{"#3 IMAGE/#0 EAT", `rights part "EAT"`},
		{"bob IMAGE/#0 USE", `user part "bob"`},
		{"#3 IMAGES/#0 USE", `resource part "IMAGES/#0"`},
		{"#3 IMAGE/#0 USE @1", `zone part "@1"`},
		{"#3 IMAGE/#0", "three or four parts"},
	} {
		r := c.fails(t, 2, "acl", "create", bad.rule)
		mustContain(t, "stderr", oneErrorLine(t, r), bad.part)
	}
	c.fails(t, 2, "acl", "create", "0x1", "nothex", "0x1")
	r := c.fails(t, 8, "acl", "create", "#2 VM/#1 USE #0")
	mustContain(t, "stderr", oneErrorLine(t, r), "already exists")
	r = c.fails(t, 8, "acl", "create", "@100 HOST/@100 USE")
	mustContain(t, "stderr", oneErrorLine(t, r), "GROUP(@) selector cannot be applied")

	// a regular user can neither read nor change the rules
	alice.fails(t, 4, "acl", "list")
	alice.fails(t, 4, "acl", "create", "#2 VM/* ADMIN")
	alice.fails(t, 4, "acl", "delete", "0")

	// taking rule 0 away stops alice creating VMs; a rule of her own gives it back
	c.ok(t, "acl", "delete", "0", itoa(id), itoa(hexID))
	r = alice.fails(t, 4, "vm", "create", "--name", "x", "--cpu", "0.1", "--memory", "64")
	mustContain(t, "stderr", oneErrorLine(t, r), "Not authorized to perform CREATE VM")
	c.ok(t, "acl", "create", "#2 VM/* CREATE")
	alice.ok(t, "vm", "create", "--name", "x", "--cpu", "0.1", "--memory", "64")
	if strings.Contains(c.ok(t, "acl", "list", "-o", "csv"), "\n0,") {
		t.Fatal("rule 0 still listed")
	}
	r = c.fails(t, 8, "acl", "delete", "9999")
	mustContain(t, "stderr", oneErrorLine(t, r), "Rule 9999 does not exist")
}
