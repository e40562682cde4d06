package sim

import "slices"

// dueSet holds the objects whose driver operation (an image copy, an app
// upload) is in flight, and the earliest end among them, so that a request
// with nothing due costs one comparison however large the catalogue is.
type dueSet struct {
	at  map[int]int64 // id -> unix nanos the operation ends
	min int64
}

func newDueSet() *dueSet { return &dueSet{at: map[int]int64{}} }

func (d *dueSet) add(id int, at int64) {
	d.at[id] = at
	if len(d.at) == 1 || at < d.min {
		d.min = at
	}
}

// pop removes and returns, in ascending id order, the objects due at n.
func (d *dueSet) pop(n int64) []int {
	if len(d.at) == 0 || n < d.min {
		return nil
	}
	var ids []int
	d.min = 0
	for id, at := range d.at {
		if at <= n {
			ids = append(ids, id)
			delete(d.at, id)
		} else if d.min == 0 || at < d.min {
			d.min = at
		}
	}
	slices.Sort(ids)
	return ids
}

// catalogDue is the derived index of in-flight image and app operations,
// built from the objects the first time it is needed (after loading a
// state file too).
type catalogDue struct {
	images, apps *dueSet
}

func (st *state) due() *catalogDue {
	if st.catalog == nil {
		c := &catalogDue{images: newDueSet(), apps: newDueSet()}
		for id, im := range st.Images {
			if im.Due != 0 {
				c.images.add(id, im.Due)
			}
		}
		for id, a := range st.MarketApps {
			if a.Due != 0 {
				c.apps.add(id, a.Due)
			}
		}
		st.catalog = c
	}
	return st.catalog
}
