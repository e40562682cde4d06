package sim

import (
	"strings"
	"testing"
)

func mustAR(t *testing.T, id int, kv ...string) *addrRange {
	t.Helper()
	var vec []*pair
	for i := 0; i+1 < len(kv); i += 2 {
		vec = append(vec, &pair{kv[i], kv[i+1]})
	}
	ar, msg := newAddrRange(vec, id)
	if msg != "" {
		t.Fatalf("newAddrRange(%v): %s", kv, msg)
	}
	return ar
}

func TestAddrRangeRefusals(t *testing.T) {
	for _, c := range []struct {
		kv   []string
		want string
	}{
		{[]string{"SIZE", "3"}, "Unknown or missing address range TYPE."},
		{[]string{"TYPE", "IP5", "SIZE", "3"}, "Unknown or missing address range TYPE."},
		{[]string{"TYPE", "IP4", "SIZE", "3"}, "Wrong or empty IP attribute"},
		{[]string{"TYPE", "IP4", "IP", "10.0.0.300", "SIZE", "3"}, "Wrong or empty IP attribute"},
		{[]string{"TYPE", "IP4", "IP", "10.9.2.1"}, "Wrong SIZE for address range"},
		{[]string{"TYPE", "IP4", "IP", "10.9.2.1", "SIZE", "x"}, "Wrong SIZE for address range"},
		{[]string{"TYPE", "ETHER", "MAC", "02:00:zz:00:00:01", "SIZE", "3"}, "Wrong format for MAC attribute"},
		{[]string{"TYPE", "IP6", "GLOBAL_PREFIX", "nope", "SIZE", "3"}, "Wrong format for IP6 global address prefix"},
		{[]string{"TYPE", "IP6", "ULA_PREFIX", "1.2.3.4", "SIZE", "3"}, "Wrong format for IP6 unique local address prefix"},
		{[]string{"TYPE", "IP6_STATIC", "SIZE", "3"}, "Wrong or empty IP6 attribute"},
		{[]string{"TYPE", "IP6_STATIC", "IP6", "2001:db8::1", "SIZE", "3"}, "Wrong or empty PREFIX_LENGTH"},
	} {
		var vec []*pair
		for i := 0; i+1 < len(c.kv); i += 2 {
			vec = append(vec, &pair{c.kv[i], c.kv[i+1]})
		}
		if _, msg := newAddrRange(vec, 0); msg != c.want {
			t.Errorf("%v: %q, want %q", c.kv, msg, c.want)
		}
	}
}

// An IP4 range's MACs are oned's: 02:00 and the IPv4 bytes, counted on.
func TestIP4Range(t *testing.T) {
	ar := mustAR(t, 0, "TYPE", "ip4", "IP", "10.9.0.10", "SIZE", "5", "USED_LEASES", "9", "MAC_END", "x")
	if ar.get("MAC") != "02:00:0a:09:00:0a" || ar.get("TYPE") != "IP4" || ar.get("AR_ID") != "0" {
		t.Fatalf("attrs %v", ar.poolXML())
	}
	if ar.get("USED_LEASES") != "" || ar.get("MAC_END") != "" {
		t.Fatalf("generated attributes kept: %s", ar.poolXML())
	}
	if ar.macAt(4) != "02:00:0a:09:00:0e" || ar.ipAt(4) != "10.9.0.14" {
		t.Fatalf("end %s %s", ar.macAt(4), ar.ipAt(4))
	}
	for _, c := range []struct {
		ip   string
		i    int
		want bool
	}{{"10.9.0.10", 0, true}, {"10.9.0.14", 4, true}, {"10.9.0.15", 0, false}, {"10.9.0.9", 0, false}, {"bad", 0, false}} {
		if i, ok := ar.indexOfIP(c.ip); ok != c.want || ok && i != c.i {
			t.Errorf("indexOfIP(%s) = %d %v", c.ip, i, ok)
		}
	}
	if i, ok := ar.indexOfMAC("02:00:0a:09:00:0c"); !ok || i != 2 {
		t.Errorf("indexOfMAC = %d %v", i, ok)
	}
	if _, ok := ar.indexOfMAC("02:01:0a:09:00:0c"); ok {
		t.Error("a MAC with another prefix matched")
	}
}

