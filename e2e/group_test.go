package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

func (c *cli) groupDoc(t testing.TB, who string) map[string]any {
	t.Helper()
	out := c.ok(t, "group", "show", who, "-o", "json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("group show %s -o json is not JSON: %v\n%s", who, err, out)
	}
	g, ok := doc["GROUP"].(map[string]any)
	if !ok {
		t.Fatalf("no GROUP object:\n%s", out)
	}
	return g
}

func TestGroupLifecycle(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c, alice := s.admin(t), s.alice(t)

	// create with an admin user (underscore spelling of the Ruby CLI works)
	pw := writeFile(t, "pw", "gpw\n")
	id := createdID(t, c.ok(t, "group", "create", "team", "--admin_user", "boss", "--admin-password-file", pw))
	if id != 100 {
		t.Fatalf("group id %d", id)
	}
	show := c.ok(t, "group", "show", "team")
	mustContain(t, "show", show, "GROUP 100 INFORMATION", "NAME           : team", "USER ID ADMIN\n      3 *\n", "VMS USAGE & QUOTAS")
	mustContain(t, "acl list", c.ok(t, "acl", "list", "-o", "xml"), "@100 VM+IMAGE+TEMPLATE+DOCUMENT+SECGROUP+VROUTER+VMGROUP+BACKUPJOB/* CREATE #0",
		"#3 USER/@100 USE+MANAGE+ADMIN+CREATE *")
	r := c.fails(t, 8, "group", "create", "team")
	mustContain(t, "stderr", oneErrorLine(t, r), "NAME is already taken by GROUP 100")
	c.fails(t, 2, "group", "create", "x", "--resources", "VM+NOPE")
	r = alice.fails(t, 4, "group", "create", "mine")
	mustContain(t, "stderr", oneErrorLine(t, r), "Not authorized to perform CREATE GROUP")
	c.fails(t, 2, "group", "create", "y", "--admin-user", "nopw") // no password, no terminal

	// the group admin manages the group's users, not the others
	boss := s.as(t, "boss", "gpw")
	createdID(t, boss.ok(t, "user", "create", "member", "--read-file", writeFile(t, "m", "mpw")))
	if g := str(c.userDoc(t, "member"), "GNAME"); g != "team" {
		t.Fatalf("member's group %q", g)
	}
	boss.withStdin("new\n").ok(t, "user", "passwd", "member", "--read-file", "-")
	s.as(t, "member", "new").ok(t, "user", "show")
	mustContain(t, "boss's list", boss.ok(t, "user", "list"), "member", "boss")
	boss.fails(t, 4, "user", "passwd", "2", "--read-file", pw)

	// addadmin / deladmin
	r = c.fails(t, 8, "group", "addadmin", "team", "alice")
	mustContain(t, "stderr", oneErrorLine(t, r), "User 2 is not part of Group 100")
	c.ok(t, "user", "addgroup", "alice", "team")
	c.ok(t, "group", "addadmin", "team", "alice")
	if a := list(c.groupDoc(t, "team"), "ADMINS.ID"); len(a) != 2 {
		t.Fatalf("admins %v", a)
	}
	alice.withStdin("x\n").ok(t, "user", "passwd", "member", "--read-file", "-")
	c.ok(t, "group", "deladmin", "team", "alice")
	alice.fails(t, 5, "user", "passwd", "member", "--read-file", pw) // she no longer sees member
	alice.fails(t, 4, "user", "passwd", "4", "--read-file", pw)

	// update, list, the regular user's view
	c.ok(t, "group", "update", "team", writeFile(t, "t", "DESCRIPTION=\"the team\"\n"))
	c.withStdin("EXTRA=\"1\"\n").ok(t, "group", "update", "team", "--append")
	g := c.groupDoc(t, "team")
	if str(g, "TEMPLATE.DESCRIPTION") != "the team" || str(g, "TEMPLATE.EXTRA") != "1" {
		t.Fatalf("template %v", g["TEMPLATE"])
	}
	mustContain(t, "list", c.ok(t, "group", "list"), "team", "users", "oneadmin", "USERS")
	out := alice.ok(t, "group", "list")
	mustContain(t, "alice's list", out, "users", "team")
	mustNotContain(t, "alice's list", out, "oneadmin")
	mustContain(t, "alice's group", alice.ok(t, "group", "show"), "NAME           : users")

	// quotas: set, shown, enforced on the group's members, default quotas
	c.ok(t, "group", "quota", "team", writeFile(t, "q", "VM=[ VMS=10, CPU=4, MEMORY=4096, RUNNING_VMS=5 ]\n"))
	mustContain(t, "show", c.ok(t, "group", "show", "team"), "      0 /      10        0M /       4G      0.00 /     4.00")
	mustContain(t, "quota --show", c.ok(t, "group", "quota", "team", "--show"), "      0 /      10        0M /       4G      0.00 /     4.00")
	mustContain(t, "quota -j", c.ok(t, "group", "quota", "team", "-j"), `"VMS": "10"`)
	mustContain(t, "list", c.ok(t, "group", "list", "--filter", "NAME=team"), "0 /  10", "0M /      4G", "0.0 / 4.0")
	r = c.fails(t, 6, "group", "quota", "oneadmin", writeFile(t, "q0", "VM=[ VMS=1 ]\n"))
	mustContain(t, "stderr", oneErrorLine(t, r), "Cannot set quotas for oneadmin group")
	c.withStdin("VM=[ CPU=0.05 ]\n").ok(t, "group", "batchquota", "team,users")
	if v := str(c.groupDoc(t, "team"), "VM_QUOTA.VM.VMS"); v != "10" {
		t.Fatalf("batchquota lost VMS: %q", v)
	}
	r = alice.fails(t, 4, "vm", "create", "--name", "q", "--cpu", "0.1", "--memory", "64")
	mustContain(t, "stderr", oneErrorLine(t, r), "group [1] limit of 0.05 reached for CPU quota in VM")
	c.ok(t, "group", "defaultquota", writeFile(t, "dq", "VM=[ VMS=7 ]\n"))
	mustContain(t, "users' show", c.ok(t, "group", "show", "users"), "      1 /       7")
	alice.fails(t, 4, "group", "defaultquota", writeFile(t, "dq2", "VM=[ VMS=8 ]\n"))

	// delete: not while it has users, never a system group
	r = c.fails(t, 6, "group", "delete", "team")
	mustContain(t, "stderr", oneErrorLine(t, r), "Group 100 is not empty")
	r = c.fails(t, 6, "group", "delete", "users")
	mustContain(t, "stderr", oneErrorLine(t, r), "System Groups (ID < 100) cannot be deleted")
	c.ok(t, "user", "delete", "member,boss")
	c.ok(t, "user", "delgroup", "alice", "team")
	c.ok(t, "group", "delete", "team")
	c.fails(t, 5, "group", "show", "100")
	if strings.Contains(c.ok(t, "acl", "list"), "@100") {
		t.Fatal("the deleted group's ACL rules remain")
	}
}
