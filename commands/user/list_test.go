package user

import (
	"bytes"
	"encoding/csv"
	"html"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/output"
)

// oneuser list --csv, record for record, from the pool the CLI listed. The pool
// was recorded just before smp-user's VM was created and the listing just
// after, so its usage counters are set to the later values first.
func TestListCSVMatchesOneuser(t *testing.T) {
	raw, _ := os.ReadFile("testdata/userpool.info.r2.response.xml")
	want, _ := os.ReadFile("testdata/oneuser.list.csv")
	doc := html.UnescapeString(payloadRe.FindStringSubmatch(string(raw))[1])
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
