package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCredentialSources: every place a user can put credentials works, and
// the more specific one wins.
func TestCredentialSources(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	authFile := func(t *testing.T, content string) string {
		return writeFile(t, "one_auth", content)
	}
	// whoami is the owner of a VM created with the given cli: the user the
	// credentials really logged in as.
	whoami := func(t *testing.T, c *cli) string {
		t.Helper()
		out := c.ok(t, "vm", "list", "--mine", "-o", "csv", "--no-header", "--list", "USER")
		users := strings.Fields(out)
		if len(users) == 0 {
			t.Fatalf("no VM of one's own to tell who logged in")
		}
		return users[0]
	}

	t.Run("ONE_XMLRPC and ONE_AUTH", func(t *testing.T) {
		t.Parallel()
		c := newCLI(t).withEnv("ONE_XMLRPC="+s.Endpoint, "ONE_AUTH="+authFile(t, "alice:alice\n"))
		if got := whoami(t, c); got != "alice" {
			t.Fatalf("logged in as %q", got)
		}
	})
	t.Run("~/.one/one_auth", func(t *testing.T) {
		t.Parallel()
		c := newCLI(t)
		dir := filepath.Join(c.home, ".one")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "one_auth"), []byte("alice:alice\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "one_endpoint"), []byte(s.Endpoint+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := whoami(t, c); got != "alice" {
			t.Fatalf("logged in as %q", got)
		}
	})
	t.Run("config contexts", func(t *testing.T) {
		t.Parallel()
		c := newCLI(t)
		xdg := filepath.Join(c.home, "xdg")
		cfg := "current-context: dead\ncontexts:\n" +
			"  - name: dead\n    endpoint: " + closedEndpoint(t) + "\n    user: oneadmin\n    password: opennebula\n" +
			"  - name: sim-alice\n    endpoint: " + s.Endpoint + "\n    user: alice\n    password: alice\n" +
			"  - name: sim-admin\n    endpoint: " + s.Endpoint + "\n    auth-file: " + authFile(t, "oneadmin:opennebula") + "\n"
		if err := os.MkdirAll(filepath.Join(xdg, "onectl"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(xdg, "onectl", "config.yaml"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		c = c.withEnv("XDG_CONFIG_HOME=" + xdg)
		c.fails(t, 9, "vm", "list") // current-context points at nothing
		if got := whoami(t, c.withArgs("--context", "sim-alice")); got != "alice" {
			t.Fatalf("--context sim-alice logged in as %q", got)
		}
		if got := whoami(t, c.withArgs("--context", "sim-admin")); got != "oneadmin" {
			t.Fatalf("--context sim-admin logged in as %q", got)
		}
		r := c.fails(t, 2, "--context", "nope", "vm", "list")
		mustContain(t, "stderr", oneErrorLine(t, r), "nope", "sim-alice")
		// flags beat the context
		if got := whoami(t, c.withArgs("--context", "sim-alice", "--user", "oneadmin", "--password", "opennebula")); got != "oneadmin" {
			t.Fatalf("--user over --context logged in as %q", got)
		}
		// --config names another file
		other := writeFile(t, "other.yaml", "current-context: a\ncontexts:\n  - name: a\n    endpoint: "+s.Endpoint+"\n    user: alice\n    password: alice\n")
		if got := whoami(t, c.withArgs("--config", other)); got != "alice" {
			t.Fatalf("--config logged in as %q", got)
		}
		c.fails(t, 2, "--config", filepath.Join(c.home, "missing.yaml"), "vm", "list")
	})
	t.Run("flags beat env", func(t *testing.T) {
		t.Parallel()
		c := newCLI(t).withEnv("ONE_XMLRPC="+closedEndpoint(t), "ONE_AUTH="+authFile(t, "alice:alice"))
		c = c.withArgs("--endpoint", s.Endpoint, "--user", "oneadmin", "--password", "opennebula")
		if got := whoami(t, c); got != "oneadmin" {
			t.Fatalf("logged in as %q", got)
		}
	})
	t.Run("ONE_AUTH beats ~/.one/one_auth", func(t *testing.T) {
		t.Parallel()
		c := newCLI(t)
		dir := filepath.Join(c.home, ".one")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "one_auth"), []byte("oneadmin:opennebula\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		c = c.withEnv("ONE_XMLRPC="+s.Endpoint, "ONE_AUTH="+authFile(t, "alice:alice"))
		if got := whoami(t, c); got != "alice" {
			t.Fatalf("logged in as %q", got)
		}
	})
}

// TestCredentialErrors: bad or missing credentials are exit 3, one line,
// and never echo the password.
func TestCredentialErrors(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	cases := []struct {
		name   string
		cli    func(t *testing.T) *cli
		code   int
		stderr string
	}{
		{"wrong password", func(t *testing.T) *cli { return s.as(t, "oneadmin", "not-the-password") }, 3, "authenticated"},
		{"unknown user", func(t *testing.T) *cli { return s.as(t, "mallory", "secret1") }, 3, "authenticated"},
		{"no credentials", func(t *testing.T) *cli { return newCLI(t).withArgs("--endpoint", s.Endpoint) }, 3, "no credentials"},
		{"ONE_AUTH missing file", func(t *testing.T) *cli {
			return newCLI(t).withEnv("ONE_XMLRPC="+s.Endpoint, "ONE_AUTH=/nonexistent/one_auth")
		}, 3, "/nonexistent/one_auth"},
		{"ONE_AUTH malformed", func(t *testing.T) *cli {
			return newCLI(t).withEnv("ONE_XMLRPC="+s.Endpoint, "ONE_AUTH="+writeFile(t, "one_auth", "just-a-token\n"))
		}, 3, "user:password"},
		{"user without password", func(t *testing.T) *cli { return newCLI(t).withArgs("--endpoint", s.Endpoint, "--user", "oneadmin") }, 2, "--password"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := tc.cli(t).run(t, "vm", "list")
			if r.Code != tc.code {
				t.Fatalf("want exit %d, got:\n%s", tc.code, r)
			}
			line := oneErrorLine(t, r)
			mustContain(t, "stderr", line, tc.stderr)
			mustNotContain(t, "stderr", line, "not-the-password", "secret1")
		})
	}
}

// TestPermissions: a regular user sees and touches only what oned lets her.
func TestPermissions(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	admin := s.admin(t)
	alice := s.alice(t)
	web1 := strings.TrimSpace(admin.ok(t, "vm", "list", "-o", "csv", "--no-header", "--list", "ID", "--filter", "NAME=web-1"))
	if web1 == "" {
		t.Fatal("demo seed has no web-1")
	}

	t.Run("alice lists only her VMs", func(t *testing.T) {
		out := alice.ok(t, "vm", "list", "-o", "csv", "--no-header", "--list", "NAME,USER")
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if !strings.HasSuffix(l, ",alice") {
				t.Fatalf("alice sees %q:\n%s", l, out)
			}
		}
		mustContain(t, "alice's list", out, "alice-vm")
	})
	t.Run("alice cannot show oneadmin's VM", func(t *testing.T) {
		r := alice.fails(t, 4, "vm", "show", web1)
		mustContain(t, "stderr", oneErrorLine(t, r), "Not authorized")
	})
	t.Run("names resolve among alice's VMs only", func(t *testing.T) {
		alice.fails(t, 5, "vm", "show", "web-1")
	})
	t.Run("alice cannot terminate oneadmin's VM", func(t *testing.T) {
		r := alice.fails(t, 4, "vm", "terminate", web1, "--yes")
		mustContain(t, "stderr", r.Stderr, "Not authorized")
		if got := listStat(t, admin, atoiT(t, web1)); got != "runn" {
			t.Fatalf("web-1 STAT %q after alice's terminate", got)
		}
	})
	t.Run("alice creates her own VM", func(t *testing.T) {
		id := alice.createVM(t, "alice-2")
		vm := alice.vm(t, id)
		if str(vm, "UNAME") != "alice" || str(vm, "GNAME") != "users" {
			t.Fatalf("alice's new VM belongs to %s/%s", str(vm, "UNAME"), str(vm, "GNAME"))
		}
		out := admin.ok(t, "vm", "list", "-o", "csv", "--no-header", "--list", "NAME")
		mustContain(t, "oneadmin's list", out, "alice-vm", "alice-2")
		alice.ok(t, "vm", "terminate", "alice-2", "--yes", "--wait")
	})
	t.Run("alice may not deploy", func(t *testing.T) {
		id := createdID(t, alice.ok(t, "vm", "create", "--name", "alice-held", "--cpu", "0.1", "--memory", "64", "--hold"))
		r := alice.fails(t, 4, "vm", "deploy", itoa(id), "0")
		mustContain(t, "stderr", r.Stderr, "Not authorized")
	})
}
