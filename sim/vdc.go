package sim

import (
	"slices"
	"strings"
)

// vdcAll is Vdc::ALL_RESOURCES: every cluster (host, ...) of a zone.
const vdcAll = -10

// vdcRes is one resource of a VDC: an object of a zone.
type vdcRes struct{ Zone, ID int }

// VDC gives its groups resources of zones, through ACL rules it keeps in
// step (src/vdc/Vdc.cc).
type VDC struct {
	ID         int
	Name       string
	Groups     []int
	Clusters   []vdcRes
	Hosts      []vdcRes
	Datastores []vdcRes
	VNets      []vdcRes
	Template   *tmpl
}

// vdcSet describes one resource set: its XML names, the object type for
// messages and lookups, and the ACL rules it gives (oned.conf's
// DEFAULT_VDC_*_ACL defaults).
type vdcSet struct {
	xml   string // CLUSTER, HOST, DATASTORE, VNET
	ot    objType
	rules []struct {
		typ    string
		rights uint64
	}
	get func(v *VDC) *[]vdcRes
}

type vdcRule = struct {
	typ    string
	rights uint64
}

var vdcSets = []vdcSet{
	{"CLUSTER", obCluster, []vdcRule{{"HOST", opManage}, {"NET", opUse}, {"DATASTORE", opUse}},
		func(v *VDC) *[]vdcRes { return &v.Clusters }},
	{"HOST", obHost, []vdcRule{{"HOST", opManage}}, func(v *VDC) *[]vdcRes { return &v.Hosts }},
	{"DATASTORE", obDatastore, []vdcRule{{"DATASTORE", opUse}}, func(v *VDC) *[]vdcRes { return &v.Datastores }},
	{"VNET", obNet, []vdcRule{{"NET", opUse}}, func(v *VDC) *[]vdcRes { return &v.VNets }},
}

// rules are the ACL masks a resource gives a group.
func (s vdcSet) rules4(gid int, r vdcRes) [][4]uint64 {
	sel := uint64(aclIndividual) | uint64(uint32(r.ID))
	switch {
	case r.ID == vdcAll:
		sel = aclAll
	case s.ot == obCluster:
		sel = aclCluster | uint64(uint32(r.ID))
	}
	var out [][4]uint64
	for _, x := range s.rules {
		out = append(out, [4]uint64{aclGroup | uint64(gid), aclTypeBit(x.typ) | sel, x.rights, aclIndividual | uint64(r.Zone)})
	}
	return out
}

func (st *state) vdcRules(s vdcSet, gid int, r vdcRes, add bool) {
	for _, m := range s.rules4(gid, r) {
		if add {
			st.addACL(m[0], m[1], m[2], m[3])
		} else {
			st.delACL(m[0], m[1], m[2], m[3])
		}
	}
}

// groupRules adds (or drops) every rule a VDC gives one group.
func (st *state) groupRules(v *VDC, gid int, add bool) {
	for _, s := range vdcSets {
		for _, r := range *s.get(v) {
			st.vdcRules(s, gid, r, add)
		}
	}
}

const defaultVDCDesc = "Every new group is added to this VDC. Use it to store default access rules for your groups. NOTE: You may need to remove a group from the default VDC before assigning it to other VDC."

// seedAccess makes the ACL rules and the default VDC of a fresh oned,
// for what a state lacks (a new state, or a file from before them).
func (st *state) seedAccess() {
	if st.ACLs == nil {
		st.seedACLs()
	}
	if st.VDCs == nil {
		st.VDCs = map[int]*VDC{}
		t := newTmpl()
		t.set("DESCRIPTION", defaultVDCDesc)
		v := &VDC{ID: 0, Name: "default", Clusters: []vdcRes{{0, vdcAll}}, Template: t}
		st.VDCs[0] = v
		for _, g := range idsAsc(st.Groups) {
			if g != 0 {
				v.Groups = append(v.Groups, g)
				st.groupRules(v, g, true)
			}
		}
		st.NextID["vdc"] = max(st.NextID["vdc"], 100)
	}
}

func vdcResXML(name string, rs []vdcRes) string {
	var b strings.Builder
	b.WriteString("<" + name + "S>")
	for _, r := range rs {
		b.WriteString("<" + name + ">" + el("ZONE_ID", r.Zone) + el(name+"_ID", r.ID) + "</" + name + ">")
	}
	b.WriteString("</" + name + "S>")
	return b.String()
}

