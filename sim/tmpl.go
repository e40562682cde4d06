package sim

import (
	"sort"
	"strings"
)

// pair is one NAME=VALUE inside a vector attribute.
type pair struct {
	N string `json:"n"`
	V string `json:"v"`
}

// attr is a template attribute: single (V) or vector (Vec != nil).
type attr struct {
	N   string  `json:"n"`
	V   string  `json:"v,omitempty"`
	Vec []*pair `json:"vec,omitempty"`
	IsV bool    `json:"isv,omitempty"`
}

// tmpl is how the simulator stores an OpenNebula template. oned keeps
// templates in a multimap keyed by name, so they print sorted by name
// (stable for repeated names) and vector members sorted and unique; the
// XML rendering below reproduces that order.
type tmpl struct {
	A []*attr `json:"a,omitempty"`
}

func newTmpl() *tmpl { return &tmpl{} }

func (t *tmpl) get(name string) (string, bool) {
	for _, a := range t.A {
		if a.N == name && !a.IsV {
			return a.V, true
		}
	}
	return "", false
}

func (t *tmpl) str(name string) string {
	v, _ := t.get(name)
	return v
}

// set replaces the first single attribute called name, or adds one.
func (t *tmpl) set(name, v string) {
	for _, a := range t.A {
		if a.N == name && !a.IsV {
			a.V = v
			return
		}
	}
	t.A = append(t.A, &attr{N: name, V: v})
}

func (t *tmpl) del(name string) {
	out := t.A[:0]
	for _, a := range t.A {
		if a.N != name {
			out = append(out, a)
		}
	}
	t.A = out
}

func (t *tmpl) vectors(name string) []*attr {
	var out []*attr
	for _, a := range t.A {
		if a.N == name && a.IsV {
			out = append(out, a)
		}
	}
	return out
}

func (t *tmpl) addVector(name string, ps ...*pair) *attr {
	a := &attr{N: name, IsV: true, Vec: ps}
	t.A = append(t.A, a)
	return a
}

func (t *tmpl) removeAttr(x *attr) {
	out := t.A[:0]
	for _, a := range t.A {
		if a != x {
			out = append(out, a)
		}
	}
	t.A = out
}

func (t *tmpl) clone() *tmpl {
	n := &tmpl{}
	for _, a := range t.A {
		b := &attr{N: a.N, V: a.V, IsV: a.IsV}
		for _, p := range a.Vec {
			b.Vec = append(b.Vec, &pair{p.N, p.V})
		}
		n.A = append(n.A, b)
	}
	return n
}

// merge implements update_type 1: every top-level name in o replaces the
// attributes of that name in t.
func (t *tmpl) merge(o *tmpl) {
	names := map[string]bool{}
	for _, a := range o.A {
		names[a.N] = true
	}
	out := t.A[:0]
	for _, a := range t.A {
		if !names[a.N] {
			out = append(out, a)
		}
	}
	t.A = out
	t.A = append(t.A, o.clone().A...)
}

func vget(a *attr, name string) string {
	for _, p := range a.Vec {
		if p.N == name {
			return p.V
		}
	}
	return ""
}

func vhas(a *attr, name string) bool {
	for _, p := range a.Vec {
		if p.N == name {
			return true
		}
	}
	return false
}

func vset(a *attr, name, v string) {
	for _, p := range a.Vec {
		if p.N == name {
			p.V = v
			return
		}
	}
	a.Vec = append(a.Vec, &pair{name, v})
}

func vdel(a *attr, name string) {
	out := a.Vec[:0]
	for _, p := range a.Vec {
		if p.N != name {
			out = append(out, p)
		}
	}
	a.Vec = out
}

func cdata(s string) string {
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}

// xml renders the template as oned does: names sorted, values in CDATA,
// and an empty template as <ROOT></ROOT> (not self-closed).
func (t *tmpl) xml(root string) string {
	var b strings.Builder
	b.WriteString("<" + root + ">")
	t.writeBody(&b)
	b.WriteString("</" + root + ">")
	return b.String()
}

func (t *tmpl) writeBody(b *strings.Builder) {
	attrs := make([]*attr, len(t.A))
	copy(attrs, t.A)
	sort.SliceStable(attrs, func(i, j int) bool { return attrs[i].N < attrs[j].N })
	for _, a := range attrs {
		if !a.IsV {
			b.WriteString("<" + a.N + ">" + cdata(a.V) + "</" + a.N + ">")
			continue
		}
		ps := make([]*pair, len(a.Vec))
		copy(ps, a.Vec)
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].N < ps[j].N })
		b.WriteString("<" + a.N + ">")
		for _, p := range ps {
			b.WriteString("<" + p.N + ">" + cdata(p.V) + "</" + p.N + ">")
		}
		b.WriteString("</" + a.N + ">")
	}
}

// text renders the template in OpenNebula's ATTR = "value" syntax (used
// when a template is copied into another object).
func (t *tmpl) text() string {
	var b strings.Builder
	q := func(s string) string {
		return "\"" + strings.ReplaceAll(strings.ReplaceAll(s, "\\", "\\\\"), "\"", "\\\"") + "\""
	}
	for _, a := range t.A {
		if !a.IsV {
			b.WriteString(a.N + " = " + q(a.V) + "\n")
			continue
		}
		b.WriteString(a.N + " = [\n")
		for i, p := range a.Vec {
			b.WriteString("  " + p.N + " = " + q(p.V))
			if i < len(a.Vec)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("]\n")
	}
	return b.String()
}
