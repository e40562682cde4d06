package sim

import (
	"strconv"
	"strings"
)

// Virtual network STATE values (include/VirtualNetwork.h).
const (
	vnInit          = 0
	vnReady         = 1
	vnLockCreate    = 2
	vnLockDelete    = 3
	vnDone          = 4
	vnError         = 5
	vnUpdateFailure = 6
)

var vnStateNames = []string{"INIT", "READY", "LOCK_CREATE", "LOCK_DELETE", "DONE", "ERROR", "UPDATE_FAILURE"}

// vnetExtra is what a virtual network has beyond the first fields of VNet
// (kept there so existing literals still build).
type vnetExtra struct {
	State     int
	PrevState int
	Resv      bool // a reservation: Parent is PARENT_NETWORK_ID
	Parent    int
	NextAR    int
	// Due is when the driver action of LOCK_CREATE or LOCK_DELETE ends
	// (unix nanos), on the simulator's clock.
	Due int64 `json:",omitempty"`
	// AutoVlan and AutoOuter are the VLAN IDs oned chose for
	// AUTOMATIC_VLAN_ID / AUTOMATIC_OUTER_VLAN_ID ("" when not automatic).
	AutoVlan  string `json:",omitempty"`
	AutoOuter string `json:",omitempty"`
}

// vlanDrivers share oned's 802.1Q VLAN ID bitmap.
var vlanDrivers = map[string]bool{"802.1Q": true, "vcenter": true, "ovswitch": true, "ovswitch_vxlan": true}

// bridgeTypes is oned.conf's VN_MAD_CONF: the drivers oned knows.
var bridgeTypes = map[string]string{"dummy": "linux", "802.1Q": "linux", "ebtables": "linux", "fw": "linux",
	"ovswitch": "openvswitch", "vxlan": "linux", "vcenter": "vcenter_port_groups",
	"ovswitch_vxlan": "openvswitch", "bridge": "linux", "elastic": "linux", "nodeport": "linux"}

func (n *VNet) usedLeases() int {
	u := 0
	for _, ar := range n.ARs {
		u += ar.used()
	}
	return u
}

func (n *VNet) findAR(id int) *addrRange {
	for _, ar := range n.ARs {
		if ar.ID == id {
			return ar
		}
	}
	return nil
}

// holders are the ids of one kind of owner with a lease here, ascending.
func (n *VNet) holders(t int64) []int {
	seen := map[int]bool{}
	for _, ar := range n.ARs {
		for _, o := range ar.Leased {
			if o.T == t && o.ID >= 0 {
				seen[o.ID] = true
			}
		}
	}
	return idsAsc(seen)
}

func elOpt(name, v string) string {
	if v == "" {
		return "<" + name + "/>"
	}
	return elc(name, v)
}

// vnetHead is the part of <VNET> before AR_POOL, the same in the pool and
// in one.vn.info.
func (st *state) vnetHead(n *VNet) string {
	parent := "<PARENT_NETWORK_ID/>"
	if n.Resv {
		parent = el("PARENT_NETWORK_ID", n.Parent)
	}
	t := n.Template
	return "<VNET>" + st.head(&n.base) + n.Lock.xml() + n.Perms.xml() + idsXML("CLUSTERS", n.ClusterIDs) +
		elc("BRIDGE", n.Bridge) + elc("BRIDGE_TYPE", t.str("BRIDGE_TYPE")) + elc("STATE", strconv.Itoa(n.State)) +
		elc("PREV_STATE", strconv.Itoa(n.PrevState)) + parent + elc("VN_MAD", n.VNMad) + elOpt("PHYDEV", t.str("PHYDEV")) +
		elOpt("VLAN_ID", n.vlanID()) + elOpt("OUTER_VLAN_ID", n.outerVlanID()) +
		el("VLAN_ID_AUTOMATIC", boolInt(n.AutoVlan != "")) + el("OUTER_VLAN_ID_AUTOMATIC", boolInt(n.AutoOuter != "")) +
		el("USED_LEASES", n.usedLeases()) +
		idsXML("VROUTERS", n.holders(ownVRouter)) + idsXML("UPDATED_VMS", n.holders(ownVM)) +
		"<OUTDATED_VMS></OUTDATED_VMS><UPDATING_VMS></UPDATING_VMS><ERROR_VMS></ERROR_VMS>" + t.xml("TEMPLATE")
}

