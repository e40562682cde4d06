package sim

import (
	"strconv"
)

// The calls on a network's address ranges and leases. oned answers their
// refusals with INTERNAL (8192), except reserve, which uses ACTION (2048).

// arVector parses the AR=[...] argument of add_ar and update_ar.
func (c *call) arVector(i int) (*attr, *rpcError) {
	t, e := c.tmplArg(i)
	if e != nil {
		return nil, e
	}
	vs := t.vectors("AR")
	if len(vs) == 0 {
		return nil, c.errInternal("Wrong AR definition. AR vector attribute is missing.")
	}
	return vs[0], nil
}

// leaseArg parses the LEASES=[...] argument of hold and release: the
// address asked for and the AR to look in (-1: any).
func (c *call) leaseArg(i int) (ip, ip6, mac string, arID int, e *rpcError) {
	t, e := c.tmplArg(i)
	if e != nil {
		return "", "", "", -1, e
	}
	vs := t.vectors("LEASES")
	if len(vs) == 0 {
		return "", "", "", -1, c.errInternal("Empty lease description.")
	}
	l := vs[0]
	ip, ip6, mac = vget(l, "IP"), vget(l, "IP6"), vget(l, "MAC")
	n := 0
	for _, s := range []string{ip, ip6, mac} {
		if s != "" {
			n++
		}
	}
	if n == 0 {
		return "", "", "", -1, c.errInternal("Missing MAC, IP or IP6.")
	}
	if n > 1 {
		return "", "", "", -1, c.errInternal("Only one attribute MAC, IP or IP6 can be set.")
	}
	arID = -1
	if s := vget(l, "AR_ID"); s != "" {
		if v, err := strconv.Atoi(s); err == nil && v >= 0 {
			arID = v
		}
	}
	return ip, ip6, mac, arID, nil
}

// findAddr is the first AR (or the one asked for) holding the address.
func (n *VNet) findAddr(ip, ip6, mac string, arID int) (*addrRange, int, bool) {
	for _, ar := range n.ARs {
		if arID >= 0 && ar.ID != arID {
			continue
		}
		if i, ok := ar.indexOf(ip, ip6, mac); ok {
			return ar, i, true
		}
	}
	return nil, 0, false
}

// freeParent gives back to the parent the addresses a reservation AR took.
func (st *state) freeParent(n *VNet, ar *addrRange) {
	p := st.VNets[n.Parent]
	if !n.Resv || p == nil {
		return
	}
	pid, err := strconv.Atoi(ar.get("PARENT_NETWORK_AR_ID"))
	if err != nil {
		return
	}
	par := p.findAR(pid)
	if par == nil {
		return
	}
	first, ok := par.indexOfMAC(ar.get("MAC"))
	if !ok {
		return
	}
	for i := first; i < first+ar.size(); i++ {
		par.give(i, leaseOwner{T: ownNet, ID: n.ID})
	}
}

func (n *VNet) removeAR(ar *addrRange) {
	out := n.ARs[:0]
	for _, x := range n.ARs {
		if x != ar {
			out = append(out, x)
		}
	}
	n.ARs = out
}

