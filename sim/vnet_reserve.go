package sim

import (
	"strconv"
)

// vnReserve answers one.vn.reserve(id, template): SIZE addresses of the
// network move into a reservation, a new network (NAME) or an existing
// reservation of the same parent (NETWORK_ID); it answers the
// reservation's ID. The checks come in RequestManagerVirtualNetwork's
// order.
func vnReserve(c *call) (result, *rpcError) {
	id := c.int(1)
	t, msg := parseTmpl(c.str(2))
	if msg != "" {
		return result{}, c.errAction("%s", msg)
	}
	size, err := strconv.Atoi(t.str("SIZE"))
	if err != nil || size <= 0 {
		return result{}, c.errAction("Reservation SIZE must be a greater than 0")
	}
	var target *VNet
	if s, ok := t.get("NETWORK_ID"); ok {
		if rid, err := strconv.Atoi(s); err == nil {
			switch {
			case rid < 0:
				return result{}, c.errAction("NETWORK_ID must be equal or greater than 0")
			case rid == id:
				return result{}, c.errAction("Cannot add a reservation from the same network")
			}
			if target = c.st.VNets[rid]; target == nil {
				return result{}, c.errNotFound(obNet, rid)
			}
			if !target.Resv {
				return result{}, c.errAction("Cannot add reservations to a non-reservation VNET")
			}
			if target.Parent != id {
				return result{}, c.errAction("New reservations for virtual network %d have to be from network %d", rid, target.Parent)
			}
		}
	}
	name := t.str("NAME")
	if name == "" && target == nil {
		return result{}, c.errAction("NAME for reservation has to be set")
	}
	arID := -1
	if s, ok := t.get("AR_ID"); ok {
		if v, err := strconv.Atoi(s); err == nil {
			if v < 0 {
				return result{}, c.errAction("AR_ID must be equal or greater than 0")
			}
			arID = v
		}
	}
	ip, ip6, mac := t.str("IP"), t.str("IP6"), t.str("MAC")
	if arID < 0 && (ip != "" || ip6 != "" || mac != "") {
		return result{}, c.errAction("AR_ID must be specified for IP/MAC based reservations")
	}
	parent := c.st.VNets[id]
	if parent == nil {
		return result{}, c.errNotFound(obNet, id)
	}
	if parent.Resv {
		return result{}, c.errAction("Cannot reserve addresses from a reserved VNET")
	}
	ar := c.authz().add(opUse, vnetKind.auth(parent))
	if target != nil {
		ar.add(opManage, vnetKind.auth(target))
	}
	if e := ar.err(); e != nil {
		return result{}, e
	}
	src, first, why := parent.reservable(size, arID, ip, ip6, mac)
	if target == nil {
		if e := c.vnetName(name, c.uid()); e != nil {
			return result{}, e
		}
		// oned creates the reservation before it looks for addresses, so a
		// refused reservation still uses up an ID
		rid := c.st.nextID("vnet")
		tt := parent.Template.clone()
		// a reservation is on the parent's VLANs, whoever chose them
		if parent.AutoVlan != "" {
			tt.set("VLAN_ID", parent.AutoVlan)
		}
		if parent.AutoOuter != "" {
			tt.set("OUTER_VLAN_ID", parent.AutoOuter)
		}
		target = &VNet{base: c.ownedBase(rid, name), ClusterIDs: append([]int(nil), parent.ClusterIDs...),
			Bridge: parent.Bridge, VNMad: parent.VNMad, Template: tt,
			vnetExtra: vnetExtra{State: vnLockCreate, PrevState: vnLockCreate, Resv: true, Parent: id,
				Due: c.now.UnixNano() + c.s.vnetDelay()}}
	}
	// oned charges the reservation's owner on the parent before it looks
	// for the addresses; a refused new reservation is dropped, its ID used.
	if e := c.leasesQuotaFails(target.UID, target.GID, id, size); e != nil {
		return result{}, e
	}
	if src == nil {
		return result{}, c.errAction("%s", why)
	}
	if _, ok := c.st.VNets[target.ID]; !ok {
		c.st.VNets[target.ID] = target
		c.st.markDue(target)
	}
	child := src.carve(first, size, target.NextAR)
	target.NextAR++
	target.ARs = append(target.ARs, child)
	for i := first; i < first+size; i++ {
		src.take(i, leaseOwner{T: ownNet, ID: target.ID})
	}
	c.changed()
	return resInt(target.ID), nil
}

