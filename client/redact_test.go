package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	cases := map[string]string{
		"http://u:s3cret@host:2633/RPC2":                     "http://****@host:2633/RPC2",
		"https://tokenonly@host/RPC2":                        "https://****@host/RPC2",
		"http://host:2633/RPC2":                              "http://host:2633/RPC2",
		`cannot reach http://a:b@h/RPC2: connection refused`: `cannot reach http://****@h/RPC2: connection refused`,
		"mail me at x@y.org":                                 "mail me at x@y.org",
	}
	for in, want := range cases {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
	if got := RedactText("a <b>s&amp;ecret</b> s&ecret", "s&ecret"); got != "a <b>****</b> ****" {
		t.Errorf("RedactText escaped: %q", got)
	}
	if got := RedactText("abc", "abc"); got != "abc" {
		t.Errorf("short secrets are left: %q", got)
	}
}

// A server (or a proxy) that echoes the session must not get it printed.
func TestClientScrubsEchoedSession(t *testing.T) {
	const secret = "Sup3rSecretPw"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.Contains(string(body), "one.vm.info") {
			w.Write([]byte(`<?xml version="1.0"?><methodResponse><params><param><value><array><data>
<value><boolean>0</boolean></value><value><string>[one.vm.info] bad session alice:` + secret + `</string></value>
<value><i4>256</i4></value></data></array></value></param></params></methodResponse>`))
			return
		}
		http.Error(w, "echo alice:"+secret, http.StatusBadGateway)
	}))
	defer srv.Close()
	ep := strings.Replace(srv.URL, "http://", "http://proxyuser:ProxyPassw0rd@", 1) + "/RPC2"
	var debug strings.Builder
	c, err := New(Options{Endpoint: ep, Session: "alice:" + secret, Debug: &debug})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Call(context.Background(), "one.vm.info", 1)
	var ae *APIError
	if !errors.As(err, &ae) || strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "alice:****") {
		t.Errorf("API error: %v", err)
	}
	_, err = c.Call(context.Background(), "one.vm.deploy", 1)
	var te *TransportError
	if !errors.As(err, &te) || strings.Contains(err.Error(), "ProxyPassw0rd") || !strings.Contains(err.Error(), "http://****@") {
		t.Errorf("transport error: %v", err)
	}
	for _, s := range []string{secret, "ProxyPassw0rd", "proxyuser"} {
		if strings.Contains(debug.String(), s) {
			t.Errorf("debug trace shows %q:\n%s", s, debug.String())
		}
	}
}

func TestWriteSecretFile(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "auth")
	if err := WriteSecretFile(real, []byte("a:b")); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	os.Chmod(real, 0o644)
	if err := WriteSecretFile(link, []byte("c:d")); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Lstat(link)
	data, _ := os.ReadFile(real)
	rst, _ := os.Stat(real)
	if st.Mode()&os.ModeSymlink == 0 || string(data) != "c:d" || rst.Mode().Perm() != 0o600 {
		t.Errorf("link kept %v, data %q, mode %v", st.Mode(), data, rst.Mode())
	}
	entries, _ := os.ReadDir(filepath.Dir(real))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if w := OpenPermWarning(real); w != "" {
		t.Errorf("0600 warned: %q", w)
	}
	os.Chmod(real, 0o604)
	if w := OpenPermWarning(real); !strings.Contains(w, "0604") {
		t.Errorf("0604 not warned: %q", w)
	}
}

func TestDebugHidesLoginToken(t *testing.T) {
	const token = "0123456789abcdef0123456789abcdef01234567"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<?xml version="1.0"?><methodResponse><params><param><value><array><data>
<value><boolean>1</boolean></value><value><string>` + token + `</string></value><value><i4>0</i4></value></data></array></value></param></params></methodResponse>`))
	}))
	defer srv.Close()
	var debug strings.Builder
	c, err := New(Options{Endpoint: srv.URL + "/RPC2", Session: "alice:pw", Debug: &debug})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.CallString(context.Background(), "one.user.login", "alice", "", 60, -1)
	if err != nil || got != token {
		t.Fatalf("got %q %v", got, err)
	}
	if strings.Contains(debug.String(), token) || !strings.Contains(debug.String(), "<string>****</string>") {
		t.Errorf("trace:\n%s", debug.String())
	}
}
