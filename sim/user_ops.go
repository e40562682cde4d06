package sim

import (
	"slices"
	"strings"
)

// The one.user.* calls that change a user (RequestManagerUser.cc,
// RequestManagerAllocate.cc, RequestManagerChown.cc).

const (
	userBadNameChars = "&|:\\\";/'#{}$<>\t\n\v\f\r "
	userBadPassChars = " \t\n\v\f\r"
)

// passwordChange says which auth drivers let a user change the password
// (AUTH_MAD_CONF PASSWORD_CHANGE in a stock oned.conf); admins always may.
var passwordChange = map[string]bool{"core": true, "ssh": true, "x509": true, "ldap": true}

func passValid(pass string) string {
	if pass == "" {
		return "Invalid password, it cannot be empty"
	}
	if i := strings.IndexAny(pass, userBadPassChars); i >= 0 {
		return "Invalid password, character '" + pass[i:i+1] + "' is not allowed"
	}
	return ""
}

// storedPassword is User::set_password: the core driver keeps the
// SHA-256 of the password, the others what they were given (a public
// key, a certificate subject, ...).
func storedPassword(driver, pass string) string {
	if driver == "core" {
		return sha256hex(pass)
	}
	return pass
}

func (s *Server) registerUserOps() {
	s.reg("one.user.allocate", "s s s a?", userAllocate)
	s.reg("one.user.delete", "i", userDelete)
	s.reg("one.user.update", "i s i?", updateHandler(userKind))
	s.reg("one.user.passwd", "i s", func(c *call) (result, *rpcError) {
		u, e := userKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if !passwordChange[u.AuthDriver] && !c.isAdmin() {
			return result{}, c.errAction("Password for driver %s cannot be changed.", u.AuthDriver)
		}
		if m := passValid(c.str(2)); m != "" {
			return result{}, c.errAction("%s", m)
		}
		u.Password = storedPassword(u.AuthDriver, c.str(2))
		c.changed()
		return resInt(u.ID), nil
	})
	s.reg("one.user.chauth", "i s s", func(c *call) (result, *rpcError) {
		u, e := userKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		driver, pass := c.str(2), c.str(3)
		if driver == "" {
			return result{}, c.errAction("Invalid auth driver, it cannot be empty")
		}
		if pass != "" {
			if m := passValid(pass); m != "" {
				return result{}, c.errAction("%s", m)
			}
			u.Password = storedPassword(driver, pass)
		}
		u.AuthDriver = driver
		c.changed()
		return resInt(u.ID), nil
	})
	s.reg("one.user.quota", "i s", func(c *call) (result, *rpcError) {
		u, e := userKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		if u.ID == 0 {
			return result{}, c.errAction("Cannot set quotas for oneadmin user")
		}
		return c.setQuota(&u.Quota, u.ID)
	})
	s.reg("one.user.enable", "i b", func(c *call) (result, *rpcError) {
		u, e := userKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		if u.ID == 0 {
			return result{}, c.errAction("Cannot enable/disable oneadmin user")
		}
		u.Enabled = c.bool(2)
		c.changed()
		return resInt(u.ID), nil
	})
	s.reg("one.user.chgrp", "i i", userChgrp)
	s.reg("one.user.addgroup", "i i", userEditGroup(true))
	s.reg("one.user.delgroup", "i i", userEditGroup(false))
}

// setQuota parses and applies a quota template to a user or group.
func (c *call) setQuota(q *Quotas, id int) (result, *rpcError) {
	t, msg := parseTmpl(c.str(2))
	if msg != "" {
		return result{}, c.errAction("%s", msg)
	}
	if m := setQuotas(q, t, false); m != "" {
		return result{}, c.errAction("%s", m)
	}
	c.changed()
	return resInt(id), nil
}