func (st *state) vdcXML(v *VDC) string {
	s := "<VDC>" + el("ID", v.ID) + el("NAME", v.Name) + idsXML("GROUPS", v.Groups)
	for _, set := range vdcSets {
		s += vdcResXML(set.xml, *set.get(v))
	}
	return s + v.Template.xml("TEMPLATE") + "</VDC>"
}

// vdcAuth: VDCs belong to oneadmin; only ACL rules give them to others.
func vdcAuth(v *VDC) authObj {
	return authObj{ot: obVDC, id: v.ID, uid: 0, gid: 0, perms: perms{OU: 1, OM: 1, OA: 1}}
}

var vdcKind = &objKind[*VDC]{ot: obVDC, root: "VDC_POOL", auth: vdcAuth,
	pool: func(st *state) map[int]*VDC { return st.VDCs },
	xml:  func(st *state, v *VDC) string { return st.vdcXML(v) },
	tmpl: func(v *VDC) *tmpl { return v.Template }}

func (s *Server) registerVDCs() {
	s.reg("one.vdc.info", "i b?", objectInfo(vdcKind))
	s.reg("one.vdcpool.info", "", poolInfoAll(vdcKind))
	s.reg("one.vdc.update", "i s i?", updateHandler(vdcKind))
	s.reg("one.vdc.allocate", "s i?", vdcAllocate)
	s.reg("one.vdc.rename", "i s", func(c *call) (result, *rpcError) {
		v, e := vdcKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		name := c.str(2)
		if m := objNameInvalid(name); m != "" {
			return result{}, c.errAction("%s", m)
		}
		if o := vdcNamed(c.st, name); o != nil && o != v {
			return result{}, c.errAction("NAME is already taken by Vdc %d.", o.ID)
		}
		v.Name = name
		c.changed()
		return resInt(v.ID), nil
	})
	s.reg("one.vdc.delete", "i", func(c *call) (result, *rpcError) {
		v, e := vdcKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		for _, g := range v.Groups {
			c.st.groupRules(v, g, false)
		}
		delete(c.st.VDCs, v.ID)
		c.changed()
		return resInt(v.ID), nil
	})
	s.reg("one.vdc.addgroup", "i i", vdcEditGroup(true))
	s.reg("one.vdc.delgroup", "i i", vdcEditGroup(false))
	for _, set := range vdcSets {
		noun := strings.ToLower(set.xml)
		s.reg("one.vdc.add"+noun, "i i i", vdcEditResource(set, true))
		s.reg("one.vdc.del"+noun, "i i i", vdcEditResource(set, false))
	}
}

func objNameInvalid(name string) string {
	if strings.TrimSpace(name) == "" {
		return "Invalid NAME, it cannot be empty"
	}
	if i := strings.IndexAny(name, objNameBadChars); i >= 0 {
		return "Invalid NAME, char '" + name[i:i+1] + "' is not allowed"
	}
	return ""
}

func vdcNamed(st *state, name string) *VDC {
	for _, id := range idsAsc(st.VDCs) {
		if st.VDCs[id].Name == name {
			return st.VDCs[id]
		}
	}
	return nil
}

func vdcAllocate(c *call) (result, *rpcError) {
	t, e := c.tmplArg(1)
	if e != nil {
		return result{}, e
	}
	if e := c.authz().add(opCreate, creating(obVDC)).err(); e != nil {
		return result{}, e
	}
	name := t.str("NAME")
	if m := objNameInvalid(name); m != "" {
		return result{}, c.errInternal("%s", m)
	}
	if o := vdcNamed(c.st, name); o != nil {
		return result{}, c.errInternal("NAME is already taken by Vdc %d.", o.ID)
	}
	t.del("NAME")
	id := c.st.nextID("vdc")
	c.st.VDCs[id] = &VDC{ID: id, Name: name, Template: t}
	c.changed()
	return resInt(id), nil
}

