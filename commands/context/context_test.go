package context

import (
	"bytes"
	gocontext "context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/iostreams"
)

// home is one user's HOME: runs share it, as a person's shell does.
type home struct {
	t   *testing.T
	dir string
	env map[string]string
}

func newHome(t *testing.T) *home {
	return &home{t: t, dir: t.TempDir(), env: map[string]string{}}
}

func (h *home) config() string { return filepath.Join(h.dir, ".config", "onectl", "config.yaml") }

func (h *home) run(stdin string, args ...string) (stdout, stderr string, code int) {
	h.t.Helper()
	ios, in, out, errOut := iostreams.Test()
	in.WriteString(stdin)
	f := &kit.Factory{IO: ios, Env: func(k string) string { return h.env[k] }, Home: h.dir}
	root := kit.Root(f, "test")
	root.AddCommand(NewCmd(f))
	code = kit.Run(gocontext.Background(), f, root, args)
	return out.String(), errOut.String(), code
}

func (h *home) ok(stdin string, args ...string) string {
	h.t.Helper()
	out, errOut, code := h.run(stdin, args...)
	if code != 0 {
		h.t.Fatalf("%v: exit %d\n%s", args, code, errOut)
	}
	return out
}

const secret = "s3cr3t-Passw0rd"

func TestCreateThenPrintNoSecret(t *testing.T) {
	h := newHome(t)
	h.ok(secret+"\n", "context", "create", "lab", "--endpoint", "http://lab:2633/RPC2", "--user", "ops", "--password-stdin", "--page-size", "20", "--timeout", "1m", "--use")
	h.ok("", "context", "create", "front", "--endpoint", "https://u:"+secret+"@front/RPC2", "--auth-file", "/etc/hostname", "--insecure")
	data, err := os.ReadFile(h.config())
	if err != nil || !strings.Contains(string(data), "password: "+secret) || !strings.Contains(string(data), "timeout: 1m0s") {
		t.Fatalf("config file: %v\n%s", err, data)
	}
	if st, _ := os.Stat(h.config()); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	var all bytes.Buffer
	for _, args := range [][]string{
		{"context", "list"},
		{"context", "list", "-o", "csv", "--list", "NAME,ENDPOINT,AUTH,PAGE_SIZE"},
		{"context", "list", "-o", "json"},
		{"context", "list", "-o", "yaml"},
		{"context", "show"},
		{"context", "show", "front", "-o", "json"},
	} {
		all.WriteString(h.ok("", args...))
	}
	if strings.Contains(all.String(), secret) {
		t.Fatalf("a secret is printed:\n%s", all.String())
	}
	out := all.String()
	for _, want := range []string{"*       lab", "front,https://****@front/RPC2,auth-file,0", "lab,http://lab:2633/RPC2,password,20", "PAGE SIZE:  20"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	var views []view
	if err := json.Unmarshal([]byte(h.ok("", "context", "list", "-o", "json")), &views); err != nil || len(views) != 2 || !views[1].Current || views[0].Auth != "auth-file" {
		t.Errorf("json: %v %+v", err, views)
	}
	if err := yaml.Unmarshal([]byte(h.ok("", "context", "list", "-o", "yaml")), &views); err != nil || len(views) != 2 {
		t.Errorf("yaml: %v %+v", err, views)
	}
	if _, _, code := h.run("", "context", "list", "-o", "xml"); code != kit.ExitUsage {
		t.Errorf("-o xml: exit %d", code)
	}
}

func TestCurrentAndErrors(t *testing.T) {
	h := newHome(t)
	_, errOut, code := h.run("", "context", "current")
	if code != kit.ExitError || !strings.Contains(errOut, "no active context") {
		t.Fatalf("exit %d %q", code, errOut)
	}
	h.ok("pw", "context", "create", "a", "--endpoint", "http://a/RPC2", "--user", "u", "--password-stdin")
	h.env["ONE_XMLRPC"] = "http://x/RPC2"
	h.ok("", "context", "use", "a")
	if _, errOut, code = h.run("", "context", "current"); code != kit.ExitError || !strings.Contains(errOut, "ONE_XMLRPC") {
		t.Fatalf("with ONE_XMLRPC: exit %d %q", code, errOut)
	}
	_, errOut, _ = h.run("", "context", "use", "a")
	if !strings.Contains(errOut, "ONE_XMLRPC is set and comes before the active context") {
		t.Errorf("use with ONE_XMLRPC set says %q", errOut)
	}
	delete(h.env, "ONE_XMLRPC")
	if got := h.ok("", "context", "current"); got != "a\n" {
		t.Errorf("current %q", got)
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"context", "use", "zz"}, kit.ExitNotFound},
		{[]string{"context", "show", "zz"}, kit.ExitNotFound},
		{[]string{"context", "rename", "zz", "b"}, kit.ExitNotFound},
		{[]string{"context", "rename", "a", "bad name"}, kit.ExitUsage},
		{[]string{"context", "delete", "a", "zz"}, kit.ExitNotFound},
		{[]string{"--context", "zz", "context", "current"}, kit.ExitNotFound},
		{[]string{"context", "create", "b", "--endpoint", "http://b/RPC2", "--user", "u", "--password", "p", "--password-stdin"}, kit.ExitUsage},
		{[]string{"context", "create", "b", "--endpoint", "http://b/RPC2", "--user", "u", "--password", "p", "--page-size", "-1"}, kit.ExitUsage},
		{[]string{"context", "create", "b", "--endpoint", "http://b/RPC2", "--auth-file", "/nonexistent"}, kit.ExitUsage},
		{[]string{"--config", "/nonexistent/config.yaml", "context", "list"}, kit.ExitUsage},
	} {
		if _, errOut, code := h.run("", tc.args...); code != tc.code {
			t.Errorf("%v: exit %d, want %d (%s)", tc.args, code, tc.code, errOut)
		}
	}
	// The failed delete left both names alone.
	if out := h.ok("", "context", "list", "-o", "csv", "--no-header", "--list", "NAME"); out != "a\n" {
		t.Errorf("after failed delete: %q", out)
	}
}

func TestReadSecret(t *testing.T) {
	for in, want := range map[string]string{"pw\n": "pw", "pw\r\n": "pw", "p w": "p w"} {
		if got, err := readSecret(strings.NewReader(in)); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	for _, in := range []string{"", "\n", "a\nb\n"} {
		if _, err := readSecret(strings.NewReader(in)); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}
