package sim

import "strings"

func (s *Server) registerVMGroups() {
	s.reg("one.vmgroup.info", "i b?", objectInfo(vmGroupKind))
	s.reg("one.vmgrouppool.info", "i i i", poolInfo(vmGroupKind))
	s.reg("one.vmgroup.allocate", "s", func(c *call) (result, *rpcError) {
		if e := c.authz().add(opCreate, creating(obVMGroup)).err(); e != nil {
			return result{}, e
		}
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		name := t.str("NAME")
		if name == "" {
			return result{}, c.errInternal("No NAME in template for VM group.")
		}
		if strings.ContainsAny(name, "\"") {
			return result{}, c.errInternal("Invalid NAME, char '\"' is not allowed")
		}
		if id, ok := nameTaken(vmGroupKind, c.st, namesPerOwner, -1, c.uid(), name); ok {
			return result{}, c.errInternal("NAME is already taken by VMGroup %d.", id)
		}
		t.del("NAME")
		roles := t.vectors("ROLE")
		for _, r := range roles {
			t.removeAttr(r)
		}
		id := c.st.NextID["vmgroup"]
		g := &VMGroup{base: c.ownedBase(id, name), Template: t}
		for _, r := range roles {
			if msg := g.addRole(r); msg != "" {
				return result{}, c.errInternal("%s", msg)
			}
		}
		if msg := g.check(); msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		c.st.NextID["vmgroup"] = id + 1
		c.st.VMGroups[id] = g
		c.changed()
		return resInt(id), nil
	})
	// oned deletes a group even while VMs are in its roles (no drop check)
	s.reg("one.vmgroup.delete", "i", deleteHandler(vmGroupKind))
	s.reg("one.vmgroup.update", "i s i?", func(c *call) (result, *rpcError) {
		g, e := vmGroupKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if n := g.vmCount(); n > 0 {
			return result{}, c.errInternal("Cannot update template. VM Group has %d VMs", n)
		}
		old := g.Template.clone()
		if e := c.updateTmpl(g.Template, c.str(2), c.intOr(3, 0)); e != nil {
			return result{}, e
		}
		g.Template.del("ROLE")
		if msg := g.check(); msg != "" {
			g.Template = old
			return result{}, c.errInternal("Cannot update template. %s", msg)
		}
		return resInt(g.ID), nil
	})
	s.reg("one.vmgroup.rename", "i s", renameHandler(vmGroupKind))
	s.reg("one.vmgroup.chown", "i i i", chownHandler(vmGroupKind))
	s.reg("one.vmgroup.chmod", "i i i i i i i i i i", chmodHandler(vmGroupKind))
	s.reg("one.vmgroup.lock", "i i b?", lockHandler(vmGroupKind))
	s.reg("one.vmgroup.unlock", "i", unlockHandler(vmGroupKind))
	s.reg("one.vmgroup.roleadd", "i s", func(c *call) (result, *rpcError) {
		g, e := vmGroupKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		r, e := c.roleArg(2)
		if e != nil {
			return result{}, e
		}
		if msg := g.addRole(r); msg != "" {
			return result{}, c.errAction("%s", msg)
		}
		if msg := g.check(); msg != "" {
			g.Roles = g.Roles[:len(g.Roles)-1]
			return result{}, c.errAction("%s", msg)
		}
		c.changed()
		return resInt(g.ID), nil
	})
	s.reg("one.vmgroup.roledelete", "i i", func(c *call) (result, *rpcError) {
		g, e := vmGroupKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		rid := c.int(2)
		r := g.roleByID(rid)
		if r == nil {
			return result{}, c.errAction("Unable to delete role %d, the role doesn't exists", rid)
		}
		if len(roleVMs(r)) > 0 {
			return result{}, c.errAction("Unable to delete role %d, the role has assigned VMs ", rid)
		}
		for i, x := range g.Roles {
			if x == r {
				g.Roles = append(g.Roles[:i], g.Roles[i+1:]...)
				break
			}
		}
		c.changed()
		return resInt(g.ID), nil
	})
	s.reg("one.vmgroup.roleupdate", "i i s", func(c *call) (result, *rpcError) {
		g, e := vmGroupKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		rid := c.int(2)
		r := g.roleByID(rid)
		if r == nil {
			return result{}, c.errAction("VMGroup %d doesn't have role %d", g.ID, rid)
		}
		if len(roleVMs(r)) > 0 {
			return result{}, c.errAction("VMGroup %d Role %d has VMs, unable to update", g.ID, rid)
		}
		u, e := c.roleArg(3)
		if e != nil {
			return result{}, e
		}
		saved := &attr{N: r.N, IsV: true, Vec: append([]*pair(nil), r.Vec...)}
		if name := vget(u, "NAME"); name != "" && name != vget(r, "NAME") {
			if g.role(name) != nil {
				return result{}, c.errAction("VMGroup %d Role %d can not update name, role with name %s already exists", g.ID, rid, name)
			}
		}
		for _, p := range u.Vec {
			if p.N != "ID" && p.N != "VMS" {
				vset(r, p.N, p.V)
			}
		}
		msg := normalizePolicy(r)
		if msg == "" {
			msg = g.check()
		}
		if msg != "" {
			r.Vec = saved.Vec
			return result{}, c.errAction("%s", msg)
		}
		c.changed()
		return resInt(g.ID), nil
	})
}

func (g *VMGroup) vmCount() int {
	n := 0
	for _, r := range g.Roles {
		n += len(roleVMs(r))
	}
	return n
}

// roleArg reads the ROLE=[...] template of parameter i.
func (c *call) roleArg(i int) (*attr, *rpcError) {
	t, msg := parseTmpl(c.str(i))
	if msg != "" {
		return nil, c.errInternal("%s", msg)
	}
	vs := t.vectors("ROLE")
	if len(vs) == 0 {
		return nil, c.errAction("No ROLE in template")
	}
	return vs[0], nil
}
