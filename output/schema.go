package output

import (
	"bytes"
	"embed"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"path"
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

// The index follows what OpenNebula's CLI does with these schemas
// (src/cli/one_helper.rb, check_resource_xsd and check_xsd in 6.10.5), not
// what the schemas mean, because scripts were written against the CLI:
//
//   - the schema of root R is the one element of xsd/<r>.xsd;
//   - a root whose content is a single element given by ref (HOST_POOL's
//     ref="HOST") takes that element's own declaration, which has no
//     maxOccurs: a pool of one host prints HOST as an object;
//   - below the root, an element's children count only when its inline
//     complexType's sequence (or all) declares two or more elements: with
//     one, the CLI's lookup misses (HISTORY_RECORDS/HISTORY stays an object
//     when there is one history record, as samples-6.10.5/cli shows);
//   - xs:choice, named types and refs below the root are not followed.
//
// An element is made an array when its declaration has maxOccurs
// "unbounded" or > 1; repetition in the document always makes one.

func loadSchemas(fsys fs.FS) (map[string]*schemaNode, error) {
	files, err := fs.Glob(fsys, "xsd/*.xsd")
	if err != nil {
		return nil, err
	}
	decls := map[string]*xsdElem{} // file base name -> its single root element
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		root, err := parseXSD(data)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", f, err)
		}
		if tops := kids(root, "element"); len(tops) == 1 {
			decls[strings.TrimSuffix(path.Base(f), ".xsd")] = tops[0]
		}
	}
	roots := map[string]*schemaNode{}
	for _, decl := range decls {
		name := decl.attrs["name"]
		if n := rootNode(decl, decls); n != nil && name != "" {
			roots[name] = n
		}
	}
	return roots, nil
}

// rootNode indexes a document root; nil where the CLI applies no schema.
func rootNode(decl *xsdElem, decls map[string]*xsdElem) *schemaNode {
	seq := kid(kid(decl, "complexType"), "sequence")
	elems := kids(seq, "element")
	if len(elems) == 0 {
		return nil
	}
	if ref := elems[0].attrs["ref"]; len(elems) == 1 && ref != "" {
		if d := decls[strings.ToLower(ref)]; d != nil {
			elems = []*xsdElem{d}
		}
	}
	n := &schemaNode{children: map[string]*schemaNode{}}
	for _, e := range elems {
		if name := e.attrs["name"]; name != "" {
			n.children[name] = elemNode(e)
		}
	}
	return n
}

func elemNode(e *xsdElem) *schemaNode {
	n := &schemaNode{repeat: manyOccurs(e)}
	ct := kid(e, "complexType")
	list := kid(ct, "sequence")
	if list == nil {
		list = kid(ct, "all")
	}
	elems := kids(list, "element")
	if len(elems) < 2 {
		return n
	}
	n.children = map[string]*schemaNode{}
	for _, c := range elems {
		if name := c.attrs["name"]; name != "" {
			n.children[name] = elemNode(c)
		}
	}
	return n
}

// kid and kids find direct children of a schema element by kind.
func kid(e *xsdElem, kind string) *xsdElem {
	if k := kids(e, kind); len(k) > 0 {
		return k[0]
	}
	return nil
}

func kids(e *xsdElem, kind string) []*xsdElem {
	if e == nil {
		return nil
	}
	var out []*xsdElem
	for _, c := range e.children {
		if c.name == kind {
			out = append(out, c)
		}
	}
	return out
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
