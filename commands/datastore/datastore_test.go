package datastore

import (
	"testing"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/sim"
)

func TestDatastoreListAndShowGolden(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{}, NewCmd)
	r := tc.Run(nil, "datastore", "list")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	kittest.Golden(t, "datastore_list", r.Stdout)
	kittest.Golden(t, "datastore_show", tc.Run(nil, "datastore", "show", "default").Stdout)
}

// AVA is the free share, as onedatastore prints it.
func TestAvail(t *testing.T) {
	for _, c := range []struct {
		total, free int64
		want        string
	}{{4796800, 3333260, "69%"}, {20480, 20480, "100%"}, {0, 0, "-"}} {
		if got := avail(&client.Datastore{TotalMB: c.total, FreeMB: c.free}); got != c.want {
			t.Errorf("avail(%d, %d) = %s, want %s", c.total, c.free, got, c.want)
		}
	}
}
