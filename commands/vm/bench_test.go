package vm

import (
	"context"
	"fmt"
	"testing"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/sim"
)

// BenchmarkVMList measures `vm list` end to end in one process (paged pool
// calls over loopback HTTP, XML decoding, rows, table or JSON) on a pool of
// 2,000 VMs.
func BenchmarkVMList(b *testing.B) {
	tc := newTestCloud(b, sim.Options{Seed: "empty"})
	c, err := client.New(client.Options{Endpoint: tc.Endpoint, Session: "oneadmin:opennebula"})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 2000; i++ {
		tmpl := fmt.Sprintf("NAME=\"vm-%d\"\nCPU=\"0.1\"\nMEMORY=\"64\"", i)
		if _, err := c.CallInt(context.Background(), "one.vm.allocate", tmpl, true); err != nil {
			b.Fatal(err)
		}
	}
	for _, format := range []string{"table", "json"} {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := tc.Run(nil, "vm", "list", "-o", format)
				if r.Code != 0 {
					b.Fatalf("exit %d: %s", r.Code, r.Stderr)
				}
				b.SetBytes(int64(len(r.Stdout)))
			}
		})
	}
}
