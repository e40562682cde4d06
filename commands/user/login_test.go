package user

import (
	"strings"
	"testing"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/sim"
)

func TestLogin(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{}, NewCmd)
	r := tc.Run(nil, "user", "login", "--time", "60")
	if r.Code != 0 || r.Stdout != "" || !strings.Contains(r.Stderr, "Logged in as oneadmin: token stored in ") || !strings.Contains(r.Stderr, ".one/one_auth (valid until ") {
		t.Fatalf("%+v", r)
	}
	r = tc.Run(nil, "--dry-run", "user", "login", "alice", "--time", "-1", "--user", "oneadmin", "--password", "opennebula")
	if r.Code != 0 || r.Stdout != "one.user.login(\"oneadmin:****\", \"alice\", \"\", -1, -1)\n" || r.Stderr != "" {
		t.Fatalf("dry run: %+v", r)
	}
	for _, bad := range [][]string{{"--time", "0"}, {"--time", "-2"}, {"a", "b"}} {
		r = tc.Run(nil, append([]string{"user", "login"}, bad...)...)
		if r.Code != kit.ExitUsage {
			t.Errorf("%v: %+v", bad, r)
		}
		kittest.OneLine(t, r.Stderr)
	}
	// oned makes a full token only for a session with the user's own
	// groups: an administrator gets a group-scoped one, not a full one
	// (sample err.user.login.by_oneadmin_with_token).
	r = tc.Run(nil, "user", "login", "alice")
	if r.Code != kit.ExitRejected || !strings.Contains(r.Stderr, "Cannot create a full token with a specific group token") {
		t.Errorf("%+v", r)
	}
	r = tc.Run(nil, "user", "login", "alice", "--group", "users")
	if r.Code != 0 || !strings.Contains(r.Stderr, "Logged in as alice") {
		t.Errorf("%+v", r)
	}
	r = tc.Run(nil, "user", "login", "--group", "nosuch")
	if r.Code != kit.ExitNotFound {
		t.Errorf("unknown group: %+v", r)
	}
}
