package template

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// SyntaxError is a malformed text template. Line is 1-based.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Parse reads a template in oned's text syntax, or in XML when the first
// non-space character is '<' (oned's parse_str_or_xml looks at the first
// character only; skipping leading space is kinder to files and heredocs).
//
// The rules are oned 6.10's lexer (src/parsers/template_parser.l):
//   - names are [A-Za-z0-9_]+, stored upper-case; a name that does not start
//     with a letter or '_' (or starts with "XML") gets oned's "ONE_" prefix;
//   - an unquoted value is a run of characters other than blanks, newlines,
//     '=', '#', ',', '[' and ']', so several attributes may share a line
//     (`NAME="x" CPU=0.1 MEMORY=16` is what the Ruby OCA sends);
//   - a quoted value may span lines, `\"` stands for '"' and every other
//     backslash is kept literally;
//   - `NAME =` followed by a newline is an empty value;
//   - vector members are separated by commas; a repeated member keeps its
//     first value, like oned's map insert;
//   - '#' starts a comment wherever whitespace may appear.
//
// Deviations, all towards clearer errors or safer output: a quote left open
// is an error rather than part of a bare word; '\r' counts as a blank so CRLF
// files parse; vector member names get the "ONE_" fix too, since oned would
// otherwise write them as invalid XML elements (`<1A>`).
func Parse(text string) (*Template, error) {
	if strings.HasPrefix(strings.TrimLeft(text, " \t\r\n"), "<") {
		return ParseXML([]byte(text))
	}
	p := &parser{src: text, line: 1}
	return p.parse()
}

type parser struct {
	src  string
	pos  int
	line int
}

func (p *parser) errorf(line int, format string, args ...any) error {
	return &SyntaxError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) eof() bool { return p.pos >= len(p.src) }

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

