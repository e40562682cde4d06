package commands

import (
	"bytes"
	"context"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onectl/onectl/iostreams"
	"github.com/onectl/onectl/sim"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// testCloud is a simulator served on loopback for in-process command tests:
// the run functions are exercised without building the binary (the e2e
// package does that).
type testCloud struct {
	t        testing.TB
	endpoint string
	env      map[string]string
}

func newTestCloud(t testing.TB, o sim.Options) *testCloud {
	t.Helper()
	if o.Delay == 0 {
		o.Delay = 10 * time.Millisecond
	}
	s, err := sim.New(o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(func() { srv.Close(); s.Close() })
	return &testCloud{t: t, endpoint: srv.URL + "/RPC2"}
}

// testIO is a fake terminal (or pipe) and what was written to it.
type testIO struct {
	ios         *iostreams.IOStreams
	out, errOut *bytes.Buffer
}

func newTestIO(stdin, stdout, stderr bool) *testIO {
	ios, _, out, errOut := iostreams.Test()
	ios.SetTTY(stdin, stdout, stderr)
	return &testIO{ios: ios, out: out, errOut: errOut}
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs onectl as oneadmin unless args carry their own --user.
func (tc *testCloud) run(tio *testIO, args ...string) result {
	tc.t.Helper()
	if tio == nil {
		tio = newTestIO(false, false, false)
	}
	ios, out, errOut := tio.ios, tio.out, tio.errOut
	full := append([]string{"--endpoint", tc.endpoint}, args...)
	if !contains(args, "--user") {
		full = append([]string{"--user", "oneadmin", "--password", "opennebula"}, full...)
	}
	f := &Factory{IO: ios, Env: func(k string) string { return tc.env[k] }, Home: tc.t.TempDir()}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	code := run(ctx, f, full)
	return result{stdout: out.String(), stderr: errOut.String(), code: code}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n--- got ---\n%s--- want ---\n%s", name, path, got, want)
	}
}

func oneLine(t *testing.T, stderr string) {
	t.Helper()
	if n := strings.Count(stderr, "\n"); n != 1 || !strings.HasPrefix(stderr, "onectl: ") {
		t.Errorf("stderr should be one line starting with \"onectl: \", got %q", stderr)
	}
}
