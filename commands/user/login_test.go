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
	// With explicit credentials an administrator issues another user's
	// token (USER:MANAGE), and it is stored as that user's.
	r = tc.Run(nil, "user", "login", "alice")
	if r.Code != 0 || !strings.Contains(r.Stderr, "Logged in as alice") {
		t.Errorf("%+v", r)
	}
	r = tc.Run(nil, "user", "login", "--group", "nosuch")
	if r.Code != kit.ExitNotFound {
		t.Errorf("unknown group: %+v", r)
	}
}
