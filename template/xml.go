package template

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ParseXML reads the XML form of a template (`<TEMPLATE>...</TEMPLATE>`; the
// root's name is not checked, as oned does not check it either).
func ParseXML(data []byte) (*Template, error) {
	return FromXMLElement(data)
}

// FromXMLElement builds a Template from the children of any XML element given
// as raw XML (e.g. the <TEMPLATE> or <USER_TEMPLATE> element cut from a <VM>
// document). Nested elements two levels deep become vectors.
//
// It keeps oned's reading rules (Template::rebuild_attributes): an element
// with neither text nor child elements (`<X/>`) is dropped, while an empty
// CDATA section is an empty value; in a vector a repeated member keeps its
// last value and members without text are dropped; anything deeper than two
// levels is ignored.
func FromXMLElement(data []byte) (*Template, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	if _, err := startRoot(d); err != nil {
		return nil, err
	}
	t := &Template{}
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, xmlErr(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			a, keep, err := readAttr(d, tok)
			if err != nil {
				return nil, err
			}
			if keep {
				t.Attrs = append(t.Attrs, a)
			}
		case xml.EndElement:
			return t, expectEnd(d)
		}
	}
}

func xmlErr(err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("malformed XML template: %w", err)
}

func startRoot(d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return xml.StartElement{}, errors.New("malformed XML template: no root element")
			}
			return xml.StartElement{}, xmlErr(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			return tok, nil
		case xml.CharData:
			if len(bytes.TrimSpace(tok)) > 0 {
				return xml.StartElement{}, errors.New("malformed XML template: text before the root element")
			}
		}
	}
}

// expectEnd rejects content after the root element, which libxml2 (and so
// oned) refuses as well.
func expectEnd(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return xmlErr(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			return errors.New("malformed XML template: content after the root element")
		case xml.CharData:
			if len(bytes.TrimSpace(tok)) > 0 {
				return errors.New("malformed XML template: content after the root element")
			}
		}
	}
}

// readAttr reads one child of the root, the decoder having just returned
// its start tag. keep is false for elements oned would drop.
func readAttr(d *xml.Decoder, start xml.StartElement) (a Attr, keep bool, err error) {
	a.Name = normName(start.Name.Local)
	var text strings.Builder
	hasText := false
	var vec []Pair
	for {
		tok, err := d.Token()
		if err != nil {
			return Attr{}, false, xmlErr(err)
		}
		switch tok := tok.(type) {
		case xml.CharData:
			text.Write(tok)
			hasText = true
		case xml.StartElement:
			if vec == nil {
				vec = []Pair{}
			}
			v, ok, err := readLeaf(d)
			if err != nil {
				return Attr{}, false, err
			}
			if ok {
				vec = setPair(vec, tok.Name.Local, v)
			}
		case xml.EndElement:
			switch {
			case vec != nil:
				// Text around the members is only indentation.
				a.Vector = vec
				return a, true, nil
			case hasText:
				a.Value = text.String()
				return a, true, nil
			default:
				return Attr{}, false, nil
			}
		}
	}
}

// readLeaf reads a vector member's text, skipping anything nested in it.
func readLeaf(d *xml.Decoder) (string, bool, error) {
	var text strings.Builder
	hasText := false
	for {
		tok, err := d.Token()
		if err != nil {
			return "", false, xmlErr(err)
		}
		switch tok := tok.(type) {
		case xml.CharData:
			text.Write(tok)
			hasText = true
		case xml.StartElement:
			if err := d.Skip(); err != nil {
				return "", false, xmlErr(err)
			}
		case xml.EndElement:
			return text.String(), hasText, nil
		}
	}
}

// setPair replaces an existing member (oned's VectorAttribute::replace) or
// appends a new one.
func setPair(vec []Pair, name, value string) []Pair {
	for i := range vec {
		if vec[i].Name == name {
			vec[i].Value = value
			return vec
		}
	}
	return append(vec, Pair{Name: name, Value: value})
}

// XML renders t as oned does: every value in a CDATA section, document
// order, root element root ("TEMPLATE" when empty). Names are written as
// they are, so they must be valid XML names (names from Parse always are).
func (t *Template) XML(root string) string {
	if root == "" {
		root = "TEMPLATE"
	}
	var b strings.Builder
	b.WriteString("<" + root + ">")
	for _, a := range t.Attrs {
		b.WriteString("<" + a.Name + ">")
		if a.IsVector() {
			for _, p := range a.Vector {
				b.WriteString("<" + p.Name + ">")
				writeCDATA(&b, p.Value)
				b.WriteString("</" + p.Name + ">")
			}
		} else {
			writeCDATA(&b, a.Value)
		}
		b.WriteString("</" + a.Name + ">")
	}
	b.WriteString("</" + root + ">")
	return b.String()
}

// writeCDATA splits "]]>" across two sections, the only way to carry it in
// CDATA; oned's text parser refuses such values but XML input and Set do not.
func writeCDATA(b *strings.Builder, v string) {
	b.WriteString("<![CDATA[")
	b.WriteString(strings.ReplaceAll(v, "]]>", "]]]]><![CDATA[>"))
	b.WriteString("]]>")
}
