package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A new password is asked twice with echo off on a terminal, and a quota
// is edited in $EDITOR on the current one.
func TestUserPromptsOnATerminal(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	admin := s.admin(t)

	t.Run("passwd asks twice and refuses a mismatch", func(t *testing.T) {
		tt := newTTY(t, admin, "user", "passwd", "alice")
		tt.waitPrompt("Password")
		tt.typeLine("first-secret")
		tt.waitPrompt("Retype password")
		tt.typeLine("other-secret")
		screen := tt.exit(7)
		mustContain(t, "screen", screen, "the two entries differ")
		mustNotContain(t, "screen", screen, "first-secret", "other-secret")
		s.alice(t).ok(t, "user", "show")

		tt = newTTY(t, admin, "user", "passwd", "alice")
		tt.waitPrompt("Password")
		tt.typeLine("new-secret")
		tt.waitPrompt("Retype password")
		tt.typeLine("new-secret")
		mustNotContain(t, "screen", tt.exit(0), "new-secret")
		s.as(t, "alice", "new-secret").ok(t, "user", "show")
	})

	t.Run("quota in $EDITOR", func(t *testing.T) {
		dir := t.TempDir()
		seen := filepath.Join(dir, "seen")
		editor := filepath.Join(dir, "ed.sh")
		// the "editor" keeps a copy of what it was given and adds a limit
		script := "#!/bin/sh\ncp \"$1\" " + shellQuote(seen) + "\necho 'VM=[ VMS=\"9\" ]' >> \"$1\"\n"
		if err := os.WriteFile(editor, []byte(script), 0o700); err != nil {
			t.Fatal(err)
		}
		admin.ok(t, "user", "quota", "alice", writeFile(t, "q", "VM=[ MEMORY=512 ]\n"))
		tt := newTTY(t, admin.withEnv("EDITOR="+editor), "user", "quota", "alice")
		tt.exit(0)
		b, _ := os.ReadFile(seen)
		mustContain(t, "editor's file", string(b), "# Supported quota limits:", "-1 means use the default limit", "MEMORY=\"512\"", "VMS_USED=\"1\"")
		if u := admin.userDoc(t, "alice"); str(u, "VM_QUOTA.VM.VMS") != "9" {
			t.Fatalf("quota after the edit: %v", u["VM_QUOTA"])
		}
		// an editor that changes nothing sends nothing
		noop := filepath.Join(dir, "noop.sh")
		if err := os.WriteFile(noop, []byte("#!/bin/sh\nexit 0\n"), 0o700); err != nil {
			t.Fatal(err)
		}
		tt = newTTY(t, admin.withEnv("EDITOR="+noop), "user", "defaultquota")
		if !strings.Contains(tt.exit(0), "no changes") {
			t.Fatal("an unchanged default quota was sent")
		}
	})
}
