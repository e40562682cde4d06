package e2e

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Files that hold a secret and that others can read are used, with one
// warning per file and run, as ssh warns about a private key.
func TestOpenSecretFilesWarnOnce(t *testing.T) {
	t.Parallel()
	c, _, _ := twoClouds(t)
	cfg := configPath(c)
	if err := os.Chmod(cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	r := c.run(t, "vm", "list", "--all-contexts")
	if r.Code != 0 || strings.Count(r.Stderr, "warning:") != 1 {
		t.Fatalf("want one warning for two contexts:\n%s", r)
	}
	mustContain(t, "stderr", r.Stderr, "permissions 0644 for "+cfg+" are too open", "chmod 600 "+cfg)
	r = c.run(t, "--context", "a", "vm", "list")
	if r.Code != 0 || strings.Count(r.Stderr, "warning:") != 1 {
		t.Fatalf("%s", r)
	}
	// The same file at 0600 is silent.
	if err := os.Chmod(cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	if r = c.run(t, "--context", "a", "vm", "list"); r.Stderr != "" {
		t.Fatalf("warning at 0600:\n%s", r)
	}

	s := startSim(t)
	auth := writeFile(t, "one_auth", "alice:alice\n")
	if err := os.Chmod(auth, 0o640); err != nil {
		t.Fatal(err)
	}
	r = newCLI(t).withEnv("ONE_XMLRPC="+s.Endpoint, "ONE_AUTH="+auth).run(t, "vm", "list")
	if r.Code != 0 || !strings.Contains(r.Stderr, "permissions 0640 for "+auth) {
		t.Fatalf("ONE_AUTH at 0640:\n%s", r)
	}
}

// TestSecretsNeverPrinted runs onectl every way that could show a secret
// (flags, contexts, URL user info, --debug, --dry-run, failures, a server
// that echoes the session, login) and greps everything it printed.
func TestSecretsNeverPrinted(t *testing.T) {
	t.Parallel()
	const (
		wrongPw = "Zx9-S3cret-Pw"
		urlPw   = "Url5ecretPw"
	)
	s := startSim(t)
	echo := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		// A broken proxy that quotes the request back in its error.
		http.Error(w, "bad request: "+string(body), http.StatusBadGateway)
	})
	echoAPI := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		sess := between(string(body), "<string>", "</string>")
		_, _ = w.Write([]byte(`<?xml version="1.0"?><methodResponse><params><param><value><array><data>` +
			`<value><boolean>0</boolean></value><value><string>[one.vmpool.info] session ` + sess + ` rejected</string></value>` +
			`<value><i4>256</i4></value></data></array></value></param></params></methodResponse>`))
	})
	withURL := strings.Replace(s.Endpoint, "http://", "http://bob:"+urlPw+"@", 1)

	c := newCLI(t)
	var outputs []result
	run := func(c *cli, args ...string) { outputs = append(outputs, c.run(t, args...)) }
	for _, base := range [][]string{
		{"--endpoint", s.Endpoint, "--user", "oneadmin", "--password", wrongPw},
		{"--endpoint", withURL, "--user", "oneadmin", "--password", "opennebula"},
		{"--endpoint", withURL, "--user", "oneadmin", "--password", wrongPw},
		{"--endpoint", echo, "--user", "oneadmin", "--password", wrongPw},
		{"--endpoint", echoAPI, "--user", "oneadmin", "--password", wrongPw},
		{"--endpoint", strings.Replace(closedEndpoint(t), "http://", "http://bob:"+urlPw+"@", 1), "--user", "u", "--password", wrongPw},
		{"--endpoint", "http://bob:" + urlPw + "@", "--user", "u", "--password", wrongPw},
	} {
		run(c, append(base, "vm", "list")...)
		run(c, append(base, "--debug", "vm", "list")...)
		run(c, append(base, "--dry-run", "vm", "terminate", "1", "--yes")...)
		run(c, append(base, "--debug", "vm", "show", "0")...)
	}
	run(c.withStdin(wrongPw+"\n"), "context", "create", "w", "--endpoint", withURL, "--user", "oneadmin", "--password-stdin", "--use")
	run(c, "context", "list")
	run(c, "context", "list", "-o", "yaml")
	run(c, "context", "show", "w", "-o", "json")
	run(c, "context", "show")
	run(c, "--debug", "vm", "list")
	run(c, "vm", "list", "--all-contexts", "-o", "json")
	run(c.withStdin("opennebula"), "--debug", "user", "login", "--stdin-password")
	tok := contextToken(t, c)
	run(c, "--debug", "vm", "list")
	run(c, "--dry-run", "vm", "list")
	run(c, "context", "show", "-o", "yaml")
	revokeToken(t, s.Endpoint, "oneadmin:opennebula", "oneadmin", tok)
	run(c, "--debug", "vm", "list")

	for _, r := range outputs {
		for _, secret := range []string{wrongPw, urlPw, tok} {
			if strings.Contains(r.Stdout, secret) || strings.Contains(r.Stderr, secret) {
				t.Errorf("a secret is printed:\n%s", r)
			}
		}
	}
	// The runs really went through the paths they were meant to test.
	all := ""
	for _, r := range outputs {
		all += r.Stdout + r.Stderr
	}
	mustContain(t, "outputs", all, "http://****@", "oneadmin:****", "session oneadmin:**** rejected", "<string>****</string>", "login token of context w")
	if data, err := os.ReadFile(filepath.Join(c.home, ".config", "onectl", "config.yaml")); err != nil || !strings.Contains(string(data), urlPw) {
		t.Fatalf("the context should keep its endpoint as given: %v", err)
	}
}

func between(s, from, to string) string {
	_, after, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, to)
	return v
}
