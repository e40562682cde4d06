package xmlscan

import (
	"bytes"
	"errors"
	"fmt"
)

// Children finds the root element of doc and calls fn with the raw bytes of
// each of its child elements, checking only that tags nest and match: it
// skips text unread, for callers that read every child they keep with a
// Scanner anyway (a pool page split into objects), so the page's text is
// checked once, not twice.
func Children(doc []byte, fn func(child []byte) error) (root string, err error) {
	var stack [][]byte
	start := -1 // offset of the child being read
	pos := 0
	rootDone := false
	syntax := func(format string, args ...any) error {
		line := 1 + bytes.Count(doc[:min(pos, len(doc))], []byte("\n"))
		return fmt.Errorf("XML syntax error on line %d: %s", line, fmt.Sprintf(format, args...))
	}
	for {
		i := bytes.IndexByte(doc[pos:], '<')
		if i < 0 {
			break
		}
		if len(stack) == 0 && len(bytes.Trim(doc[pos:pos+i], " \t\r\n")) > 0 {
			return root, syntax("text outside the root element")
		}
		pos += i
		rest := doc[pos:]
		if len(rest) < 2 {
			return root, syntax("unexpected EOF")
		}
		switch rest[1] {
		case '?':
			j := bytes.Index(rest, []byte("?>"))
			if j < 0 {
				return root, syntax("unexpected EOF")
			}
			pos += j + 2
			continue
		case '!':
			var end []byte
			switch {
			case bytes.HasPrefix(rest, []byte("<![CDATA[")):
				end = []byte("]]>")
			case bytes.HasPrefix(rest, []byte("<!--")):
				end = []byte("-->")
			default:
				return root, syntax("unsupported markup <!")
			}
			j := bytes.Index(rest, end)
			if j < 0 {
				return root, syntax("unexpected EOF")
			}
			if len(stack) == 0 && end[0] == ']' {
				return root, syntax("CDATA outside the root element")
			}
			pos += j + len(end)
			continue
		case '/':
			if len(stack) > 0 {
				open := stack[len(stack)-1]
				if e := 2 + len(open); e < len(rest) && rest[e] == '>' && bytes.Equal(rest[2:e], open) {
					stack = stack[:len(stack)-1]
					pos += e + 1
					break
				}
			}
			j := bytes.IndexByte(rest, '>')
			if j < 0 {
				return root, syntax("unexpected EOF")
			}
			name := bytes.TrimRight(rest[2:j], " \t\r\n")
			if len(stack) == 0 {
				return root, syntax("unexpected end element </%s>", name)
			}
			if open := stack[len(stack)-1]; !bytes.Equal(open, name) {
				return root, syntax("element <%s> closed by </%s>", open, name)
			}
			stack = stack[:len(stack)-1]
			pos += j + 1
		default:
			if rootDone && len(stack) == 0 {
				return root, syntax("more than one root element")
			}
			j := tagEnd(rest)
			if j < 0 {
				return root, syntax("unexpected EOF")
			}
			tag := rest[1:j]
			self := len(tag) > 0 && tag[len(tag)-1] == '/'
			n := 0
			for n < len(tag) && class[tag[n]]&nameByte != 0 {
				n++
			}
			if n == 0 {
				return root, syntax("expected element name after <")
			}
			if len(stack) == 1 {
				start = pos
			}
			stack = append(stack, tag[:n])
			if len(stack) == 1 {
				root = string(local(tag[:n]))
			}
			pos += j + 1
			if self {
				stack = stack[:len(stack)-1]
			}
		}
		if len(stack) == 0 {
			rootDone = true
		}
		if len(stack) == 1 && start >= 0 {
			if err := fn(doc[start:pos]); err != nil {
				return root, err
			}
			start = -1
		}
	}
	if len(stack) > 0 {
		return root, syntax("element <%s> is not closed", stack[len(stack)-1])
	}
	if root == "" {
		return "", errors.New("no root element")
	}
	if len(bytes.Trim(doc[pos:], " \t\r\n")) > 0 {
		return root, syntax("text outside the root element")
	}
	return root, nil
}

// tagEnd is the index of the '>' closing the start tag at the beginning of
// b, past quoted attribute values.
func tagEnd(b []byte) int {
	var q byte
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '>':
			return i
		case c == '"' || c == '\'':
			q = c
		}
	}
	return -1
}

// Skip passes over the rest of the element whose Start was just returned,
// through its End, checking only that tags nest: for readers that want
// none of its content (the monitoring block of a VM in a list row).
func (s *Scanner) Skip() error {
	if s.closing {
		s.closing = false
		s.stack = s.stack[:len(s.stack)-1]
		s.rootSeen = len(s.stack) == 0
		return nil
	}
	open := s.stack[len(s.stack)-1]
	depth := 1
	for {
		i := bytes.IndexByte(s.data[s.pos:], '<')
		if i < 0 {
			s.pos = len(s.data)
			return s.errorf("element <%s> is not closed", open)
		}
		s.pos += i
		rest := s.data[s.pos:]
		if len(rest) < 2 {
			return s.errorf("unexpected EOF")
		}
		switch rest[1] {
		case '?', '!':
			end := []byte("?>")
			switch {
			case bytes.HasPrefix(rest, []byte("<![CDATA[")):
				end = []byte("]]>")
			case bytes.HasPrefix(rest, []byte("<!--")):
				end = []byte("-->")
			case rest[1] == '!':
				return s.errorf("unsupported markup <!")
			}
			j := bytes.Index(rest, end)
			if j < 0 {
				return s.errorf("unexpected EOF")
			}
			s.pos += j + len(end)
		case '/':
			j := bytes.IndexByte(rest, '>')
			if j < 0 {
				return s.errorf("unexpected EOF")
			}
			s.pos += j + 1
			if depth--; depth == 0 {
				if name := bytes.TrimRight(rest[2:j], " \t\r\n"); !bytes.Equal(name, open) {
					return s.errorf("element <%s> closed by </%s>", open, name)
				}
				s.stack = s.stack[:len(s.stack)-1]
				s.rootSeen = len(s.stack) == 0
				return nil
			}
		default:
			j := tagEnd(rest)
			if j < 0 {
				return s.errorf("unexpected EOF")
			}
			if rest[j-1] != '/' {
				depth++
			}
			s.pos += j + 1
		}
	}
}