// vnetXML is one.vn.info's body; show picks the leases the caller sees.
func (st *state) vnetXML(n *VNet, show func(leaseOwner) bool) string {
	var b strings.Builder
	b.WriteString(st.vnetHead(n) + "<AR_POOL>")
	for _, ar := range n.ARs {
		b.WriteString(ar.infoXML(show))
	}
	b.WriteString("</AR_POOL></VNET>")
	return b.String()
}

func (st *state) vnetPoolXML(n *VNet) string {
	var b strings.Builder
	b.WriteString(st.vnetHead(n) + "<AR_POOL>")
	for _, ar := range n.ARs {
		b.WriteString(ar.poolXML())
	}
	b.WriteString("</AR_POOL></VNET>")
	return b.String()
}

func showAll(leaseOwner) bool { return true }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

var vnetKind = owned(objKind[*VNet]{ot: obNet, names: namesPerOwner, root: "VNET_POOL",
	pool:  func(st *state) map[int]*VNet { return st.VNets },
	xml:   func(st *state, n *VNet) string { return st.vnetXML(n, showAll) },
	entry: (*state).vnetPoolXML,
	tmpl:  func(n *VNet) *tmpl { return n.Template }})

// netRef is how a NIC names its network.
var netRef = ref{id: "NETWORK_ID", name: "NETWORK", uname: "NETWORK_UNAME", what: "Virtual network", byUse: true}

// leaseFilter is what one.vn.info shows a caller without MANAGE on the
// network: only the leases of VMs, networks and routers it may use.
func (c *call) leaseFilter(n *VNet) func(leaseOwner) bool {
	if c.isAdmin() || c.permits(opManage, vnetKind.auth(n)) {
		return showAll
	}
	return func(o leaseOwner) bool {
		switch o.T {
		case ownVM:
			v := c.st.VMs[o.ID]
			return v != nil && c.canUse(vmKind.auth(v))
		case ownNet:
			x := c.st.VNets[o.ID]
			return x != nil && c.canUse(vnetKind.auth(x))
		}
		r := c.st.VRouters[o.ID]
		return r != nil && c.canUse(vrouterKind.auth(r))
	}
}

// vnetDelay is how long a network driver action takes (oned's dummy
// driver answers in about 0.06 s, a VM boots in about 0.5 s).
func (s *Server) vnetDelay() int64 { return int64(s.delay) / 8 }

// markDue records that a network's driver action ends at n.Due, so
// requests look only at the networks that have one.
func (st *state) markDue(n *VNet) {
	if st.vnDue != nil {
		st.vnDue[n.ID] = true
	}
}

// vnetsDue ends the LOCK_CREATE and LOCK_DELETE states that are due at t
// (unix nanos); true when something changed. The set of networks with a
// Due is derived, built from the networks on first use (after a load).
func (st *state) vnetsDue(t int64) bool {
	if st.vnDue == nil {
		st.vnDue = map[int]bool{}
		for id, n := range st.VNets {
			if n.Due != 0 {
				st.vnDue[id] = true
			}
		}
	}
	changed := false
	for id := range st.vnDue {
		n := st.VNets[id]
		if n == nil || n.Due == 0 {
			delete(st.vnDue, id)
			continue
		}
		if n.Due > t {
			continue
		}
		delete(st.vnDue, id)
		n.Due = 0
		changed = true
		switch n.State {
		case vnLockCreate:
			st.vnetReady(n)
		case vnLockDelete:
			st.dropVNet(n)
		}
	}
	return changed
}

// vnetReady ends LOCK_CREATE: the address ranges of the template become
// the network's, as oned adds them once the driver is done.
func (st *state) vnetReady(n *VNet) {
	for _, a := range n.Template.vectors("AR") {
		if ar, msg := newAddrRange(a.Vec, n.NextAR); msg == "" {
			n.ARs = append(n.ARs, ar)
			n.NextAR++
		}
		n.Template.removeAttr(a)
	}
	for _, k := range []string{"OUTER_VLAN_ID", "VLAN_ID"} {
		if _, ok := n.Template.get(k); !ok {
			n.Template.set(k, "")
		}
	}
	n.State, n.PrevState = vnReady, vnReady
}

// dropVNet removes a network whose deletion finished; a reservation gives
// its addresses back to the parent.
func (st *state) dropVNet(n *VNet) {
	delete(st.VNets, n.ID)
	if p := st.VNets[n.Parent]; n.Resv && p != nil {
		for _, ar := range p.ARs {
			ar.giveAll(leaseOwner{T: ownNet, ID: n.ID})
		}
	}
}

