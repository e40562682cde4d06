package output

import (
	"bytes"
	"embed"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"sync"
)

// The schemas are OpenNebula's own (release-6.10.5, unchanged). They are the
// only place that says an element *may* repeat, which a single document
// cannot tell: a VM with one DISK must still give jq an array.
//
//go:embed xsd/*.xsd
var xsdFiles embed.FS

// schemaNode is one element path of a schema: whether it may repeat under its
// parent, and the children the schema declares for it. Elements inside
// xs:any regions are simply absent.
type schemaNode struct {
	repeat   bool
	children map[string]*schemaNode
}

func (s *schemaNode) child(name string) *schemaNode {
	if s == nil {
		return nil
	}
	return s.children[name]
}

var (
	schemaOnce  sync.Once
	schemaRoots map[string]*schemaNode
	schemaErr   error
)

// schemaRoot returns the schema tree of a document root, or nil when the
// bundle has no schema for it.
func schemaRoot(name string) (*schemaNode, error) {
	schemaOnce.Do(func() {
		schemaRoots, schemaErr = loadSchemas(xsdFiles)
	})
	if schemaErr != nil {
		return nil, schemaErr
	}
	return schemaRoots[name], nil
}

// xsdElem is a parsed schema element; the generic Node drops attributes,
// which carry everything in a schema.
type xsdElem struct {
	name     string // local name: "element", "sequence", ...
	attrs    map[string]string
	children []*xsdElem
}

func parseXSD(data []byte) (*xsdElem, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*xsdElem
	var root *xsdElem
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := &xsdElem{name: t.Name.Local, attrs: make(map[string]string, len(t.Attr))}
			for _, a := range t.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, e)
			} else {
				root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	if root == nil {
		return nil, fmt.Errorf("empty schema")
	}
	return root, nil
}

// schemaSet holds the global declarations of the whole bundle. All files
// share one target namespace and include each other freely, so one flat
// symbol table stands in for following xs:include.
type schemaSet struct {
	elements map[string][]*xsdElem // a name may be declared by several files (HOOK_MESSAGE)
	types    map[string]*xsdElem
}

func loadSchemas(fsys fs.FS) (map[string]*schemaNode, error) {
	files, err := fs.Glob(fsys, "xsd/*.xsd")
	if err != nil {
		return nil, err
	}
	set := &schemaSet{elements: map[string][]*xsdElem{}, types: map[string]*xsdElem{}}
	var order []string
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		root, err := parseXSD(data)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", f, err)
		}
		for _, c := range root.children {
			name := c.attrs["name"]
			switch {
			case name == "":
			case c.name == "element":
				if _, seen := set.elements[name]; !seen {
					order = append(order, name)
				}
				set.elements[name] = append(set.elements[name], c)
			case c.name == "complexType":
				set.types[name] = c
			}
		}
	}
	roots := make(map[string]*schemaNode, len(order))
	for _, name := range order {
		n := &schemaNode{}
		for _, decl := range set.elements[name] {
			set.expand(decl, n, []*xsdElem{decl})
		}
		roots[name] = n
	}
	return roots, nil
}

// expand adds the content model of an element declaration to n. stack holds
// the declarations being expanded, so a reference back to one of them
// (recursive schemas) stops instead of looping.
func (s *schemaSet) expand(decl *xsdElem, n *schemaNode, stack []*xsdElem) {
	if t := decl.attrs["type"]; t != "" && !strings.HasPrefix(t, "xs:") {
		if ct := s.types[t]; ct != nil {
			s.particles(ct, n, false, stack)
		}
	}
	for _, c := range decl.children {
		if c.name == "complexType" {
			s.particles(c, n, false, stack)
		}
	}
}

// particles walks a content model. repeated is true when an enclosing
// sequence/choice may itself occur several times, which makes every element
// inside it repeatable (GROUP_POOL's unbounded xs:choice).
func (s *schemaSet) particles(model *xsdElem, n *schemaNode, repeated bool, stack []*xsdElem) {
	for _, c := range model.children {
		switch c.name {
		case "sequence", "choice", "all":
			s.particles(c, n, repeated || manyOccurs(c), stack)
		case "element":
			name := c.attrs["name"]
			decls := []*xsdElem{c}
			if ref := c.attrs["ref"]; name == "" && ref != "" {
				name, decls = ref, s.elements[ref]
			}
			if name == "" {
				continue
			}
			if n.children == nil {
				n.children = map[string]*schemaNode{}
			}
			child := n.children[name]
			if child == nil {
				child = &schemaNode{}
				n.children[name] = child
			}
			if repeated || manyOccurs(c) {
				child.repeat = true
			}
			for _, d := range decls {
				if onStack(stack, d) {
					continue
				}
				s.expand(d, child, append(stack, d))
			}
		}
	}
}

func onStack(stack []*xsdElem, d *xsdElem) bool {
	for _, s := range stack {
		if s == d {
			return true
		}
	}
	return false
}

func manyOccurs(e *xsdElem) bool {
	v, ok := e.attrs["maxOccurs"]
	if !ok {
		return false
	}
	if v == "unbounded" {
		return true
	}
	n, err := strconv.Atoi(v)
	return err == nil && n > 1
}

// repeatablePaths lists the slash-separated paths of a root that may repeat;
// it exists for tests and debugging of the index.
func repeatablePaths(root string) []string {
	n, err := schemaRoot(root)
	if err != nil || n == nil {
		return nil
	}
	out := []string{}
	var walk func(prefix string, n *schemaNode)
	walk = func(prefix string, n *schemaNode) {
		if n.repeat {
			out = append(out, prefix)
		}
		for name, c := range n.children {
			walk(prefix+"/"+name, c)
		}
	}
	walk(root, n)
	return out
}
