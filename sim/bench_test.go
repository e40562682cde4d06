package sim

import (
	"strings"
	"testing"
	"time"
)

// largePool is the demo cloud plus n VMs written straight into the state:
// most RUNNING, every tenth one BOOTing with its end an hour away, so the
// transition index is populated but nothing in it is due.
func largePool(b *testing.B, n int) *Server {
	b.Helper()
	now := time.Unix(1700000000, 0)
	s, err := New(Options{Delay: time.Second, Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	proto := s.st.VMs[0]
	for i := 0; i < n; i++ {
		id := s.st.nextID("vm")
		v := &VM{base: proto.base, State: stActive, LCM: lcmRunning, STime: proto.STime, LastPoll: proto.LastPoll,
			Template: proto.Template.clone(), UserTemplate: proto.UserTemplate.clone(),
			History: []*history{{Hostname: "host01", VMMad: "dummy", TMMad: "dummy", STime: proto.STime}},
			Mon:     []monSample{sample(proto, now.Unix())}}
		v.ID, v.UID, v.Name = id, i%3, "big-"+itoa(id)
		if i%10 == 0 {
			v.LCM = lcmBoot
			v.Next = &transition{Due: now.Add(time.Hour).UnixNano(), Image: -1}
		}
		s.st.VMs[id] = v
	}
	s.st.reindex()
	return s
}

func BenchmarkVMInfoLargePool(b *testing.B) {
	s := largePool(b, 20000)
	info := []byte(encodeCall("one.vm.info", admin, 10007))
	page := []byte(encodeCall("one.vmpool.info", admin, -2, 0, -25, -1))
	deep := []byte(encodeCall("one.vmpool.info", admin, -2, 15000, -25, -1))
	for _, bc := range []struct {
		name string
		req  []byte
		want string
	}{
		{"vm.info", info, "&lt;NAME&gt;big-10007&lt;"},
		{"vmpool.info/first-page", page, "&lt;NAME&gt;big-20005&lt;"},
		{"vmpool.info/page-at-15000", deep, "&lt;NAME&gt;big-5005&lt;"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if out := string(s.Handle(bc.req)); !strings.Contains(out, bc.want) {
				b.Fatalf("unexpected answer: %.300s", out)
			}
			b.ReportAllocs()
			for b.Loop() {
				s.Handle(bc.req)
			}
		})
	}
}
