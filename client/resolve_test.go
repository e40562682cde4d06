package client

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The bug this order exists for: ONE_XMLRPC pointing at prod while
// --context names lab must not send lab's credentials to prod.
func TestResolveExplicitContextBeatsEnvironmentAsAWhole(t *testing.T) {
	for _, how := range []string{"flag", "env"} {
		t.Run(how, func(t *testing.T) {
			e := newConfEnv(t)
			e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), twoContexts)
			e.write(t, filepath.Join(e.home, "lab_auth"), "labuser:labtoken\n")
			e.env["ONE_XMLRPC"] = "http://prod-env:2633/RPC2"
			e.env["ONE_AUTH"] = e.write(t, filepath.Join(e.home, "envauth"), "envuser:envpw")
			var o Overrides
			if how == "flag" {
				o.Context = "lab"
			} else {
				e.env["ONECTL_CONTEXT"] = "lab"
			}
			r, err := Resolve(o, e.getenv, e.home)
			if err != nil {
				t.Fatal(err)
			}
			if r.Endpoint != "http://lab:2633/RPC2" || r.Session != "labuser:labtoken" || r.EndpointSource != "context lab" || !strings.HasPrefix(r.Source, "context lab") {
				t.Errorf("got %+v", r)
			}
			want := map[string]string{"flag": "--context", "env": "ONECTL_CONTEXT"}[how]
			if r.ContextFrom != want {
				t.Errorf("ContextFrom = %q, want %q", r.ContextFrom, want)
			}
		})
	}
}

// OpenNebula's environment is one place: ONE_XMLRPC with ~/.one/one_auth
// is how OpenNebula users work, and the current context must not lend its
// credentials to it.
func TestResolveEnvironmentNeverBorrowsFromCurrentContext(t *testing.T) {
	e := newConfEnv(t)
	e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), twoContexts)
	e.write(t, filepath.Join(e.home, ".one", "one_auth"), "homeuser:homepw")
	e.env["ONE_XMLRPC"] = "http://env:2633/RPC2"
	r, err := Resolve(Overrides{}, e.getenv, e.home)
	if err != nil {
		t.Fatal(err)
	}
	if r.Session != "homeuser:homepw" || r.Context != "" || r.Insecure || r.EndpointSource != "ONE_XMLRPC" || r.Source != "~/.one/one_auth" {
		t.Errorf("got %+v", r)
	}
	// ONE_AUTH alone also leaves the context out: the endpoint is then
	// OpenNebula's default, not prod's.
	delete(e.env, "ONE_XMLRPC")
	e.env["ONE_AUTH"] = filepath.Join(e.home, ".one", "one_auth")
	if r, err = Resolve(Overrides{}, e.getenv, e.home); err != nil || r.Endpoint != DefaultEndpoint || r.Context != "" {
		t.Errorf("got %+v %v", r, err)
	}
}

func TestResolveFlagsOverrideOneItem(t *testing.T) {
	e := newConfEnv(t)
	e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), twoContexts)
	r, err := Resolve(Overrides{Endpoint: "http://other:2633/RPC2"}, e.getenv, e.home)
	if err != nil {
		t.Fatal(err)
	}
	// The context's TLS settings stay with the context's endpoint.
	if r.Session != "produser:prodpw" || r.EndpointSource != "--endpoint" || r.Insecure || r.CAFile != "" {
		t.Errorf("got %+v", r)
	}
}

func TestResolveAsksForMissingPassword(t *testing.T) {
	e := newConfEnv(t)
	var prompts []string
	ask := func(p string) (string, error) { prompts = append(prompts, p); return "typed", nil }
	r, err := Resolve(Overrides{User: "alice", AskPassword: ask}, e.getenv, e.home)
	if err != nil || r.Session != "alice:typed" || len(prompts) != 1 || prompts[0] != "Password for alice" {
		t.Errorf("got %+v %v %q", r, err, prompts)
	}
	e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), "contexts:\n  - name: x\n    user: bob\n")
	r, err = Resolve(Overrides{Context: "x", AskPassword: ask}, e.getenv, e.home)
	if err != nil || r.Session != "bob:typed" || !strings.Contains(prompts[1], "context x") {
		t.Errorf("got %+v %v %q", r, err, prompts)
	}
	_, err = Resolve(Overrides{Context: "x"}, e.getenv, e.home)
	var ce *CredentialsError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "user login") {
		t.Errorf("no terminal: %v", err)
	}
	_, err = Resolve(Overrides{User: "alice", AskPassword: func(string) (string, error) { return "", errors.New("interrupted") }}, e.getenv, e.home)
	if err == nil || err.Error() != "interrupted" {
		t.Errorf("prompt error: %v", err)
	}
}