// vdcEditGroup answers one.vdc.addgroup / delgroup: VDC:ADMIN, GROUP:ADMIN.
func vdcEditGroup(add bool) handler {
	return func(c *call) (result, *rpcError) {
		v, e := vdcKind.lookup(c, c.int(1))
		if e != nil {
			return result{}, e
		}
		g, e := groupKind.lookup(c, c.int(2))
		if e != nil {
			return result{}, e
		}
		if e := c.authz().add(opAdmin, vdcAuth(v)).add(opAdmin, groupAuth(g)).err(); e != nil {
			return result{}, e
		}
		in := containsInt(v.Groups, g.ID)
		switch {
		case add && in:
			return result{}, c.errInternal("Group %d is already assigned to the VDC %d", g.ID, v.ID)
		case !add && !in:
			return result{}, c.errInternal("Group %d is not assigned to the VDC %d", g.ID, v.ID)
		case add:
			v.Groups = append(v.Groups, g.ID)
			slices.Sort(v.Groups)
		default:
			v.Groups = removeInt(v.Groups, g.ID)
		}
		c.st.groupRules(v, g.ID, add)
		c.changed()
		return resInt(v.ID), nil
	}
}

// vdcEditResource answers one.vdc.add<x> / del<x>(vdc, zone, id); id -10
// is every object of that kind in the zone, and replaces the others.
func vdcEditResource(set vdcSet, add bool) handler {
	return func(c *call) (result, *rpcError) {
		v, e := vdcKind.lookup(c, c.int(1))
		if e != nil {
			return result{}, e
		}
		zone, id := c.int(2), c.int(3)
		z, e := zoneKind.lookup(c, zone)
		if e != nil {
			return result{}, e
		}
		ar := c.authz().add(opAdmin, vdcAuth(v)).add(opAdmin, zoneAuth(z))
		if id != vdcAll && zone == 0 {
			o, ok := c.st.objectAuth(set.ot, id)
			if !ok {
				return result{}, c.errNotFound(set.ot, id)
			}
			ar.add(opAdmin, o)
		}
		if e := ar.err(); e != nil {
			return result{}, e
		}
		rs := set.get(v)
		r := vdcRes{zone, id}
		in := slices.Contains(*rs, r)
		what := set.ot.short() + " " + itoa(id) + " from Zone " + itoa(zone)
		switch {
		case add && in:
			return result{}, c.errInternal("%s is already assigned to the VDC", what)
		case !add && !in:
			return result{}, c.errInternal("%s is not assigned to the VDC ", what)
		case add:
			*rs = append(*rs, r)
			for _, g := range v.Groups {
				c.st.vdcRules(set, g, r, true)
			}
			if id == vdcAll {
				for _, o := range slices.Clone(*rs) {
					if o.Zone == zone && o.ID != vdcAll {
						*rs = slices.DeleteFunc(*rs, func(x vdcRes) bool { return x == o })
						for _, g := range v.Groups {
							c.st.vdcRules(set, g, o, false)
						}
					}
				}
			}
			slices.SortFunc(*rs, func(a, b vdcRes) int {
				if a.Zone != b.Zone {
					return a.Zone - b.Zone
				}
				return a.ID - b.ID
			})
		default:
			*rs = slices.DeleteFunc(*rs, func(x vdcRes) bool { return x == r })
			for _, g := range v.Groups {
				c.st.vdcRules(set, g, r, false)
			}
		}
		c.changed()
		return resInt(v.ID), nil
	}
}

// objectAuth finds a cluster, host, datastore or network of this zone.
func (st *state) objectAuth(ot objType, id int) (authObj, bool) {
	switch ot {
	case obCluster:
		if x := st.Clusters[id]; x != nil {
			return clusterAuth(x), true
		}
	case obHost:
		if x := st.Hosts[id]; x != nil {
			return hostAuth(x), true
		}
	case obDatastore:
		if x := st.Datastores[id]; x != nil {
			return datastoreKind.auth(x), true
		}
	case obNet:
		if x := st.VNets[id]; x != nil {
			return vnetKind.auth(x), true
		}
	}
	return authObj{}, false
}

// joinDefaultVDC puts a new group in the default VDC, as oned does.
func (st *state) joinDefaultVDC(gid int) {
	if v := st.VDCs[0]; v != nil && !containsInt(v.Groups, gid) {
		v.Groups = append(v.Groups, gid)
		slices.Sort(v.Groups)
		st.groupRules(v, gid, true)
	}
}

// leaveVDCs takes a deleted group out of every VDC.
func (st *state) leaveVDCs(gid int) {
	for _, v := range st.VDCs {
		if containsInt(v.Groups, gid) {
			v.Groups = removeInt(v.Groups, gid)
			st.groupRules(v, gid, false)
		}
	}
}
