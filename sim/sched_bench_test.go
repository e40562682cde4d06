package sim

import (
	"testing"
	"time"
)

// BenchmarkPickHost is the scheduler's cost for one VM in a cloud of 2,000
// hosts where only the last one fits: every host is tried, its
// requirements evaluated.
func BenchmarkPickHost(b *testing.B) {
	now := time.Unix(1700000000, 0)
	st, err := seedState("empty", now)
	if err != nil {
		b.Fatal(err)
	}
	s := &Server{st: st, delay: time.Second}
	for i := 0; i < 2000; i++ {
		h := &Host{ID: i, Name: "node" + itoa(i), State: hostMonitored, IMMad: "dummy", VMMad: "dummy",
			MaxCPU: 800, MaxMem: 16 << 20, Template: hostTemplate("n", "dummy", "dummy")}
		if i < 1999 {
			h.CPUUsage = 800
		}
		h.Mon = []hostSample{hostSampleFor(h, now.Unix())}
		st.Hosts[i] = h
	}
	v := &VM{State: stPending, Template: mustTmpl(`CPU="1"
MEMORY="512"
AUTOMATIC_REQUIREMENTS="(CLUSTER_ID = 0) & !(PUBLIC_CLOUD = YES) & !(PIN_POLICY = PINNED)"`),
		UserTemplate: mustTmpl(`SCHED_REQUIREMENTS="HYPERVISOR = dummy & FREE_CPU > 10"`)}
	hosts := idsAsc(st.Hosts)
	b.ReportAllocs()
	for b.Loop() {
		if h, why := s.pickHost(v, hosts, -1); h == nil || h.ID != 1999 {
			b.Fatalf("placed on %v: %s", h, why)
		}
	}
}
