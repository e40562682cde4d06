package sim

import (
	"strings"
	"testing"
	"time"
)

func TestUserAllocateAndRefusals(t *testing.T) {
	s := newSim(t, Options{})
	id := must(t, s, "one.user.allocate", admin, "smp-user", "smppw", "core").num
	if id != 3 {
		t.Fatalf("id %d", id)
	}
	wantErr(t, try(t, s, "one.user.allocate", admin, "smp-user", "x", "core"), 8192,
		"[one.user.allocate] NAME is already taken by USER 3.")
	wantErr(t, try(t, s, "one.user.allocate", admin, "smp bad:name", "x", "core"), 8192,
		"[one.user.allocate] Invalid NAME, char ' ' is not allowed.")
	wantErr(t, try(t, s, "one.user.allocate", admin, "smp-user4", "", "core"), 8192,
		"[one.user.allocate] Invalid password, it cannot be empty.")
	wantErr(t, try(t, s, "one.user.allocate", alice, "x", "x", "core"), 512,
		"[one.user.allocate] User [2] : Not authorized to perform CREATE USER.")
	info := must(t, s, "one.user.info", admin, id).str
	if !strings.Contains(info, "<PASSWORD><![CDATA["+sha256hex("smppw")+"]]></PASSWORD>") {
		t.Fatalf("password not stored hashed: %s", info)
	}
	must(t, s, "one.user.info", "smp-user:smppw", -1)
	wantErr(t, try(t, s, "one.user.info", "smp-user:smppw", 0), 512,
		"[one.user.info] User [3] : Not authorized to perform USE USER [0].")
	wantErr(t, try(t, s, "one.user.delete", admin, 0), 2048,
		"[one.user.delete] Cannot delete user. oneadmin cannot be deleted.")
	must(t, s, "one.user.update", admin, id, `EMAIL="a@b"`, 1)
	must(t, s, "one.group.update", admin, 1, `DESCRIPTION="d"`, 0)
	if !strings.Contains(must(t, s, "one.user.info", admin, id).str, "<EMAIL><![CDATA[a@b]]></EMAIL>") ||
		!strings.Contains(must(t, s, "one.group.info", admin, 1).str, "<TEMPLATE><DESCRIPTION><![CDATA[d]]></DESCRIPTION></TEMPLATE>") {
		t.Fatal("update lost")
	}
	must(t, s, "one.user.delete", admin, id)
	wantErr(t, try(t, s, "one.user.info", admin, id), 1024, "[one.user.info] Error getting user [3].")
}

func TestUserPasswdEnableChauth(t *testing.T) {
	s := newSim(t, Options{})
	must(t, s, "one.user.passwd", alice, 2, "newpw")
	// a failed login reads the same for a wrong password and a missing user
	bad := "[one.user.info] User couldn't be authenticated, aborting call."
	wantErr(t, try(t, s, "one.user.info", alice, -1), 256, bad)
	wantErr(t, try(t, s, "one.user.info", "nobody:x", -1), 256, bad)
	must(t, s, "one.user.info", "alice:newpw", -1)
	wantErr(t, try(t, s, "one.user.passwd", admin, 2, ""), 2048,
		"[one.user.passwd] Invalid password, it cannot be empty")
	must(t, s, "one.user.enable", admin, 2, b(false))
	wantErr(t, try(t, s, "one.user.info", "alice:newpw", -1), 256, bad)
	must(t, s, "one.user.enable", admin, 2, b(true))
	must(t, s, "one.user.chauth", admin, 2, "public", "")
	wantErr(t, try(t, s, "one.user.info", "alice:newpw", -1), 256, bad)
	wantErr(t, try(t, s, "one.user.passwd", "alice:newpw", 2, "x"), 256,
		"[one.user.passwd] User couldn't be authenticated, aborting call.")
	must(t, s, "one.user.chauth", admin, 2, "core", "back")
	must(t, s, "one.user.info", "alice:back", -1)
	wantErr(t, try(t, s, "one.user.enable", admin, 0, b(false)), 2048,
		"[one.user.enable] Cannot enable/disable oneadmin user")
}

func TestUserTokens(t *testing.T) {
	s := newSim(t, Options{})
	tok := must(t, s, "one.user.login", alice, "alice", "", 3600, -1).str
	if len(tok) != 64 {
		t.Fatalf("token %q", tok)
	}
	must(t, s, "one.user.info", "alice:"+tok, -1)
	must(t, s, "one.group.allocate", admin, "g2")
	must(t, s, "one.user.addgroup", admin, 2, 100)
	scoped := must(t, s, "one.user.login", alice, "alice", "", 3600, 100).str
	if !strings.Contains(must(t, s, "one.user.info", "alice:"+scoped, -1).str, "<EGID>100</EGID>") {
		t.Fatal("scoped token not listed")
	}
	wantErr(t, try(t, s, "one.user.login", "alice:"+scoped, "alice", "", 60, -1), 4096,
		"[one.user.login] Cannot create a full token with a specific group token")
	wantErr(t, try(t, s, "one.user.login", alice, "alice", "", 60, 0), 4096,
		"[one.user.login] EGID is not in user group list")
	wantErr(t, try(t, s, "one.user.login", alice, "alice", "nosuch", 0), 4096,
		"[one.user.login] Could not find token: nosuch")
	wantErr(t, try(t, s, "one.user.login", admin, "alice", "fixed", 600, -1), 4096,
		"[one.user.login] Cannot create a full token with a specific group token")
	must(t, s, "one.user.login", alice, "alice", tok, 0)
	wantErr(t, try(t, s, "one.user.info", "alice:"+tok, -1), 256,
		"[one.user.info] User couldn't be authenticated, aborting call.")
	must(t, s, "one.user.login", alice, "alice", "", 0)
	if strings.Contains(must(t, s, "one.user.info", admin, 2).str, "<LOGIN_TOKEN>") {
		t.Fatal("tokens left after delete-all")
	}
}

