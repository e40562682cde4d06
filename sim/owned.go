package sim

import (
	"strconv"
	"strings"
)

// The calls below behave the same for every object with an owner (oned
// implements them once, in RequestManagerChown/Chmod/Rename/Lock), so an
// object type gets them by registering the handler with its kind.

// renameHandler answers one.<x>.rename(id, name).
func renameHandler[T owner](d *objKind[T]) handler {
	return func(c *call) (result, *rpcError) {
		x, e := d.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		name := c.str(2)
		if strings.TrimSpace(name) == "" {
			return result{}, c.errAction("Invalid NAME, it cannot be empty")
		}
		if strings.ContainsAny(name, "\n\t\"") {
			return result{}, c.errAction("Invalid NAME, it cannot contain newlines, tabs or double quotes")
		}
		if other, ok := nameTaken(d, c.st, d.names, x.own().ID, x.own().UID, name); ok {
			return result{}, c.errAction("%s cannot be renamed to %s because it collides with %s %d",
				d.ot.long(), name, d.ot.long(), other)
		}
		x.own().Name = name
		c.changed()
		return resInt(c.int(1)), nil
	}
}

// nameTaken finds the lowest-numbered object of d called name, other than
// self (-1 for an object not made yet): among uid's objects when names are
// unique per owner, in the whole pool when they are unique there. Allocate,
// clone, instantiate and rename all ask it; each says no in its own words,
// as oned's pools do.
func nameTaken[T owner](d *objKind[T], st *state, scope nameScope, self, uid int, name string) (int, bool) {
	if scope == namesFree {
		return 0, false
	}
	best, found := 0, false
	for _, x := range d.pool(st) {
		b := x.own()
		if b.ID == self || b.Name != name || scope == namesPerOwner && b.UID != uid {
			continue
		}
		if !found || b.ID < best {
			best, found = b.ID, true
		}
	}
	return best, found
}

// chownHandler answers one.<x>.chown(id, uid, gid); -1 keeps the value, a
// new owner without a new group brings its own group.
func chownHandler[T owner](d *objKind[T]) handler {
	return func(c *call) (result, *rpcError) {
		x, e := d.lookup(c, c.int(1))
		if e != nil {
			return result{}, e
		}
		uid, gid := c.int(2), c.int(3)
		ar := c.authz().add(opManage, d.auth(x))
		var nu *User
		var ng *Group
		if uid >= 0 {
			if nu = c.st.Users[uid]; nu == nil {
				return result{}, c.errNotFound(obUser, uid)
			}
			ar.add(opManage, userAuth(nu))
		}
		if gid >= 0 {
			if ng = c.st.Groups[gid]; ng == nil {
				return result{}, c.errNotFound(obGroup, gid)
			}
			ar.add(opUse, groupAuth(ng))
		}
		if e := ar.err(); e != nil {
			return result{}, e
		}
		b := x.own()
		newUID, newGID := b.UID, b.GID
		if nu != nil {
			newUID = nu.ID
			if ng == nil {
				newGID = nu.GID
			}
		}
		if ng != nil {
			newGID = ng.ID
		}
		if e := c.chownQuotaFails(d.ot, b, newUID, newGID); e != nil {
			return result{}, e
		}
		b.UID, b.GID = newUID, newGID
		c.changed()
		return resInt(b.ID), nil
	}
}

// chmodHandler answers one.<x>.chmod(id, nine bits); -1 keeps a bit, and
// changing an ADMIN bit takes ADMIN rights.
func chmodHandler[T owner](d *objKind[T]) handler {
	return func(c *call) (result, *rpcError) {
		x, e := d.lookup(c, c.int(1))
		if e != nil {
			return result{}, e
		}
		p := &x.own().Perms
		bits := []*int{&p.OU, &p.OM, &p.OA, &p.GU, &p.GM, &p.GA, &p.TU, &p.TM, &p.TA}
		op := opManage
		for i := range bits {
			if n := c.int(2 + i); i%3 == 2 && n != -1 && n != *bits[i] {
				op = opAdmin
			}
		}
		if e := c.authz().add(op, d.auth(x)).err(); e != nil {
			return result{}, e
		}
		for i, bit := range bits {
			if n := c.int(2 + i); n == 0 || n == 1 {
				*bit = n
			}
		}
		c.changed()
		return resInt(c.int(1)), nil
	}
}

