package marketapp

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/sim"
)

func TestAppListAndShowGolden(t *testing.T) {
	at := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	tc := kittest.NewCloud(t, sim.Options{Now: func() time.Time { return at }}, NewCmd)
	r := tc.Run(nil, "marketapp", "list")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	kittest.Golden(t, "marketapp_list", r.Stdout)
	kittest.Golden(t, "marketapp_show", tc.Run(nil, "marketapp", "show", "alpine-app").Stdout)
}

// The progress bar goes to a terminal's stderr and nowhere else.
func TestDownloadProgressOnlyOnATerminal(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{}, NewCmd)
	dir := t.TempDir()
	tty := kittest.NewIO(false, false, true)
	r := tc.Run(tty, "marketapp", "download", "alpine-app", filepath.Join(dir, "a"))
	if r.Code != 0 || !strings.Contains(r.Stderr, "alpine-app") || !strings.Contains(r.Stderr, "%") {
		t.Errorf("on a terminal: exit %d, stderr %q", r.Code, r.Stderr)
	}
	r = tc.Run(nil, "marketapp", "download", "alpine-app", filepath.Join(dir, "b"))
	if r.Code != 0 || r.Stderr != "" {
		t.Errorf("off a terminal: exit %d, stderr %q", r.Code, r.Stderr)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "a"))
	b, _ := os.ReadFile(filepath.Join(dir, "b"))
	if len(a) != 256*1024 || !bytes.Equal(a, b) {
		t.Errorf("downloads differ or are short: %d, %d bytes", len(a), len(b))
	}
}
