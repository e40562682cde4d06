package sim

import (
	"slices"
	"strconv"
	"strings"
)

// ACL rules as oned keeps them (src/acl/AclRule.cc, AclManager.cc): four
// 64-bit masks. The low 32 bits of user, resource and zone are an ID; the
// selector bits say what the ID means.
const (
	aclIndividual = 0x100000000
	aclGroup      = 0x200000000
	aclAll        = 0x400000000
	aclCluster    = 0x800000000
	aclSelectors  = 0xF00000000
	aclTypes      = uint64(0xFFFFFFF000000000)
)

// aclTypeBits are PoolObjectSQL::ObjectType, keyed by the short names of
// objType, in AclRule::pool_objects
// order, which is the order rule strings list them in.
var aclTypeOrder = []struct {
	name string
	bit  uint64
}{
	{"VM", 0x1000000000}, {"HOST", 0x2000000000}, {"NET", 0x4000000000}, {"IMAGE", 0x8000000000},
	{"USER", 0x10000000000}, {"TEMPLATE", 0x20000000000}, {"GROUP", 0x40000000000},
	{"DATASTORE", 0x100000000000}, {"CLUSTER", 0x200000000000}, {"DOCUMENT", 0x400000000000},
	{"ZONE", 0x800000000000}, {"SECGROUP", 0x1000000000000}, {"VDC", 0x2000000000000},
	{"VROUTER", 0x4000000000000}, {"MARKETPLACE", 0x8000000000000}, {"MARKETPLACEAPP", 0x10000000000000},
	{"VMGROUP", 0x20000000000000}, {"VNTEMPLATE", 0x40000000000000}, {"BACKUPJOB", 0x100000000000000},
}

func aclTypeBit(name string) uint64 {
	for _, t := range aclTypeOrder {
		if t.name == name {
			return t.bit
		}
	}
	if name == "HOOK" {
		return 0x80000000000000
	}
	return 0
}

// ACLRule is one rule; Str is its text as oned renders it.
type ACLRule struct {
	ID       int
	User     uint64
	Resource uint64
	Rights   uint64
	Zone     uint64
}

func aclID(m uint64) int64 { return int64(int32(uint32(m))) }

func (r *ACLRule) String() string {
	var b strings.Builder
	switch {
	case r.User&aclGroup != 0:
		b.WriteString("@" + strconv.FormatInt(aclID(r.User), 10))
	case r.User&aclIndividual != 0:
		b.WriteString("#" + strconv.FormatInt(aclID(r.User), 10))
	case r.User&aclAll != 0:
		b.WriteString("*")
	default:
		b.WriteString("??")
	}
	b.WriteString(" ")
	var types []string
	for _, t := range aclTypeOrder {
		if r.Resource&t.bit != 0 {
			types = append(types, t.name)
		}
	}
	b.WriteString(strings.Join(types, "+") + "/")
	switch {
	case r.Resource&aclGroup != 0:
		b.WriteString("@" + strconv.FormatInt(aclID(r.Resource), 10))
	case r.Resource&aclIndividual != 0:
		b.WriteString("#" + strconv.FormatInt(aclID(r.Resource), 10))
	case r.Resource&aclCluster != 0:
		b.WriteString("%" + strconv.FormatInt(aclID(r.Resource), 10))
	case r.Resource&aclAll != 0:
		b.WriteString("*")
	default:
		b.WriteString("??")
	}
	b.WriteString(" ")
	var ops []string
	for i, n := range []string{"USE", "MANAGE", "ADMIN", "CREATE"} {
		if r.Rights&(1<<i) != 0 {
			ops = append(ops, n)
		}
	}
	b.WriteString(strings.Join(ops, "+") + " ")
	switch {
	case r.Zone&aclIndividual != 0:
		b.WriteString("#" + strconv.FormatInt(aclID(r.Zone), 10))
	case r.Zone&aclAll != 0:
		b.WriteString("*")
	default:
		b.WriteString("??")
	}
	return b.String()
}

func (r *ACLRule) xml() string {
	h := func(v uint64) string { return strconv.FormatUint(v, 16) }
	return "<ACL>" + el("ID", r.ID) + el("USER", h(r.User)) + el("RESOURCE", h(r.Resource)) +
		el("RIGHTS", h(r.Rights)) + el("ZONE", h(r.Zone)) + el("STRING", r.String()) + "</ACL>"
}

