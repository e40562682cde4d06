package commands

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseIDArg(t *testing.T) {
	cases := []struct {
		in   string
		want []idToken
	}{
		{"5", []idToken{{id: 5}}},
		{"web", []idToken{{name: "web"}}},
		{"1..3", []idToken{{id: 1}, {id: 2}, {id: 3}}},
		{"1,3,7..9", []idToken{{id: 1}, {id: 3}, {id: 7}, {id: 8}, {id: 9}}},
		{"web,4", []idToken{{name: "web"}, {id: 4}}},
		{"2..2", []idToken{{id: 2}}},
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

func TestEachIDName(t *testing.T) {
	doc := `<VM_POOL><VM><ID>3</ID><NAME>web</NAME><TEMPLATE><NAME>x</NAME></TEMPLATE></VM><VM><ID>1</ID><NAME>db</NAME></VM></VM_POOL>`
	var got []string
	if err := eachIDName([]byte(doc), func(id int, name string) { got = append(got, name+":"+itoa(id)) }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []string{"web:3", "db:1"}) {
		t.Fatalf("got %v", got)
	}
	if err := eachIDName([]byte("<VM_POOL><VM>"), func(int, string) {}); err == nil {
		t.Fatal("truncated pool: want an error")
	}
}

func TestSplitPool(t *testing.T) {
	doc := `<VM_POOL><VM><ID>3</ID></VM><VM><ID>1</ID><T><![CDATA[<x>]]></T></VM></VM_POOL>`
	root, elems, err := splitPool([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if root != "VM_POOL" || len(elems) != 2 {
		t.Fatalf("root %q, %d elems", root, len(elems))
	}
	if string(elems[1]) != `<VM><ID>1</ID><T><![CDATA[<x>]]></T></VM>` {
		t.Fatalf("elem 1 = %s", elems[1])
	}
	if got := string(joinPool(root, elems)); got != doc {
		t.Fatalf("joinPool = %s", got)
	}
}