func isNameChar(c byte) bool {
	return c == '_' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// isValueChar mirrors the lexer's bare-word class [^=#[:blank:]\n,\[\]].
func isValueChar(c byte) bool {
	switch c {
	case '=', '#', ' ', '\t', '\r', '\n', ',', '[', ']':
		return false
	}
	return true
}

func (p *parser) skipBlanks() {
	for !p.eof() && isBlank(p.src[p.pos]) {
		p.pos++
	}
}

// skipSpace skips blanks, newlines and comments: everything oned's lexer
// discards between tokens.
func (p *parser) skipSpace() {
	for !p.eof() {
		switch c := p.src[p.pos]; {
		case isBlank(c):
			p.pos++
		case c == '\n':
			p.pos++
			p.line++
		case c == '#':
			for !p.eof() && p.src[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

// describe names the character at the cursor for error messages.
func (p *parser) describe() string {
	if p.eof() {
		return "end of input"
	}
	if p.src[p.pos] == '\n' {
		return "end of line"
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return fmt.Sprintf("%q", r)
}

func (p *parser) parse() (*Template, error) {
	t := &Template{}
	for {
		p.skipSpace()
		if p.eof() {
			return t, nil
		}
		line := p.line
		name := p.name()
		if name == "" {
			return nil, p.errorf(line, "expected attribute name, found %s", p.describe())
		}
		p.skipSpace()
		if p.eof() || p.src[p.pos] != '=' {
			return nil, p.errorf(line, "expected '=' after %q", name)
		}
		p.pos++
		p.skipBlanks()
		attr := Attr{Name: normName(name)}
		switch {
		case p.eof() || p.src[p.pos] == '\n':
			// `NAME =` alone on its line: oned's EQUAL_EMPTY, an empty value.
		case p.src[p.pos] == '[':
			vec, err := p.vector(name)
			if err != nil {
				return nil, err
			}
			attr.Vector = vec
		default:
			v, err := p.value(name)
			if err != nil {
				return nil, err
			}
			attr.Value = v
		}
		t.Attrs = append(t.Attrs, attr)
	}
}

func (p *parser) name() string {
	start := p.pos
	for !p.eof() && isNameChar(p.src[p.pos]) {
		p.pos++
	}
	return p.src[start:p.pos]
}

// vector parses `[ K = V, ... ]` with the cursor on '['.
func (p *parser) vector(name string) ([]Pair, error) {
	open := p.line
	if err := p.rejectCDATAEnd(name); err != nil {
		return nil, err
	}
	p.pos++ // '['
	unterminated := func() error { return p.errorf(open, "unterminated '[' in %q", name) }
	vec := []Pair{}
	p.skipSpace()
	if !p.eof() && p.src[p.pos] == ']' {
		p.pos++
		return vec, nil
	}
	for {
		if p.eof() {
			return nil, unterminated()
		}
		line := p.line
		key := p.name()
		if key == "" {
			return nil, p.errorf(line, "expected attribute name in %q, found %s", name, p.describe())
		}
		p.skipSpace()
		if p.eof() {
			return nil, unterminated()
		}
		if p.src[p.pos] != '=' {
			return nil, p.errorf(line, "expected '=' after %q in %q", key, name)
		}
		p.pos++
		p.skipBlanks()
		if p.eof() {
			return nil, unterminated()
		}
		if p.src[p.pos] == '[' {
			return nil, p.errorf(p.line, "vectors cannot be nested (%q in %q)", key, name)
		}
		v, err := p.value(key)
		if err != nil {
			return nil, err
		}
		key = normName(key)
		if _, dup := (Attr{Vector: vec}).Get(key); !dup {
			vec = append(vec, Pair{Name: key, Value: v})
		}
		p.skipSpace()
		if p.eof() {
			return nil, unterminated()
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
		case ']':
			p.pos++
			return vec, nil
		default:
			return nil, p.errorf(p.line, "expected ',' or ']' in %q, found %s", name, p.describe())
		}
	}
}

// value parses a single value with the cursor on its first character.
func (p *parser) value(name string) (string, error) {
	if err := p.rejectCDATAEnd(name); err != nil {
		return "", err
	}
	start := p.pos
	bare := start
	for bare < len(p.src) && isValueChar(p.src[bare]) {
		bare++
	}
	if p.src[start] != '"' {
		if bare == start {
			return "", p.errorf(p.line, "missing value for %q, found %s", name, p.describe())
		}
		p.pos = bare
		return p.src[start:bare], nil
	}
	end := quoteEnd(p.src, start)
	if end < 0 {
		return "", p.errorf(p.line, "unterminated quoted value for %q", name)
	}
	// The lexer takes the longest match, so `"a"b` is the bare word `"a"b`.
	if bare > end+1 {
		p.pos = bare
		return p.src[start:bare], nil
	}
	raw := p.src[start+1 : end]
	p.line += strings.Count(raw, "\n")
	p.pos = end + 1
	return strings.ReplaceAll(raw, `\"`, `"`), nil
}

// quoteEnd returns the index of the quote closing the string opened at
// open, or -1. It reproduces the lexer's longest match for
// \"([^\"]|\\\")*\": the first quote not preceded by a backslash closes the
// string; failing that, the last backslash-quote does (so `"C:\"` at the end
// of a template is the value `C:\`).
func quoteEnd(s string, open int) int {
	lastEscaped := -1
	for j := open + 1; j < len(s); j++ {
		if s[j] != '"' {
			continue
		}
		if j-1 > open && s[j-1] == '\\' {
			lastEscaped = j
			continue
		}
		return j
	}
	return lastEscaped
}

// rejectCDATAEnd mirrors oned aborting on "]]>" anywhere in the rest of the
// line where a value starts: the value could not be stored in a CDATA
// section.
func (p *parser) rejectCDATAEnd(name string) error {
	rest := p.src[p.pos:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	if strings.Contains(rest, "]]>") {
		return p.errorf(p.line, "value of %q contains \"]]>\"", name)
	}
	return nil
}

// normName applies oned's Attribute constructor: upper-case, and a "ONE_"
// prefix for names that would not be valid XML element names (leading digit)
// or that XML reserves (leading "XML"). oned checks "XML" before upper-casing,
// so `xmlfoo` slips through as XMLFOO and turns into ONE_XMLFOO once the
// template goes through XML; checking afterwards keeps normName idempotent.
func normName(raw string) string {
	n := strings.ToUpper(raw)
	if n == "" {
		return n
	}
	c := n[0]
	if !(c == '_' || ('A' <= c && c <= 'Z')) || strings.HasPrefix(n, "XML") {
		n = "ONE_" + n
	}
	return n
}
