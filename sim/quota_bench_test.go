package sim

import (
	"strings"
	"testing"
)

// BenchmarkQuotaUsageLargeCloud: quota usage is counted from the objects
// on every call that shows or checks it, so it is measured on a cloud of
// 20000 VMs spread over 200 users.
func BenchmarkQuotaUsageLargeCloud(bm *testing.B) {
	s := largePool(bm, 20000)
	for i := 3; i < 200; i++ {
		s.st.Users[i] = &User{ID: i, GID: 1, Groups: []int{1}, Name: "u" + itoa(i), Enabled: true, Template: newTmpl()}
	}
	for id, v := range s.st.VMs {
		v.UID = id % 200
		v.GID = 1
	}
	s.st.Users[2].Quota = Quotas{"VM": {vmQuotaKey: {"VMS": 100000}}}
	for _, bc := range []struct {
		name string
		req  []byte
		want string
	}{
		{"user.info", []byte(encodeCall("one.user.info", admin, 2)), "VMS_USED"},
		{"userpool.info", []byte(encodeCall("one.userpool.info", admin)), "&lt;NAME&gt;u199&lt;"},
		{"vm.allocate/checked", []byte(encodeCall("one.vm.allocate", alice, "CPU=0.1 MEMORY=64", b(true))), "<i4>"},
	} {
		bm.Run(bc.name, func(b *testing.B) {
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