func TestLeaseOrderAndExhaustion(t *testing.T) {
	ar := mustAR(t, 0, "TYPE", "IP4", "IP", "10.0.0.1", "SIZE", "4")
	vm := func(id int) leaseOwner { return leaseOwner{T: ownVM, ID: id} }
	for id := 0; id < 4; id++ {
		i, ok := ar.lowestFree()
		if !ok || i != id {
			t.Fatalf("lease %d: %d %v", id, i, ok)
		}
		ar.take(i, vm(id))
	}
	if _, ok := ar.lowestFree(); ok {
		t.Fatal("a full range gave an address")
	}
	if ar.give(1, vm(2)) {
		t.Fatal("an address was freed by a VM that does not have it")
	}
	if !ar.give(1, vm(1)) || ar.used() != 3 {
		t.Fatalf("give: used %d", ar.used())
	}
	if i, _ := ar.lowestFree(); i != 1 {
		t.Fatalf("freed address not reused first: %d", i)
	}
	if a := ar.allocatedAttr(); a != " 0 68719476736 2 68719476738 3 68719476739" {
		t.Fatalf("ALLOCATED %q", a)
	}
	ar.take(1, held)
	if a := ar.allocatedAttr(); !strings.Contains(a, " 1 73014444031") {
		t.Fatalf("held ALLOCATED %q", a)
	}
	for i := 0; i < 4; i++ {
		ar.give(i, ar.Leased[i])
	}
	if x := ar.poolXML(); !strings.HasPrefix(x, "<AR><ALLOCATED><![CDATA[]]></ALLOCATED><AR_ID>") {
		t.Fatalf("emptied ALLOCATED: %s", x)
	}
}

func TestFreeRun(t *testing.T) {
	ar := mustAR(t, 0, "TYPE", "ETHER", "MAC", "02:00:00:00:00:01", "SIZE", "8")
	o := leaseOwner{T: ownVM, ID: 1}
	ar.take(1, o)
	ar.take(4, o)
	for _, c := range []struct{ n, at int }{{1, 0}, {2, 2}, {3, 5}, {4, -1}} {
		i, ok := ar.freeRun(c.n)
		if c.at < 0 && ok || c.at >= 0 && (!ok || i != c.at) {
			t.Errorf("freeRun(%d) = %d %v, want %d", c.n, i, ok, c.at)
		}
	}
	if ar.isFree(3, 2) || !ar.isFree(5, 3) || ar.isFree(6, 3) {
		t.Error("isFree")
	}
	if n := ar.giveAll(o); n != 2 || ar.used() != 0 {
		t.Errorf("giveAll %d, used %d", n, ar.used())
	}
}

