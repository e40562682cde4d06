// Package xmlscan reads the plain XML that oned writes (elements, text,
// CDATA, the five entities and character references; no DTDs or
// namespaces) several times faster than encoding/xml, without allocating
// per token. Pool listings of a hundred thousand VMs go through it once.
//
// It checks what encoding/xml's strict mode checks for such documents:
// tags nest and match, names are well formed, entities are known and text
// holds only characters XML allows.
package xmlscan

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// Kind is a token's kind.
type Kind uint8

// The token kinds Next returns. A self-closing element gives a Start and
// an End.
const (
	Start Kind = iota + 1
	End
	Text
)

// Scanner walks one document.
type Scanner struct {
	data  []byte
	pos   int
	start int      // offset where the last token began
	stack [][]byte // names of the open elements
	// closing is set after the Start of a self-closing element, whose End
	// comes next without reading anything.
	closing  bool
	rootSeen bool
	buf      []byte
}

// New scans data, which must stay unchanged while the scanner is used.
func New(data []byte) *Scanner { return &Scanner{data: data} }

// Depth is the number of open elements after the last token.
func (s *Scanner) Depth() int { return len(s.stack) }

// Start is the offset of the last token's first byte; Offset is the offset
// just past it. For the End of a self-closing element both are its end.
func (s *Scanner) Start() int  { return s.start }
func (s *Scanner) Offset() int { return s.pos }

func (s *Scanner) errorf(format string, args ...any) error {
	line := 1 + bytes.Count(s.data[:min(s.pos, len(s.data))], []byte("\n"))
	return fmt.Errorf("XML syntax error on line %d: %s", line, fmt.Sprintf(format, args...))
}

// Next returns the next token. For Start and End, name is the element's
// local name (after a prefix's colon, as encoding/xml's Name.Local); for
// Text, text is the decoded character data (entities replaced, line ends
// normalised to \n, CDATA unwrapped). Both stay valid only until the next
// call. Comments, processing instructions and the XML declaration are
// skipped. At the end of a well-formed document it returns io.EOF.
func (s *Scanner) Next() (kind Kind, name, text []byte, err error) {
	if s.closing {
		s.closing = false
		s.start = s.pos
		name = s.stack[len(s.stack)-1]
		s.stack = s.stack[:len(s.stack)-1]
		s.rootSeen = len(s.stack) == 0
		return End, local(name), nil, nil
	}
	for {
		s.start = s.pos
		if s.pos >= len(s.data) {
			if len(s.stack) > 0 {
				return 0, nil, nil, s.errorf("element <%s> is not closed", s.stack[len(s.stack)-1])
			}
			return 0, nil, nil, io.EOF
		}
		if s.data[s.pos] != '<' {
			t, err := s.text()
			if err != nil {
				return 0, nil, nil, err
			}
			if len(s.stack) == 0 {
				continue // layout around the root element
			}
			return Text, nil, t, nil
		}
		if s.pos+1 >= len(s.data) {
			return 0, nil, nil, s.errorf("unexpected EOF")
		}
		switch s.data[s.pos+1] {
		case '/':
			n, err := s.endTag()
			return End, n, nil, err
		case '?':
			i := bytes.Index(s.data[s.pos+2:], []byte("?>"))
			if i < 0 {
				return 0, nil, nil, s.errorf("unexpected EOF")
			}
			s.pos += 2 + i + 2
			continue
		case '!':
			rest := s.data[s.pos:]
			switch {
			case bytes.HasPrefix(rest, []byte("<![CDATA[")):
				i := bytes.Index(rest[9:], []byte("]]>"))
				if i < 0 {
					return 0, nil, nil, s.errorf("unexpected EOF in CDATA section")
				}
				t := rest[9 : 9+i]
				s.pos += 9 + i + 3
				if len(s.stack) == 0 {
					return 0, nil, nil, s.errorf("CDATA outside the root element")
				}
				t, err := s.checkText(t, false)
				return Text, nil, t, err
			case bytes.HasPrefix(rest, []byte("<!--")):
				i := bytes.Index(rest[4:], []byte("-->"))
				if i < 0 {
					return 0, nil, nil, s.errorf("unexpected EOF in comment")
				}
				s.pos += 4 + i + 3
				continue
			}
			return 0, nil, nil, s.errorf("unsupported markup <!")
		}
		n, err := s.startTag()
		return Start, n, nil, err
	}
}

func local(name []byte) []byte {
	if i := bytes.IndexByte(name, ':'); i >= 1 && i <= len(name)-2 {
		return name[i+1:]
	}
	return name
}

// Byte classes, looked up instead of compared: names and text are most
// of what a pool page is.
const (
	nameByte = 1 << iota
	textSpecial
)

var class = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80 {
			t[c] |= nameByte
		}
		if c < 0x20 && c != '\t' && c != '\n' || c == '\r' || c == '&' || c >= 0x80 {
			t[c] |= textSpecial
		}
	}
	return t
}()

