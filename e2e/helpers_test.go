// Package e2e runs the onectl binary the way a user or a script does: a real
// process against a real simulator process, asserting stdout, stderr and the
// exit code. Nothing here imports onectl's packages.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// bin is the onectl binary built once by TestMain.
var bin string

// cmdTimeout bounds every onectl run, so a hang fails the test instead of
// hanging CI. Commands with --wait stay well below it.
const cmdTimeout = 30 * time.Second

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "onectl-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin = filepath.Join(dir, "onectl")
	build := exec.Command("go", "build", "-o", bin, "./cmd/onectl")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build failed: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the onectl module")
	}
	return filepath.Dir(gomod), nil
}

// cleanEnv is the test process's environment minus everything that could
// point onectl at a developer's real cloud or config.
func cleanEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "ONE_") || strings.HasPrefix(k, "ONECTL_") || k == "HOME" || k == "XDG_CONFIG_HOME" || k == "EDITOR" || k == "VISUAL" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home)
}

// result is what a user sees of one run.
type result struct {
	args   []string
	Stdout string
	Stderr string
	Code   int
	Took   time.Duration
}

func (r result) String() string {
	return fmt.Sprintf("onectl %s\nexit %d\n--- stdout\n%s--- stderr\n%s", strings.Join(r.args, " "), r.Code, r.Stdout, r.Stderr)
}

// cli runs onectl with a private HOME and an environment the test controls.
// Its methods return modified copies, so a base cli can be shared.
type cli struct {
	home   string
	env    []string // extra KEY=VALUE
	stdin  string
	prefix []string // global flags put before every command
}

func newCLI(t testing.TB) *cli {
	return &cli{home: t.TempDir()}
}

func (c *cli) withEnv(kv ...string) *cli {
	d := *c
	d.env = append(append([]string(nil), c.env...), kv...)
	return &d
}

func (c *cli) withStdin(s string) *cli {
	d := *c
	d.stdin = s
	return &d
}

func (c *cli) withArgs(args ...string) *cli {
	d := *c
	d.prefix = append(append([]string(nil), c.prefix...), args...)
	return &d
}

// run starts onectl and waits for it; it never fails the test by itself.
func (c *cli) run(t testing.TB, args ...string) result {
	t.Helper()
	all := append(append([]string(nil), c.prefix...), args...)
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, all...)
	cmd.Env = append(cleanEnv(c.home), c.env...)
	cmd.Stdin = strings.NewReader(c.stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	r := result{args: all, Stdout: out.String(), Stderr: errOut.String(), Took: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("onectl %s: still running after %s\n%s", strings.Join(all, " "), cmdTimeout, r)
	case errors.As(err, &exit):
		r.Code = exit.ExitCode()
	case err != nil:
		t.Fatalf("onectl %s: %v", strings.Join(all, " "), err)
	}
	noPanic(t, r)
	return r
}

// ok runs a command that must succeed and returns its stdout.
func (c *cli) ok(t testing.TB, args ...string) string {
	t.Helper()
	r := c.run(t, args...)
	if r.Code != 0 {
		t.Fatalf("want exit 0, got:\n%s", r)
	}
	return r.Stdout
}

// fails runs a command that must exit with code and returns its result.
func (c *cli) fails(t testing.TB, code int, args ...string) result {
	t.Helper()
	r := c.run(t, args...)
	if r.Code != code {
		t.Fatalf("want exit %d, got:\n%s", code, r)
	}
	return r
}

// noPanic: whatever the input, a Go crash dump is never what a user sees.
func noPanic(t testing.TB, r result) {
	t.Helper()
	for _, bad := range []string{"panic:", "goroutine ", "runtime error"} {
		if strings.Contains(r.Stderr, bad) || strings.Contains(r.Stdout, bad) {
			t.Fatalf("output contains %q:\n%s", bad, r)
		}
	}
}

// oneErrorLine asserts the usual failure shape: exactly one stderr line,
// starting with "onectl: ", and returns it.
func oneErrorLine(t testing.TB, r result) string {
	t.Helper()
	lines := strings.Split(strings.TrimRight(r.Stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "onectl: ") {
		t.Fatalf("want one stderr line starting with \"onectl: \", got:\n%s", r)
	}
	return lines[0]
}

func mustContain(t testing.TB, what, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Fatalf("%s lacks %q:\n%s", what, w, s)
		}
	}
}

func mustNotContain(t testing.TB, what, s string, bads ...string) {
	t.Helper()
	for _, b := range bads {
		if strings.Contains(s, b) {
			t.Fatalf("%s contains %q:\n%s", what, b, s)
		}
	}
}

var idLineRE = regexp.MustCompile(`(?m)^ID: (\d+)$`)

// createdID reads the `ID: N` line a creating command prints.
func createdID(t testing.TB, out string) int {
	t.Helper()
	m := idLineRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no \"ID: N\" line in:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// createVM makes a running VM from flags and returns its ID.
func (c *cli) createVM(t testing.TB, name string, extra ...string) int {
	t.Helper()
	args := append([]string{"vm", "create", "--name", name, "--cpu", "0.1", "--memory", "64", "--wait"}, extra...)
	return createdID(t, c.ok(t, args...))
}

// vm returns `vm show ID -o json` parsed, the VM object itself.
func (c *cli) vm(t testing.TB, id int) map[string]any {
	t.Helper()
	out := c.ok(t, "vm", "show", strconv.Itoa(id), "-o", "json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("vm show %d -o json is not JSON: %v\n%s", id, err, out)
	}
	vm, ok := doc["VM"].(map[string]any)
	if !ok {
		t.Fatalf("vm show %d -o json has no VM object:\n%s", id, out)
	}
	return vm
}

// at walks a parsed JSON document along a dotted path; arrays on the way
// are entered at their first element.
func at(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		if a, ok := v.([]any); ok {
			if len(a) == 0 {
				return nil
			}
			v = a[0]
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// str is at() for leaves; the converter renders every leaf as a string.
func str(v any, path string) string {
	s, _ := at(v, path).(string)
	return s
}

// list gives the elements at path: the converter promises arrays for
// repeatable elements, but tolerate a missing one as empty.
func list(v any, path string) []any {
	switch x := at(v, path).(type) {
	case []any:
		return x
	case nil:
		return nil
	default:
		return []any{x}
	}
}

// findBy returns the element of xs whose key equals val.
func findBy(xs []any, key, val string) map[string]any {
	for _, x := range xs {
		if m, ok := x.(map[string]any); ok && m[key] == val {
			return m
		}
	}
	return nil
}

func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoiT(t testing.TB, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}
