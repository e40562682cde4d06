package sim

import (
	"slices"
	"strconv"
	"strings"
)

// A VM group holds roles; a VM joins one with VMGROUP=[VMGROUP_ID (or
// VMGROUP_NAME), ROLE]. The scheduler keeps a role's VMs together
// (POLICY=AFFINED) or apart (ANTI_AFFINED), on HOST_AFFINED hosts and off
// HOST_ANTI_AFFINED ones, and the group's AFFINED/ANTI_AFFINED rules bind
// whole roles to the same hosts or keep them apart.

type VMGroup struct {
	base
	Roles    []*attr // ROLE vectors: ID, NAME, POLICY, HOST_AFFINED, HOST_ANTI_AFFINED, VMS
	NextRole int
	Template *tmpl
}

var vmGroupKind = owned(objKind[*VMGroup]{ot: obVMGroup, names: namesPerOwner, root: "VM_GROUP_POOL",
	pool: func(st *state) map[int]*VMGroup { return st.VMGroups },
	xml:  (*state).vmGroupXML,
	tmpl: func(g *VMGroup) *tmpl { return g.Template }})

func (st *state) vmGroupXML(g *VMGroup) string {
	roles := &tmpl{A: g.Roles}
	r := roles.xml("ROLES")
	return "<VM_GROUP>" + st.head(&g.base) + g.Perms.xml() + g.Lock.xml() + r + g.Template.xml("TEMPLATE") + "</VM_GROUP>"
}

func (g *VMGroup) role(name string) *attr {
	for _, r := range g.Roles {
		if vget(r, "NAME") == name {
			return r
		}
	}
	return nil
}

func (g *VMGroup) roleByID(id int) *attr {
	for _, r := range g.Roles {
		if vget(r, "ID") == strconv.Itoa(id) {
			return r
		}
	}
	return nil
}

