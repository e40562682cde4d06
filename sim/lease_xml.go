package sim

import (
	"sort"
	"strconv"
	"strings"
)

func sortedPairs(ps []*pair) []*pair {
	out := make([]*pair, len(ps))
	copy(out, ps)
	sort.SliceStable(out, func(i, j int) bool { return out[i].N < out[j].N })
	return out
}

// poolXML is the AR as the pool listing shows it: its stored attributes.
func (ar *addrRange) poolXML() string {
	var b strings.Builder
	b.WriteString("<AR>")
	ps := ar.Attrs
	if ar.Allocated {
		ps = append([]*pair{{"ALLOCATED", ar.allocatedAttr()}}, ps...)
	}
	for _, p := range sortedPairs(ps) {
		b.WriteString("<" + p.N + ">" + cdata(p.V) + "</" + p.N + ">")
	}
	b.WriteString("</AR>")
	return b.String()
}

// infoXML is the AR as one.vn.info shows it: the attributes, the computed
// ends, the usage and the leases whose owner show accepts.
func (ar *addrRange) infoXML(show func(leaseOwner) bool) string {
	var b strings.Builder
	b.WriteString("<AR>")
	for _, p := range sortedPairs(ar.Attrs) {
		b.WriteString("<" + p.N + ">" + cdata(p.V) + "</" + p.N + ">")
	}
	last := ar.size() - 1
	b.WriteString(elc("MAC_END", ar.macAt(last)))
	if ar.ipv4() {
		b.WriteString(elc("IP_END", ar.ipAt(last)))
	}
	if ar.ipv6() {
		hi, lo := ar.mac()
		for _, pf := range []struct{ name, attr string }{{"IP6_ULA", "ULA_PREFIX"}, {"IP6_GLOBAL", "GLOBAL_PREFIX"}} {
			if p, _ := parsePrefix6(ar.get(pf.attr)); p != 0 {
				b.WriteString(elc(pf.name, eui64Addr(p, hi, lo)) + elc(pf.name+"_END", eui64Addr(p, hi, lo+uint32(last))))
			}
		}
	}
	if ar.ipv6Static() {
		b.WriteString(elc("IP6_END", ar.ip6StaticAt(last)))
	}
	b.WriteString(el("USED_LEASES", ar.used()))
	if len(ar.Leased) == 0 {
		b.WriteString("<LEASES/></AR>")
		return b.String()
	}
	b.WriteString("<LEASES>")
	for _, i := range ar.leaseIdx() {
		o := ar.Leased[i]
		if !show(o) {
			continue
		}
		ps := ar.addrAttrs(i)
		switch o.T {
		case ownVM:
			ps = append(ps, &pair{"VM", strconv.Itoa(o.ID)})
		case ownNet:
			ps = append(ps, &pair{"VNET", strconv.Itoa(o.ID)})
		case ownVRouter:
			ps = append(ps, &pair{"VROUTER", strconv.Itoa(o.ID)})
		}
		b.WriteString("<LEASE>")
		for _, p := range sortedPairs(ps) {
			b.WriteString("<" + p.N + ">" + cdata(p.V) + "</" + p.N + ">")
		}
		b.WriteString("</LEASE>")
	}
	b.WriteString("</LEASES></AR>")
	return b.String()
}
