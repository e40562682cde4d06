package sim

import "strings"

const emptyQuotas = "<DATASTORE_QUOTA></DATASTORE_QUOTA><NETWORK_QUOTA></NETWORK_QUOTA><VM_QUOTA></VM_QUOTA><IMAGE_QUOTA></IMAGE_QUOTA>"

func (st *state) userXML(u *User, quotas bool) string {
	var b strings.Builder
	b.WriteString("<USER>" + el("ID", u.ID) + el("GID", u.GID) + idsXML("GROUPS", u.Groups) +
		el("GNAME", st.groupName(u.GID)) + el("NAME", u.Name) + elc("PASSWORD", u.Password) +
		elc("AUTH_DRIVER", u.AuthDriver))
	en := 0
	if u.Enabled {
		en = 1
	}
	b.WriteString(el("ENABLED", en))
	for _, t := range u.Tokens {
		b.WriteString("<LOGIN_TOKEN>" + el("TOKEN", t.Token) + el("EXPIRATION_TIME", t.Expire) +
			el("EGID", t.EGID) + "</LOGIN_TOKEN>")
	}
	b.WriteString(u.Template.xml("TEMPLATE"))
	if quotas {
		b.WriteString(emptyQuotas + "<DEFAULT_USER_QUOTAS>" + emptyQuotas + "</DEFAULT_USER_QUOTAS>")
	}
	b.WriteString("</USER>")
	return b.String()
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
		s += emptyQuotas + "<DEFAULT_GROUP_QUOTAS>" + emptyQuotas + "</DEFAULT_GROUP_QUOTAS>"
	}
	return s + "</GROUP>"
}

func idsAsc[T any](m map[int]T) []int {
	ids := idsDesc(m)
	for i, j := 0, len(ids)-1; i < j; i, j = i+1, j-1 {
		ids[i], ids[j] = ids[j], ids[i]
	}
	return ids
}

func (s *Server) registerUsers() {
	s.reg("one.user.info", "i b?", func(c *call) (result, *rpcError) {
		id := c.int(1)
		if id == -1 {
			id = c.uid()
		}
		u := c.st.Users[id]
		if u == nil {
			return result{}, c.errNotFound(obUser, id)
		}
		if e := c.authz().add(opUse|noLock, userAuth(u)).err(); e != nil {
			return result{}, e
		}
		return resString(c.st.userXML(u, true)), nil
	})
	s.reg("one.userpool.info", "", func(c *call) (result, *rpcError) {
		var b strings.Builder
		b.WriteString("<USER_POOL>")
		for _, id := range idsDesc(c.st.Users) {
			u := c.st.Users[id]
			if !c.canUse(userAuth(u)) {
				continue
			}
			b.WriteString(c.st.userXML(u, false))
			b.WriteString("<QUOTAS>" + el("ID", u.ID) + emptyQuotas + "</QUOTAS>")
		}
		b.WriteString("<DEFAULT_USER_QUOTAS>" + emptyQuotas + "</DEFAULT_USER_QUOTAS></USER_POOL>")
		return resString(b.String()), nil
	})
	s.reg("one.user.login", "s s i i?", userLogin)
}

// userLogin follows UserLogin::request_execute: an empty token asks for a
// new one, valid_seconds 0 drops the given token, -1 never expires.
func userLogin(c *call) (result, *rpcError) {
	name, tok, valid := c.str(1), c.str(2), c.int(3)
	egid := c.intOr(4, -1)
	var u *User
	for _, x := range c.st.Users {
		if x.Name == name {
			u = x
		}
	}
	if u == nil {
		return result{}, c.fail(codeNoExists, "Error getting user "+name+".")
	}
	if e := c.authz().add(opManage, userAuth(u)).err(); e != nil {
		return result{}, e
	}
	if egid >= 0 && !containsInt(u.Groups, egid) {
		return result{}, c.errAction("EGID is not in user group list")
	}
	c.changed()
	if valid == 0 {
		out := u.Tokens[:0]
		for _, t := range u.Tokens {
			if t.Token != tok && tok != "" {
				out = append(out, t)
			}
		}
		u.Tokens = out
		return resString(tok), nil
	}
	exp := int64(-1)
	if valid > 0 {
		exp = c.unix() + int64(valid)
	}
	for _, t := range u.Tokens {
		if tok != "" && t.Token == tok {
			t.Expire = exp
			return resString(tok), nil
		}
	}
	if tok == "" {
		tok = randomHex(20)
	}
	u.Tokens = append(u.Tokens, &token{Token: tok, Expire: exp, EGID: egid})
	return resString(tok), nil
}

func (s *Server) registerGroups() {
	s.reg("one.group.info", "i b?", func(c *call) (result, *rpcError) {
		id := c.int(1)
		if id == -1 && c.user != nil {
			id = c.user.GID
		}
		g := c.st.Groups[id]
		if g == nil {
			return result{}, c.errNotFound(obGroup, id)
		}
		if e := c.authz().add(opUse|noLock, groupAuth(g)).err(); e != nil {
			return result{}, e
		}
		return resString(c.st.groupXML(g, true)), nil
	})
	s.reg("one.grouppool.info", "", func(c *call) (result, *rpcError) {
		var b strings.Builder
		b.WriteString("<GROUP_POOL>")
		for _, id := range idsDesc(c.st.Groups) {
			g := c.st.Groups[id]
			if !c.canUse(groupAuth(g)) {
				continue
			}
			b.WriteString(c.st.groupXML(g, false))
			b.WriteString("<QUOTAS>" + el("ID", g.ID) + emptyQuotas + "</QUOTAS>")
		}
		b.WriteString("<DEFAULT_GROUP_QUOTAS>" + emptyQuotas + "</DEFAULT_GROUP_QUOTAS></GROUP_POOL>")
		return resString(b.String()), nil
	})
}

func (s *Server) registerSystem() {
	s.reg("one.system.version", "", func(c *call) (result, *rpcError) {
		return resString("6.10.5"), nil
	})
	s.reg("one.system.config", "", func(c *call) (result, *rpcError) {
		return resString(systemConfig), nil
	})
}

// systemConfig is a small OPENNEBULA_CONFIGURATION with the values clients
// look at (list order, default permissions, VM operation levels).
var systemConfig = "<OPENNEBULA_CONFIGURATION>" + elc("API_LIST_ORDER", "DESC") +
	elc("DEFAULT_UMASK", "177") + elc("MANAGER_TIMER", "15") + elc("MONITORING_INTERVAL_HOST", "180") +
	elc("PORT", "2633") + elc("VERSION", "6.10.5") +
	elc("VM_ADMIN_OPERATIONS", "migrate, delete, recover, retry, deploy, resched, backup, restore") +
	elc("VM_MANAGE_OPERATIONS", "undeploy, hold, release, stop, suspend, resume, reboot, poweroff, disk-attach, nic-attach, disk-snapshot, terminate, disk-resize, snapshot, updateconf, rename, resize, update, disk-saveas, sched-action, sg-attach, pci-attach") +
	elc("VM_USE_OPERATIONS", "") + "</OPENNEBULA_CONFIGURATION>"