// reservable finds where size addresses can be reserved: from the AR asked
// for (at the address asked for), or from the first AR with a free run.
func (n *VNet) reservable(size, arID int, ip, ip6, mac string) (*addrRange, int, string) {
	if arID < 0 {
		for _, ar := range n.ARs {
			if i, ok := ar.freeRun(size); ok {
				return ar, i, ""
			}
		}
		return nil, 0, "Not enough free addresses in an address range"
	}
	why := "Not enough free addresses in address range " + strconv.Itoa(arID) + ", or it does not exist"
	ar := n.findAR(arID)
	if ar == nil {
		return nil, 0, why
	}
	if ip == "" && ip6 == "" && mac == "" {
		if i, ok := ar.freeRun(size); ok {
			return ar, i, ""
		}
		return nil, 0, why
	}
	if i, ok := ar.indexOf(ip, ip6, mac); ok && ar.isFree(i, size) {
		return ar, i, ""
	}
	return nil, 0, why
}

// carve is the AR a reservation gets: the parent's attributes, starting at
// address first, size long, pointing back at the parent's AR.
func (ar *addrRange) carve(first, size, id int) *addrRange {
	vec := []*pair{}
	for _, p := range ar.Attrs {
		if p.N != "IPAM_MAD" {
			vec = append(vec, &pair{p.N, p.V})
		}
	}
	n := &addrRange{ID: id, Attrs: vec}
	n.set("MAC", ar.macAt(first))
	if ar.ipv4() {
		n.set("IP", ar.ipAt(first))
	}
	if ar.ipv6Static() {
		n.set("IP6", ar.ip6StaticAt(first))
	}
	n.set("SIZE", strconv.Itoa(size))
	n.set("AR_ID", strconv.Itoa(id))
	n.set("PARENT_NETWORK_AR_ID", strconv.Itoa(ar.ID))
	return n
}

// leaseNIC takes an address of network vn for a NIC (the one it asks for
// by IP, IP6 or MAC, else the first free one) and writes the network's
// attributes into it, as VirtualNetwork::nic_attribute does.
func (st *state) leaseNIC(vn *VNet, n *attr, o leaseOwner) string {
	fail := "Cannot get IP/MAC lease from virtual network " + strconv.Itoa(vn.ID) + "."
	arID := -1
	if s := vget(n, "AR_ID"); s != "" {
		if v, err := strconv.Atoi(s); err == nil {
			arID = v
		}
	}
	var src *addrRange
	var idx int
	ip, ip6, mac := vget(n, "IP"), vget(n, "IP6"), vget(n, "MAC")
	if ip != "" || ip6 != "" || mac != "" {
		ar, i, ok := vn.findAddr(ip, ip6, mac, arID)
		if !ok || !ar.isFree(i, 1) {
			return fail
		}
		src, idx = ar, i
	} else {
		for _, ar := range vn.ARs {
			if arID >= 0 && ar.ID != arID {
				continue
			}
			if i, ok := ar.lowestFree(); ok {
				src, idx = ar, i
				break
			}
		}
	}
	if src == nil {
		return fail
	}
	src.take(idx, o)
	vset(n, "AR_ID", strconv.Itoa(src.ID))
	for _, p := range src.addrAttrs(idx) {
		vset(n, p.N, p.V)
	}
	vset(n, "BRIDGE", vn.Bridge)
	vset(n, "BRIDGE_TYPE", vn.Template.str("BRIDGE_TYPE"))
	vset(n, "NETWORK", vn.Name)
	vset(n, "NETWORK_ID", strconv.Itoa(vn.ID))
	vset(n, "NETWORK_UNAME", st.userName(vn.UID))
	if vn.Resv {
		vset(n, "PARENT_NETWORK_ID", strconv.Itoa(vn.Parent))
	}
	for _, kv := range [][2]string{{"PHYDEV", vn.Template.str("PHYDEV")}, {"VLAN_ID", vn.vlanID()},
		{"OUTER_VLAN_ID", vn.outerVlanID()}} {
		if kv[1] != "" {
			vset(n, kv[0], kv[1])
		}
	}
	sg := vn.Template.str("SECURITY_GROUPS")
	if s := src.get("SECURITY_GROUPS"); s != "" {
		sg += "," + s
	}
	vset(n, "SECURITY_GROUPS", sg)
	vset(n, "VN_MAD", vn.VNMad)
	return ""
}

// releaseNIC gives back the address a NIC holds, if o still has it.
func (st *state) releaseNIC(n *attr, o leaseOwner) {
	id, err := strconv.Atoi(vget(n, "NETWORK_ID"))
	if err != nil {
		return
	}
	vn := st.VNets[id]
	if vn == nil {
		return
	}
	arID, err := strconv.Atoi(vget(n, "AR_ID"))
	if err != nil {
		return
	}
	if ar := vn.findAR(arID); ar != nil {
		if i, ok := ar.indexOfMAC(vget(n, "MAC")); ok {
			ar.give(i, o)
		}
	}
}
