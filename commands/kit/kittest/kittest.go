// Package kittest runs a group's commands in process against a simulator
// served on loopback, so a group's tests exercise its run functions without
// building the binary (the e2e package does that).
package kittest

import (
	"bytes"
	"context"
	"flag"
	"html"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/iostreams"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/sim"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// Cloud is a simulator on loopback and the command groups under test.
type Cloud struct {
	T        testing.TB
	Endpoint string
	Env      map[string]string
	groups   []func(*kit.Factory) *cobra.Command
}

// NewCloud starts a simulator (10ms transient states unless o says
// otherwise) and stops it when the test ends. groups are the commands the
// tree is built with: usually the one group under test.
func NewCloud(t testing.TB, o sim.Options, groups ...func(*kit.Factory) *cobra.Command) *Cloud {
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
	return &Cloud{T: t, Endpoint: srv.URL + "/RPC2", groups: groups}
}

// IO is a fake terminal (or pipe) and what was written to it.
type IO struct {
	IOS         *iostreams.IOStreams
	Out, ErrOut *bytes.Buffer
}

// NewIO says which of stdin, stdout and stderr are terminals.
func NewIO(stdin, stdout, stderr bool) *IO {
	ios, _, out, errOut := iostreams.Test()
	ios.SetTTY(stdin, stdout, stderr)
	return &IO{IOS: ios, Out: out, ErrOut: errOut}
}

// Result is what a user sees of one command.
type Result struct {
	Stdout, Stderr string
	Code           int
}

// Run runs onectl as oneadmin unless args carry their own --user; tio nil
// means no terminal anywhere.
func (tc *Cloud) Run(tio *IO, args ...string) Result {
	tc.T.Helper()
	if tio == nil {
		tio = NewIO(false, false, false)
	}
	full := append([]string{"--endpoint", tc.Endpoint}, args...)
	if !slices.Contains(args, "--user") {
		full = append([]string{"--user", "oneadmin", "--password", "opennebula"}, full...)
	}
	f := &kit.Factory{IO: tio.IOS, Env: func(k string) string { return tc.Env[k] }, Home: tc.T.TempDir()}
	root := kit.Root(f, "test")
	for _, g := range tc.groups {
		root.AddCommand(g(f))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	code := kit.Run(ctx, f, root, full)
	return Result{Stdout: tio.Out.String(), Stderr: tio.ErrOut.String(), Code: code}
}

// Golden compares got with testdata/<name>.golden; -update rewrites it.
func Golden(t *testing.T, name, got string) {
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

// OneLine checks the rule for failures: one line on stderr, "onectl: ...".
func OneLine(t *testing.T, stderr string) {
	t.Helper()
	if n := strings.Count(stderr, "\n"); n != 1 || !strings.HasPrefix(stderr, "onectl: ") {
		t.Errorf("stderr should be one line starting with \"onectl: \", got %q", stderr)
	}
}

var payloadRe = regexp.MustCompile(`(?s)<string>(.*)</string>`)

// Payload is the document of a recorded XML-RPC answer (an info call's
// response file in testdata).
func Payload(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := payloadRe.FindSubmatch(raw)
	if m == nil {
		t.Fatalf("%s holds no document", path)
	}
	return []byte(html.UnescapeString(string(m[1])))
}

// NewRender is what a Show hands its renderer for doc, writing to out, so
// a renderer can be checked against the Ruby CLI's text without a cloud.
func NewRender(t *testing.T, doc []byte, out io.Writer) *kit.Render {
	t.Helper()
	node, err := output.ParseXML(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &kit.Render{Raw: doc, Doc: node, Out: out}
}
