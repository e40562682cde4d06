package kit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onectl/onectl/template"
)

func TestVMShapeBuilders(t *testing.T) {
	key := filepath.Join(t.TempDir(), "id.pub")
	if err := os.WriteFile(key, []byte("ssh-ed25519 AAAA me@host\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tm, err := template.Parse("CONTEXT=[ TOKEN=\"YES\" ]\nOS=[ ARCH=\"x86_64\" ]")
	if err != nil {
		t.Fatal(err)
	}
	s := &VMShape{VNC: true, NetContext: true, SSH: key, Context: []string{"foo=bar"}, Raw: "<x/>", Boot: "disk0"}
	if err := s.applyBuilders(tm); err != nil {
		t.Fatal(err)
	}
	got := tm.String()
	for _, want := range []string{`TYPE="VNC"`, `TOKEN="YES"`, `NETWORK="YES"`, `SSH_PUBLIC_KEY="ssh-ed25519 AAAA me@host"`,
		`FOO="bar"`, `DATA="<x/>"`, `BOOT="disk0"`, `ARCH="x86_64"`} {
		if !strings.Contains(got, want) {
			t.Errorf("template lacks %s:\n%s", want, got)
		}
	}
	if strings.Count(got, "CONTEXT=") != 1 || strings.Count(got, "OS=") != 1 {
		t.Errorf("vectors repeated:\n%s", got)
	}
	if err := (&VMShape{Context: []string{"novalue"}}).applyBuilders(&template.Template{}); err == nil {
		t.Errorf("--context without = accepted")
	}
	if err := (&VMShape{SSH: "-"}).applyBuilders(tm); err != nil || !strings.Contains(tm.String(), "$USER[SSH_PUBLIC_KEY]") {
		t.Errorf("--ssh without a file: %v\n%s", err, tm)
	}
}
