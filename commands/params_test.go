package commands

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/onectl/onectl/output"
)

func TestChmodParams(t *testing.T) {
	c := &call{args: []any{"640"}}
	got, err := chmodParams(c, 7)
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
		got, err := parseSizeMB(in)
		if err != nil || got != want {
			t.Errorf("parseSizeMB(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "-5", "0", "10X"} {
		if _, err := parseSizeMB(in); err == nil {
			t.Errorf("parseSizeMB(%q): want an error", in)
		}
	}
}

func TestAPIHelp(t *testing.T) {
	if got := apiHelp("one.vm.deploy", ""); !strings.Contains(got, "one.vm.deploy (needs VM:ADMIN, HOST:MANAGE)") {
		t.Errorf("deploy help: %q", got)
	}
	if got := apiHelp("one.vm.info", ""); !strings.Contains(got, "(needs VM:USE)") {
		t.Errorf("info help: %q", got)
	}
	if got := apiHelp("one.vm.action", "VM:ADMIN"); !strings.Contains(got, "(needs VM:ADMIN)") {
		t.Errorf("override: %q", got)
	}
}

// Every method a vm command declares must exist in the API table, so a typo
// cannot reach a user as a -506 fault.
func TestVMActionMethodsExist(t *testing.T) {
	for _, a := range vmActions() {
		if _, ok := lookupMethod(a.method); !ok {
			t.Errorf("%s: unknown method %s", a.use, a.method)
		}
	}
	for _, u := range vmTemplateUpdates() {
		if _, ok := lookupMethod(u.method); !ok {
			t.Errorf("%s: unknown method %s", u.use, u.method)
		}
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
		got, err := parseSchedule(in, from)
		if err != nil || got != want {
			t.Errorf("parseSchedule(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "+x", "+-5m", "tomorrow", "-5"} {
		if _, err := parseSchedule(in, from); err == nil {
			t.Errorf("parseSchedule(%q): want an error", in)
		}
	}
	if got := schedTemplate("poweroff-hard", 5, ""); got != "SCHED_ACTION=[\n  ACTION=\"poweroff-hard\",\n  TIME=\"5\" ]" {
		t.Errorf("schedTemplate = %q", got)
	}
}