func (s *Server) registerVNetAR() {
	s.reg("one.vn.add_ar", "i s", func(c *call) (result, *rpcError) {
		n, e := vnetKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		v, e := c.arVector(2)
		if e != nil {
			return result{}, e
		}
		ar, msg := newAddrRange(v.Vec, n.NextAR)
		if msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		n.ARs = append(n.ARs, ar)
		n.NextAR++
		c.changed()
		return resInt(n.ID), nil
	})
	s.reg("one.vn.rm_ar", "i i b?", func(c *call) (result, *rpcError) {
		n, e := vnetKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		ar := n.findAR(c.int(2))
		if ar == nil {
			return result{}, c.errInternal("Address Range does not exist")
		}
		if ar.used() > 0 && !c.boolOr(3, false) {
			return result{}, c.errInternal("Address Range has leases in use")
		}
		c.st.freeParent(n, ar)
		n.removeAR(ar)
		c.changed()
		return resInt(n.ID), nil
	})
	s.reg("one.vn.free_ar", "i i", func(c *call) (result, *rpcError) {
		n, e := vnetKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		ar := n.findAR(c.int(2))
		if ar == nil {
			return result{}, c.errInternal("Address Range does not exist")
		}
		if ar.used() > 0 {
			return result{}, c.errInternal("Address Range has leases in use")
		}
		c.st.freeParent(n, ar)
		n.removeAR(ar)
		c.changed()
		return resInt(n.ID), nil
	})
	s.reg("one.vn.update_ar", "i s", func(c *call) (result, *rpcError) {
		n, e := vnetKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		v, e := c.arVector(2)
		if e != nil {
			return result{}, e
		}
		id, err := strconv.Atoi(vget(v, "AR_ID"))
		if err != nil {
			return result{}, c.errInternal("AR/AR_ID attribute is missing.")
		}
		ar := n.findAR(id)
		if ar == nil {
			return result{}, c.errInternal("Address Range with ID %d was not found.", id)
		}
		if msg := ar.update(v.Vec); msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		c.changed()
		return resInt(n.ID), nil
	})
	s.reg("one.vn.hold", "i s", func(c *call) (result, *rpcError) {
		n, e := vnetKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		ip, ip6, mac, arID, e := c.leaseArg(2)
		if e != nil {
			return result{}, e
		}
		ar, i, ok := n.findAddr(ip, ip6, mac, arID)
		if !ok || !ar.isFree(i, 1) {
			return result{}, c.errInternal("Address is not part of the address range or in use.")
		}
		ar.take(i, held)
		c.changed()
		return resInt(n.ID), nil
	})
	// release frees only a held address; anything else is accepted and
	// left alone, as oned does.
	s.reg("one.vn.release", "i s", func(c *call) (result, *rpcError) {
		n, e := vnetKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		ip, ip6, mac, arID, e := c.leaseArg(2)
		if e != nil {
			return result{}, e
		}
		if ar, i, ok := n.findAddr(ip, ip6, mac, arID); ok && ar.give(i, held) {
			c.changed()
		}
		return resInt(n.ID), nil
	})
	s.reg("one.vn.reserve", "i s", vnReserve)
}

// update applies update_ar: the new vector replaces the AR's attributes,
// except the addresses, which stay, and SIZE, which may not drop leases.
func (ar *addrRange) update(vec []*pair) string {
	nv := &addrRange{ID: ar.ID}
	for _, p := range vec {
		nv.set(p.N, p.V)
	}
	for _, k := range []string{"TYPE", "MAC", "AR_ID"} {
		nv.set(k, ar.get(k))
	}
	nv.del("IP")
	if ar.ipv4() {
		nv.set("IP", ar.get("IP"))
	}
	nv.del("IP6")
	if ar.ipv6Static() {
		nv.set("IP6", ar.get("IP6"))
	}
	if pid := ar.get("PARENT_NETWORK_AR_ID"); pid != "" {
		nv.set("PARENT_NETWORK_AR_ID", pid)
	} else {
		nv.del("PARENT_NETWORK_AR_ID")
	}
	for _, k := range arGenerated {
		nv.del(k)
	}
	if ar.ipv6() {
		if _, ok := parsePrefix6(nv.get("GLOBAL_PREFIX")); !ok {
			return "Wrong format for IP6 global address prefix"
		}
		if _, ok := parsePrefix6(nv.get("ULA_PREFIX")); !ok {
			return "Wrong format for IP6 unique local address prefix"
		}
	} else {
		nv.del("GLOBAL_PREFIX")
		nv.del("ULA_PREFIX")
	}
	size := ar.size()
	if s := nv.get("SIZE"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			return "Unable to read the SIZE attribute, it must be number >= 0"
		}
		if ar.get("PARENT_NETWORK_AR_ID") != "" && v != size {
			return "The SIZE of a reservation cannot be changed."
		}
		for i := range ar.Leased {
			if i >= v {
				return "New SIZE cannot be applied. There are used leases that would fall outside the range."
			}
		}
		size = v
	}
	nv.set("SIZE", strconv.Itoa(size))
	ar.Attrs = nv.Attrs
	return ""
}