// parseACLHex reads a mask as oned's `istringstream >> hex` does: an
// optional 0x, then hex digits up to the first other character; nothing
// readable gives 0.
func parseACLHex(s string) uint64 {
	s = strings.TrimSpace(s)
	if len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	end := 0
	for end < len(s) && strings.ContainsRune("0123456789abcdefABCDEF", rune(s[end])) {
		end++
	}
	v, err := strconv.ParseUint(s[:end], 16, 64)
	if err != nil {
		return 0
	}
	return v
}

// malformed is AclRule::malformed: every reason a rule is refused.
func (r *ACLRule) malformed() string {
	var why []string
	u, res, z := r.User, r.Resource, r.Zone
	if u&aclIndividual != 0 && u&aclGroup != 0 {
		why = append(why, "[user] INDIVIDUAL (#) and GROUP (@) bits are exclusive")
	}
	if u&aclIndividual != 0 && u&aclAll != 0 {
		why = append(why, "[user] INDIVIDUAL (#) and ALL (*) bits are exclusive")
	}
	if u&aclGroup != 0 && u&aclAll != 0 {
		why = append(why, "[user] GROUP (@) and ALL (*) bits are exclusive")
	}
	if u&0x700000000 == 0 {
		why = append(why, "[user] is missing one of the INDIVIDUAL, GROUP or ALL bits")
	}
	if aclID(u) < 0 {
		why = append(why, "[user] ID cannot be negative")
	}
	if u&aclAll != 0 && aclID(u) != 0 {
		why = append(why, "when using the ALL bit, [user] ID must be 0")
	}
	sel := res & aclSelectors
	if (res&aclIndividual != 0 && sel != aclIndividual) || (res&aclGroup != 0 && sel != aclGroup) ||
		(res&aclCluster != 0 && sel != aclCluster) || (res&aclAll != 0 && sel != aclAll) {
		why = append(why, "[resource] INDIVIDUAL (#), GROUP (@), CLUSTER (%) and ALL (*) bits are exclusive")
	}
	types := res & aclTypes
	noCluster := types &^ (aclTypeBit("HOST") | aclTypeBit("NET") | aclTypeBit("DATASTORE") |
		aclTypeBit("HOOK") | aclTypeBit("BACKUPJOB"))
	if res&aclCluster != 0 && noCluster != 0 {
		why = append(why, "[resource] CLUSTER(%) selector can be applied only to DATASTORE, HOST and NET types")
	}
	if res&aclGroup != 0 && types&(aclTypeBit("HOST")|aclTypeBit("GROUP")|aclTypeBit("CLUSTER")|aclTypeBit("ZONE")|aclTypeBit("VDC")) != 0 {
		why = append(why, "[resource] GROUP(@) selector cannot be applied to HOST, GROUP, CLUSTER, ZONE or VDC types")
	}
	if sel == 0 {
		why = append(why, "[resource] is missing one of the INDIVIDUAL, GROUP, CLUSTER or ALL bits")
	}
	if aclID(res) < 0 {
		why = append(why, "[resource] ID cannot be negative")
	}
	if res&aclAll != 0 && aclID(res) != 0 {
		why = append(why, "when using the ALL bit, [resource] ID must be 0")
	}
	if types == 0 {
		why = append(why, "[resource] type is missing")
	}
	if res&0xFE80000000000000 != 0 {
		why = append(why, "wrong [resource] type")
	}
	if r.Rights == 0 {
		why = append(why, "wrong [rights], it cannot be 0")
	}
	if r.Rights > 0xF {
		why = append(why, "wrong [rights], it cannot be bigger than 0xF")
	}
	if z&aclGroup != 0 {
		why = append(why, "[zone] GROUP (@) bit is not supported")
	}
	if z&aclIndividual != 0 && z&aclAll != 0 {
		why = append(why, "[zone] INDIVIDUAL (#) and ALL (*) bits are exclusive")
	}
	if z&0x700000000 == 0 {
		why = append(why, "[zone] is missing one of the INDIVIDUAL or ALL bits")
	}
	if aclID(z) < 0 {
		why = append(why, "[zone] ID cannot be negative")
	}
	if z&aclAll != 0 && aclID(z) != 0 {
		why = append(why, "when using the ALL bit, [zone] ID must be 0")
	}
	federated := aclTypeBit("USER") | aclTypeBit("GROUP") | aclTypeBit("ZONE") | 0x80000000000 | aclTypeBit("VDC")
	if z&aclAll != 0 && res&aclIndividual != 0 && types&federated != types {
		why = append(why, "[resource] INDIVIDUAL(#) selector cannot be applied to ALL zones, except for USER, GROUP and ZONE types")
	}
	return strings.Join(why, "; ")
}

