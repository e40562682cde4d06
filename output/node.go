package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/onectl/onectl/xmlscan"
)

// Node is a generic XML element: OpenNebula documents carry their data in
// element text only, so attributes are not kept.
type Node struct {
	Name     string
	Text     string
	Children []*Node

	// hasText tells <X></X> (an empty object) from <X><![CDATA[]]></X> (an
	// empty string), which OpenNebula's CLI renders differently.
	hasText bool
}

// maxDepth bounds nesting: OpenNebula's documents are under 10 deep, and
// the converters walk the tree recursively, so a hostile document must not
// reach them with a million levels.
const maxDepth = 256

// ParseXML reads a whole document into a tree and returns its root element.
func ParseXML(doc []byte) (*Node, error) {
	var p parser
	return p.parse(doc)
}

// parser reads documents into trees. Element names are interned, nodes
// come from slabs and all texts of a document share one string, so a tree
// costs a few allocations instead of several per element; a stream reuses
// one parser for all the elements of a pool.
type parser struct {
	names map[string]string
	slab  []Node
}

func (p *parser) node(name []byte) *Node {
	if len(p.slab) == 0 {
		p.slab = make([]Node, 64)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	if p.names == nil {
		p.names = map[string]string{}
	}
	s, ok := p.names[string(name)]
	if !ok {
		s = string(name)
		p.names[s] = s
	}
	n.Name = s
	return n
}

type textSpan struct {
	n    *Node
	a, b int
}

func (p *parser) parse(doc []byte) (*Node, error) {
	d := xmlscan.New(doc)
	var root *Node
	var stack []*Node
	// All open elements share one text buffer: each one owns the bytes from
	// its start mark on, and a child's text is cut off again when the child
	// closes, so a parent's pieces around its children stay contiguous.
	var text []byte
	var marks []int
	// Finished texts go to one arena, made a string once at the end.
	var arena []byte
	var spans []textSpan
	for {
		kind, name, chars, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("invalid XML: %w", err)
		}
		switch kind {
		case xmlscan.Start:
			n := p.node(name)
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("invalid XML: more than one root element")
				}
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.Children = append(parent.Children, n)
			}
			stack = append(stack, n)
			marks = append(marks, len(text))
			if len(stack) > maxDepth {
				return nil, fmt.Errorf("invalid XML: elements nested deeper than %d", maxDepth)
			}
		case xmlscan.End:
			if len(stack) == 0 {
				return nil, fmt.Errorf("invalid XML: unexpected closing tag")
			}
			n := stack[len(stack)-1]
			mark := marks[len(marks)-1]
			own := text[mark:]
			if n.hasText {
				// Indentation between child elements is layout, not data.
				if len(n.Children) == 0 || len(bytes.TrimSpace(own)) > 0 {
					spans = append(spans, textSpan{n, len(arena), len(arena) + len(own)})
					arena = append(arena, own...)
				} else {
					n.hasText = false
				}
			}
			text = text[:mark]
			stack = stack[:len(stack)-1]
			marks = marks[:len(marks)-1]
		case xmlscan.Text:
			stack[len(stack)-1].hasText = true
			text = append(text, chars...)
		}
	}
	if root == nil {
		return nil, errors.New("invalid XML: no root element")
	}
	all := string(arena)
	for _, sp := range spans {
		sp.n.Text = all[sp.a:sp.b]
	}
	return root, nil
}

// Child returns the first direct child called name, or nil.
func (n *Node) Child(name string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Path follows a slash-separated list of child names ("TEMPLATE/OS"). It is
// nil-safe so that callers can chain lookups without checks.
func (n *Node) Path(path string) *Node {
	for path != "" && n != nil {
		name, rest, _ := strings.Cut(path, "/")
		if name != "" {
			n = n.Child(name)
		}
		path = rest
	}
	return n
}

// Value returns the text at path, or "" when the element is missing.
func (n *Node) Value(path string) string {
	if c := n.Path(path); c != nil {
		return c.Text
	}
	return ""
}

// All returns every child called name; name may be a path ("TEMPLATE/DISK")
// whose last element is the repeated one.
func (n *Node) All(name string) []*Node {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		n = n.Path(name[:i])
		name = name[i+1:]
	}
	if n == nil {
		return nil
	}
	var out []*Node
	for _, c := range n.Children {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}
