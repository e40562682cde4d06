package client

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// confEnv sets up a fake HOME, system dir and config file.
type confEnv struct {
	home, sys string
	env       map[string]string
}

func newConfEnv(t *testing.T) *confEnv {
	t.Helper()
	root := t.TempDir()
	e := &confEnv{home: filepath.Join(root, "home"), sys: filepath.Join(root, "sys"), env: map[string]string{}}
	old := systemOneDir
	systemOneDir = e.sys
	t.Cleanup(func() { systemOneDir = old })
	return e
}

func (e *confEnv) write(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func (e *confEnv) getenv(k string) string { return e.env[k] }

const twoContexts = `current-context: prod
contexts:
  - name: prod
    endpoint: https://prod.example.com:2633/RPC2
    user: produser
    password: prodpw
    insecure: true
    ca-file: ~/ca.pem
  - name: lab
    endpoint: http://lab:2633/RPC2
    auth-file: ~/lab_auth
`

func TestResolvePrecedence(t *testing.T) {
	type setup func(t *testing.T, e *confEnv, o *Overrides)
	all := func(t *testing.T, e *confEnv, o *Overrides) {
		e.write(t, filepath.Join(e.sys, "one_auth"), "sysuser:syspw\n")
		e.write(t, filepath.Join(e.sys, "one_endpoint"), "http://sys:2633/RPC2\n")
		e.write(t, filepath.Join(e.home, ".one", "one_auth"), "homeuser:homepw\nignored:line\n")
		e.write(t, filepath.Join(e.home, ".one", "one_endpoint"), "  http://home:2633/RPC2 \n")
		e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), twoContexts)
		e.write(t, filepath.Join(e.home, "lab_auth"), "labuser:labtoken\n")
		e.env["ONE_AUTH"] = e.write(t, filepath.Join(e.home, "envauth"), "envuser:envpw")
		e.env["ONE_XMLRPC"] = "http://env:2633/RPC2"
		*o = Overrides{Endpoint: "http://flag:2633/RPC2", User: "flaguser", Password: "flagpw"}
	}
	cases := []struct {
		name           string
		steps          []setup
		endpoint, sess string
		source         string
		insecure       bool
	}{
		{"flags win", []setup{all}, "http://flag:2633/RPC2", "flaguser:flagpw", "flags", false},
		{"env next", []setup{all, func(t *testing.T, e *confEnv, o *Overrides) { *o = Overrides{} }},
			"http://env:2633/RPC2", "envuser:envpw", "ONE_AUTH=", false},
		{"current context", []setup{all, func(t *testing.T, e *confEnv, o *Overrides) {
			*o = Overrides{}
			e.env = map[string]string{}
		}}, "https://prod.example.com:2633/RPC2", "produser:prodpw", "context prod", true},
		{"--context with auth-file", []setup{all, func(t *testing.T, e *confEnv, o *Overrides) {
			*o = Overrides{Context: "lab"}
			e.env = map[string]string{}
		}}, "http://lab:2633/RPC2", "labuser:labtoken", "context lab", false},
		{"~/.one files", []setup{all, func(t *testing.T, e *confEnv, o *Overrides) {
			*o = Overrides{}
			e.env = map[string]string{}
			os.Remove(filepath.Join(e.home, ".config", "onectl", "config.yaml"))
		}}, "http://home:2633/RPC2", "homeuser:homepw", "~/.one/one_auth", false},
		{"system files", []setup{all, func(t *testing.T, e *confEnv, o *Overrides) {
			*o = Overrides{}
			e.env = map[string]string{}
			os.RemoveAll(e.home)
		}}, "http://sys:2633/RPC2", "sysuser:syspw", "/one_auth", false},
		{"default endpoint", []setup{func(t *testing.T, e *confEnv, o *Overrides) {
			e.write(t, filepath.Join(e.sys, "one_auth"), "sysuser:syspw")
		}}, DefaultEndpoint, "sysuser:syspw", "/one_auth", false},
		{"XDG config", []setup{func(t *testing.T, e *confEnv, o *Overrides) {
			x := filepath.Join(e.home, "xdg")
			e.env["XDG_CONFIG_HOME"] = x
			e.write(t, filepath.Join(x, "onectl", "config.yaml"), twoContexts)
		}}, "https://prod.example.com:2633/RPC2", "produser:prodpw", "context prod", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newConfEnv(t)
			var o Overrides
			for _, s := range tc.steps {
				s(t, e, &o)
			}
			r, err := Resolve(o, e.getenv, e.home)
			if err != nil {
				t.Fatal(err)
			}
			if r.Endpoint != tc.endpoint || r.Session != tc.sess || !strings.Contains(r.Source, tc.source) || r.Insecure != tc.insecure {
				t.Errorf("got %+v", r)
			}
		})
	}
}