// seedACLs are the rules of a fresh oned: users create their own objects,
// everyone uses zones and marketplaces (the default VDC adds the rules
// for its groups, see vdc.go).
func (st *state) seedACLs() {
	st.ACLs = map[int]*ACLRule{}
	const (
		grpUsers = aclGroup | 1
		zone0    = aclIndividual | 0
	)
	create := aclTypeBit("VM") | aclTypeBit("IMAGE") | aclTypeBit("TEMPLATE") | aclTypeBit("DOCUMENT") |
		aclTypeBit("SECGROUP") | aclTypeBit("VMGROUP") | aclTypeBit("BACKUPJOB")
	for i, r := range []ACLRule{
		{User: grpUsers, Resource: create | aclAll, Rights: opCreate, Zone: aclAll},
		{User: aclAll, Resource: aclTypeBit("ZONE") | aclAll, Rights: opUse, Zone: aclAll},
		{User: aclAll, Resource: aclTypeBit("MARKETPLACE") | aclTypeBit("MARKETPLACEAPP") | aclAll, Rights: opUse, Zone: aclAll},
	} {
		r.ID = i
		st.ACLs[i] = &r
	}
	st.NextID["acl"] = 3
}

// addACL adds a rule the core itself makes (group admins, VDCs); a rule
// that already exists is kept once.
func (st *state) addACL(user, res, rights, zone uint64) int {
	for _, r := range st.ACLs {
		if r.User == user && r.Resource == res && r.Rights == rights && r.Zone == zone {
			return r.ID
		}
	}
	id := st.nextID("acl")
	st.ACLs[id] = &ACLRule{ID: id, User: user, Resource: res, Rights: rights, Zone: zone}
	return id
}

func (st *state) delACL(user, res, rights, zone uint64) {
	for id, r := range st.ACLs {
		if r.User == user && r.Resource == res && r.Rights == rights && r.Zone == zone {
			delete(st.ACLs, id)
		}
	}
}

// dropUserACLs and dropGroupACLs are AclManager::del_uid_rules and
// del_gid_rules: a deleted user or group takes the rules naming it along.
func (st *state) dropUserACLs(uid int) {
	for id, r := range st.ACLs {
		if r.User == aclIndividual|uint64(uid) ||
			r.Resource&aclTypeBit("USER") != 0 && r.Resource&aclSelectors == aclIndividual && aclID(r.Resource) == int64(uid) {
			delete(st.ACLs, id)
		}
	}
}

func (st *state) dropGroupACLs(gid int) {
	for id, r := range st.ACLs {
		if r.User == aclGroup|uint64(gid) || r.Resource&aclSelectors == aclGroup && aclID(r.Resource) == int64(gid) {
			delete(st.ACLs, id)
		}
	}
}

// groupAdminRules are the rules Group::add_admin_rules makes for a group
// admin: the group's users, the group's objects, and virtual routers.
func groupAdminRules(uid, gid int) [][4]uint64 {
	objs := aclTypeBit("VM") | aclTypeBit("NET") | aclTypeBit("IMAGE") | aclTypeBit("TEMPLATE") |
		aclTypeBit("DOCUMENT") | aclTypeBit("SECGROUP") | aclTypeBit("VROUTER") | aclTypeBit("VMGROUP") |
		aclTypeBit("BACKUPJOB")
	u := aclIndividual | uint64(uid)
	return [][4]uint64{
		{u, aclTypeBit("USER") | aclGroup | uint64(gid), opUse | opManage | opAdmin | opCreate, aclAll},
		{u, objs | aclGroup | uint64(gid), opUse | opManage, aclAll},
		{u, aclTypeBit("VROUTER") | aclAll, opCreate, aclAll},
	}
}

