package sim

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// kind is the XML-RPC type of a parameter as xmlrpc-c sees it. int and i4
// are the same type there, while i8 is a distinct one: a getInt() on an i8
// fails, so we keep them apart.
type kind int

const (
	kString kind = iota
	kInt
	kBool
	kDouble
	kI8
	kArray
	kStruct
	kOther
)

type value struct {
	k   kind
	s   string
	i   int64
	b   bool
	f   float64
	arr []value
}

type methodCall struct {
	name   string
	params []value
}

// errNotXML marks a body the XML parser rejected, as opposed to valid XML
// that is not a methodCall; xmlrpc-c words the two faults differently.
var errNotXML = errors.New("not xml")

func parseMethodCall(body []byte) (*methodCall, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	root, err := nextStart(d)
	if err != nil {
		return nil, errNotXML
	}
	if root.Name.Local != "methodCall" {
		return nil, fmt.Errorf("XML-RPC call is not a <methodCall> element")
	}
	mc := &methodCall{}
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				return nil, fmt.Errorf("unexpected end")
			}
			return nil, errNotXML
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "methodName":
				s, err := textOf(d)
				if err != nil {
					return nil, errNotXML
				}
				mc.name = strings.TrimSpace(s)
			case "params":
				ps, err := parseParams(d)
				if err != nil {
					return nil, err
				}
				mc.params = ps
			default:
				if err := d.Skip(); err != nil {
					return nil, errNotXML
				}
			}
		case xml.EndElement:
			if mc.name == "" {
				return nil, fmt.Errorf("no methodName")
			}
			return mc, nil
		}
	}
}

func nextStart(d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			return xml.StartElement{}, err
		}
		if s, ok := tok.(xml.StartElement); ok {
			return s, nil
		}
	}
}

// textOf reads the character data of the current element up to its end.
func textOf(d *xml.Decoder) (string, error) {
	var sb strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			sb.Write(t)
		case xml.StartElement:
			if err := d.Skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			return sb.String(), nil
		}
	}
}

func parseParams(d *xml.Decoder) ([]value, error) {
	var out []value
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, errNotXML
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "param" {
				if err := d.Skip(); err != nil {
					return nil, errNotXML
				}
				continue
			}
			st, err := nextStart(d)
			if err != nil || st.Name.Local != "value" {
				return nil, fmt.Errorf("param without value")
			}
			v, err := parseValue(d, 0)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			// consume </param>
			if err := skipToEnd(d); err != nil {
				return nil, errNotXML
			}
		case xml.EndElement:
			return out, nil
		}
	}
}

func skipToEnd(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if err := d.Skip(); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// maxNesting is xmlrpc-c's default nesting limit for arrays and structs:
// deeper calls are refused before they can exhaust the stack.
const maxNesting = 64

var errTooDeep = errors.New("Nested data structure too deep")

// parseValue is called just after <value> was read and consumes </value>.
// Bare text without a type element is a string, as the XML-RPC spec says.
// depth counts the arrays around it.
func parseValue(d *xml.Decoder, depth int) (value, error) {
	var text strings.Builder
	var v value
	typed := false
	for {
		tok, err := d.Token()
		if err != nil {
			return v, errNotXML
		}
		switch t := tok.(type) {
		case xml.CharData:
			text.Write(t)
		case xml.StartElement:
			typed = true
			v, err = parseTyped(d, t.Name.Local, depth)
			if err != nil {
				return v, err
			}
		case xml.EndElement:
			if !typed {
				return value{k: kString, s: text.String()}, nil
			}
			return v, nil
		}
	}
}

func parseTyped(d *xml.Decoder, typ string, depth int) (value, error) {
	switch typ {
	case "array":
		if depth >= maxNesting {
			return value{}, errTooDeep
		}
		var arr []value
		for {
			tok, err := d.Token()
			if err != nil {
				return value{}, errNotXML
			}
			switch t := tok.(type) {
			case xml.StartElement:
				if t.Name.Local == "data" {
					continue
				}
				if t.Name.Local == "value" {
					v, err := parseValue(d, depth+1)
					if err != nil {
						return value{}, err
					}
					arr = append(arr, v)
					continue
				}
				if err := d.Skip(); err != nil {
					return value{}, errNotXML
				}
			case xml.EndElement:
				if t.Name.Local == "array" {
					return value{k: kArray, arr: arr}, nil
				}
			}
		}
	case "struct":
		if err := d.Skip(); err != nil {
			return value{}, errNotXML
		}
		return value{k: kStruct}, nil
	}
	s, err := textOf(d)
	if err != nil {
		return value{}, errNotXML
	}
	ts := strings.TrimSpace(s)
	switch typ {
	case "string":
		return value{k: kString, s: s}, nil
	case "int", "i4":
		n, err := strconv.ParseInt(ts, 10, 32)
		if err != nil {
			return value{}, fmt.Errorf("bad int")
		}
		return value{k: kInt, i: n}, nil
	case "i8":
		n, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return value{}, fmt.Errorf("bad i8")
		}
		return value{k: kI8, i: n}, nil
	case "boolean":
		switch ts {
		case "1":
			return value{k: kBool, b: true}, nil
		case "0":
			return value{k: kBool, b: false}, nil
		}
		return value{}, fmt.Errorf("bad boolean")
	case "double":
		f, err := strconv.ParseFloat(ts, 64)
		if err != nil {
			return value{}, fmt.Errorf("bad double")
		}
		return value{k: kDouble, f: f}, nil
	}
	return value{k: kOther, s: s}, nil
}