// IPv6 addresses are SLAAC ones: the prefix and the MAC's EUI-64.
func TestIP6Range(t *testing.T) {
	ar := mustAR(t, 1, "TYPE", "IP4_6", "IP", "10.0.0.10", "GLOBAL_PREFIX", "2001:db8::", "ULA_PREFIX", "fd00::", "SIZE", "4")
	got := map[string]string{}
	for _, p := range ar.addrAttrs(1) {
		got[p.N] = p.V
	}
	want := map[string]string{"MAC": "02:00:0a:00:00:0b", "IP": "10.0.0.11",
		"IP6_LINK": "fe80::aff:fe00:b", "IP6_GLOBAL": "2001:db8::aff:fe00:b", "IP6_ULA": "fd00::aff:fe00:b"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if i, ok := ar.indexOfIP6("2001:db8::aff:fe00:d"); !ok || i != 3 {
		t.Errorf("indexOfIP6 global = %d %v", i, ok)
	}
	if i, ok := ar.indexOfIP6("fd00::aff:fe00:a"); !ok || i != 0 {
		t.Errorf("indexOfIP6 ula = %d %v", i, ok)
	}
	if _, ok := ar.indexOfIP6("2001:db9::aff:fe00:a"); ok {
		t.Error("another prefix matched")
	}
	x := ar.infoXML(showAll)
	for _, s := range []string{"<IP6_ULA><![CDATA[fd00::aff:fe00:a]]></IP6_ULA><IP6_ULA_END><![CDATA[fd00::aff:fe00:d]]></IP6_ULA_END>",
		"<IP6_GLOBAL><![CDATA[2001:db8::aff:fe00:a]]></IP6_GLOBAL>", "<IP_END><![CDATA[10.0.0.13]]></IP_END>"} {
		if !strings.Contains(x, s) {
			t.Errorf("info lacks %s:\n%s", s, x)
		}
	}
	st := mustAR(t, 2, "TYPE", "IP6_STATIC", "IP6", "2001:db8::fffe", "PREFIX_LENGTH", "64", "SIZE", "4")
	if st.ip6StaticAt(3) != "2001:db8::1:1" {
		t.Errorf("static end %s", st.ip6StaticAt(3))
	}
	if i, ok := st.indexOfIP6("2001:db8::1:0"); !ok || i != 2 {
		t.Errorf("static index %d %v", i, ok)
	}
	sized := mustAR(t, 3, "TYPE", "IP6_STATIC", "IP6", "2001:db8::10", "PREFIX_LENGTH", "124")
	if sized.size() != 16 {
		t.Errorf("size from prefix: %d", sized.size())
	}
}

// An ETHER or IP6 range without a MAC gets a random one behind oned's
// prefix.
func TestRandomMAC(t *testing.T) {
	ar := mustAR(t, 0, "TYPE", "ETHER", "SIZE", "3")
	if !strings.HasPrefix(ar.get("MAC"), "02:00:") || len(ar.get("MAC")) != 17 {
		t.Fatalf("MAC %q", ar.get("MAC"))
	}
	if strings.Contains(ar.infoXML(showAll), "IP_END") {
		t.Fatal("an ETHER range has an IP_END")
	}
}

func TestCarveReservation(t *testing.T) {
	ar := mustAR(t, 1, "TYPE", "IP4", "IP", "10.9.1.1", "SIZE", "6", "SMP_TAG", "x")
	ar.take(0, held)
	c := ar.carve(4, 2, 0)
	want := "<AR><AR_ID><![CDATA[0]]></AR_ID><IP><![CDATA[10.9.1.5]]></IP><MAC><![CDATA[02:00:0a:09:01:05]]></MAC>" +
		"<PARENT_NETWORK_AR_ID><![CDATA[1]]></PARENT_NETWORK_AR_ID><SIZE><![CDATA[2]]></SIZE>" +
		"<SMP_TAG><![CDATA[x]]></SMP_TAG><TYPE><![CDATA[IP4]]></TYPE></AR>"
	if got := c.poolXML(); got != want {
		t.Fatalf("carved\n%s\nwant\n%s", got, want)
	}
}

func TestUpdateAR(t *testing.T) {
	ar := mustAR(t, 1, "TYPE", "IP4", "IP", "10.9.1.1", "SIZE", "3", "SMP_TAG", "ar1")
	if msg := ar.update([]*pair{{"AR_ID", "1"}, {"SIZE", "6"}, {"SMP_TAG", "ar1-upd"}, {"IP", "1.1.1.1"}}); msg != "" {
		t.Fatal(msg)
	}
	if ar.size() != 6 || ar.get("IP") != "10.9.1.1" || ar.get("SMP_TAG") != "ar1-upd" {
		t.Fatalf("updated %s", ar.poolXML())
	}
	ar.take(5, held)
	if msg := ar.update([]*pair{{"SIZE", "5"}}); msg != "New SIZE cannot be applied. There are used leases that would fall outside the range." {
		t.Fatalf("shrink: %q", msg)
	}
	if msg := ar.update([]*pair{{"SIZE", "-1"}}); msg != "Unable to read the SIZE attribute, it must be number >= 0" {
		t.Fatalf("bad size: %q", msg)
	}
	if ar.get("SMP_TAG") != "ar1-upd" || !strings.Contains(ar.poolXML(), "<ALLOCATED><![CDATA[ 5 73014444031]]></ALLOCATED>") {
		t.Fatalf("a refused update changed the range: %s", ar.poolXML())
	}
}
