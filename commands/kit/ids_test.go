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
	}
	for _, c := range cases {
		got, err := parseIDArg(c.in)
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
	for _, in := range []string{"5..1", "1..x", "x..3", "1..", "..4", "", "1,,2", "-3", "0..200000"} {
		_, err := parseIDArg(in)
		var usage *UsageError
		if !errors.As(err, &usage) {
			t.Errorf("parseIDArg(%q) = %v, want a usage error", in, err)
		}
		if ExitCode(err) != ExitUsage {
			t.Errorf("parseIDArg(%q): exit %d, want 2", in, ExitCode(err))
		}
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