// lockHandler answers one.<x>.lock(id, level, test); level 4 (ALL) is
// stored as USE, like oned does.
func lockHandler[T owner](d *objKind[T]) handler {
	return func(c *call) (result, *rpcError) {
		x, e := d.get(c, 1, opManage|noLock)
		if e != nil {
			return result{}, e
		}
		b := x.own()
		level := c.int(2)
		switch level {
		case 1, 2, 3:
		case 4:
			level = 1
		default:
			return result{}, c.errAction("Wrong lock level specified")
		}
		if c.boolOr(3, false) && b.Lock != nil {
			return result{}, c.errAction("%d", b.Lock.Time)
		}
		if b.Lock != nil && b.Lock.Owner != c.uid() && !c.isAdmin() {
			return result{}, c.errAction("Error trying to lock the resource.")
		}
		c.st.ReqID++
		b.Lock = &lockInfo{Locked: level, Owner: c.uid(), Time: c.unix(), ReqID: c.st.ReqID}
		c.changed()
		return resInt(b.ID), nil
	}
}

// unlockHandler answers one.<x>.unlock(id).
func unlockHandler[T owner](d *objKind[T]) handler {
	return func(c *call) (result, *rpcError) {
		x, e := d.get(c, 1, opManage|noLock)
		if e != nil {
			return result{}, e
		}
		b := x.own()
		if b.Lock != nil && b.Lock.Owner != c.uid() && !c.isAdmin() {
			return result{}, c.errAction("Cannot unlock: Lock is owned by another user")
		}
		b.Lock = nil
		c.changed()
		return resInt(b.ID), nil
	}
}

// allocName takes NAME out of an allocate template: oned requires one and
// refuses a name the caller already uses for that object type.
func allocName[T owner](c *call, d *objKind[T], t *tmpl) (string, *rpcError) {
	name := t.str("NAME")
	if name == "" {
		return "", c.errAllocate(d.ot, "No NAME in template.")
	}
	if id, ok := nameTaken(d, c.st, namesPerOwner, -1, c.uid(), name); ok {
		return "", c.errAllocate(d.ot, "NAME is already taken by "+d.ot.short()+" "+strconv.Itoa(id)+".")
	}
	return name, nil
}

// ownedBase is the header of an object the caller allocates: its id, the
// caller as owner, the caller's group and oned's default umask.
func (c *call) ownedBase(id int, name string) base {
	return base{ID: id, UID: c.uid(), GID: c.user.GID, Name: name, Perms: umaskPerms()}
}

// ref says how a template vector points at a pool object: by id, or by
// name with an optional owner given by user name or id.
type ref struct {
	id, name, uname, uid string
	what                 string // the object in "... does not exist"
	// byUse also accepts, for a name without an owner, an object the
	// caller may use but does not own (networks).
	byUse bool
}

// resolve finds the object a DISK, NIC, ... vector names; the message
// says why not.
func resolve[T owner](c *call, d *objKind[T], a *attr, r ref) (T, string) {
	var none T
	if s := vget(a, r.id); s != "" {
		id, err := strconv.Atoi(s)
		x, ok := d.pool(c.st)[id]
		if err != nil || !ok {
			return none, r.what + " " + s + " does not exist"
		}
		return x, ""
	}
	name := vget(a, r.name)
	own := c.uid()
	if un := vget(a, r.uname); un != "" {
		own = -2
		if u := c.st.userByName(un); u != nil {
			own = u.ID
		}
	} else if s := vget(a, r.uid); r.uid != "" && s != "" {
		own, _ = strconv.Atoi(s)
	}
	for _, x := range d.pool(c.st) {
		b := x.own()
		if b.Name != name {
			continue
		}
		if b.UID == own || r.byUse && own == c.uid() && c.canUse(d.auth(x)) {
			return x, ""
		}
	}
	return none, r.what + " " + name + " does not exist"
}
