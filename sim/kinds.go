package sim

import "strings"

// objKind describes one object type to the generic handlers, so the info,
// pool, update, delete, chown, chmod, rename and lock calls of a new
// object type are a few declarations instead of copies. The answers are
// shaped by oned's generic Request classes (RequestManagerInfo,
// RequestManagerPoolInfoFilter, ...), which is why one code path fits all.
type objKind[T any] struct {
	ot   objType
	pool func(*state) map[int]T
	auth func(T) authObj
	xml  func(*state, T) string // body of one.<x>.info
	// entry is a pool element when it differs from xml: the short VM body,
	// users and groups followed by their QUOTAS.
	entry func(*state, T) string
	root  string // pool element, e.g. IMAGE_POOL
	tail  string // closes the pool
	// tailFn, when set, closes the pool instead of tail: users' and
	// groups' default quotas, which change.
	tailFn func(*state) string
	// self is the object one.<x>.info means by -1 (user: the caller,
	// group: the caller's group); nil when -1 is just a missing id.
	self func(*call) int
	tmpl func(T) *tmpl // the template one.<x>.update edits
	// names says which other objects a new name must not collide with
	// when renaming (RequestManagerRename's exist()).
	names nameScope
}

// nameScope is how unique oned keeps the names of an object type.
type nameScope int

const (
	namesFree     nameScope = iota // VMs, documents, virtual routers
	namesPerOwner                  // images, templates, networks...: per user
	namesGlobal                    // datastores, marketplaces: in the pool
)

// owner is every type embedding base: the objects with an owner, a group,
// permission bits and a lock.
type owner interface{ own() *base }

func (b *base) own() *base { return b }

// owned fills auth for an object type with an owner: its permission view
// is its base.
func owned[T owner](k objKind[T]) *objKind[T] {
	k.auth = func(x T) authObj { return x.own().auth(k.ot) }
	return &k
}

// creating is the object a CREATE check looks at: one that has no id yet.
func creating(ot objType) authObj { return authObj{ot: ot, id: -1} }

// lookup finds an object or answers oned's NO_EXISTS.
func (d *objKind[T]) lookup(c *call, id int) (T, *rpcError) {
	x, ok := d.pool(c.st)[id]
	if !ok {
		var none T
		return none, c.errNotFound(d.ot, id)
	}
	return x, nil
}

// load checks op on the object with that id: NO_EXISTS first, then
// authorization, as oned's basic_authorization does.
func (d *objKind[T]) load(c *call, id int, op int) (T, *rpcError) {
	x, e := d.lookup(c, id)
	if e != nil {
		return x, e
	}
	if e := c.authz().add(op, d.auth(x)).err(); e != nil {
		var none T
		return none, e
	}
	return x, nil
}

// get is load for the object named by parameter i.
func (d *objKind[T]) get(c *call, i int, op int) (T, *rpcError) {
	return d.load(c, c.int(i), op)
}

func (d *objKind[T]) entryXML() func(*state, T) string {
	if d.entry != nil {
		return d.entry
	}
	return d.xml
}

// objectInfo answers one.<x>.info: USE without looking at locks.
func objectInfo[T any](d *objKind[T]) handler {
	return func(c *call) (result, *rpcError) {
		id := c.int(1)
		if id == -1 && d.self != nil {
			id = d.self(c)
		}
		x, e := d.load(c, id, opUse|noLock)
		if e != nil {
			return result{}, e
		}
		return resString(d.xml(c.st, x)), nil
	}
}

// poolInfo answers the filtered one.<x>pool.info(filter, start, end).
func poolInfo[T any](d *objKind[T]) handler {
	return func(c *call) (result, *rpcError) {
		p, e := c.poolSel()
		if e != nil {
			return result{}, e
		}
		return resString(d.list(c, p, nil, d.entryXML())), nil
	}
}

// everything is the selection of the pool calls that take no filter
// (hosts, clusters, datastores, users, groups): what the caller may use.
var everything = poolSel{flag: -2, start: -1, end: -1}

// poolInfoAll answers a one.<x>pool.info that takes no filter.
func poolInfoAll[T any](d *objKind[T]) handler {
	return func(c *call) (result, *rpcError) {
		return resString(d.list(c, everything, nil, d.entryXML())), nil
	}
}

// list renders the objects of the pool that p selects and keep (nil keeps
// all) accepts, in oned's DESC order, cut to the requested page.
func (d *objKind[T]) list(c *call, p poolSel, keep func(T) bool, render func(*state, T) string) string {
	return d.listKeyed(c, p, keep, "", render)
}

// listKeyed is list where keepKey names what keep accepts ("" when keep
// is nil or cannot be named), so a page that follows the previous one
// resumes the scan where it stopped (see pageCursor).
func (d *objKind[T]) listKeyed(c *call, p poolSel, keep func(T) bool, keepKey string, render func(*state, T) string) string {
	m := d.pool(c.st)
	limit := p.limit()
	all, vals := sortedObjects(c, d.root, m)
	offset := max(p.start, 0)
	from, skipped := 0, 0
	key := ""
	if limit >= 0 && (keep == nil || keepKey != "") {
		key = c.cursorKey(d.root, p, keepKey)
		if cur := c.s.cursor(key, all); cur != nil && cur.next == offset {
			from, skipped = cur.idx, cur.count
		}
	}
	var ids []int
	i := from
	for ; i < len(all); i++ {
		if limit >= 0 && skipped+len(ids) >= limit {
			break // a page further down needs no more matches
		}
		x := vals[i]
		if keep != nil && !keep(x) {
			continue
		}
		if c.matches(p, d.auth(x)) {
			ids = append(ids, all[i])
		}
	}
	if key != "" {
		c.s.saveCursor(key, all, i, skipped+len(ids))
	}
	var b strings.Builder
	b.WriteString("<" + d.root + ">")
	if limit < 0 {
		for _, id := range ids {
			b.WriteString(render(c.st, m[id]))
		}
	} else if k := offset - skipped; k < len(ids) {
		for _, id := range ids[k:min(len(ids), k-p.end)] {
			b.WriteString(render(c.st, m[id]))
		}
	}
	tail := d.tail
	if d.tailFn != nil {
		tail = d.tailFn(c.st)
	}
	b.WriteString(tail + "</" + d.root + ">")
	return b.String()
}

// updateHandler answers one.<x>.update(id, template, type).
func updateHandler[T any](d *objKind[T]) handler {
	return func(c *call) (result, *rpcError) {
		x, e := d.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if e := c.updateTmpl(d.tmpl(x), c.str(2), c.intOr(3, 0)); e != nil {
			return result{}, e
		}
		return resInt(c.int(1)), nil
	}
}

// deleteHandler answers one.<x>.delete for objects that hold nothing else
// (a template, a group without users, ...).
func deleteHandler[T any](d *objKind[T]) handler {
	return func(c *call) (result, *rpcError) {
		id := c.int(1)
		if _, e := d.load(c, id, opManage); e != nil {
			return result{}, e
		}
		delete(d.pool(c.st), id)
		c.changed()
		return resInt(id), nil
	}
}

// updateTmpl applies one.*.update: type 0 replaces, 1 merges.
func (c *call) updateTmpl(dst *tmpl, text string, utype int) *rpcError {
	if utype != 0 && utype != 1 {
		return c.errAPI("Wrong update type")
	}
	n, msg := parseTmpl(text)
	if msg != "" {
		return c.errInternal("%s", msg)
	}
	if utype == 0 {
		dst.A = n.A
	} else {
		dst.merge(n)
	}
	c.changed()
	return nil
}
