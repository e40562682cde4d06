// Package template reads and writes OpenNebula templates: the text syntax
// accepted by oned (`CPU = 1`, `DISK = [ IMAGE_ID = 3 ]`) and its XML twin
// (`<TEMPLATE><CPU><![CDATA[1]]></CPU></TEMPLATE>`).
//
// The parser follows oned 6.10's own lexer and grammar rather than a cleaned-up
// idea of the syntax, so that the simulator accepts and rejects what a real
// server does and the CLI can validate a file before sending it.
package template

import (
	"sort"
	"strings"
)

// Pair is one member of a vector attribute.
type Pair struct{ Name, Value string }

// Attr is a template attribute: either single (Name = Value) or a vector
// (Name = [ K = V, ... ]).
type Attr struct {
	Name   string
	Value  string // for a single attribute
	Vector []Pair // non-nil for a vector attribute (order kept)
}

// IsVector reports whether a is a vector attribute. An empty vector
// (`NAME = [ ]`) is still a vector, hence the nil check rather than len.
func (a Attr) IsVector() bool { return a.Vector != nil }

// Get returns the value of the first vector member called name,
// case-insensitively.
func (a Attr) Get(name string) (string, bool) {
	for _, p := range a.Vector {
		if strings.EqualFold(p.Name, name) {
			return p.Value, true
		}
	}
	return "", false
}

// Template is an ordered list of attributes; the same name may repeat (two
// DISK vectors), so it is not a map.
type Template struct{ Attrs []Attr }

// Get returns the value of the first single attribute called name,
// case-insensitively.
func (t *Template) Get(name string) (string, bool) {
	for _, a := range t.Attrs {
		if !a.IsVector() && strings.EqualFold(a.Name, name) {
			return a.Value, true
		}
	}
	return "", false
}

// Vectors returns every vector attribute called name, in document order. The
// returned Attrs share their Vector slices with t.
func (t *Template) Vectors(name string) []Attr {
	var out []Attr
	for _, a := range t.Attrs {
		if a.IsVector() && strings.EqualFold(a.Name, name) {
			out = append(out, a)
		}
	}
	return out
}

// Set replaces the value of the first single attribute called name, or
// appends a new one. The name is stored upper-case like oned does.
func (t *Template) Set(name, value string) {
	for i, a := range t.Attrs {
		if !a.IsVector() && strings.EqualFold(a.Name, name) {
			t.Attrs[i].Value = value
			return
		}
	}
	t.Attrs = append(t.Attrs, Attr{Name: strings.ToUpper(name), Value: value})
}

// Add appends a, upper-casing its name so lookups and output stay uniform.
func (t *Template) Add(a Attr) {
	a.Name = strings.ToUpper(a.Name)
	t.Attrs = append(t.Attrs, a)
}

// Del removes every attribute (single or vector) called name.
func (t *Template) Del(name string) {
	kept := t.Attrs[:0]
	for _, a := range t.Attrs {
		if !strings.EqualFold(a.Name, name) {
			kept = append(kept, a)
		}
	}
	// Clear the tail so removed attributes do not stay reachable.
	for i := len(kept); i < len(t.Attrs); i++ {
		t.Attrs[i] = Attr{}
	}
	t.Attrs = kept
}

// Merge applies o onto t the way oned's update with update_type=1 does
// (Template::merge): every name present in o first loses all its attributes
// in t, then o's attributes are appended. An empty vector in o therefore
// deletes that name without adding anything back, which is how users remove
// a vector through a merge update.
func (t *Template) Merge(o *Template) {
	if o == nil {
		return
	}
	for _, a := range o.Attrs {
		t.Del(a.Name)
	}
	for _, a := range o.Attrs {
		if a.IsVector() && len(a.Vector) == 0 {
			continue
		}
		t.Attrs = append(t.Attrs, a.clone())
	}
}

// Clone returns a deep copy, so a caller can mutate it (for example the
// simulator storing a client's template) without aliasing vector slices.
func (t *Template) Clone() *Template {
	c := &Template{}
	if t == nil {
		return c
	}
	if t.Attrs != nil {
		c.Attrs = make([]Attr, len(t.Attrs))
		for i, a := range t.Attrs {
			c.Attrs[i] = a.clone()
		}
	}
	return c
}

// Sort puts t in the order oned stores and prints templates: attributes by
// name (oned keeps them in a multimap, so equal names keep their relative
// order) and vector members by name (oned keeps them in a map). Without this
// the simulator's `show` output would differ from a real server's.
func (t *Template) Sort() {
	sort.SliceStable(t.Attrs, func(i, j int) bool { return t.Attrs[i].Name < t.Attrs[j].Name })
	for _, a := range t.Attrs {
		sort.SliceStable(a.Vector, func(i, j int) bool { return a.Vector[i].Name < a.Vector[j].Name })
	}
}

func (a Attr) clone() Attr {
	if a.Vector != nil {
		a.Vector = append(make([]Pair, 0, len(a.Vector)), a.Vector...)
	}
	return a
}