func TestResolveContextCAFileAndEnvKnobs(t *testing.T) {
	e := newConfEnv(t)
	e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), twoContexts)
	e.env["ONE_XMLRPC_TIMEOUT"] = "2.5"
	e.env["ONE_CERT_DIR"] = "/certs"
	e.env["ONE_POOL_PAGE_SIZE"] = "50"
	r, err := Resolve(Overrides{}, e.getenv, e.home)
	if err != nil {
		t.Fatal(err)
	}
	if r.CAFile != filepath.Join(e.home, "ca.pem") || r.Timeout != 2500*time.Millisecond || r.CertDir != "/certs" || r.PageSize != 50 || r.Context != "prod" {
		t.Errorf("got %+v", r)
	}
}

func TestResolveKnobDefaults(t *testing.T) {
	cases := []struct {
		pageSize, ssl string
		wantSize      int
		wantInsecure  bool
	}{
		{"", "", DefaultPageSize, false},
		{"1", "0", 0, false},
		{"abc", "false", 0, false},
		{"2", "yes", 2, true},
		{"", "NO", DefaultPageSize, false},
	}
	for _, tc := range cases {
		e := newConfEnv(t)
		e.write(t, filepath.Join(e.home, ".one", "one_auth"), "u:p")
		e.env["ONE_POOL_PAGE_SIZE"] = tc.pageSize
		e.env["ONE_DISABLE_SSL_VERIFY"] = tc.ssl
		r, err := Resolve(Overrides{}, e.getenv, e.home)
		if err != nil {
			t.Fatal(err)
		}
		if r.PageSize != tc.wantSize || r.Insecure != tc.wantInsecure || r.Timeout != 0 {
			t.Errorf("%+v: got size %d insecure %v timeout %s", tc, r.PageSize, r.Insecure, r.Timeout)
		}
	}
}

func TestResolveErrors(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, e *confEnv, o *Overrides)
		want  string
	}{
		{"user without password", func(t *testing.T, e *confEnv, o *Overrides) { o.User = "bob" }, "--user needs --password"},
		{"ONE_AUTH missing", func(t *testing.T, e *confEnv, o *Overrides) { e.env["ONE_AUTH"] = "/nope/auth" }, "/nope/auth"},
		{"one_auth without colon", func(t *testing.T, e *confEnv, o *Overrides) {
			e.write(t, filepath.Join(e.home, ".one", "one_auth"), "justaname\n")
		}, filepath.Join(".one", "one_auth")},
		{"no credentials", func(t *testing.T, e *confEnv, o *Overrides) {}, "no credentials: set ONE_AUTH, create ~/.one/one_auth, create a context"},
		{"unknown context", func(t *testing.T, e *confEnv, o *Overrides) {
			e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), twoContexts)
			o.Context = "nope"
		}, `unknown context "nope" (known: lab, prod)`},
		{"malformed config", func(t *testing.T, e *confEnv, o *Overrides) {
			e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), "contexts: [unclosed\n")
		}, filepath.Join("onectl", "config.yaml")},
		{"misspelt key", func(t *testing.T, e *confEnv, o *Overrides) {
			e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), "contexts:\n  - name: a\n    pasword: x\n")
		}, "pasword"},
		{"dangling current-context", func(t *testing.T, e *confEnv, o *Overrides) {
			e.write(t, filepath.Join(e.home, ".config", "onectl", "config.yaml"), "current-context: gone\n")
		}, `current-context "gone" is not defined`},
		{"missing explicit config", func(t *testing.T, e *confEnv, o *Overrides) { o.ConfigFile = "/nope/config.yaml" }, "/nope/config.yaml"},
		{"bad timeout", func(t *testing.T, e *confEnv, o *Overrides) {
			e.write(t, filepath.Join(e.home, ".one", "one_auth"), "u:p")
			e.env["ONE_XMLRPC_TIMEOUT"] = "soon"
		}, "ONE_XMLRPC_TIMEOUT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newConfEnv(t)
			var o Overrides
			tc.setup(t, e, &o)
			_, err := Resolve(o, e.getenv, e.home)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestConfigSaveRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "config.yaml")
	cfg, err := LoadConfig(path)
	if err != nil || len(cfg.Contexts) != 0 {
		t.Fatalf("missing file: %+v %v", cfg, err)
	}
	cfg.Contexts = append(cfg.Contexts, ContextEntry{Name: "b", Endpoint: "http://b/RPC2"}, ContextEntry{Name: "a", User: "u", Password: "p"})
	cfg.CurrentContext = "a"
	if err := cfg.Save(path); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v err %v", st.Mode(), err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temp files left behind: %v", entries)
	}
	back, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if ctx, ok := back.Context("a"); !ok || ctx.Password != "p" || back.CurrentContext != "a" || strings.Join(back.Names(), ",") != "a,b" {
		t.Errorf("round trip: %+v", back)
	}
	back.Contexts = append(back.Contexts, ContextEntry{Name: "a"})
	if err := back.Save(path); err == nil {
		t.Error("duplicate context saved")
	}
	if got := DefaultConfigPath(func(string) string { return "" }, "/h"); got != "/h/.config/onectl/config.yaml" {
		t.Errorf("DefaultConfigPath = %q", got)
	}
}