func (n *VNet) stateName() string {
	if n.State >= 0 && n.State < len(vnStateNames) {
		return vnStateNames[n.State]
	}
	return "UNKNOWN"
}

// checkDriver is VirtualNetwork::parse_phydev_vlans plus the VN_MAD_CONF
// lookup: what a driver needs to be set.
func checkDriver(t *tmpl) string {
	mad := t.str("VN_MAD")
	if mad == "" {
		return "No VN_MAD in template for Virtual Network."
	}
	if _, ok := bridgeTypes[mad]; !ok {
		return "VN_MAD named \"" + mad + "\" is not defined in oned.conf"
	}
	auto := func(k string) bool { return strings.EqualFold(t.str("AUTOMATIC_"+k), "YES") }
	switch mad {
	case "dummy":
		if t.str("BRIDGE") == "" {
			return "BRIDGE is mandatory for driver " + mad
		}
	case "vxlan", "802.1Q":
		if t.str("PHYDEV") == "" {
			return "PHYDEV is mandatory for driver " + mad
		}
		if t.str("VLAN_ID") == "" && !auto("VLAN_ID") {
			return "VLAN_ID (or AUTOMATIC_VLAN_ID) is mandatory for driver " + mad
		}
	case "ovswitch_vxlan":
		if t.str("OUTER_VLAN_ID") == "" && !auto("OUTER_VLAN_ID") {
			return "OUTER_VLAN_ID (or AUTOMATIC) is mandatory for driver " + mad
		}
	}
	return ""
}

// newVNet builds a network from an allocate template as VirtualNetwork::
// insert does; its ARs wait in the template until LOCK_CREATE ends.
func (c *call) newVNet(t *tmpl, name string, clusters []int) (*VNet, *rpcError) {
	t.del("NAME")
	if msg := checkDriver(t); msg != "" {
		return nil, c.errInternal("%s", msg)
	}
	for i, a := range t.vectors("AR") {
		if _, msg := newAddrRange(a.Vec, i); msg != "" {
			return nil, c.errInternal("%s", msg)
		}
	}
	id := c.st.nextID("vnet")
	mad := t.str("VN_MAD")
	t.set("PHYDEV", t.str("PHYDEV"))
	bridge := t.str("BRIDGE")
	if bridge == "" {
		bridge = "onebr" + strconv.Itoa(id)
		if v := t.str("VLAN_ID"); v != "" {
			bridge = "onebr." + v
		}
	}
	t.set("BRIDGE", bridge)
	t.set("BRIDGE_TYPE", bridgeTypes[mad])
	if t.str("SECURITY_GROUPS") == "" {
		t.set("SECURITY_GROUPS", "0")
	}
	n := &VNet{base: c.ownedBase(id, name), ClusterIDs: clusters, Bridge: bridge, VNMad: mad, Template: t,
		vnetExtra: vnetExtra{State: vnLockCreate, PrevState: vnInit, Due: c.now.UnixNano() + c.s.vnetDelay()}}
	if !c.st.autoVlans(n, t) {
		return nil, c.errInternal("Cannot automatically assign VLAN_ID to network.")
	}
	c.st.VNets[id] = n
	c.st.markDue(n)
	c.changed()
	return n, nil
}

// vnetName checks a new network's name: set, and not one of the owner's.
func (c *call) vnetName(name string, uid int) *rpcError {
	if name == "" {
		return c.errInternal("No NAME in template.")
	}
	if id, ok := nameTaken(vnetKind, c.st, namesPerOwner, -1, uid, name); ok {
		return c.errInternal("NAME is already taken by NET %d.", id)
	}
	return nil
}

