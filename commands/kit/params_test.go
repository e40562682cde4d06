package kit

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

func TestChmodParams(t *testing.T) {
	c := &Call{Args: []any{"640"}}
	got, err := ChmodParams(c, 7)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{7, 1, 1, 0, 1, 0, 0, 0, 0, 0}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestParseSizeMB(t *testing.T) {
	for in, want := range map[string]int{"512": 512, "512M": 512, "10G": 10240, "1.5g": 1536, "1T": 1048576, "2GB": 2048} {
		got, err := ParseSizeMB(in)
		if err != nil || got != want {
			t.Errorf("parseSizeMB(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "-5", "0", "10X", "NaN", "nanG", "Inf", "+InfT", "-Inf", "1e400", "0.1", "3000000G", "99999999999999999999"} {
		if _, err := ParseSizeMB(in); err == nil {
			t.Errorf("parseSizeMB(%q): want an error", in)
		}
	}
}

// TestCapacityFlags: NaN, Inf, negative and overflowing capacities are
// usage errors, refused before anything is sent.
func TestCapacityFlags(t *testing.T) {
	bad := []struct {
		cpu    string
		vcpu   int
		memory string
	}{
		{cpu: "NaN"}, {cpu: "nan"}, {cpu: "Inf"}, {cpu: "-Inf"}, {cpu: "-1"}, {cpu: "0"}, {cpu: "1e400"}, {cpu: "1e300"},
		{vcpu: -1}, {vcpu: 1 << 40},
		{memory: "NaN"}, {memory: "Inf"}, {memory: "-64"}, {memory: "1e20"},
	}
	for _, b := range bad {
		err := SetCapacity(&template.Template{}, b.cpu, b.vcpu, b.vcpu != 0, b.memory)
		if ExitCode(err) != ExitUsage {
			t.Errorf("SetCapacity(%+v) = %v, want a usage error", b, err)
		}
	}
	tpl := &template.Template{}
	if err := SetCapacity(tpl, "0.5", 2, true, "1G"); err != nil {
		t.Fatal(err)
	}
	if got := tpl.String(); !strings.Contains(got, "MEMORY") || !strings.Contains(got, "1024") {
		t.Errorf("template = %q", got)
	}
}

func TestAPIHelp(t *testing.T) {
	if got := APIHelp("one.vm.deploy", ""); !strings.Contains(got, "one.vm.deploy (needs VM:ADMIN, HOST:MANAGE)") {
		t.Errorf("deploy help: %q", got)
	}
	if got := APIHelp("one.vm.info", ""); !strings.Contains(got, "(needs VM:USE)") {
		t.Errorf("info help: %q", got)
	}
	if got := APIHelp("one.vm.action", "VM:ADMIN"); !strings.Contains(got, "(needs VM:ADMIN)") {
		t.Errorf("override: %q", got)
	}
}

func TestFilters(t *testing.T) {
	tbl := &output.Table{Columns: []output.Column{
		{Name: "ID", Value: func(r any) string { return r.([]string)[0] }},
		{Name: "NAME", Value: func(r any) string { return r.([]string)[1] }},
	}}
	rows := [][]string{{"3", "web-1"}, {"10", "db"}, {"7", "web-2"}}
	run := func(or bool, specs ...string) []string {
		fs, err := parseFilters(specs, tbl)
		if err != nil {
			t.Fatalf("%v: %v", specs, err)
		}
		var out []string
		for _, r := range rows {
			if keep(r, fs, or) {
				out = append(out, r[0])
			}
		}
		return out
	}
	check := func(got []string, want ...string) {
		t.Helper()
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("got %v, want %v", got, want)
		}
	}
	check(run(false, "ID>5"), "10", "7") // numeric, not "10" < "5"
	check(run(false, "ID<=7"), "3", "7")
	check(run(false, "name~^web"), "3", "7")
	check(run(false, "NAME~web", "ID!=3"), "7")
	check(run(true, "NAME=db", "ID=3"), "3", "10")
	check(run(false, "NAME=web-1"), "3")
	for _, bad := range []string{"FOO=1", "ID", "NAME~(", "=x"} {
		if _, err := parseFilters([]string{bad}, tbl); ExitCode(err) != ExitUsage {
			t.Errorf("filter %q: want usage error, got %v", bad, err)
		}
	}
}

func TestParseSchedule(t *testing.T) {
	from := time.Unix(1_800_000_000, 0)
	for in, want := range map[string]int64{
		"+3600": 1_800_003_600, "+30m": 1_800_001_800, "1900000000": 1_900_000_000,
		"2027-01-02T03:04:05Z": time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC).Unix(),
	} {
		got, err := ParseSchedule(in, from)
		if err != nil || got != want {
			t.Errorf("parseSchedule(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "+x", "+-5m", "tomorrow", "-5"} {
		if _, err := ParseSchedule(in, from); err == nil {
			t.Errorf("parseSchedule(%q): want an error", in)
		}
	}
	if got := SchedTemplate("poweroff-hard", 5, ""); got != "SCHED_ACTION=[\n  ACTION=\"poweroff-hard\",\n  TIME=\"5\" ]" {
		t.Errorf("schedTemplate = %q", got)
	}
}
