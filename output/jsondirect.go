package output

import (
	"bytes"
	"errors"
	"io"

	"github.com/onectl/onectl/xmlscan"
)

// errNotAdjacent stops the one-pass writer when an element's children
// repeat a name with other names in between: their JSON group is written
// where the name first appears, which takes the whole tree to know.
var errNotAdjacent = errors.New("a repeated element is not adjacent")

// jframe is an open element of the one-pass writer.
type jframe struct {
	schema  *schemaNode
	depth   int  // JSON depth of the element's value
	kids    bool // it has element children: its value is an object
	hasText bool
	mark    int // its text's start in the shared text buffer
	// the group being written: children of one name, one after another
	group   []byte
	gschema *schemaNode
	garray  bool
	gvalue  int // where the group's value starts in the output
	done    int // its finished groups' names start here in jwriter.done
}

// jwriter keeps the one-pass writer's buffers from one element to the
// next.
type jwriter struct {
	stack []jframe
	text  []byte
	done  [][]byte // names of the finished groups of the open elements
}

// appendJSONElem writes elem as writeJSONNode(ParseXML(elem), s, depth)
// would, in one pass over the XML without building a tree. OpenNebula
// writes repeated elements next to each other (a template's attributes
// are sorted), which is what the one pass needs; otherwise it returns
// errNotAdjacent, having written nothing usable past the buffer's length
// on entry.
func (w *jwriter) appendJSONElem(b *bytes.Buffer, elem []byte, s *schemaNode, depth int) error {
	d := xmlscan.New(elem)
	stack, text := w.stack[:0], w.text[:0]
	w.done = w.done[:0]
	defer func() { w.stack, w.text = stack[:0], text[:0] }()
	for {
		kind, name, chars, err := d.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch kind {
		case xmlscan.Text:
			stack[len(stack)-1].hasText = true
			text = append(text, chars...)
		case xmlscan.Start:
			if len(stack) == 0 {
				stack = append(stack, jframe{schema: s, depth: depth, mark: len(text), done: len(w.done)})
				continue
			}
			p := &stack[len(stack)-1]
			if !p.kids {
				p.kids = true
				b.WriteString("{\n")
			}
			var child jframe
			switch {
			case p.group != nil && bytes.Equal(p.group, name):
				if !p.garray {
					// a second one: the group is an array after all
					first := append([]byte(nil), b.Bytes()[p.gvalue:]...)
					b.Truncate(p.gvalue)
					b.WriteString("[\n")
					indent(b, p.depth+2)
					b.Write(bytes.ReplaceAll(first, []byte("\n"), []byte("\n    ")))
					p.garray = true
				}
				b.WriteString(",\n")
				indent(b, p.depth+2)
				child = jframe{schema: p.gschema, depth: p.depth + 2}
			default:
				if p.group != nil {
					if p.garray {
						b.WriteByte('\n')
						indent(b, p.depth+1)
						b.WriteByte(']')
					}
					b.WriteString(",\n")
					w.done = append(w.done, p.group)
				}
				for _, f := range w.done[p.done:] {
					if bytes.Equal(f, name) {
						return errNotAdjacent
					}
				}
				p.group = name
				p.gschema = nil
				if p.schema != nil {
					p.gschema = p.schema.children[string(name)]
				}
				indent(b, p.depth+1)
				// an XML name needs no JSON escaping
				b.WriteByte('"')
				b.Write(name)
				b.WriteString("\": ")
				p.garray = p.gschema != nil && p.gschema.repeat
				if p.garray {
					b.WriteString("[\n")
					indent(b, p.depth+2)
					child = jframe{schema: p.gschema, depth: p.depth + 2}
				} else {
					p.gvalue = b.Len()
					child = jframe{schema: p.gschema, depth: p.depth + 1}
				}
			}
			child.mark = len(text)
			child.done = len(w.done)
			stack = append(stack, child)
		case xmlscan.End:
			f := &stack[len(stack)-1]
			switch {
			case f.kids:
				if f.garray {
					b.WriteByte('\n')
					indent(b, f.depth+1)
					b.WriteByte(']')
				}
				b.WriteByte('\n')
				indent(b, f.depth)
				b.WriteByte('}')
			case f.hasText:
				writeJSONBytes(b, text[f.mark:])
			default:
				b.WriteString("{\n")
				indent(b, f.depth)
				b.WriteByte('}')
			}
			text = text[:f.mark]
			w.done = w.done[:f.done]
			stack = stack[:len(stack)-1]
		}
	}
}
