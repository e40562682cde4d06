package market

import (
	"testing"

	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/sim"
)

func TestMarketListAndShowGolden(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{}, NewCmd)
	r := tc.Run(nil, "market", "list")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	kittest.Golden(t, "market_list", r.Stdout)
	kittest.Golden(t, "market_show", tc.Run(nil, "market", "show", "local").Stdout)
}
