package vntemplate

import (
	"testing"
	"time"

	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/sim"
)

// The demo's objects as the Ruby CLI's list and show print them (times in
// UTC, from a frozen clock).
func TestGolden(t *testing.T) {
	old := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = old })
	at := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	tc := kittest.NewCloud(t, sim.Options{Now: func() time.Time { return at }}, NewCmd)
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"vntemplate_list", []string{"vntemplate", "list"}}, {"vntemplate_show_lan", []string{"vntemplate", "show", "lan"}},
	} {
		r := tc.Run(nil, c.args...)
		if r.Code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, r.Code, r.Stderr)
		}
		kittest.Golden(t, c.golden, r.Stdout)
	}
}
