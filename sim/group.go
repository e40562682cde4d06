package sim

import "strings"

// The one.group.* calls that change a group (RequestManagerGroup.cc,
// GroupPool.cc) and the default quotas (RequestManagerSystem.cc).

// objNameBadChars is PoolObjectSQL::INVALID_NAME_CHARS.
const objNameBadChars = "&|:\\\";/'#{}$<>\t\n\v\f\r"

func (s *Server) registerGroupOps() {
	s.reg("one.group.allocate", "s", groupAllocate)
	s.reg("one.group.delete", "i", groupDelete)
	s.reg("one.group.update", "i s i?", updateHandler(groupKind))
	s.reg("one.group.quota", "i s", func(c *call) (result, *rpcError) {
		if c.int(1) == 0 {
			return result{}, c.errAction("Cannot set quotas for oneadmin group")
		}
		g, e := groupKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		return c.setQuota(&g.Quota, g.ID)
	})
	s.reg("one.group.addadmin", "i i", groupEditAdmin(true))
	s.reg("one.group.deladmin", "i i", groupEditAdmin(false))

	s.reg("one.userquota.info", "", func(c *call) (result, *rpcError) {
		return resString(c.st.defaultQuotasXML("DEFAULT_USER_QUOTAS", c.st.DefaultUserQuotas)), nil
	})
	s.reg("one.groupquota.info", "", func(c *call) (result, *rpcError) {
		return resString(c.st.defaultQuotasXML("DEFAULT_GROUP_QUOTAS", c.st.DefaultGroupQuotas)), nil
	})
	s.reg("one.userquota.update", "s", defaultQuotaUpdate("DEFAULT_USER_QUOTAS",
		func(st *state) *Quotas { return &st.DefaultUserQuotas }))
	s.reg("one.groupquota.update", "s", defaultQuotaUpdate("DEFAULT_GROUP_QUOTAS",
		func(st *state) *Quotas { return &st.DefaultGroupQuotas }))
}

func groupAllocate(c *call) (result, *rpcError) {
	if e := c.authz().add(opCreate, creating(obGroup)).err(); e != nil {
		return result{}, e
	}
	name := c.str(1)
	if strings.TrimSpace(name) == "" {
		return result{}, c.errInternal("Invalid NAME, it cannot be empty")
	}
	if i := strings.IndexAny(name, objNameBadChars); i >= 0 {
		return result{}, c.errInternal("Invalid NAME, char '%s' is not allowed", name[i:i+1])
	}
	for _, id := range idsAsc(c.st.Groups) {
		if c.st.Groups[id].Name == name {
			return result{}, c.errInternal("NAME is already taken by GROUP %d.", id)
		}
	}
	id := c.st.nextID("group")
	c.st.Groups[id] = &Group{ID: id, Name: name, Template: newTmpl()}
	c.st.joinDefaultVDC(id)
	c.changed()
	return resInt(id), nil
}

func groupDelete(c *call) (result, *rpcError) {
	g, e := groupKind.get(c, 1, opAdmin)
	if e != nil {
		return result{}, e
	}
	if g.ID < 100 {
		return result{}, c.errAction("Cannot delete group. System Groups (ID < 100) cannot be deleted.")
	}
	for _, u := range c.st.Users {
		if containsInt(u.Groups, g.ID) {
			return result{}, c.errAction("Cannot delete group. Group %d is not empty.", g.ID)
		}
	}
	c.st.forgetGroup(g.ID)
	delete(c.st.Groups, g.ID)
	c.changed()
	return resInt(g.ID), nil
}

// forgetGroup drops what goes with a deleted group: the ACL rules naming
// it (VDC rules included).
func (st *state) forgetGroup(id int) {
	st.leaveVDCs(id)
	st.dropGroupACLs(id)
}

// groupEditAdmin answers one.group.addadmin and one.group.deladmin.
func groupEditAdmin(add bool) handler {
	return func(c *call) (result, *rpcError) {
		g, e := groupKind.lookup(c, c.int(1))
		if e != nil {
			return result{}, e
		}
		u, e := userKind.lookup(c, c.int(2))
		if e != nil {
			return result{}, e
		}
		if e := c.authz().add(opAdmin, groupAuth(g)).add(opAdmin, userAuth(u)).err(); e != nil {
			return result{}, e
		}
		isAdmin := containsInt(g.Admins, u.ID)
		switch {
		case add && !containsInt(u.Groups, g.ID):
			return result{}, c.errInternal("Cannot edit group. User %d is not part of Group %d.", u.ID, g.ID)
		case add && isAdmin:
			return result{}, c.errInternal("Cannot edit group. User %d is already an administrator of Group %d.", u.ID, g.ID)
		case add:
			g.Admins = append(g.Admins, u.ID)
			for _, r := range groupAdminRules(u.ID, g.ID) {
				c.st.addACL(r[0], r[1], r[2], r[3])
			}
		case !isAdmin:
			return result{}, c.errInternal("Cannot edit group. User %d is not an administrator of Group %d.", u.ID, g.ID)
		default:
			g.Admins = removeInt(g.Admins, u.ID)
			for _, r := range groupAdminRules(u.ID, g.ID) {
				c.st.delACL(r[0], r[1], r[2], r[3])
			}
		}
		c.changed()
		return resInt(g.ID), nil
	}
}

// defaultQuotaUpdate answers one.userquota.update / one.groupquota.update:
// only the oneadmin group may, and the answer is the new default quotas.
func defaultQuotaUpdate(root string, q func(*state) *Quotas) handler {
	return func(c *call) (result, *rpcError) {
		if c.user.GID != 0 {
			return result{}, c.fail(codeAuthorization, "The default quotas can only be updated by users in the oneadmin group")
		}
		t, msg := parseTmpl(c.str(1))
		if msg != "" {
			return result{}, c.errAction("%s", msg)
		}
		if m := setQuotas(q(c.st), t, true); m != "" {
			return result{}, c.errAction("%s", m)
		}
		c.changed()
		return resString(c.st.defaultQuotasXML(root, *q(c.st))), nil
	}
}

func (st *state) groupXML(g *Group, quotas bool) string {
	var users []int
	for _, id := range idsAsc(st.Users) {
		if containsInt(st.Users[id].Groups, g.ID) {
			users = append(users, id)
		}
	}
	s := "<GROUP>" + el("ID", g.ID) + el("NAME", g.Name) + g.Template.xml("TEMPLATE") +
		idsXML("USERS", users) + idsXML("ADMINS", g.Admins)
	if quotas {
		s += st.groupQuotasXML(g) + st.defaultQuotasXML("DEFAULT_GROUP_QUOTAS", st.DefaultGroupQuotas)
	}
	return s + "</GROUP>"
}

func (s *Server) registerGroups() {
	s.reg("one.group.info", "i b?", objectInfo(groupKind))
	s.reg("one.grouppool.info", "", poolInfoAll(groupKind))
	s.registerGroupOps()
}
