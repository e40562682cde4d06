package sim

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"net"
	"sort"
	"strconv"
	"strings"
)

// A lease's owner is packed as oned packs it in an address range's
// ALLOCATED attribute: the object type in the high bits, the id as 32
// unsigned bits below. A held address belongs to VM -1.
const (
	ownVM      int64 = 0x0000001000000000
	ownNet     int64 = 0x0000004000000000
	ownVRouter int64 = 0x0004000000000000
)

type leaseOwner struct {
	T  int64 `json:"t"`
	ID int   `json:"id"`
}

func (o leaseOwner) pack() int64 { return o.T | int64(uint32(o.ID)) }

// held is the owner vn.hold gives an address.
var held = leaseOwner{T: ownVM, ID: -1}

// macPrefix is oned's default MAC_PREFIX (02:00).
const macPrefix = 0x0200

// addrRange is one AR of a virtual network. Attrs is the AR vector as
// oned stores it (what the pool listing shows); the addresses are derived
// from its TYPE, IP, MAC, IP6, GLOBAL_PREFIX, ULA_PREFIX and SIZE, so a
// lease is only an index into the range.
type addrRange struct {
	ID     int
	Attrs  []*pair
	Leased map[int]leaseOwner `json:",omitempty"`
	// Allocated: oned has written ALLOCATED, which stays (empty) once the
	// last lease is gone. Its value is made from Leased when shown.
	Allocated bool `json:",omitempty"`
	// low is a hint, not saved: every address below it is leased, so the
	// search for a free one starts there.
	low int
}

func (ar *addrRange) get(n string) string { return vget(&attr{Vec: ar.Attrs}, n) }

func (ar *addrRange) set(n, v string) {
	a := &attr{Vec: ar.Attrs}
	vset(a, n, v)
	ar.Attrs = a.Vec
}

func (ar *addrRange) del(n string) {
	a := &attr{Vec: ar.Attrs}
	vdel(a, n)
	ar.Attrs = a.Vec
}

func (ar *addrRange) typ() string { return strings.ToUpper(ar.get("TYPE")) }

func (ar *addrRange) size() int {
	n, _ := strconv.Atoi(ar.get("SIZE"))
	return n
}

func (ar *addrRange) ipv4() bool {
	t := ar.typ()
	return t == "IP4" || t == "IP4_6" || t == "IP4_6_STATIC"
}

func (ar *addrRange) ipv6() bool {
	t := ar.typ()
	return t == "IP6" || t == "IP4_6"
}

func (ar *addrRange) ipv6Static() bool {
	t := ar.typ()
	return t == "IP6_STATIC" || t == "IP4_6_STATIC"
}

func (ar *addrRange) used() int { return len(ar.Leased) }

func (ar *addrRange) free() int { return ar.size() - ar.used() }

func parseIP4(s string) (uint32, bool) {
	ip := net.ParseIP(strings.TrimSpace(s))
	if ip == nil || ip.To4() == nil || strings.Contains(s, ":") {
		return 0, false
	}
	return binary.BigEndian.Uint32(ip.To4()), true
}

func ip4String(v uint32) string {
	return fmt.Sprintf("%d.%d.%d.%d", v>>24, v>>16&255, v>>8&255, v&255)
}

// parseMAC splits a MAC into oned's two words: the 16 high bits and the
// 32 low ones.
func parseMAC(s string) (uint32, uint32, bool) {
	hw, err := net.ParseMAC(strings.TrimSpace(s))
	if err != nil || len(hw) != 6 {
		return 0, 0, false
	}
	return uint32(hw[0])<<8 | uint32(hw[1]), binary.BigEndian.Uint32(hw[2:]), true
}

func macString(hi, lo uint32) string {
	return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", hi>>8&255, hi&255, lo>>24, lo>>16&255, lo>>8&255, lo&255)
}

// parsePrefix6 reads a GLOBAL_PREFIX or ULA_PREFIX: the 64 high bits of an
// IPv6 address; empty is no prefix.
func parsePrefix6(s string) (uint64, bool) {
	if s == "" {
		return 0, true
	}
	ip := net.ParseIP(s)
	if ip == nil || ip.To4() != nil {
		return 0, false
	}
	return binary.BigEndian.Uint64(ip[:8]), true
}

// eui64Addr is the IPv6 address oned builds from a prefix and a MAC (the
// MAC's modified EUI-64 as the interface identifier).
func eui64Addr(prefix uint64, hi, lo uint32) string {
	ip := make(net.IP, 16)
	binary.BigEndian.PutUint64(ip[:8], prefix)
	binary.BigEndian.PutUint32(ip[8:12], (hi^0x0200)<<16|(lo&0xFF000000)>>16|0xFF)
	binary.BigEndian.PutUint32(ip[12:], 0xFE000000+lo&0x00FFFFFF)
	return ip.String()
}