// ---- responses, byte-compatible with xmlrpc-c (CRLF line ends) ----

const respHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<methodResponse>\r\n"

// escapeText escapes like xmlrpc-c: only &, < and > (quotes stay as they are).
func escapeText(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	var b strings.Builder
	if !utf8.ValidString(s) {
		// each invalid byte becomes U+FFFD
		for _, r := range s {
			switch r {
			case '&':
				b.WriteString("&amp;")
			case '<':
				b.WriteString("&lt;")
			case '>':
				b.WriteString("&gt;")
			default:
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	b.Grow(len(s) + len(s)/4)
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		default:
			continue
		}
		b.WriteString(s[start:i])
		b.WriteString(esc)
		start = i + 1
	}
	b.WriteString(s[start:])
	return b.String()
}

// result is the second element of a success array.
type result struct {
	k kind
	s string
	i int64
	b bool
}

func resString(s string) result { return result{k: kString, s: s} }
func resInt(i int) result       { return result{k: kInt, i: int64(i)} }
func resI8(i int64) result      { return result{k: kI8, i: i} }
func resBool(b bool) result     { return result{k: kBool, b: b} }

func (r result) encode() string {
	switch r.k {
	case kInt:
		return "<i4>" + strconv.FormatInt(r.i, 10) + "</i4>"
	case kI8:
		return "<i8>" + strconv.FormatInt(r.i, 10) + "</i8>"
	case kBool:
		if r.b {
			return "<boolean>1</boolean>"
		}
		return "<boolean>0</boolean>"
	}
	return "<string>" + escapeText(r.s) + "</string>"
}

func encodeSuccess(r result) []byte {
	return []byte(respHead + "<params>\r\n<param><value><array><data>\r\n" +
		"<value><boolean>1</boolean></value>\r\n" +
		"<value>" + r.encode() + "</value>\r\n" +
		"<value><i4>0</i4></value>\r\n" +
		"</data></array></value></param>\r\n</params>\r\n</methodResponse>\r\n")
}

func encodeFailure(e *rpcError) []byte {
	return []byte(respHead + "<params>\r\n<param><value><array><data>\r\n" +
		"<value><boolean>0</boolean></value>\r\n" +
		"<value><string>" + escapeText(e.msg) + "</string></value>\r\n" +
		"<value><i4>" + strconv.Itoa(e.code) + "</i4></value>\r\n" +
		"<value><i4>" + strconv.Itoa(e.objID) + "</i4></value>\r\n" +
		"<value><i8>-1</i8></value>\r\n" +
		"</data></array></value></param>\r\n</params>\r\n</methodResponse>\r\n")
}

func encodeFault(code int, msg string) []byte {
	return []byte(respHead + "<fault>\r\n<value><struct>\r\n" +
		"<member><name>faultCode</name>\r\n<value><i4>" + strconv.Itoa(code) + "</i4></value></member>\r\n" +
		"<member><name>faultString</name>\r\n<value><string>" + escapeText(msg) + "</string></value></member>\r\n" +
		"</struct></value>\r\n</fault>\r\n</methodResponse>\r\n")
}
