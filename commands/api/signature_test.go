package api

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/onectl/onectl/commands/kit"
)

func TestTypeArgs(t *testing.T) {
	file := filepath.Join(t.TempDir(), "t.tmpl")
	if err := os.WriteFile(file, []byte("CPU=1"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method string
		words  []string
		want   []any
		err    string
	}{
		{"one.vm.info", []string{"5"}, []any{5}, ""},
		{"one.vm.info", []string{"5", "true"}, []any{5, true}, ""},
		{"one.vmpool.info", []string{"-2", "-1", "-1", "-1"}, []any{-2, -1, -1, -1}, ""},
		{"one.vm.action", []string{"poweroff", "3"}, []any{"poweroff", 3}, ""},
		{"one.vm.update", []string{"3", "@" + file, "1"}, []any{3, "CPU=1", 1}, ""},
		{"one.vm.update", []string{"3", "@-", "0"}, []any{3, "MEMORY=64", 0}, ""},
		{"one.zone.fedreplicate", []string{"9000000000", "1", "x"}, []any{int64(9000000000), int64(1), "x"}, ""},
		{"one.user.allocate", []string{"u", "p", "core", "1,2"}, []any{"u", "p", "core", []int{1, 2}}, ""},
		{"one.vm.info", nil, nil, "takes 1 to 2 argument(s)"},
		{"one.vm.info", []string{"five"}, nil, "<id> must be an integer"},
		{"one.vm.info", []string{"5", "maybe"}, nil, "must be true or false"},
		{"one.vm.info", []string{"5", "true", "x"}, nil, "takes 1 to 2"},
		{"one.vm.info", []string{"99999999999"}, nil, "must be an integer"},
		{"one.vm.update", []string{"3", "@/no/such/file", "0"}, nil, "no such file"},
	} {
		m, ok := kit.LookupMethod(c.method)
		if !ok {
			t.Fatalf("%s not in methods.tsv", c.method)
		}
		got, err := typeArgs(parseSignature(m.Params), c.words, strings.NewReader("MEMORY=64"))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s %v: err %v, want %q", c.method, c.words, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %v = %#v, %v; want %#v", c.method, c.words, got, err, c.want)
		}
	}
}

// Every method of methods.tsv has a signature the command can type.
func TestEverySignatureReads(t *testing.T) {
	for _, name := range kit.MethodNames() {
		m, _ := kit.LookupMethod(name)
		for _, p := range parseSignature(m.Params) {
			switch p.typ {
			case "int", "i8", "bool", "string", "array<int>":
			default:
				t.Errorf("%s: parameter %s has type %q", name, p.name, p.typ)
			}
		}
	}
}
