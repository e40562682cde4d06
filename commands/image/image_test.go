package image

import (
	"strings"
	"testing"
	"time"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/sim"
)

func frozen() func() time.Time {
	at := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	return func() time.Time { return at }
}

// The seed's scratch image shows its snapshots; image 1 the VMs using it.
func TestImageListAndShowGolden(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{Now: frozen()}, NewCmd)
	r := tc.Run(nil, "image", "list")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	kittest.Golden(t, "image_list", r.Stdout)
	kittest.Golden(t, "image_show_snapshots", tc.Run(nil, "image", "show", "scratch").Stdout)
	kittest.Golden(t, "image_show_vms", tc.Run(nil, "image", "show", "alpine-3.20").Stdout)
}

func TestImageCreateParams(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{}, NewCmd)
	r := tc.Run(nil, "--dry-run", "image", "create", "-d", "1", "--name", "x", "--size", "2G", "--type", "datablock",
		"--persistent", "--prefix", "sd", "--no_check_capacity")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	for _, want := range []string{"one.image.allocate", `SIZE=\"2048\"`, `TYPE=\"DATABLOCK\"`, `PERSISTENT=\"YES\"`, `DEV_PREFIX=\"sd\"`, "1, true"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("dry run lacks %s:\n%s", want, r.Stdout)
		}
	}
	r = tc.Run(nil, "image", "create", "--name", "x", "--size", "1")
	if r.Code != 2 {
		t.Errorf("without --datastore: exit %d", r.Code)
	}
	kittest.OneLine(t, r.Stderr)
}

func TestImageMethodsExist(t *testing.T) {
	for _, a := range actions() {
		if _, ok := kit.LookupMethod(a.Method); !ok {
			t.Errorf("%s: unknown method %s", a.Use, a.Method)
		}
	}
}
