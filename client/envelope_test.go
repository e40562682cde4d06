package client

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kolo/xmlrpc"
)

// generalDecode is decodeResponse's general path for a success.
func generalDecode(body []byte) (any, error) {
	if kind, err := responseKind(body); err != nil || kind != "params" {
		return nil, errors.New("not a success")
	}
	var v any
	if err := xmlrpc.Response(body).Unmarshal(&v); err != nil {
		return nil, err
	}
	return parseEnvelope("m", v)
}

func TestFastStringAgreesWithDecoder(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.response.xml")
	if len(files) < 5 {
		t.Fatal("testdata moved?")
	}
	bodies := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		bodies[f] = string(b)
	}
	pool, _ := os.ReadFile("testdata/vmpool.info.payload.xml")
	bodies["escaped pool"] = string(okString(string(pool) + " &amp; ' \" é \t\n &#9731; ☃"))
	bodies["char refs"] = strings.Replace(string(okString("x")), "<string>x", "<string>a&#65;&#x42;&quot;&apos;", 1)
	bodies["empty"] = strings.Replace(string(okString("x")), "<string>x</string>", "<string></string>", 1)
	for name, body := range bodies {
		fast, ok := fastString([]byte(body))
		want, err := generalDecode([]byte(body))
		if !ok {
			if name == "escaped pool" || name == "char refs" || name == "empty" {
				t.Errorf("%s: not taken by the fast path", name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: fast path accepts what the decoder refuses: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(any(fast), want) && !(fast == "" && want == nil) {
			t.Errorf("%s: fast %.80q, decoder %.80q", name, fast, want)
		}
	}
}

func TestFastStringDeclines(t *testing.T) {
	ok := string(okString("a"))
	for _, body := range []string{
		strings.Replace(ok, "<boolean>1", "<boolean>0", 1),
		strings.Replace(ok, "<string>a", "<string>a\r\nb", 1),
		strings.Replace(ok, "<string>a", "<string>&nbsp;", 1),
		strings.Replace(ok, "</methodResponse>", "</methodResponse><x/>", 1),
		strings.Replace(ok, "<i4>0</i4>", "<array><data></data></array>", 1),
		`<methodResponse><fault><value><struct></struct></value></fault></methodResponse>`,
	} {
		if s, ok := fastString([]byte(body)); ok {
			t.Errorf("fast path took %q -> %q", body, s)
		}
	}
}