func TestResolveContextToken(t *testing.T) {
	e := newConfEnv(t)
	e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), `current-context: t
contexts:
  - name: t
    endpoint: http://t:2633/RPC2
    user: alice
    token: abcdef0123
    token-expires: "2026-01-01T00:00:00Z"
    page-size: 7
    timeout: 45s
`)
	r, err := Resolve(Overrides{}, e.getenv, e.home)
	if err != nil {
		t.Fatal(err)
	}
	if r.Session != "alice:abcdef0123" || !r.Token || r.TokenExpires == "" || r.PageSize != 7 || r.Timeout != 45*time.Second {
		t.Errorf("got %+v", r)
	}
	// The current context yields to the environment for its knobs...
	e.env["ONE_POOL_PAGE_SIZE"] = "300"
	e.env["ONE_XMLRPC_TIMEOUT"] = "5"
	if r, _ = Resolve(Overrides{}, e.getenv, e.home); r.PageSize != 300 || r.Timeout != 5*time.Second {
		t.Errorf("current: got %+v", r)
	}
	// ...an explicitly chosen one does not.
	if r, _ = Resolve(Overrides{Context: "t"}, e.getenv, e.home); r.PageSize != 7 || r.Timeout != 45*time.Second {
		t.Errorf("explicit: got %+v", r)
	}
}

func TestResolveWarnsAboutOpenSecretFiles(t *testing.T) {
	e := newConfEnv(t)
	cfg := e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), twoContexts)
	auth := e.write(t, filepath.Join(e.home, "lab_auth"), "labuser:labtoken\n")
	r, err := Resolve(Overrides{Context: "lab"}, e.getenv, e.home)
	if err != nil || len(r.Warnings) != 0 {
		t.Fatalf("0600 files: %v %q", err, r.Warnings)
	}
	os.Chmod(cfg, 0o644)
	os.Chmod(auth, 0o640)
	r, _ = Resolve(Overrides{Context: "lab"}, e.getenv, e.home)
	if len(r.Warnings) != 2 || !strings.Contains(r.Warnings[0], "0644 for "+cfg) || !strings.Contains(r.Warnings[1], "0640 for "+auth) {
		t.Errorf("warnings %q", r.Warnings)
	}
	// A config without any secret is not worth a warning.
	e.write(t, cfg, "contexts:\n  - name: a\n    auth-file: "+auth+"\n")
	os.Chmod(cfg, 0o644)
	r, _ = Resolve(Overrides{Context: "a"}, e.getenv, e.home)
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], auth) {
		t.Errorf("warnings %q", r.Warnings)
	}
}

func TestResolveUnknownContextFromEnv(t *testing.T) {
	e := newConfEnv(t)
	e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), twoContexts)
	e.env["ONECTL_CONTEXT"] = "nope"
	_, err := Resolve(Overrides{}, e.getenv, e.home)
	if err == nil || !strings.Contains(err.Error(), `ONECTL_CONTEXT: unknown context "nope" (known: lab, prod)`) {
		t.Errorf("err = %v", err)
	}
}

func TestConfigRenameDeleteValidate(t *testing.T) {
	c := &ConfigFile{CurrentContext: "a", Contexts: []ContextEntry{{Name: "a"}, {Name: "b"}}}
	if err := c.Rename("a", "b"); err == nil {
		t.Error("rename onto an existing name")
	}
	if err := c.Rename("a", "c"); err != nil || c.CurrentContext != "c" {
		t.Errorf("rename: %v %+v", err, c)
	}
	if err := c.Delete("c"); err != nil || c.CurrentContext != "" || len(c.Contexts) != 1 {
		t.Errorf("delete: %v %+v", err, c)
	}
	if err := c.Delete("zz"); err == nil || !strings.Contains(err.Error(), "known: b") {
		t.Errorf("delete unknown: %v", err)
	}
	for _, bad := range []ContextEntry{
		{Name: "x", Password: "p", Token: "t"},
		{Name: "x", Timeout: "soon"},
		{Name: "x", PageSize: -1},
	} {
		c := &ConfigFile{Contexts: []ContextEntry{bad}}
		if err := c.validate(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestAuthFilePath(t *testing.T) {
	if got := AuthFilePath(func(k string) string { return map[string]string{"ONE_AUTH": "/x/auth"}[k] }, "/h"); got != "/x/auth" {
		t.Errorf("got %q", got)
	}
	if got := AuthFilePath(func(string) string { return "" }, "/h"); got != "/h/.one/one_auth" {
		t.Errorf("got %q", got)
	}
}

func TestContextInUse(t *testing.T) {
	e := newConfEnv(t)
	e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), twoContexts)
	check := func(o Overrides, name, from string) {
		t.Helper()
		n, f, err := ContextInUse(o, e.getenv, e.home)
		if err != nil || n != name || f != from {
			t.Errorf("got %q %q %v, want %q %q", n, f, err, name, from)
		}
	}
	check(Overrides{}, "prod", "current-context")
	check(Overrides{Context: "lab"}, "lab", "--context")
	e.env["ONE_XMLRPC"] = "http://x/RPC2"
	check(Overrides{}, "", "")
	e.env["ONECTL_CONTEXT"] = "lab"
	check(Overrides{}, "lab", "ONECTL_CONTEXT")
}

func TestLooksLikeToken(t *testing.T) {
	for s, want := range map[string]bool{
		"0123456789abcdef0123456789abcdef01234567":                         true,
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef": true,
		"0123456789ABCDEF0123456789abcdef01234567":                         false,
		"opennebula": false,
		"0123456789abcdef0123456789abcdef0123456": false,
	} {
		if LooksLikeToken(s) != want {
			t.Errorf("%q: want %v", s, want)
		}
	}
}
