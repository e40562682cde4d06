package output

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
)

// PrettyXML re-indents a document with 2 spaces per level, like onevm show
// -x. Text is copied byte for byte from the input, so CDATA sections and
// entity references survive as the server wrote them; an element with
// neither text nor children is written <X/>.
func PrettyXML(doc []byte) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	var b bytes.Buffer
	b.Grow(len(doc) + len(doc)/2)

	type frame struct {
		name     string
		open     bool // "<NAME attrs" written, ">" not yet
		children bool
		text     []byte // raw text of a leaf so far
		hasText  bool
	}
	var stack []*frame
	roots := 0

	// closeStart finishes the parent's start tag once it is known to have
	// element children; text it held before them is kept on its own line.
	closeStart := func() {
		if len(stack) == 0 {
			return
		}
		p := stack[len(stack)-1]
		if p.open {
			b.WriteString(">\n")
			p.open = false
		}
		if len(bytes.TrimSpace(p.text)) > 0 {
			indent(&b, len(stack))
			b.Write(bytes.TrimSpace(p.text))
			b.WriteByte('\n')
		}
		p.text = nil
		p.children = true
	}

	for {
		start := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("invalid XML: %w", err)
		}
		raw := doc[start:d.InputOffset()]
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				roots++
				if roots > 1 {
					return nil, fmt.Errorf("invalid XML: more than one root element")
				}
			}
			closeStart()
			indent(&b, len(stack))
			name := qualified(t.Name)
			b.WriteByte('<')
			b.WriteString(name)
			for _, a := range t.Attr {
				b.WriteByte(' ')
				b.WriteString(qualified(a.Name))
				b.WriteString(`="`)
				escapeAttr(&b, a.Value)
				b.WriteByte('"')
			}
			stack = append(stack, &frame{name: name, open: true})
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, fmt.Errorf("invalid XML: unexpected </%s>", qualified(t.Name))
			}
			f := stack[len(stack)-1]
			if f.name != qualified(t.Name) {
				return nil, fmt.Errorf("invalid XML: element <%s> closed by </%s>", f.name, qualified(t.Name))
			}
			stack = stack[:len(stack)-1]
			switch {
			case f.children:
				if len(bytes.TrimSpace(f.text)) > 0 {
					indent(&b, len(stack)+1)
					b.Write(bytes.TrimSpace(f.text))
					b.WriteByte('\n')
				}
				indent(&b, len(stack))
				b.WriteString("</")
				b.WriteString(f.name)
				b.WriteString(">\n")
			case f.hasText:
				b.WriteByte('>')
				b.Write(f.text)
				b.WriteString("</")
				b.WriteString(f.name)
				b.WriteString(">\n")
			default:
				b.WriteString("/>\n")
			}
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, fmt.Errorf("invalid XML: text outside the root element")
				}
				continue
			}
			f := stack[len(stack)-1]
			f.hasText = true
			f.text = append(f.text, raw...)
		case xml.Comment, xml.ProcInst, xml.Directive:
			closeStart()
			indent(&b, len(stack))
			b.Write(bytes.TrimSpace(raw))
			b.WriteByte('\n')
		}
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("invalid XML: element <%s> is not closed", stack[len(stack)-1].name)
	}
	if roots == 0 {
		return nil, fmt.Errorf("invalid XML: no root element")
	}
	return b.Bytes(), nil
}

func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func escapeAttr(b *bytes.Buffer, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '"':
			esc = "&quot;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			continue
		}
		b.WriteString(s[start:i])
		b.WriteString(esc)
		start = i + 1
	}
	b.WriteString(s[start:])
}
