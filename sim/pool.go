package sim

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

// sortedPool is a pool's IDs in oned's DESC order, kept between calls: a
// client listing a pool of 100,000 VMs page by page would otherwise sort
// it 500 times. It is valid while nothing changed (the server's
// generation) and the pool has as many objects.
type sortedPool struct {
	gen uint64
	ids []int
}

// sortedIDs is idsDesc(m), cached per pool root.
func sortedIDs[T any](c *call, root string, m map[int]T) []int {
	s := c.s
	if s == nil || len(m) < 1000 {
		return idsDesc(m)
	}
	if sp := s.sorted[root]; sp != nil && sp.gen == s.gen && len(sp.ids) == len(m) {
		return sp.ids
	}
	if s.sorted == nil {
		s.sorted = map[string]*sortedPool{}
	}
	ids := idsDesc(m)
	s.sorted[root] = &sortedPool{gen: s.gen, ids: ids}
	return ids
}
