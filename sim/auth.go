package sim

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// Operations of include/AuthRequest.h. noLock marks the *_NO_LCK variants,
// which ignore object locks (info, lock, unlock).
const (
	opUse    = 0x1
	opManage = 0x2
	opAdmin  = 0x4
	opCreate = 0x8
	noLock   = 0x10
)

func opName(op int) string {
	switch op &^ noLock {
	case opUse:
		return "USE"
	case opManage:
		return "MANAGE"
	case opAdmin:
		return "ADMIN"
	}
	return "CREATE"
}

func sha256hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return strings.Repeat("0", 2*n)
	}
	return hex.EncodeToString(b)
}

// authenticate resolves "user:secret", where secret is the password or a
// token from one.user.login. Every failure reads the same, as in oned.
func (s *Server) authenticate(c *call, session string) *rpcError {
	fail := &rpcError{code: codeAuthentication, objID: -1,
		msg: "[" + c.method + "] User couldn't be authenticated, aborting call."}
	name, secret, ok := strings.Cut(session, ":")
	if !ok {
		return fail
	}
	u := c.st.userByName(name)
	if u == nil || !u.Enabled {
		return fail
	}
	c.egid = -1
	if !passwordLogin(u, secret) {
		found := false
		for _, t := range u.Tokens {
			if t.Token == secret && (t.Expire < 0 || t.Expire > c.unix()) {
				found = true
				c.egid = t.EGID
				break
			}
		}
		if !found {
			return fail
		}
	}
	c.user = u
	c.groups = map[int]bool{}
	if c.egid >= 0 {
		c.groups[c.egid] = true
	} else {
		for _, g := range u.Groups {
			c.groups[g] = true
		}
	}
	return nil
}

// isAdmin is oned's RequestAttributes::is_admin: oneadmin or a member of
// the oneadmin group.
func (c *call) isAdmin() bool {
	return c.uid() == 0 || c.groups[0]
}

// authObj is PoolObjectAuth: what permission checks look at.
type authObj struct {
	ot    objType
	id    int
	uid   int
	gid   int
	perms perms
	lock  *lockInfo
}

func (b *base) auth(ot objType) authObj {
	return authObj{ot: ot, id: b.ID, uid: b.UID, gid: b.GID, perms: b.Perms, lock: b.Lock}
}

// authReq accumulates checks like oned's AuthRequest, so a call needing
// several permissions reports all the refusals joined by "; ".
type authReq struct {
	c    *call
	msgs []string
}

func (c *call) authz() *authReq { return &authReq{c: c} }

func (ar *authReq) add(op int, o authObj) *authReq {
	c := ar.c
	lockOp := op &^ noLock
	locked := op&noLock == 0 && o.lock != nil && o.lock.Locked > 0 && o.lock.Locked <= lockOp
	var ok bool
	if c.isAdmin() {
		if locked {
			ar.msgs = append(ar.msgs, o.ot.short()+" is locked."+idSuffix(o.id))
		}
		return ar
	}
	if !locked {
		ok = c.permits(lockOp, o)
	}
	if !ok {
		ar.msgs = append(ar.msgs, "Not authorized to perform "+opName(op)+" "+o.ot.short()+idSuffix(o.id))
	}
	return ar
}

func idSuffix(id int) string {
	if id < 0 {
		return ""
	}
	return " [" + strconv.Itoa(id) + "]"
}

func (ar *authReq) err() *rpcError {
	if len(ar.msgs) == 0 {
		return nil
	}
	return ar.c.errAuthz(strings.Join(ar.msgs, "; "))
}

// permits decides for a regular user: the ACL rules (acl.go), then the
// owner/group/other bits.
func (c *call) permits(op int, o authObj) bool {
	if c.aclAllows(op, o) {
		return true
	}
	if op == opCreate {
		return false
	}
	switch o.ot {
	case obCluster:
		if op == opUse {
			return true
		}
	case obUser:
		if o.id == c.uid() && op <= opManage {
			return true
		}
	case obGroup:
		if c.groups[o.id] && op == opUse {
			return true
		}
	}
	bit := func(u, m, a int) bool {
		switch op {
		case opUse:
			return u == 1
		case opManage:
			return m == 1
		case opAdmin:
			return a == 1
		}
		return false
	}
	p := o.perms
	if o.uid == c.uid() && bit(p.OU, p.OM, p.OA) {
		return true
	}
	if c.groups[o.gid] && bit(p.GU, p.GM, p.GA) {
		return true
	}
	return bit(p.TU, p.TM, p.TA)
}

// canUse is the pool filter: objects a caller may list.
func (c *call) canUse(o authObj) bool {
	if c.isAdmin() {
		return true
	}
	return c.permits(opUse, o)
}

// umaskPerms is oned's default umask 177 applied to a new object: only the
// owner may use and manage it.
func umaskPerms() perms { return perms{OU: 1, OM: 1} }

func hostAuth(h *Host) authObj {
	return authObj{ot: obHost, id: h.ID, uid: 0, gid: 0, perms: perms{OU: 1, OM: 1, OA: 1}}
}

func userAuth(u *User) authObj {
	return authObj{ot: obUser, id: u.ID, uid: u.ID, gid: u.GID, perms: perms{OU: 1, OM: 1}}
}

func groupAuth(g *Group) authObj {
	return authObj{ot: obGroup, id: g.ID, uid: 0, gid: g.ID}
}

func clusterAuth(cl *Cluster) authObj {
	return authObj{ot: obCluster, id: cl.ID, uid: 0, gid: 0, perms: perms{OU: 1, OM: 1, OA: 1}}
}