func (s *Scanner) name() ([]byte, error) {
	i := s.pos
	high := false
	for i < len(s.data) && class[s.data[i]]&nameByte != 0 {
		high = high || s.data[i] >= 0x80
		i++
	}
	if i == s.pos {
		return nil, s.errorf("expected element name after <")
	}
	n := s.data[s.pos:i]
	if c := n[0]; c >= '0' && c <= '9' || c == '-' || c == '.' {
		return nil, s.errorf("invalid XML name: %s", n)
	}
	if high && !utf8.Valid(n) {
		return nil, s.errorf("invalid UTF-8")
	}
	s.pos = i
	return n, nil
}

func (s *Scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *Scanner) startTag() ([]byte, error) {
	if len(s.stack) == 0 && s.sawRoot() {
		return nil, s.errorf("more than one root element")
	}
	s.pos++
	n, err := s.name()
	if err != nil {
		return nil, err
	}
	// attributes: name = "value" pairs, skipped
	for {
		s.skipSpace()
		if s.pos >= len(s.data) {
			return nil, s.errorf("unexpected EOF")
		}
		switch s.data[s.pos] {
		case '>':
			s.pos++
			s.stack = append(s.stack, n)
			return local(n), nil
		case '/':
			if s.pos+1 >= len(s.data) || s.data[s.pos+1] != '>' {
				return nil, s.errorf("expected /> in element")
			}
			s.pos += 2
			s.stack = append(s.stack, n)
			s.closing = true
			return local(n), nil
		}
		if _, err := s.name(); err != nil {
			return nil, err
		}
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != '=' {
			return nil, s.errorf("attribute name without = in element")
		}
		s.pos++
		s.skipSpace()
		if s.pos >= len(s.data) || (s.data[s.pos] != '"' && s.data[s.pos] != '\'') {
			return nil, s.errorf("unquoted or missing attribute value in element")
		}
		q := s.data[s.pos]
		i := bytes.IndexByte(s.data[s.pos+1:], q)
		if i < 0 {
			return nil, s.errorf("unexpected EOF")
		}
		s.pos += 1 + i + 1
	}
}

// sawRoot reports whether a root element was already closed.
func (s *Scanner) sawRoot() bool { return s.rootSeen }

func (s *Scanner) endTag() ([]byte, error) {
	s.pos += 2
	// the usual case: the open element's name, then '>'
	if k := len(s.stack); k > 0 {
		open := s.stack[k-1]
		if end := s.pos + len(open); end < len(s.data) && s.data[end] == '>' && bytes.Equal(s.data[s.pos:end], open) {
			s.pos = end + 1
			s.stack = s.stack[:k-1]
			s.rootSeen = k == 1
			return local(open), nil
		}
	}
	n, err := s.name()
	if err != nil {
		return nil, err
	}
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != '>' {
		return nil, s.errorf("invalid characters between </%s and >", n)
	}
	s.pos++
	if len(s.stack) == 0 {
		return nil, s.errorf("unexpected end element </%s>", n)
	}
	open := s.stack[len(s.stack)-1]
	if !bytes.Equal(open, n) {
		return nil, s.errorf("element <%s> closed by </%s>", open, n)
	}
	s.stack = s.stack[:len(s.stack)-1]
	if len(s.stack) == 0 {
		s.rootSeen = true
	}
	return local(n), nil
}

// text reads character data up to the next '<'.
func (s *Scanner) text() ([]byte, error) {
	i := bytes.IndexByte(s.data[s.pos:], '<')
	if i < 0 {
		i = len(s.data) - s.pos
	}
	raw := s.data[s.pos : s.pos+i]
	s.pos += i
	if len(s.stack) == 0 {
		if len(bytes.Trim(raw, " \t\r\n")) > 0 {
			return nil, s.errorf("text outside the root element")
		}
	}
	return s.checkText(raw, true)
}

// checkText validates characters and, when needed, decodes entities and
// line ends into the scratch buffer.
func (s *Scanner) checkText(raw []byte, entities bool) ([]byte, error) {
	plain := true
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if class[c]&textSpecial == 0 {
			continue
		}
		switch {
		case c == '&' && entities, c == '\r':
			plain = false
		case c < 0x20 && c != '\t' && c != '\n':
			return nil, s.errorf("illegal character code U+%04X", c)
		case c >= 0x80:
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 {
				return nil, s.errorf("invalid UTF-8")
			}
			if !inCharRange(r) {
				return nil, s.errorf("illegal character code %U", r)
			}
			i += size - 1
		}
	}
	if plain {
		return raw, nil
	}
	b := s.buf[:0]
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\r':
			b = append(b, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case c == '&' && entities:
			j := bytes.IndexByte(raw[i:], ';')
			if j < 0 {
				return nil, s.errorf("invalid character entity %s (no semicolon)", raw[i:])
			}
			ent := raw[i+1 : i+j]
			r, ok := entity(ent)
			if !ok {
				return nil, s.errorf("invalid character entity &%s;", ent)
			}
			b = utf8.AppendRune(b, r)
			i += j
		default:
			b = append(b, c)
		}
	}
	s.buf = b
	return b, nil
}

func entity(e []byte) (rune, bool) {
	switch string(e) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(e) < 2 || e[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if e[1] == 'x' {
		n, err = strconv.ParseUint(string(e[2:]), 16, 32)
	} else {
		n, err = strconv.ParseUint(string(e[1:]), 10, 32)
	}
	if err != nil || !inCharRange(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// inCharRange is XML 1.0's Char production.
func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
