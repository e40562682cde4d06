package client

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fastString reads the answer of a successful info call, [true, "<XML>",
// 0], straight from the body: the general decoder spends more time on a
// 30 MB pool page than the transfer does. Anything else (a failure, a
// fault, another layout, a carriage return or a rare entity in the string)
// reports false, and the general decoder, which is the reference, runs.
func fastString(body []byte) (string, bool) {
	p := envParser{b: body}
	if bytes.HasPrefix(p.b, []byte("<?xml")) {
		i := bytes.Index(p.b, []byte("?>"))
		if i < 0 {
			return "", false
		}
		p.b = p.b[i+2:]
	}
	if !p.tags("<methodResponse>", "<params>", "<param>", "<value>", "<array>", "<data>",
		"<value>", "<boolean>") {
		return "", false
	}
	p.space()
	if !bytes.HasPrefix(p.b, []byte("1</boolean>")) {
		return "", false
	}
	p.b = p.b[len("1</boolean>"):]
	if !p.tags("</value>", "<value>", "<string>") {
		return "", false
	}
	end := bytes.IndexByte(p.b, '<')
	if end < 0 {
		return "", false
	}
	raw := p.b[:end]
	p.b = p.b[end:]
	if !p.tags("</string>", "</value>") || !p.rest() {
		return "", false
	}
	return unescape(raw)
}

type envParser struct{ b []byte }

func (p *envParser) space() {
	p.b = bytes.TrimLeft(p.b, " \t\r\n")
}

// tags consumes the tags in order, with only white space around them.
func (p *envParser) tags(tags ...string) bool {
	for _, t := range tags {
		p.space()
		if !bytes.HasPrefix(p.b, []byte(t)) {
			return false
		}
		p.b = p.b[len(t):]
	}
	return true
}

// rest accepts the remaining scalar values of the array (oned sends the
// error code, 0) and the closing tags.
func (p *envParser) rest() bool {
	for {
		p.space()
		if !bytes.HasPrefix(p.b, []byte("<value>")) {
			break
		}
		end := bytes.Index(p.b, []byte("</value>"))
		if end < 0 {
			return false
		}
		v := p.b[len("<value>"):end]
		if bytes.Contains(v, []byte("<array")) || bytes.Contains(v, []byte("<struct")) || bytes.Contains(v, []byte("<value")) {
			return false
		}
		p.b = p.b[end+len("</value>"):]
	}
	if !p.tags("</data>", "</array>", "</value>", "</param>", "</params>", "</methodResponse>") {
		return false
	}
	p.space()
	return len(p.b) == 0
}

// unescape decodes XML character data as encoding/xml would, refusing
// what it would change or reject in ways not handled here.
func unescape(raw []byte) (string, bool) {
	if bytes.IndexByte(raw, '\r') >= 0 || !utf8.Valid(raw) {
		return "", false
	}
	amp := bytes.IndexByte(raw, '&')
	if amp < 0 {
		return string(raw), true
	}
	// A Builder hands its bytes over as the string without a copy.
	var out strings.Builder
	out.Grow(len(raw))
	for amp >= 0 {
		out.Write(raw[:amp])
		raw = raw[amp:]
		switch {
		case bytes.HasPrefix(raw, []byte("&lt;")):
			out.WriteByte('<')
			raw = raw[4:]
		case bytes.HasPrefix(raw, []byte("&gt;")):
			out.WriteByte('>')
			raw = raw[4:]
		case bytes.HasPrefix(raw, []byte("&amp;")):
			out.WriteByte('&')
			raw = raw[5:]
		case bytes.HasPrefix(raw, []byte("&quot;")):
			out.WriteByte('"')
			raw = raw[6:]
		case bytes.HasPrefix(raw, []byte("&apos;")):
			out.WriteByte('\'')
			raw = raw[6:]
		case bytes.HasPrefix(raw, []byte("&#")):
			semi := bytes.IndexByte(raw, ';')
			if semi < 0 {
				return "", false
			}
			num := string(raw[2:semi])
			base := 10
			if len(num) > 0 && num[0] == 'x' {
				num, base = num[1:], 16
			}
			n, err := strconv.ParseUint(num, base, 32)
			if err != nil || n == 0 || n == '\r' || n > utf8.MaxRune || (n < 0x20 && n != '\t' && n != '\n') {
				return "", false
			}
			out.WriteRune(rune(n))
			raw = raw[semi+1:]
		default:
			return "", false
		}
		amp = bytes.IndexByte(raw, '&')
	}
	// Raw control characters pass here; the XML reader of the document
	// refuses them, as the general decoder would.
	out.Write(raw)
	return out.String(), true
}