func userAllocate(c *call) (result, *rpcError) {
	name, pass, driver := c.str(1), c.str(2), c.str(3)
	if driver == "" {
		driver = "core"
	}
	var gids []int
	if c.has(4) {
		for _, v := range c.params[4].arr {
			gids = append(gids, int(v.i))
		}
	}
	ar := c.authz().add(opCreate, creating(obUser))
	for _, g := range gids {
		grp := c.st.Groups[g]
		if grp == nil {
			return result{}, c.errNotFound(obGroup, g)
		}
		ar.add(opManage, groupAuth(grp))
	}
	if e := ar.err(); e != nil {
		return result{}, e
	}
	if name == "" {
		return result{}, c.errInternal("Invalid NAME, it cannot be empty.")
	}
	if i := strings.IndexAny(name, userBadNameChars); i >= 0 {
		return result{}, c.errInternal("Invalid NAME, char '%s' is not allowed.", name[i:i+1])
	}
	if m := passValid(pass); m != "" && driver == "core" {
		return result{}, c.errInternal("%s.", m)
	}
	if u := c.st.userByName(name); u != nil {
		return result{}, c.errInternal("NAME is already taken by USER %d.", u.ID)
	}
	if len(gids) == 0 {
		gids = []int{c.user.GID}
		if c.user.GID == 0 {
			gids = []int{1} // oneadmin's users go to "users"
		}
	}
	id := c.st.nextID("user")
	t := newTmpl()
	t.set("TOKEN_PASSWORD", randomHex(32))
	u := &User{ID: id, GID: gids[0], Name: name, Password: storedPassword(driver, pass),
		AuthDriver: driver, Enabled: true, Template: t}
	for _, g := range gids {
		u.joinGroup(g)
	}
	c.st.Users[id] = u
	c.changed()
	return resInt(id), nil
}

func userDelete(c *call) (result, *rpcError) {
	u, e := userKind.get(c, 1, opAdmin)
	if e != nil {
		return result{}, e
	}
	if u.ID == 0 {
		return result{}, c.errAction("Cannot delete user. oneadmin cannot be deleted.")
	}
	for _, g := range c.st.Groups {
		g.Admins = removeInt(g.Admins, u.ID)
	}
	c.st.forgetUser(u.ID)
	delete(c.st.Users, u.ID)
	c.changed()
	return resInt(u.ID), nil
}

// forgetUser drops what goes with a deleted user: the ACL rules naming it.
func (st *state) forgetUser(id int) { st.dropUserACLs(id) }

func userChgrp(c *call) (result, *rpcError) {
	id, gid := c.int(1), c.int(2)
	if gid < 0 {
		return result{}, c.errAPI("Wrong group ID")
	}
	u, e := userKind.lookup(c, id)
	if e != nil {
		return result{}, e
	}
	g, e := groupKind.lookup(c, gid)
	if e != nil {
		return result{}, e
	}
	if u.ID == 0 {
		return result{}, c.errInternal("user [0] oneadmin cannot be moved outside of the group [0] oneadmin")
	}
	if e := c.authz().add(opManage, userAuth(u)).add(opUse, groupAuth(g)).err(); e != nil {
		return result{}, e
	}
	if u.GID == gid {
		return resInt(id), nil
	}
	old := u.GID
	u.GID = gid
	if !containsInt(u.Groups, gid) {
		u.Groups = removeInt(u.Groups, old)
		u.joinGroup(gid)
	}
	c.changed()
	return resInt(id), nil
}

// userEditGroup answers one.user.addgroup and one.user.delgroup.
func userEditGroup(add bool) handler {
	return func(c *call) (result, *rpcError) {
		u, e := userKind.lookup(c, c.int(1))
		if e != nil {
			return result{}, e
		}
		g, e := groupKind.lookup(c, c.int(2))
		if e != nil {
			return result{}, e
		}
		if e := c.authz().add(opManage, userAuth(u)).add(opManage, groupAuth(g)).err(); e != nil {
			return result{}, e
		}
		in := containsInt(u.Groups, g.ID)
		switch {
		case add && in:
			return result{}, c.errAction("User is already in this group")
		case add:
			u.joinGroup(g.ID)
		case u.GID == g.ID:
			return result{}, c.errAction("Cannot remove user from the primary group")
		case !in:
			return result{}, c.errAction("User is not part of this group")
		default:
			u.Groups = removeInt(u.Groups, g.ID)
			if containsInt(g.Admins, u.ID) {
				g.Admins = removeInt(g.Admins, u.ID)
				for _, r := range groupAdminRules(u.ID, g.ID) {
					c.st.delACL(r[0], r[1], r[2], r[3])
				}
			}
		}
		c.changed()
		return resInt(u.ID), nil
	}
}

// passwordLogin checks a session secret against the stored password:
// the public driver never logs in with a password (only with tokens).
func passwordLogin(u *User, secret string) bool {
	return u.AuthDriver != "public" && u.Password == storedPassword(u.AuthDriver, secret)
}

// joinGroup adds a group to the user's set, kept sorted as oned's
// std::set prints it.
func (u *User) joinGroup(g int) {
	if !containsInt(u.Groups, g) {
		u.Groups = append(u.Groups, g)
		slices.Sort(u.Groups)
	}
}
