package kit

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/output"
)

func TestCommandLineQuotesForTheShell(t *testing.T) {
	got := CommandLine([]string{"template", "instantiate", "tiny", "--name", "web-%i", "--name", "it's here", "--memory", "2G", "--nic", ""})
	want := `template instantiate tiny --name 'web-%i' --name 'it'\''s here' --memory 2G --nic ''`
	if got != want {
		t.Fatalf("CommandLine = %s\nwant          %s", got, want)
	}
}

func TestStateMatcher(t *testing.T) {
	type row struct{ stat, state string }
	tbl := &output.Table{Columns: []output.Column{
		{Name: "STAT", Value: func(r any) string { return r.(row).stat }},
		{Name: "STATE", Value: func(r any) string { return r.(row).state }},
	}}
	l := &List{States: client.VMStateNames()}
	for _, c := range []struct {
		names []string
		r     row
		want  bool
	}{
		{[]string{"poff"}, row{"poff", "POWEROFF"}, true},
		{[]string{"POWEROFF"}, row{"poff", "POWEROFF"}, true},
		{[]string{"running"}, row{"runn", "RUNNING"}, true},
		{[]string{"running"}, row{"poff", "POWEROFF"}, false},
		{[]string{"hold", "poff"}, row{"hold", "HOLD"}, true},
		{[]string{"cloning-failure"}, row{"fail", "CLONING_FAILURE"}, true},
	} {
		m, err := l.stateMatcher(c.names, tbl)
		if err != nil || m(c.r) != c.want {
			t.Errorf("--state %v on %v: %v (err %v), want %v", c.names, c.r, m != nil && m(c.r), err, c.want)
		}
	}
	if m, err := l.stateMatcher([]string{"any"}, tbl); m != nil || err != nil {
		t.Errorf("--state any filters: %v", err)
	}
	if _, err := l.stateMatcher([]string{"sleeping"}, tbl); ExitCode(err) != ExitUsage {
		t.Errorf("unknown state: %v", err)
	}
}

func TestJSONLineIsOneObject(t *testing.T) {
	var b bytes.Buffer
	if err := jsonLine(&b, "changed", "2026-11-29T00:00:00Z", "5", "VM", []byte("<VM><ID>5</ID><NAME>web</NAME></VM>"), "runn"); err != nil {
		t.Fatal(err)
	}
	if err := jsonLine(&b, "gone", "2026-11-29T00:00:00Z", "6", "VM", nil, ""); err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(b.Bytes()), []byte("\n"))
	if len(lines) != 2 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	var ev struct {
		EVENT, ID, PREV_STAT string
		VM                   struct{ NAME string }
	}
	if err := json.Unmarshal(lines[0], &ev); err != nil || ev.EVENT != "CHANGED" || ev.ID != "5" || ev.PREV_STAT != "runn" || ev.VM.NAME != "web" {
		t.Fatalf("%+v, %v: %s", ev, err, lines[0])
	}
	if err := json.Unmarshal(lines[1], &ev); err != nil || ev.EVENT != "GONE" {
		t.Fatalf("%v: %s", err, lines[1])
	}
}