func parseIP6(s string) (hi, lo uint64, ok bool) {
	ip := net.ParseIP(strings.TrimSpace(s))
	if ip == nil || ip.To4() != nil {
		return 0, 0, false
	}
	return binary.BigEndian.Uint64(ip[:8]), binary.BigEndian.Uint64(ip[8:]), true
}

func ip6String(hi, lo uint64) string {
	ip := make(net.IP, 16)
	binary.BigEndian.PutUint64(ip[:8], hi)
	binary.BigEndian.PutUint64(ip[8:], lo)
	return ip.String()
}

// arTypes are the TYPEs oned knows.
var arTypes = map[string]bool{"ETHER": true, "IP4": true, "IP6": true, "IP6_STATIC": true,
	"IP4_6": true, "IP4_6_STATIC": true}

// arGenerated are the attributes oned computes when it shows an AR; they
// are never stored.
var arGenerated = []string{"ALLOCATED", "USED_LEASES", "LEASES", "MAC_END", "IP_END", "IP6_END", "IP6_ULA",
	"IP6_ULA_END", "IP6_GLOBAL", "IP6_GLOBAL_END"}

// newAddrRange checks an AR vector as oned's AddressRange::from_attr does
// and completes it (MAC, AR_ID); the message is oned's when it is refused.
func newAddrRange(vec []*pair, id int) (*addrRange, string) {
	ar := &addrRange{ID: id}
	for _, p := range vec {
		ar.set(p.N, p.V)
	}
	if !arTypes[ar.typ()] {
		return nil, "Unknown or missing address range TYPE."
	}
	ar.set("TYPE", ar.typ())
	var ip4 uint32
	if ar.ipv4() {
		v, ok := parseIP4(ar.get("IP"))
		if !ok {
			return nil, "Wrong or empty IP attribute"
		}
		ip4 = v
	} else {
		ar.del("IP")
	}
	if ar.ipv6() {
		if _, ok := parsePrefix6(ar.get("GLOBAL_PREFIX")); !ok {
			return nil, "Wrong format for IP6 global address prefix"
		}
		if _, ok := parsePrefix6(ar.get("ULA_PREFIX")); !ok {
			return nil, "Wrong format for IP6 unique local address prefix"
		}
	} else {
		ar.del("GLOBAL_PREFIX")
		ar.del("ULA_PREFIX")
	}
	if ar.ipv6Static() {
		_, lo, ok := parseIP6(ar.get("IP6"))
		if !ok {
			return nil, "Wrong or empty IP6 attribute"
		}
		pl, err := strconv.Atoi(ar.get("PREFIX_LENGTH"))
		if err != nil {
			return nil, "Wrong or empty PREFIX_LENGTH"
		}
		if ar.get("SIZE") == "" && pl > 65 {
			// the rest of the prefix, from the first address on
			span := uint64(1) << (128 - pl)
			ar.set("SIZE", strconv.FormatUint(span-(lo&(span-1)), 10))
		}
	} else {
		ar.del("IP6")
	}
	if m := ar.get("MAC"); m == "" {
		lo := ip4
		if !ar.ipv4() {
			lo = rand.Uint32()
		}
		ar.set("MAC", macString(macPrefix, lo))
	} else if _, _, ok := parseMAC(m); !ok {
		return nil, "Wrong format for MAC attribute"
	}
	if n, err := strconv.Atoi(ar.get("SIZE")); err != nil || n <= 0 {
		return nil, "Wrong SIZE for address range"
	}
	ar.set("AR_ID", strconv.Itoa(id))
	for _, n := range arGenerated {
		ar.del(n)
	}
	return ar, ""
}

func (ar *addrRange) mac() (uint32, uint32) {
	hi, lo, _ := parseMAC(ar.get("MAC"))
	return hi, lo
}

// macAt is the MAC of address i: oned adds to the low word only.
func (ar *addrRange) macAt(i int) string {
	hi, lo := ar.mac()
	return macString(hi, lo+uint32(i))
}

func (ar *addrRange) ipAt(i int) string {
	v, _ := parseIP4(ar.get("IP"))
	return ip4String(v + uint32(i))
}

func (ar *addrRange) ip6StaticAt(i int) string {
	hi, lo, _ := parseIP6(ar.get("IP6"))
	n := lo + uint64(i)
	if n < lo {
		hi++
	}
	return ip6String(hi, n)
}

// addrAttrs are the address attributes of index i, as a NIC or a LEASE
// gets them.
func (ar *addrRange) addrAttrs(i int) []*pair {
	ps := []*pair{{"MAC", ar.macAt(i)}}
	if ar.ipv4() {
		ps = append(ps, &pair{"IP", ar.ipAt(i)})
	}
	if ar.ipv6() {
		hi, lo := ar.mac()
		lo += uint32(i)
		ps = append(ps, &pair{"IP6_LINK", eui64Addr(0xfe80000000000000, hi, lo)})
		if p, _ := parsePrefix6(ar.get("ULA_PREFIX")); p != 0 {
			ps = append(ps, &pair{"IP6_ULA", eui64Addr(p, hi, lo)})
		}
		if p, _ := parsePrefix6(ar.get("GLOBAL_PREFIX")); p != 0 {
			ps = append(ps, &pair{"IP6_GLOBAL", eui64Addr(p, hi, lo)})
		}
	}
	if ar.ipv6Static() {
		ps = append(ps, &pair{"IP6", ar.ip6StaticAt(i)})
	}
	return ps
}