func (s *Server) registerVNets() {
	s.reg("one.vn.info", "i b?", func(c *call) (result, *rpcError) {
		n, e := vnetKind.get(c, 1, opUse|noLock)
		if e != nil {
			return result{}, e
		}
		return resString(c.st.vnetXML(n, c.leaseFilter(n))), nil
	})
	s.reg("one.vnpool.info", "i i i", poolInfo(vnetKind))
	s.reg("one.vn.allocate", "s i?", func(c *call) (result, *rpcError) {
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		cid := c.intOr(2, -1)
		if cid == -1 {
			cid = 0
		}
		cl := c.st.Clusters[cid]
		ar := c.authz().add(opCreate, creating(obNet))
		if cl != nil {
			ar.add(opAdmin, clusterAuth(cl))
		}
		if e := ar.err(); e != nil {
			return result{}, e
		}
		if cl == nil {
			return result{}, c.errNotFound(obCluster, cid)
		}
		name := t.str("NAME")
		if e := c.vnetName(name, c.uid()); e != nil {
			return result{}, e
		}
		n, e := c.newVNet(t, name, []int{cid})
		if e != nil {
			return result{}, e
		}
		return resInt(n.ID), nil
	})
	s.reg("one.vn.delete", "i", func(c *call) (result, *rpcError) {
		n, e := vnetKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		switch n.State {
		case vnReady, vnError, vnUpdateFailure, vnInit:
		default:
			return result{}, c.errAction("Cannot delete virtual network. Can not remove a Virtual Network, wrong state %s", n.stateName())
		}
		if n.usedLeases() > 0 {
			return result{}, c.errAction("Cannot delete virtual network. Can not remove a virtual network with leases in use")
		}
		// oned drops the (unused) ranges at once; what it shows until the
		// driver is done is an empty AR_POOL, and LOCK_DELETE twice
		n.PrevState, n.State, n.ARs = vnLockDelete, vnLockDelete, nil
		n.Due = c.now.UnixNano() + c.s.vnetDelay()
		c.st.markDue(n)
		c.changed()
		return resInt(n.ID), nil
	})
	s.reg("one.vn.update", "i s i?", func(c *call) (result, *rpcError) {
		n, e := vnetKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		nt, msg := parseTmpl(c.str(2))
		if msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		utype := c.intOr(3, 0)
		if utype != 0 && utype != 1 {
			return result{}, c.errAPI("Wrong update type")
		}
		next := n.Template.clone()
		if utype == 0 {
			next.A = nt.A
		} else {
			next.merge(nt)
		}
		mad := next.str("VN_MAD")
		if _, ok := bridgeTypes[mad]; !ok {
			return result{}, c.errInternal("Cannot update template. VN_MAD named \"%s\" is not defined in oned.conf", mad)
		}
		// what oned keeps outside the template comes back into it
		for k, v := range map[string]string{"BRIDGE": n.Bridge, "BRIDGE_TYPE": bridgeTypes[mad],
			"PHYDEV": n.Template.str("PHYDEV"), "VLAN_ID": n.Template.str("VLAN_ID"),
			"OUTER_VLAN_ID": n.Template.str("OUTER_VLAN_ID")} {
			if _, ok := next.get(k); !ok {
				next.set(k, v)
			}
		}
		n.Template = next
		n.VNMad = mad
		n.Bridge = next.str("BRIDGE")
		c.changed()
		return resInt(n.ID), nil
	})
	s.reg("one.vn.rename", "i s", renameHandler(vnetKind))
	s.reg("one.vn.chown", "i i i", chownHandler(vnetKind))
	s.reg("one.vn.chmod", "i i i i i i i i i i", chmodHandler(vnetKind))
	s.reg("one.vn.lock", "i i b?", lockHandler(vnetKind))
	s.reg("one.vn.unlock", "i", unlockHandler(vnetKind))
	s.reg("one.vn.recover", "i i", vnRecover)
	s.registerVNetAR()
}

func vnRecover(c *call) (result, *rpcError) {
	n, e := vnetKind.get(c, 1, opManage)
	if e != nil {
		return result{}, e
	}
	op := c.int(2)
	names := []string{"failure", "success", "delete", "retry"}
	if op < 0 || op > 3 {
		return result{}, c.errAction("Wrong recovery operation code")
	}
	wrong := func() (result, *rpcError) {
		return result{}, c.errInternal("Could not perform 'recover %s' on VN %d, wrong state %s.", names[op], n.ID, n.stateName())
	}
	switch op {
	case 0:
		if n.State != vnInit && n.State != vnLockCreate && n.State != vnLockDelete {
			return wrong()
		}
		n.State, n.Due = vnError, 0
		n.Template.set("ERROR", "Failure forced by user")
	case 1:
		n.Template.del("ERROR")
		switch n.State {
		case vnInit, vnLockCreate, vnError:
			n.Due = 0
			c.st.vnetReady(n)
		case vnLockDelete:
			c.st.dropVNet(n)
		case vnUpdateFailure:
			n.State = vnReady
		default:
			return wrong()
		}
	case 2:
		if n.State == vnReady || n.State == vnDone || n.State == vnUpdateFailure {
			return wrong()
		}
		c.st.dropVNet(n)
	case 3:
		if n.State != vnUpdateFailure {
			return wrong()
		}
		n.State = vnReady
	}
	c.changed()
	return resInt(n.ID), nil
}
