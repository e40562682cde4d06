package sim

import "testing"

// A VM on a /16 range that is already half leased: the cost of one NIC
// lease and its return.
func BenchmarkLeaseHalfFullRange(b *testing.B) {
	ar, msg := newAddrRange([]*pair{{"TYPE", "IP4"}, {"IP", "10.0.0.1"}, {"SIZE", "65536"}}, 0)
	if msg != "" {
		b.Fatal(msg)
	}
	for i := 0; i < 32768; i++ {
		ar.Leased = mapWith(ar.Leased, i, leaseOwner{T: ownVM, ID: i})
	}
	o := leaseOwner{T: ownVM, ID: -2}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		idx, ok := ar.lowestFree()
		if !ok {
			b.Fatal("full")
		}
		ar.take(idx, o)
		ar.give(idx, o)
	}
}

func mapWith(m map[int]leaseOwner, i int, o leaseOwner) map[int]leaseOwner {
	if m == nil {
		m = map[int]leaseOwner{}
	}
	m[i] = o
	return m
}

// The security group pool finds each group's VMs through their NICs: with
// 20000 VMs, that is the cost of a listing.
func BenchmarkSecGroupPoolLargeVMPool(b *testing.B) {
	s := largePool(b, 20000)
	req := []byte(encodeCall("one.secgrouppool.info", admin, -2, -1, -1))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Handle(req)
	}
}

// One vn.info of the demo's private network while 20000 VMs exist.
func BenchmarkVNetInfoLargeVMPool(b *testing.B) {
	s := largePool(b, 20000)
	req := []byte(encodeCall("one.vn.info", admin, 0))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Handle(req)
	}
}