func TestUserGroupsAndAdmins(t *testing.T) {
	s := newSim(t, Options{})
	g := must(t, s, "one.group.allocate", admin, "smp-grp1").num
	if g != 100 {
		t.Fatalf("group id %d", g)
	}
	wantErr(t, try(t, s, "one.group.allocate", admin, "smp-grp1"), 8192,
		"[one.group.allocate] NAME is already taken by GROUP 100.")
	wantErr(t, try(t, s, "one.group.allocate", admin, ""), 8192,
		"[one.group.allocate] Invalid NAME, it cannot be empty")
	wantErr(t, try(t, s, "one.group.allocate", admin, `smp bad:name"<`), 8192,
		"[one.group.allocate] Invalid NAME, char ':' is not allowed")
	wantErr(t, try(t, s, "one.group.allocate", alice, "x"), 512,
		"[one.group.allocate] User [2] : Not authorized to perform CREATE GROUP.")
	wantErr(t, try(t, s, "one.group.addadmin", admin, g, 2), 8192,
		"[one.group.addadmin] Cannot edit group. User 2 is not part of Group 100.")
	wantErr(t, try(t, s, "one.user.addgroup", admin, 2, 9999), 1024,
		"[one.user.addgroup] Error getting group [9999].")
	must(t, s, "one.user.addgroup", admin, 2, g)
	wantErr(t, try(t, s, "one.user.addgroup", admin, 2, g), 2048,
		"[one.user.addgroup] User is already in this group")
	bob := must(t, s, "one.user.allocate", admin, "bob", "bob", "core", []int{g}).num
	// alice cannot touch bob until she is an admin of bob's group
	wantErr(t, try(t, s, "one.user.passwd", alice, bob, "x"), 512,
		sprintf("[one.user.passwd] User [2] : Not authorized to perform MANAGE USER [%d].", bob))
	must(t, s, "one.group.addadmin", admin, g, 2)
	if !strings.Contains(must(t, s, "one.group.info", admin, g).str, "<USERS><ID>2</ID><ID>3</ID></USERS><ADMINS><ID>2</ID></ADMINS>") {
		t.Fatal("group info lacks users and admins")
	}
	must(t, s, "one.user.passwd", alice, bob, "x")
	wantErr(t, try(t, s, "one.group.delete", admin, g), 2048,
		"[one.group.delete] Cannot delete group. Group 100 is not empty.")
	wantErr(t, try(t, s, "one.group.delete", admin, 1), 2048,
		"[one.group.delete] Cannot delete group. System Groups (ID < 100) cannot be deleted.")
	wantErr(t, try(t, s, "one.user.delgroup", admin, bob, g), 2048,
		"[one.user.delgroup] Cannot remove user from the primary group")
	must(t, s, "one.user.chgrp", admin, bob, 1)
	must(t, s, "one.group.deladmin", admin, g, 2)
	must(t, s, "one.user.delgroup", admin, 2, g)
	wantErr(t, try(t, s, "one.user.delgroup", admin, 2, g), 2048,
		"[one.user.delgroup] User is not part of this group")
	must(t, s, "one.group.delete", admin, g)
	wantErr(t, try(t, s, "one.group.info", admin, g), 1024, "[one.group.info] Error getting group [100].")
}

// Tokens stop working when they expire, on the simulator's clock.
func TestTokenExpires(t *testing.T) {
	clk := newClock()
	s := clockSim(t, Options{Now: clk.now})
	tok := must(t, s, "one.user.login", alice, "alice", "", 60, -1).str
	forever := must(t, s, "one.user.login", alice, "alice", "", -1, -1).str
	must(t, s, "one.user.info", "alice:"+tok, -1)
	clk.add(61 * time.Second)
	wantErr(t, try(t, s, "one.user.info", "alice:"+tok, -1), 256, "[one.user.info] User couldn't be authenticated, aborting call.")
	must(t, s, "one.user.info", "alice:"+forever, -1)
	if !strings.Contains(must(t, s, "one.user.info", admin, 2).str, "<EXPIRATION_TIME>-1</EXPIRATION_TIME>") {
		t.Fatal("the token that never expires is not listed with -1")
	}
}
