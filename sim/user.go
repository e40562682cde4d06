package sim

import (
	"slices"
	"strings"
)

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
	// oned keeps the tokens in a map keyed by the token itself
	toks := slices.Clone(u.Tokens)
	slices.SortFunc(toks, func(a, b *token) int { return strings.Compare(a.Token, b.Token) })
	for _, t := range toks {
		b.WriteString("<LOGIN_TOKEN>" + el("TOKEN", t.Token) + el("EXPIRATION_TIME", t.Expire) +
			el("EGID", t.EGID) + "</LOGIN_TOKEN>")
	}
	b.WriteString(u.Template.xml("TEMPLATE"))
	if quotas {
		b.WriteString(st.userQuotasXML(u) + st.defaultQuotasXML("DEFAULT_USER_QUOTAS", st.DefaultUserQuotas))
	}
	b.WriteString("</USER>")
	return b.String()
}

var (
	userKind = &objKind[*User]{ot: obUser, root: "USER_POOL", auth: userAuth,
		pool: func(st *state) map[int]*User { return st.Users },
		xml:  func(st *state, u *User) string { return st.userXML(u, true) },
		entry: func(st *state, u *User) string {
			return st.userXML(u, false) + "<QUOTAS>" + el("ID", u.ID) + st.userQuotasXML(u) + "</QUOTAS>"
		},
		tailFn: func(st *state) string {
			return st.defaultQuotasXML("DEFAULT_USER_QUOTAS", st.DefaultUserQuotas)
		},
		self: func(c *call) int { return c.uid() },
		tmpl: func(u *User) *tmpl { return u.Template }}
	groupKind = &objKind[*Group]{ot: obGroup, root: "GROUP_POOL", auth: groupAuth,
		pool: func(st *state) map[int]*Group { return st.Groups },
		xml:  func(st *state, g *Group) string { return st.groupXML(g, true) },
		entry: func(st *state, g *Group) string {
			return st.groupXML(g, false) + "<QUOTAS>" + el("ID", g.ID) + st.groupQuotasXML(g) + "</QUOTAS>"
		},
		tailFn: func(st *state) string {
			return st.defaultQuotasXML("DEFAULT_GROUP_QUOTAS", st.DefaultGroupQuotas)
		},
		self: func(c *call) int {
			if c.user == nil {
				return -1
			}
			return c.user.GID
		},
		tmpl: func(g *Group) *tmpl { return g.Template }}
)

func (s *Server) registerUsers() {
	s.reg("one.user.info", "i b?", objectInfo(userKind))
	s.reg("one.userpool.info", "", poolInfoAll(userKind))
	s.reg("one.user.login", "s s i i?", userLogin)
	s.registerUserOps()
}

// userLogin follows UserLogin::request_execute: an empty token asks for a
// new one, valid_seconds 0 drops the given token (or all of them), -1
// never expires; egid scopes the token to one of the user's groups.
func userLogin(c *call) (result, *rpcError) {
	name, tok, valid := c.str(1), c.str(2), c.int(3)
	egid := c.intOr(4, -1)
	u := c.st.userByName(name)
	if u == nil {
		return result{}, c.fail(codeNoExists, "Error getting user "+name+".")
	}
	if e := c.authz().add(opManage, userAuth(u)).err(); e != nil {
		return result{}, e
	}
	switch {
	case valid == 0:
		if tok == "" {
			u.Tokens = nil
			c.changed()
			return resString(tok), nil
		}
		for i, t := range u.Tokens {
			if t.Token == tok {
				u.Tokens = append(u.Tokens[:i:i], u.Tokens[i+1:]...)
				c.changed()
				return resString(tok), nil
			}
		}
		return result{}, c.errAPI("Could not find token: %s", tok)
	case valid < -1:
		return result{}, c.errAPI("Wrong valid period for token")
	}
	if egid != -1 && !c.isAdmin() && (!containsInt(u.Groups, egid) || !c.groups[egid]) {
		return result{}, c.errAPI("EGID is not in user group list")
	}
	if egid == -1 && !sameGroups(u.Groups, c.groups) {
		return result{}, c.errAPI("Cannot create a full token with a specific group token")
	}
	exp := int64(-1)
	if valid > 0 {
		exp = c.unix() + int64(valid)
	}
	c.changed()
	for _, t := range u.Tokens {
		if tok != "" && t.Token == tok {
			t.Expire, t.EGID = exp, egid
			return resString(tok), nil
		}
	}
	if tok == "" {
		tok = randomHex(32)
	}
	u.Tokens = append(u.Tokens, &token{Token: tok, Expire: exp, EGID: egid})
	return resString(tok), nil
}

// sameGroups compares a user's groups with the caller's effective ones:
// a full token can only come from a session that has them all.
func sameGroups(gs []int, have map[int]bool) bool {
	if len(gs) != len(have) {
		return false
	}
	for _, g := range gs {
		if !have[g] {
			return false
		}
	}
	return true
}

// systemConfig is a small OPENNEBULA_CONFIGURATION with the values clients
// look at (list order, default permissions, VM operation levels).
var systemConfig = "<OPENNEBULA_CONFIGURATION>" + elc("API_LIST_ORDER", "DESC") +
	elc("DEFAULT_UMASK", "177") + elc("MANAGER_TIMER", "15") + elc("MONITORING_INTERVAL_HOST", "180") +
	elc("PORT", "2633") + elc("VERSION", "6.10.5") +
	elc("VM_ADMIN_OPERATIONS", "migrate, delete, recover, retry, deploy, resched, backup, restore") +
	elc("VM_MANAGE_OPERATIONS", "undeploy, hold, release, stop, suspend, resume, reboot, poweroff, disk-attach, nic-attach, disk-snapshot, terminate, disk-resize, snapshot, updateconf, rename, resize, update, disk-saveas, sched-action, sg-attach, pci-attach") +
	elc("VM_USE_OPERATIONS", "") + "</OPENNEBULA_CONFIGURATION>"
