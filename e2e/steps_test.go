package e2e

import (
	"strings"
	"testing"
)

// step is one command of a scenario on a single VM, and what it must do:
// the exit code, text on stdout, and a check of the VM afterwards (read
// with `vm show -o json`).
type step struct {
	name   string
	args   []string // "{id}" stands for the VM's ID
	stdin  string
	code   int
	stdout string // substring of stdout
	stderr string // substring of stderr
	check  func(t *testing.T, vm map[string]any)
}

// runSteps runs the steps in order as subtests; a failing step stops the
// scenario, since the next ones build on its result.
// expand, when given, rewrites other placeholders of the arguments at run
// time, for values an earlier step found.
func runSteps(t *testing.T, c *cli, id int, steps []step, expand ...func(string) string) {
	t.Helper()
	runStepsOn(t, c, id, c.vm, steps, expand...)
}

// runStepsOn is runSteps for any object: show reads it for the checks.
func runStepsOn(t *testing.T, c *cli, id int, show func(testing.TB, int) map[string]any, steps []step, expand ...func(string) string) {
	t.Helper()
	for _, st := range steps {
		ok := t.Run(st.name, func(t *testing.T) {
			args := make([]string, len(st.args))
			for i, a := range st.args {
				args[i] = strings.ReplaceAll(a, "{id}", itoa(id))
				for _, x := range expand {
					args[i] = x(args[i])
				}
			}
			r := c.withStdin(st.stdin).run(t, args...)
			if r.Code != st.code {
				t.Fatalf("want exit %d, got:\n%s", st.code, r)
			}
			if st.code != 0 {
				oneErrorLine(t, r)
			}
			if st.stdout != "" && !strings.Contains(r.Stdout, st.stdout) {
				t.Fatalf("stdout lacks %q:\n%s", st.stdout, r)
			}
			if st.stderr != "" && !strings.Contains(r.Stderr, st.stderr) {
				t.Fatalf("stderr lacks %q:\n%s", st.stderr, r)
			}
			if st.check != nil {
				st.check(t, show(t, id))
			}
		})
		if !ok {
			t.FailNow()
		}
	}
}

// Checks shared by scenarios.

func wantField(path, want string) func(*testing.T, map[string]any) {
	return func(t *testing.T, vm map[string]any) {
		t.Helper()
		if got := str(vm, path); got != want {
			t.Fatalf("%s = %q, want %q", path, got, want)
		}
	}
}

func wantFields(kv ...string) func(*testing.T, map[string]any) {
	return func(t *testing.T, vm map[string]any) {
		t.Helper()
		for i := 0; i+1 < len(kv); i += 2 {
			if got := str(vm, kv[i]); got != kv[i+1] {
				t.Errorf("%s = %q, want %q", kv[i], got, kv[i+1])
			}
		}
	}
}

func wantAbsent(path string) func(*testing.T, map[string]any) {
	return func(t *testing.T, vm map[string]any) {
		t.Helper()
		if v := at(vm, path); v != nil {
			t.Fatalf("%s is still there: %v", path, v)
		}
	}
}

func wantCount(path string, n int) func(*testing.T, map[string]any) {
	return func(t *testing.T, vm map[string]any) {
		t.Helper()
		if got := len(list(vm, path)); got != n {
			t.Fatalf("%d %s, want %d: %v", got, path, n, at(vm, path))
		}
	}
}

// wantState checks STATE and LCM_STATE numbers (enums.md §8, §9).
func wantState(state, lcm string) func(*testing.T, map[string]any) {
	return wantFields("STATE", state, "LCM_STATE", lcm)
}

func all(checks ...func(*testing.T, map[string]any)) func(*testing.T, map[string]any) {
	return func(t *testing.T, vm map[string]any) {
		t.Helper()
		for _, c := range checks {
			c(t, vm)
		}
	}
}

// byID picks the element of the list at path whose key equals val.
func byID(t *testing.T, vm map[string]any, path, key, val string) map[string]any {
	t.Helper()
	m := findBy(list(vm, path), key, val)
	if m == nil {
		t.Fatalf("no %s with %s=%s in %v", path, key, val, at(vm, path))
	}
	return m
}

// lastHistory is the VM's current (or last) stay on a host.
func lastHistory(vm map[string]any) map[string]any {
	h := list(vm, "HISTORY_RECORDS.HISTORY")
	if len(h) == 0 {
		return nil
	}
	m, _ := h[len(h)-1].(map[string]any)
	return m
}
