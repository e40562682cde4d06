package kit

import (
	"errors"
	"reflect"
	"testing"

	"github.com/onectl/onectl/client"
)

func TestParseIDArg(t *testing.T) {
	cases := []struct {
		in   string
		want []idToken
	}{
		{"5", []idToken{{ID: 5}}},
		{"web", []idToken{{Name: "web"}}},
		{"1..3", []idToken{{ID: 1}, {ID: 2}, {ID: 3}}},
		{"1,3,7..9", []idToken{{ID: 1}, {ID: 3}, {ID: 7}, {ID: 8}, {ID: 9}}},
		{"web,4", []idToken{{Name: "web"}, {ID: 4}}},
		{"2..2", []idToken{{ID: 2}}},
		{"2147483647", []idToken{{ID: 2147483647}}},
		{"2147483640..2147483647", []idToken{{ID: 2147483640}, {ID: 2147483641}, {ID: 2147483642}, {ID: 2147483643}, {ID: 2147483644}, {ID: 2147483645}, {ID: 2147483646}, {ID: 2147483647}}},
		{"web-2", []idToken{{Name: "web-2"}}},
	}
	for _, c := range cases {
		got, err := parseIDArg(c.in, maxRange)
		if err != nil {
			t.Errorf("parseIDArg(%q): %v", c.in, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseIDArg(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestParseIDArgRejects(t *testing.T) {
	for _, in := range []string{"5..1", "1..x", "x..3", "1..", "..4", "", "1,,2", "-3", "0..200000",
		"2147483648", "99999999999999999999", "0..2147483648"} {
		_, err := parseIDArg(in, maxRange)
		var usage *UsageError
		if !errors.As(err, &usage) {
			t.Errorf("parseIDArg(%q) = %v, want a usage error", in, err)
		}
		if ExitCode(err) != ExitUsage {
			t.Errorf("parseIDArg(%q): exit %d, want 2", in, ExitCode(err))
		}
	}
}

// TestIDLimitOverAllArguments: the limit holds for the whole argument
// list, so many ranges cannot add up to millions of IDs.
func TestIDLimitOverAllArguments(t *testing.T) {
	r := &Resolver{F: &Factory{}, Res: VMs}
	args := make([]string, 0, 2000)
	for i := 0; i < 2000; i++ {
		args = append(args, "0..99998")
	}
	_, err := r.IDs(t.Context(), args)
	if ExitCode(err) != ExitUsage {
		t.Fatalf("2000 ranges of 99,999 IDs: %v (exit %d), want a usage error", err, ExitCode(err))
	}
	ids, err := r.IDs(t.Context(), []string{"0..49999", "50000..99999"})
	if err != nil || len(ids) != maxRange {
		t.Fatalf("exactly %d IDs: %d, %v", maxRange, len(ids), err)
	}
	if _, err := r.IDs(t.Context(), []string{"0..49999", "50000..99999", "100000"}); ExitCode(err) != ExitUsage {
		t.Fatalf("one more than %d IDs: %v", maxRange, err)
	}
}

func TestJoinPool(t *testing.T) {
	doc := `<VM_POOL><VM><ID>3</ID></VM><VM><ID>1</ID><T><![CDATA[<x>]]></T></VM></VM_POOL>`
	root, elems, err := client.SplitPool([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(joinPool(root, elems)); got != doc {
		t.Fatalf("joinPool = %s", got)
	}
}