// aclAllows is AclManager::authorize for a regular user: some rule names
// the user (by id, one of the groups, or all), the zone, the operation and
// the object (its type and then all of them, its id, its group or one of
// its clusters).
func (c *call) aclAllows(op int, o authObj) bool {
	bit := aclTypeBit(o.ot.short())
	if bit == 0 || c.user == nil {
		return false
	}
	gid := o.gid
	if op == opCreate {
		gid = c.user.GID
	}
	var clusters []int
	for _, r := range c.st.ACLs {
		if r.Rights&uint64(op) == 0 || r.Resource&bit == 0 {
			continue
		}
		uid := aclID(r.User)
		switch {
		case r.User&aclAll != 0:
		case r.User&aclIndividual != 0 && uid == int64(c.uid()):
		case r.User&aclGroup != 0 && c.groups[int(uid)]:
		default:
			continue
		}
		if r.Zone&aclAll == 0 && !(r.Zone&aclIndividual != 0 && aclID(r.Zone) == 0) {
			continue
		}
		rid := aclID(r.Resource)
		switch {
		case r.Resource&aclAll != 0:
			return true
		case r.Resource&aclIndividual != 0 && op != opCreate && rid == int64(o.id):
			return true
		case r.Resource&aclGroup != 0 && rid == int64(gid):
			return true
		case r.Resource&aclCluster != 0:
			if clusters == nil {
				clusters = c.st.clustersOf(o)
			}
			if slices.Contains(clusters, int(rid)) {
				return true
			}
		}
	}
	return false
}

// clustersOf is where an object lives, for %cluster rules.
func (st *state) clustersOf(o authObj) []int {
	switch o.ot {
	case obHost:
		if h := st.Hosts[o.id]; h != nil {
			return []int{h.ClusterID}
		}
	case obNet:
		if n := st.VNets[o.id]; n != nil {
			return n.ClusterIDs
		}
	case obDatastore:
		return []int{0}
	}
	return []int{}
}

func (s *Server) registerACLs() {
	s.reg("one.acl.addrule", "s s s s?", func(c *call) (result, *rpcError) {
		r := &ACLRule{User: parseACLHex(c.str(1)), Resource: parseACLHex(c.str(2)), Rights: parseACLHex(c.str(3)),
			Zone: aclIndividual}
		if c.has(4) {
			r.Zone = parseACLHex(c.str(4))
		}
		if !c.isAdmin() {
			return result{}, c.errAuthz("Not authorized to perform MANAGE ACL")
		}
		if m := r.malformed(); m != "" {
			return result{}, c.errInternal("Rule %s is malformed: %s", r, m)
		}
		for _, x := range c.st.ACLs {
			if x.User == r.User && x.Resource == r.Resource && x.Rights == r.Rights && x.Zone == r.Zone {
				return result{}, c.errInternal("Rule %s already exists", r)
			}
		}
		r.ID = c.st.nextID("acl")
		c.st.ACLs[r.ID] = r
		c.changed()
		return resInt(r.ID), nil
	})
	s.reg("one.acl.delrule", "i", func(c *call) (result, *rpcError) {
		if !c.isAdmin() {
			return result{}, c.errAuthz("Not authorized to perform MANAGE ACL")
		}
		id := c.int(1)
		if c.st.ACLs[id] == nil {
			return result{}, c.errInternal("Rule %d does not exist", id)
		}
		delete(c.st.ACLs, id)
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.acl.info", "", func(c *call) (result, *rpcError) {
		if !c.isAdmin() {
			return result{}, c.errAuthz("Not authorized to perform MANAGE ACL")
		}
		rules := make([]*ACLRule, 0, len(c.st.ACLs))
		for _, r := range c.st.ACLs {
			rules = append(rules, r)
		}
		// oned keeps the rules in a multimap keyed by the user mask
		slices.SortFunc(rules, func(a, b *ACLRule) int {
			if a.User != b.User {
				if a.User < b.User {
					return -1
				}
				return 1
			}
			return a.ID - b.ID
		})
		var b strings.Builder
		b.WriteString("<ACL_POOL>")
		for _, r := range rules {
			b.WriteString(r.xml())
		}
		b.WriteString("</ACL_POOL>")
		return resString(b.String()), nil
	})
}
