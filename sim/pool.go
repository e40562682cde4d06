package sim

import (
	"fmt"
	"slices"
)

// poolSel is the (filter_flag, start_id, end_id) triple of the filtered
// pool calls (RequestManagerPoolInfoFilter + PoolSQL::oid_filter).
type poolSel struct {
	flag, start, end int
}

func (c *call) poolSel() (poolSel, *rpcError) {
	p := poolSel{flag: c.int(1), start: c.int(2), end: c.int(3)}
	if p.flag < -4 {
		return p, c.errAPI("Incorrect filter_flag")
	}
	return p, nil
}

// matches applies the filter flag and, for an ID range, the range; the
// caller must also be allowed to USE the object.
func (c *call) matches(p poolSel, o authObj) bool {
	switch {
	case p.flag == -4:
		if c.user == nil || o.gid != c.user.GID {
			return false
		}
	case p.flag == -3:
		if o.uid != c.uid() {
			return false
		}
	case p.flag == -1:
		if o.uid != c.uid() && !c.groups[o.gid] {
			return false
		}
	case p.flag >= 0:
		if o.uid != p.flag {
			return false
		}
	}
	if p.end >= -1 {
		if p.start >= 0 && o.id < p.start {
			return false
		}
		if p.end >= 0 && o.id > p.end {
			return false
		}
	}
	return c.canUse(o)
}

// page cuts a DESC-ordered id list when end_id < -1 (start_id is the
// offset, -end_id the page size), like the SQL LIMIT oned builds.
func (p poolSel) page(ids []int) []int {
	if p.end >= -1 {
		return ids
	}
	off, size := p.start, -p.end
	if off < 0 {
		off = 0
	}
	if off >= len(ids) {
		return nil
	}
	ids = ids[off:]
	if len(ids) > size {
		ids = ids[:size]
	}
	return ids
}

// limit is how many matches a page needs (offset plus size), or -1 when
// the selection is not paged, so a listing can stop early.
func (p poolSel) limit() int {
	if p.end >= -1 {
		return -1
	}
	off := p.start
	if off < 0 {
		off = 0
	}
	return off - p.end
}

// sortedPool is a pool in oned's DESC order, kept between calls: a client
// listing a pool of 100,000 VMs page by page would otherwise sort it 500
// times, and look every object up again to skip to its page. Objects are
// only ever added with the next free ID, so the order stays valid while
// the pool has as many objects and no ID was handed out (states, owners
// and permissions are read from the objects at each call).
type sortedPool struct {
	n, next int
	ids     []int
	vals    any // []T, in the order of ids
}

// sortedObjects returns the IDs of m from highest to lowest and the
// objects in the same order.
func sortedObjects[T any](c *call, root string, m map[int]T) ([]int, []T) {
	s := c.s
	next := 0
	for _, n := range c.st.NextID {
		next += n
	}
	if s != nil && len(m) >= 1000 {
		if sp := s.sorted[root]; sp != nil && sp.n == len(m) && sp.next == next {
			if vals, ok := sp.vals.([]T); ok {
				return sp.ids, vals
			}
		}
	}
	ids := idsDesc(m)
	vals := make([]T, len(ids))
	for i, id := range ids {
		vals[i] = m[id]
	}
	if s != nil && len(m) >= 1000 {
		if s.sorted == nil {
			s.sorted = map[string]*sortedPool{}
		}
		s.sorted[root] = &sortedPool{n: len(m), next: next, ids: ids, vals: vals}
	}
	return ids, vals
}

// pageCursor is where the scan for a page stopped: after position idx of
// the pool's sorted objects, count objects had matched. A client listing a
// pool asks for the page that starts there next, and the scan resumes
// instead of testing every object before it again. It is only valid for
// the same sorted pool, the same selection (caller, filter, state filter)
// and as long as nothing changed the objects (the server's generation);
// monitoring samples do not count, as they change no object's state,
// owner or permissions.
type pageCursor struct {
	key        string
	ids        []int // the sorted pool it indexes
	idx, count int
	next       int // the offset of the page it serves
}

func (c *call) cursorKey(root string, p poolSel, keepKey string) string {
	groups := make([]int, 0, len(c.groups))
	for g, ok := range c.groups {
		if ok {
			groups = append(groups, g)
		}
	}
	slices.Sort(groups)
	return fmt.Sprint(root, c.s.gen, c.uid(), groups, c.egid, p.flag, keepKey)
}

func (s *Server) cursor(key string, ids []int) *pageCursor {
	if cur := s.pageCursor; cur != nil && cur.key == key && len(cur.ids) == len(ids) && len(ids) > 0 && &cur.ids[0] == &ids[0] {
		return cur
	}
	return nil
}

func (s *Server) saveCursor(key string, ids []int, idx, count int) {
	if len(ids) < 1000 {
		return
	}
	s.pageCursor = &pageCursor{key: key, ids: ids, idx: idx, count: count, next: count}
}
