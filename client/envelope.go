package client

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"unicode/utf8"
	"unsafe"
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
// what it would change or reject in ways not handled here. A pool page is
// mostly markup escaped as &lt; and &gt;, so this is a tight loop rather
// than a search for each '&'.
func unescape(raw []byte) (string, bool) {
	if bytes.IndexByte(raw, '\r') >= 0 || !utf8.Valid(raw) {
		return "", false
	}
	if bytes.IndexByte(raw, '&') < 0 {
		return string(raw), true
	}
	out := make([]byte, len(raw))
	j := 0
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '&' {
			out[j] = c
			j++
			i++
			continue
		}
		rest := raw[i:]
		switch {
		case len(rest) >= 4 && rest[1] == 'l' && rest[2] == 't' && rest[3] == ';':
			out[j] = '<'
			i += 4
		case len(rest) >= 4 && rest[1] == 'g' && rest[2] == 't' && rest[3] == ';':
			out[j] = '>'
			i += 4
		case bytes.HasPrefix(rest, []byte("&amp;")):
			out[j] = '&'
			i += 5
		case bytes.HasPrefix(rest, []byte("&quot;")):
			out[j] = '"'
			i += 6
		case bytes.HasPrefix(rest, []byte("&apos;")):
			out[j] = '\''
			i += 6
		case bytes.HasPrefix(rest, []byte("&#")):
			semi := bytes.IndexByte(rest, ';')
			if semi < 0 {
				return "", false
			}
			num := string(rest[2:semi])
			base := 10
			if len(num) > 0 && num[0] == 'x' {
				num, base = num[1:], 16
			}
			n, err := strconv.ParseUint(num, base, 32)
			if err != nil || n == 0 || n == '\r' || n > utf8.MaxRune || (n < 0x20 && n != '\t' && n != '\n') {
				return "", false
			}
			// a character reference is never shorter than its UTF-8
			j += utf8.EncodeRune(out[j:], rune(n)) - 1
			i += semi + 1
		default:
			return "", false
		}
		j++
	}
	// Raw control characters pass here; the XML reader of the document
	// refuses them, as the general decoder would. The bytes are never
	// written again, so they become the string without a copy.
	return unsafe.String(unsafe.SliceData(out), j), true
}

// readBody reads at most limit bytes of a response body, into a buffer
// sized from Content-Length when the server sent one (oned does) instead
// of growing it by doubling through a page of megabytes.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	r := io.LimitReader(resp.Body, limit)
	if n := resp.ContentLength; n > 0 && n < limit {
		var b bytes.Buffer
		b.Grow(int(n) + bytes.MinRead)
		_, err := b.ReadFrom(r)
		return b.Bytes(), err
	}
	return io.ReadAll(r)
}