func (ar *addrRange) inRange(i int) (int, bool) { return i, i >= 0 && i < ar.size() }

func (ar *addrRange) indexOfIP(s string) (int, bool) {
	if !ar.ipv4() {
		return 0, false
	}
	base, _ := parseIP4(ar.get("IP"))
	v, ok := parseIP4(s)
	if !ok || v < base {
		return 0, false
	}
	return ar.inRange(int(v - base))
}

func (ar *addrRange) indexOfMAC(s string) (int, bool) {
	hi, lo := ar.mac()
	h, l, ok := parseMAC(s)
	if !ok || h != hi || l < lo {
		return 0, false
	}
	return ar.inRange(int(l - lo))
}

// indexOfIP6 finds a static IPv6 address by offset, and a SLAAC one by the
// MAC inside its interface identifier.
func (ar *addrRange) indexOfIP6(s string) (int, bool) {
	hi, lo, ok := parseIP6(s)
	if !ok {
		return 0, false
	}
	if ar.ipv6Static() {
		bh, bl, _ := parseIP6(ar.get("IP6"))
		if hi != bh || lo < bl {
			return 0, false
		}
		return ar.inRange(int(lo - bl))
	}
	if !ar.ipv6() {
		return 0, false
	}
	g, _ := parsePrefix6(ar.get("GLOBAL_PREFIX"))
	u, _ := parsePrefix6(ar.get("ULA_PREFIX"))
	if hi == 0 || (hi != g && hi != u) {
		return 0, false
	}
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, lo)
	return ar.indexOfMAC(macString(uint32(b[0]^0x02)<<8|uint32(b[1]), uint32(b[2])<<24|uint32(b[5])<<16|uint32(b[6])<<8|uint32(b[7])))
}

// indexOf finds the address a NIC, hold or reservation asks for by IP,
// IP6 or MAC.
func (ar *addrRange) indexOf(ip, ip6, mac string) (int, bool) {
	switch {
	case ip != "":
		return ar.indexOfIP(ip)
	case ip6 != "":
		return ar.indexOfIP6(ip6)
	case mac != "":
		return ar.indexOfMAC(mac)
	}
	return 0, false
}

// lowestFree is the address oned's internal IPAM hands out: the first
// free one.
func (ar *addrRange) lowestFree() (int, bool) {
	n := ar.size()
	if ar.used() >= n {
		return 0, false
	}
	for i := ar.low; i < n; i++ {
		if _, ok := ar.Leased[i]; !ok {
			ar.low = i
			return i, true
		}
	}
	return 0, false
}

// freeRun is the first run of n free addresses.
func (ar *addrRange) freeRun(n int) (int, bool) {
	size := ar.size()
	if n > ar.free() {
		return 0, false
	}
	run := 0
	for i := 0; i < size; i++ {
		if _, ok := ar.Leased[i]; ok {
			run = 0
			continue
		}
		run++
		if run == n {
			return i - n + 1, true
		}
	}
	return 0, false
}

func (ar *addrRange) isFree(i, n int) bool {
	if i < 0 || i+n > ar.size() {
		return false
	}
	for j := i; j < i+n; j++ {
		if _, ok := ar.Leased[j]; ok {
			return false
		}
	}
	return true
}

func (ar *addrRange) take(i int, o leaseOwner) {
	if ar.Leased == nil {
		ar.Leased = map[int]leaseOwner{}
	}
	ar.Leased[i] = o
	ar.Allocated = true
}

// give frees address i if o has it.
func (ar *addrRange) give(i int, o leaseOwner) bool {
	if cur, ok := ar.Leased[i]; ok && cur == o {
		delete(ar.Leased, i)
		ar.low = min(ar.low, i)
		return true
	}
	return false
}

// giveAll frees every address o has; the count freed.
func (ar *addrRange) giveAll(o leaseOwner) int {
	n := 0
	for i, cur := range ar.Leased {
		if cur == o {
			delete(ar.Leased, i)
			ar.low = min(ar.low, i)
			n++
		}
	}
	return n
}

// allocatedAttr is ALLOCATED as oned writes it: " index owner" pairs, empty
// once every lease is gone.
func (ar *addrRange) allocatedAttr() string {
	var b strings.Builder
	for _, i := range ar.leaseIdx() {
		b.WriteString(" " + strconv.Itoa(i) + " " + strconv.FormatInt(ar.Leased[i].pack(), 10))
	}
	return b.String()
}

func (ar *addrRange) leaseIdx() []int {
	idx := make([]int, 0, len(ar.Leased))
	for i := range ar.Leased {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	return idx
}