func roleVMs(r *attr) []int {
	var out []int
	for _, s := range strings.Split(vget(r, "VMS"), ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func setRoleVMs(r *attr, ids []int) {
	if len(ids) == 0 {
		vdel(r, "VMS")
		return
	}
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(id)
	}
	vset(r, "VMS", strings.Join(s, ","))
}

// addRole checks and adds a ROLE vector; the message says why not.
func (g *VMGroup) addRole(r *attr) string {
	name := vget(r, "NAME")
	if name == "" {
		return "Missing NAME in VM group role"
	}
	if g.role(name) != nil {
		return "Role already exists"
	}
	if msg := normalizePolicy(r); msg != "" {
		return msg
	}
	vdel(r, "VMS")
	vset(r, "ID", strconv.Itoa(g.NextRole))
	g.NextRole++
	g.Roles = append(g.Roles, r)
	return ""
}

func normalizePolicy(r *attr) string {
	switch p := strings.ToUpper(vget(r, "POLICY")); p {
	case "", "NONE":
		vdel(r, "POLICY")
	case "AFFINED", "ANTI_AFFINED":
		vset(r, "POLICY", p)
	default:
		return "Unknown role policy " + p
	}
	return ""
}

// rules returns the role sets of the group's AFFINED or ANTI_AFFINED
// attributes, or the message of the first that names a missing role.
func (g *VMGroup) rules(policy string) ([][]string, string) {
	var out [][]string
	for _, a := range g.Template.A {
		if a.N != policy || a.IsV {
			continue
		}
		var names []string
		for _, n := range strings.Split(a.V, ",") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
		for _, n := range names {
			if g.role(n) == nil {
				return nil, "Some roles used in " + policy + " attribute (" + a.V + ") are not defined"
			}
		}
		out = append(out, names)
	}
	return out, ""
}

// check is VMGroup::check_consistency.
func (g *VMGroup) check() string {
	aff, msg := g.rules("AFFINED")
	if msg != "" {
		return msg
	}
	anti, msg := g.rules("ANTI_AFFINED")
	if msg != "" {
		return msg
	}
	for _, rule := range aff {
		for _, n := range rule {
			if vget(g.role(n), "POLICY") == "ANTI_AFFINED" {
				return "Role " + n + " is in an AFFINED rule but the role policy is ANTI_AFFINED"
			}
		}
	}
	for _, a := range aff {
		for _, b := range anti {
			var both []string
			for _, n := range a {
				if slices.Contains(b, n) && !slices.Contains(both, n) {
					both = append(both, n)
				}
			}
			if len(both) > 1 {
				return "Roles defined in AFFINED and ANTI_AFFINED rules: " + strings.Join(both, " ")
			}
		}
	}
	return ""
}

// vmGroupOf finds the group and role a VM's VMGROUP names.
func (st *state) vmGroupOf(v *VM) (*VMGroup, *attr, string) {
	vs := v.Template.vectors("VMGROUP")
	if len(vs) == 0 {
		return nil, nil, ""
	}
	a := vs[0]
	role := vget(a, "ROLE")
	if role == "" {
		return nil, nil, "Missing role name in VM Group definition"
	}
	var g *VMGroup
	if s := vget(a, "VMGROUP_ID"); s != "" {
		id, _ := strconv.Atoi(s)
		g = st.VMGroups[id]
	} else if name := vget(a, "VMGROUP_NAME"); name != "" {
		for _, x := range st.VMGroups {
			if x.Name == name {
				g = x
				break
			}
		}
	}
	if g == nil {
		return nil, nil, "Cannot find VM Group to associate the VM"
	}
	r := g.role(role)
	if r == nil {
		return nil, nil, "Role does not exist in VM Group"
	}
	return g, r, ""
}

// joinVMGroup adds a new VM to the role its VMGROUP names.
func (st *state) joinVMGroup(v *VM) string {
	g, r, msg := st.vmGroupOf(v)
	if g == nil {
		return msg
	}
	vset(v.Template.vectors("VMGROUP")[0], "VMGROUP_ID", strconv.Itoa(g.ID))
	setRoleVMs(r, append(roleVMs(r), v.ID))
	return ""
}

// leaveVMGroup takes a VM that is gone out of its role.
func (st *state) leaveVMGroup(v *VM) {
	if _, r, _ := st.vmGroupOf(v); r != nil {
		setRoleVMs(r, removeInt(roleVMs(r), v.ID))
	}
}

// groupRequirements is the placement rule v's role adds, as a host
// requirement: the hosts its affined VMs are on, not those of its
// anti-affined ones, HOST_AFFINED and not HOST_ANTI_AFFINED.
func (st *state) groupRequirements(v *VM) string {
	g, r, _ := st.vmGroupOf(v)
	if g == nil {
		return ""
	}
	hostsOf := func(role *attr) []int {
		var hs []int
		for _, id := range roleVMs(role) {
			if o := st.VMs[id]; o != nil && id != v.ID && o.hid() >= 0 && !slices.Contains(hs, o.hid()) {
				hs = append(hs, o.hid())
			}
		}
		return hs
	}
	var with, without []int
	name := vget(r, "NAME")
	switch vget(r, "POLICY") {
	case "AFFINED":
		with = append(with, hostsOf(r)...)
	case "ANTI_AFFINED":
		without = append(without, hostsOf(r)...)
	}
	aff, _ := g.rules("AFFINED")
	anti, _ := g.rules("ANTI_AFFINED")
	for _, rule := range aff {
		if slices.Contains(rule, name) {
			for _, other := range rule {
				if other != name {
					with = append(with, hostsOf(g.role(other))...)
				}
			}
		}
	}
	for _, rule := range anti {
		if slices.Contains(rule, name) {
			for _, other := range rule {
				if other != name {
					without = append(without, hostsOf(g.role(other))...)
				}
			}
		}
	}
	var parts []string
	if ids := idList(vget(r, "HOST_AFFINED")); len(ids) > 0 {
		parts = append(parts, orIDs(ids))
	}
	for _, id := range idList(vget(r, "HOST_ANTI_AFFINED")) {
		parts = append(parts, "!(ID = "+strconv.Itoa(id)+")")
	}
	if len(with) > 0 {
		slices.Sort(with)
		parts = append(parts, orIDs(slices.Compact(with)))
	}
	slices.Sort(without)
	for _, id := range slices.Compact(without) {
		parts = append(parts, "!(ID = "+strconv.Itoa(id)+")")
	}
	return strings.Join(parts, " & ")
}

func idList(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func orIDs(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = "ID = " + strconv.Itoa(id)
	}
	return "(" + strings.Join(s, " | ") + ")"
}

// seedInfra gives the demo cloud one of each object of this file's
// neighbours, so every command has something to act on: a VM group, a
// backup job of web-1 and a hook that logs VM creations.
func (st *state) seedInfra() {
	g := &VMGroup{base: base{ID: 0, Name: "web-tier", Perms: perms{OU: 1, OM: 1, GU: 1}}, Template: mustTmpl(`ANTI_AFFINED="frontend, batch"`)}
	for _, r := range []string{`ROLE=[NAME="frontend", POLICY="ANTI_AFFINED"]`, `ROLE=[NAME="batch"]`} {
		g.addRole(mustTmpl(r).vectors("ROLE")[0])
	}
	st.VMGroups[0] = g
	st.NextID["vmgroup"] = 1
	j := &BackupJob{base: base{ID: 0, Name: "web-nightly", Perms: perms{OU: 1, OM: 1}}, Priority: 50,
		Template: mustTmpl("BACKUP_VMS=\"0\"\nBACKUP_VOLATILE=\"NO\"\nEXECUTION=\"SEQUENTIAL\"\nFS_FREEZE=\"NONE\"\nKEEP_LAST=\"3\"\nMODE=\"FULL\"")}
	st.BackupJobs[0] = j
	st.NextID["backupjob"] = 1
	st.Hooks[0] = &Hook{base: base{ID: 0, Name: "log-vm-creation", Perms: perms{OU: 1, OM: 1}}, Type: "api",
		Template: mustTmpl("ARGUMENTS=\"$API\"\nCALL=\"one.vm.allocate\"\nCOMMAND=\"/var/lib/one/remotes/hooks/log.rb\"\nREMOTE=\"NO\"")}
	st.NextID["hook"] = 1
}
