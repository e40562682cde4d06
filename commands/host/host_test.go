package host

import (
	"strings"
	"testing"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/sim"
)

// The ALLOCATED_* columns read as onehost list prints them: percentages
// rounded down, memory in the CLI's units, "-" before the first probe.
func TestAllocatedColumns(t *testing.T) {
	h := &client.Host{Share: client.HostShare{CPUUsage: 100, MaxCPU: 800, MemUsage: 98304, MaxMem: 16777216}}
	if got := allocatedCPU(h); got != "100 / 800 (12%)" {
		t.Errorf("ALLOCATED_CPU %q", got)
	}
	if got := allocatedMem(h); got != "96M / 16G (0%)" {
		t.Errorf("ALLOCATED_MEM %q", got)
	}
	if got := allocatedCPU(&client.Host{}); got != "-" {
		t.Errorf("unprobed host: %q", got)
	}
}

func TestListAndShowInProcess(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{}, NewCmd)
	r := tc.Run(nil, "host", "list")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	for _, want := range []string{"ID NAME   CLUSTER TVM   ALLOCATED_CPU    ALLOCATED_MEM STAT",
		" 2 host03 default   0    0 / 800 (0%)    0K / 16G (0%) dsbl",
		" 0 host01 default   2 300 / 800 (37%)   6G / 16G (37%) on"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("host list lacks %q:\n%s", want, r.Stdout)
		}
	}
	r = tc.Run(nil, "host", "show", "host01")
	for _, want := range []string{"HOST 0 INFORMATION", "CLUSTER               : default", "RUNNING VMS           : 2",
		"  TOTAL +/- RESERVED  : 16G", "  USED (ALLOCATED)    : 300", "PCI DEVICES", "VIRTUAL MACHINES", "web-1"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("host show lacks %q:\n%s", want, r.Stdout)
		}
	}
	if r := tc.Run(nil, "host", "monitoring", "host01", "nope"); r.Code != 2 {
		t.Errorf("unknown attribute: exit %d", r.Code)
	}
}
