package user

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/sim"
)

// oneuser list --csv, record for record, from the pool the CLI listed. The pool
// was recorded just before smp-user's VM was created and the listing just
// after, so its usage counters are set to the later values first.
func TestListCSVMatchesOneuser(t *testing.T) {
	want, _ := os.ReadFile("testdata/oneuser.list.csv")
	doc := string(kittest.Payload(t, "testdata/userpool.info.r2.response.xml"))
	at := strings.Index(doc, "<VM_QUOTA><VM>")
	for _, kv := range [][2]string{{"CPU_USED", "0.10"}, {"MEMORY_USED", "64"}, {"RUNNING_CPU_USED", "0.10"},
		{"RUNNING_MEMORY_USED", "64"}, {"RUNNING_VMS_USED", "1"}, {"VMS_USED", "1"}} {
		old := "<" + kv[0] + "><![CDATA[0]]>"
		j := at + strings.Index(doc[at:], old)
		doc = doc[:j] + "<" + kv[0] + "><![CDATA[" + kv[1] + "]]>" + doc[j+len(old):]
	}
	_, elems, err := client.SplitPool([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	pool := newPool()
	var rows []any
	for _, e := range elems {
		r, err := pool.Row(e)
		if err != nil {
			t.Fatal(err)
		}
		if u, ok := r.(*userRow); ok {
			rows = append(rows, u)
		}
	}
	var out bytes.Buffer
	p := &output.Printer{Opts: output.Options{Format: output.FormatCSV}, Out: &out}
	if err := p.Table(userTable(), rows); err != nil {
		t.Fatal(err)
	}
	// Go's CSV writer quotes a field that starts with a space; Ruby's does
	// not. The records are what must match.
	got, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	exp, err := csv.NewReader(bytes.NewReader(want)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("got\n%q\nwant\n%q", got, exp)
	}
}

// Several contexts are read at once: each read has its own row reader
// (run with -race).
func TestListAllContexts(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{}, NewCmd)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	var b strings.Builder
	b.WriteString("contexts:\n")
	for _, n := range []string{"a", "b", "c"} {
		b.WriteString("- name: " + n + "\n  endpoint: " + tc.Endpoint + "\n  user: oneadmin\n  password: opennebula\n")
	}
	if err := os.WriteFile(cfg, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	// kittest's Run names one endpoint; --all-contexts wants none
	io := kittest.NewIO(false, false, false)
	f := &kit.Factory{IO: io.IOS, Env: func(string) string { return "" }, Home: dir}
	root := kit.Root(f, "test")
	root.AddCommand(NewCmd(f))
	code := kit.Run(context.Background(), f, root, []string{"--config", cfg, "user", "list", "--all-contexts", "-o", "csv"})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, io.ErrOut)
	}
	for _, n := range []string{"a", "b", "c"} {
		if !strings.Contains(io.Out.String(), n+",2,alice,yes,users,core,") {
			t.Errorf("context %s lacks alice:\n%s", n, io.Out)
		}
	}
}
