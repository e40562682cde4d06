package client

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"
)

func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rpcCall is a decoded request as the fake server saw it. Params are
// rendered "type:value" (e.g. "i4:-2", "string:x") so tests can check the
// wire types too.
type rpcCall struct {
	Method string
	Params []string
}

var valueRx = regexp.MustCompile(`^<(\w+)>(.*)</\w+>$`)

func parseCall(t *testing.T, body []byte) rpcCall {
	t.Helper()
	var mc struct {
		Method string `xml:"methodName"`
		Params []struct {
			Inner string `xml:",innerxml"`
		} `xml:"params>param>value"`
	}
	if err := xml.Unmarshal(body, &mc); err != nil {
		t.Errorf("request is not XML: %v\n%s", err, body)
		return rpcCall{}
	}
	c := rpcCall{Method: mc.Method}
	for _, p := range mc.Params {
		m := valueRx.FindStringSubmatch(p.Inner)
		if m == nil {
			c.Params = append(c.Params, "raw:"+p.Inner)
			continue
		}
		c.Params = append(c.Params, m[1]+":"+m[2])
	}
	return c
}

// fakeOned answers every POST with reply(call) and records the calls.
type fakeOned struct {
	*httptest.Server
	mu    sync.Mutex
	calls []rpcCall
}

func newFake(t *testing.T, reply func(c rpcCall) []byte) *fakeOned {
	t.Helper()
	f := &fakeOned{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c := parseCall(t, body)
		f.mu.Lock()
		f.calls = append(f.calls, c)
		f.mu.Unlock()
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		_, _ = w.Write(reply(c))
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeOned) Calls() []rpcCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]rpcCall(nil), f.calls...)
}

func newTestClient(t *testing.T, url string, mod ...func(*Options)) *Client {
	t.Helper()
	o := Options{Endpoint: url, Session: "oneadmin:s3cretpw"}
	for _, m := range mod {
		m(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	// Retries keep their shape but not their length: tests count tries,
	// they do not wait for them.
	c.backoff = func(int) time.Duration { return time.Millisecond }
	return c
}

// okString builds a success envelope around s, escaped as oned does.
func okString(s string) []byte {
	var b []byte
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?><methodResponse><params><param><value><array><data><value><boolean>1</boolean></value><value><string>`...)
	var esc = new(escBuf)
	_ = xml.EscapeText(esc, []byte(s))
	b = append(b, esc.b...)
	b = append(b, `</string></value><value><i4>0</i4></value></data></array></value></param></params></methodResponse>`...)
	return b
}

type escBuf struct{ b []byte }

func (e *escBuf) Write(p []byte) (int, error) { e.b = append(e.b, p...); return len(p), nil }

var bg = context.Background()
