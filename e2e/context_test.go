package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// configPath is where onectl keeps contexts for a cli's HOME.
func configPath(c *cli) string {
	return filepath.Join(c.home, ".config", "onectl", "config.yaml")
}

func readConfig(t *testing.T, c *cli) string {
	t.Helper()
	data, err := os.ReadFile(configPath(c))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// vmNames is the NAME column of `vm list`, which tells the demo cloud
// (alice-vm, web-1, ...) from the empty one (nothing).
func vmNames(t *testing.T, c *cli, args ...string) string {
	t.Helper()
	return strings.TrimSpace(c.ok(t, append(args, "vm", "list", "-o", "csv", "--no-header", "--list", "NAME")...))
}

// twoClouds is a demo cloud (a, as alice) and an empty one (b, as oneadmin)
// held as contexts by one user.
func twoClouds(t *testing.T) (c *cli, a, b *simProc) {
	t.Helper()
	a, b = startSim(t), startSim(t, "--seed", "empty")
	c = newCLI(t)
	r := c.withStdin("alice\n").run(t, "context", "create", "a", "--endpoint", a.Endpoint, "--user", "alice", "--password-stdin")
	if r.Code != 0 || r.Stdout != "" || !strings.Contains(r.Stderr, `Context "a" created`) {
		t.Fatalf("create a:\n%s", r)
	}
	c.withStdin("opennebula").ok(t, "context", "create", "b", "--endpoint", b.Endpoint, "--user", "oneadmin", "--password-stdin", "--timeout", "10s", "--page-size", "50")
	return c, a, b
}

func TestContextsCreateUseSwitch(t *testing.T) {
	t.Parallel()
	c, a, b := twoClouds(t)
	if m := mode(t, configPath(c)); m != 0o600 {
		t.Fatalf("config file mode %04o", m)
	}
	list := c.ok(t, "context", "list")
	mustContain(t, "context list", list, "NAME", "ENDPOINT", a.Endpoint, b.Endpoint, "password")
	mustNotContain(t, "context list", list, "*", "opennebula")
	// No context is active yet: onectl falls back to ~/.one, which is empty.
	c.fails(t, 3, "vm", "list")
	c.fails(t, 1, "context", "current")

	c.ok(t, "context", "use", "a")
	mustContain(t, "context list", c.ok(t, "context", "list"), "*       a")
	if got := strings.TrimSpace(c.ok(t, "context", "current")); got != "a" {
		t.Fatalf("current %q", got)
	}
	mustContain(t, "vm list on a", vmNames(t, c), "alice-vm")
	if got := vmNames(t, c, "--context", "b"); got != "" {
		t.Fatalf("--context b lists %q", got)
	}
	eb := c.withEnv("ONECTL_CONTEXT=b")
	if got := vmNames(t, eb); got != "" {
		t.Fatalf("ONECTL_CONTEXT=b lists %q", got)
	}
	if got := strings.TrimSpace(eb.ok(t, "context", "current")); got != "b" {
		t.Fatalf("current with ONECTL_CONTEXT=b: %q", got)
	}
	// --context beats ONECTL_CONTEXT.
	mustContain(t, "vm list", vmNames(t, eb, "--context", "a"), "alice-vm")

	show := c.ok(t, "context", "show", "b", "-o", "json")
	var v map[string]any
	if err := json.Unmarshal([]byte(show), &v); err != nil {
		t.Fatalf("context show -o json: %v\n%s", err, show)
	}
	if v["auth"] != "password" || v["timeout"] != "10s" || v["page_size"] != float64(50) || v["endpoint"] != b.Endpoint {
		t.Fatalf("context show b: %v", v)
	}
	mustNotContain(t, "context show", show, "opennebula")
	mustContain(t, "context show", c.ok(t, "context", "show"), "NAME:", " a\n", "AUTH:", "password")

	c.ok(t, "context", "rename", "a", "alpha")
	if got := strings.TrimSpace(c.ok(t, "context", "current")); got != "alpha" {
		t.Fatalf("current after rename: %q", got)
	}
	mustContain(t, "vm list after rename", vmNames(t, c), "alice-vm")
	c.ok(t, "context", "delete", "b", "--yes")
	r := c.fails(t, 5, "context", "show", "b")
	mustContain(t, "stderr", oneErrorLine(t, r), `unknown context "b"`, "alpha")
	c.fails(t, 5, "context", "use", "b")
	c.fails(t, 2, "--context", "b", "vm", "list")
	if m := mode(t, configPath(c)); m != 0o600 {
		t.Fatalf("config file mode after rewrites %04o", m)
	}
}

func TestContextCreateRules(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := newCLI(t)
	// Without a terminal nothing is asked: what is missing is a usage error.
	r := c.fails(t, 2, "context", "create", "x", "--endpoint", s.Endpoint, "--user", "alice")
	mustContain(t, "stderr", oneErrorLine(t, r), "--password-stdin")
	mustContain(t, "stderr", oneErrorLine(t, c.fails(t, 2, "context", "create", "x", "--user", "alice")), "--endpoint")
	c.fails(t, 2, "context", "create", "x", "--endpoint", "ftp://host/", "--auth-file", "/etc/hostname")
	c.fails(t, 2, "context", "create", "-x")
	c.withStdin("").fails(t, 2, "context", "create", "x", "--endpoint", s.Endpoint, "--user", "alice", "--password-stdin")
	if _, err := os.Stat(configPath(c)); err == nil {
		t.Fatal("a refused create wrote the config file")
	}
	auth := writeFile(t, "alice_auth", "alice:alice\n")
	c.ok(t, "context", "create", "x", "--endpoint", s.Endpoint, "--auth-file", auth, "--use")
	mustContain(t, "vm list", vmNames(t, c), "alice-vm")
	r = c.fails(t, 2, "context", "create", "x", "--endpoint", s.Endpoint, "--auth-file", auth)
	mustContain(t, "stderr", oneErrorLine(t, r), "--force")
	c.withStdin("opennebula\n").ok(t, "context", "create", "x", "--force", "--endpoint", s.Endpoint, "--user", "oneadmin", "--password-stdin")
	mustContain(t, "vm list as oneadmin", vmNames(t, c), "web-1")
	// An existing file that others could read is made 0600 by the rewrite.
	if err := os.Chmod(configPath(c), 0o644); err != nil {
		t.Fatal(err)
	}
	c.ok(t, "context", "rename", "x", "y")
	if m := mode(t, configPath(c)); m != 0o600 {
		t.Fatalf("mode %04o after rewrite", m)
	}
}

// The first report: an explicitly named context must win over
// OpenNebula's environment, endpoint and credentials together, and the
// environment must never borrow the active context's credentials.
func TestContextPrecedence(t *testing.T) {
	t.Parallel()
	c, a, b := twoClouds(t)
	c.ok(t, "context", "use", "a")
	adminAuth := writeFile(t, "one_auth", "oneadmin:opennebula\n")

	r := c.withEnv("ONE_XMLRPC="+a.Endpoint).run(t, "--context", "b", "--debug", "vm", "list")
	if r.Code != 0 {
		t.Fatalf("%s", r)
	}
	mustContain(t, "--debug", r.Stderr, "endpoint "+b.Endpoint+" (from context b)", "credentials of user oneadmin (from context b)")
	mustNotContain(t, "--debug", r.Stderr, a.Endpoint)

	env := c.withEnv("ONE_XMLRPC="+b.Endpoint, "ONE_AUTH="+adminAuth)
	r = env.run(t, "--debug", "vm", "list")
	mustContain(t, "--debug", r.Stderr, "endpoint "+b.Endpoint+" (from ONE_XMLRPC)", "credentials of user oneadmin (from ONE_AUTH="+adminAuth+")")
	if r.Code != 0 || strings.Contains(r.Stdout, "alice-vm") {
		t.Fatalf("environment over the active context:\n%s", r)
	}
	// ONE_XMLRPC alone: OpenNebula's place has no credentials, and the
	// active context's are not lent to another endpoint.
	r = c.withEnv("ONE_XMLRPC="+b.Endpoint).fails(t, 3, "vm", "list")
	mustContain(t, "stderr", oneErrorLine(t, r), "no credentials")
	// Flags beat everything, one item at a time.
	r = c.run(t, "--user", "oneadmin", "--password", "opennebula", "--debug", "vm", "list", "-o", "csv", "--no-header", "--list", "NAME")
	mustContain(t, "flags", r.Stdout, "web-1")
	mustContain(t, "--debug", r.Stderr, "endpoint "+a.Endpoint+" (from context a)", "from flags")
	// A context's own knobs: b's page size shows in its dry run.
	mustContain(t, "dry run", c.ok(t, "--context", "b", "--dry-run", "vm", "list"), "-50")
	mustContain(t, "help environment", c.ok(t, "help", "environment"), "ONECTL_CONTEXT", "ONE_XMLRPC", "active context", "0600")
}

func TestAllContexts(t *testing.T) {
	t.Parallel()
	c, _, _ := twoClouds(t)
	c.withStdin("x\n").ok(t, "context", "create", "down", "--endpoint", closedEndpoint(t), "--user", "x", "--password-stdin")

	r := c.run(t, "vm", "list", "--all-contexts")
	if r.Code != 9 {
		t.Fatalf("want exit 9 (one cloud unreachable), got:\n%s", r)
	}
	line := oneErrorLine(t, r)
	mustContain(t, "stderr", line, "context down:", "cannot reach")
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	if !regexp.MustCompile(`^CONTEXT +ID +USER`).MatchString(lines[0]) || len(lines) != 2 || !strings.HasPrefix(lines[1], "a ") {
		t.Fatalf("table:\n%s", r.Stdout)
	}
	mustContain(t, "table", r.Stdout, "alice-vm")

	r = c.run(t, "vm", "list", "--all-contexts", "-o", "json")
	var doc map[string]map[string]any
	if err := json.Unmarshal([]byte(r.Stdout), &doc); err != nil || r.Code != 9 {
		t.Fatalf("-o json (%v):\n%s", err, r)
	}
	if len(doc) != 2 || doc["b"]["VM_POOL"] == nil || str(doc["a"], "VM_POOL.VM.NAME") != "alice-vm" {
		t.Fatalf("json keyed by context: %v", doc)
	}
	r = c.run(t, "vm", "list", "--all-contexts", "-o", "yaml")
	var ydoc map[string]map[string]any
	if err := yaml.Unmarshal([]byte(r.Stdout), &ydoc); err != nil || len(ydoc) != 2 || ydoc["a"]["VM_POOL"] == nil {
		t.Fatalf("-o yaml (%v):\n%s", err, r)
	}

	c.ok(t, "context", "delete", "down", "--yes")
	out := c.ok(t, "vm", "list", "--all-contexts", "-o", "csv", "--list", "NAME", "--filter", "CONTEXT=a")
	if strings.TrimSpace(out) != "CONTEXT,NAME\na,alice-vm" {
		t.Fatalf("csv with --list and a CONTEXT filter:\n%s", out)
	}
	r = c.fails(t, 2, "vm", "list", "--all-contexts", "--context", "a")
	mustContain(t, "stderr", oneErrorLine(t, r), "--all-contexts")
	newCLI(t).fails(t, 2, "vm", "list", "--all-contexts")
}

// The contexts of --all-contexts are asked at the same time: this server
// answers nobody until all three have called, so a one-by-one listing
// would run into --timeout on the first context instead of succeeding.
func TestAllContextsAskInParallel(t *testing.T) {
	t.Parallel()
	const n = 3
	var (
		mu      sync.Mutex
		arrived int
		all     = make(chan struct{})
	)
	barrier := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		if arrived++; arrived == n {
			close(all)
		}
		mu.Unlock()
		select {
		case <-all:
		case <-r.Context().Done():
			return
		}
		_, _ = w.Write([]byte(`<?xml version="1.0"?><methodResponse><params><param><value><array><data>` +
			`<value><boolean>1</boolean></value><value><string>&lt;VM_POOL&gt;&lt;/VM_POOL&gt;</string></value>` +
			`<value><i4>0</i4></value></data></array></value></param></params></methodResponse>`))
	})
	c := newCLI(t)
	for _, name := range []string{"c1", "c2", "c3"} {
		c.withStdin("pw\n").ok(t, "context", "create", name, "--endpoint", barrier, "--user", "u", "--password-stdin")
	}
	out := c.ok(t, "--timeout", "20s", "vm", "list", "--all-contexts", "-o", "json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc) != n {
		t.Fatalf("json (%v):\n%s", err, out)
	}
}
