package e2e

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var tokenLine = regexp.MustCompile(`(?m)^ +token: ([0-9a-f]{64})$`)

// contextToken is the login token stored in a cli's config file.
func contextToken(t *testing.T, c *cli) string {
	t.Helper()
	m := tokenLine.FindStringSubmatch(readConfig(t, c))
	if m == nil {
		t.Fatalf("no token in the config file:\n%s", readConfig(t, c))
	}
	return m[1]
}

// revokeToken drops a token on the server (one.user.login with 0 seconds),
// which is what an expired token looks like to a client, without waiting
// for the clock.
func revokeToken(t *testing.T, endpoint, session, user, token string) {
	t.Helper()
	body := `<?xml version="1.0"?><methodCall><methodName>one.user.login</methodName><params>` +
		`<param><value><string>` + session + `</string></value></param>` +
		`<param><value><string>` + user + `</string></value></param>` +
		`<param><value><string>` + token + `</string></value></param>` +
		`<param><value><int>0</int></value></param></params></methodCall>`
	resp, err := http.Post(endpoint, "text/xml", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if !bytes.Contains(data, []byte("<boolean>1</boolean>")) {
		t.Fatalf("revoking the token failed:\n%s", data)
	}
}

func TestLoginTokenInContext(t *testing.T) {
	t.Parallel()
	c, a, _ := twoClouds(t)
	c.ok(t, "context", "use", "a")
	r := c.run(t, "user", "login")
	if r.Code != 0 || r.Stdout != "" {
		t.Fatalf("login:\n%s", r)
	}
	mustContain(t, "stderr", r.Stderr, "token stored in context a", "valid until")
	tok := contextToken(t, c)
	mustNotContain(t, "login output", r.Stdout+r.Stderr, tok)
	cfg := readConfig(t, c)
	if strings.Contains(cfg, "password: alice") {
		t.Fatalf("the password stayed beside the token:\n%s", cfg)
	}
	mustContain(t, "context list", c.ok(t, "context", "list"), "token")
	mustContain(t, "vm list with the token", vmNames(t, c), "alice-vm")

	revokeToken(t, a.Endpoint, "alice:alice", "alice", tok)
	r = c.fails(t, 3, "vm", "list")
	mustContain(t, "stderr", oneErrorLine(t, r), "authenticated", "login token of context a", "onectl user login")
	r = c.fails(t, 3, "--context", "a", "vm", "list")
	mustContain(t, "stderr", oneErrorLine(t, r), "onectl --context a user login")
	// --all-contexts hints too, on the failing context's line.
	r = c.fails(t, 3, "vm", "list", "--all-contexts")
	mustContain(t, "stderr", oneErrorLine(t, r), "context a:", "login token of context a")

	// An expired token cannot renew itself: without a terminal the
	// password must come on stdin.
	r = c.fails(t, 2, "user", "login")
	mustContain(t, "stderr", oneErrorLine(t, r), "--stdin-password")
	c.withStdin("alice\n").ok(t, "user", "login", "--stdin-password", "--time", "-1")
	if tok2 := contextToken(t, c); tok2 == tok {
		t.Fatal("the token did not change")
	}
	mustContain(t, "context show", c.ok(t, "context", "show"), "never")
	mustContain(t, "vm list after a new login", vmNames(t, c), "alice-vm")
	// OpenNebula's underscore spelling is accepted.
	c.withStdin("alice").ok(t, "user", "login", "alice", "--stdin_password", "--group", "users")
	c.fails(t, 2, "user", "login", "--time", "0")
	r = c.withStdin("wrong\n").fails(t, 3, "user", "login", "--stdin-password")
	mustNotContain(t, "stderr", r.Stderr, "wrong")
	r = c.withStdin("alice").fails(t, 5, "user", "login", "--stdin-password", "--group", "nosuchgroup")
	mustContain(t, "--help", c.ok(t, "user", "login", "--help"), "XML-RPC: one.user.login")
}

// With no context in use, login writes OpenNebula's auth file, as oneuser
// login does, and never replaces an existing one unasked.
func TestLoginWithoutContextWritesOneAuth(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := newCLI(t)
	flags := []string{"--endpoint", s.Endpoint, "--user", "alice", "--password", "alice"}
	c.ok(t, append(flags, "user", "login", "--time", "600")...)
	auth := filepath.Join(c.home, ".one", "one_auth")
	data, err := os.ReadFile(auth)
	if err != nil || !regexp.MustCompile(`^alice:[0-9a-f]{64}\n$`).Match(data) {
		t.Fatalf("one_auth %q %v", data, err)
	}
	if m := mode(t, auth); m != 0o600 {
		t.Fatalf("one_auth mode %04o", m)
	}
	r := c.fails(t, 2, append(flags, "user", "login")...)
	mustContain(t, "stderr", oneErrorLine(t, r), "--force")
	c.ok(t, append(flags, "user", "login", "--force")...)
	mustContain(t, "vm list with the token", vmNames(t, c.withEnv("ONE_XMLRPC="+s.Endpoint)), "alice-vm")
	data, _ = os.ReadFile(auth)
	revokeToken(t, s.Endpoint, "alice:alice", "alice", strings.TrimSpace(strings.TrimPrefix(string(data), "alice:")))
	r = c.withEnv("ONE_XMLRPC="+s.Endpoint).fails(t, 3, "vm", "list")
	mustContain(t, "stderr", oneErrorLine(t, r), "login token in ~/.one/one_auth may have expired", "onectl user login --force")
	// The expired token cannot log in again: the password is asked for.
	r = c.withEnv("ONE_XMLRPC="+s.Endpoint).fails(t, 2, "user", "login", "--force")
	mustContain(t, "stderr", oneErrorLine(t, r), "--stdin-password")
	c.withEnv("ONE_XMLRPC="+s.Endpoint).withStdin("alice\n").ok(t, "user", "login", "--force", "--stdin-password")
	mustContain(t, "vm list after a new login", vmNames(t, c.withEnv("ONE_XMLRPC="+s.Endpoint)), "alice-vm")
	// ONE_AUTH names the file to write.
	other := filepath.Join(t.TempDir(), "auth")
	c.withEnv("ONE_AUTH="+other).ok(t, append(flags, "user", "login")...)
	if m := mode(t, other); m != 0o600 {
		t.Fatalf("ONE_AUTH file mode %04o", m)
	}
}
