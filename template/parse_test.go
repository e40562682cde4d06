package template

import (
	"errors"
	"reflect"
	"testing"
)

func single(name, value string) Attr { return Attr{Name: name, Value: value} }

func vector(name string, kv ...string) Attr {
	a := Attr{Name: name, Vector: []Pair{}}
	for i := 0; i+1 < len(kv); i += 2 {
		a.Vector = append(a.Vector, Pair{kv[i], kv[i+1]})
	}
	return a
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Attr
	}{
		{"empty", "", nil},
		{"only comments and blanks", "# a\n\n   # b\n\t\n", nil},
		{"single", "CPU = 1", []Attr{single("CPU", "1")}},
		{"no spaces", "CPU=0.5\nMEMORY=64\n", []Attr{single("CPU", "0.5"), single("MEMORY", "64")}},
		{"trailing blanks trimmed", "CPU = 1   \t\n", []Attr{single("CPU", "1")}},
		{"case folding", "cpu = 1\nMemory=2", []Attr{single("CPU", "1"), single("MEMORY", "2")}},
		{"quoted with spaces", `NAME = "my vm"`, []Attr{single("NAME", "my vm")}},
		{"quoted with escaped quote", `DESC = "say \"hi\""`, []Attr{single("DESC", `say "hi"`)}},
		{"other backslashes kept", `P = "C:\dir\n"`, []Attr{single("P", `C:\dir\n`)}},
		{"backslash before closing quote at end", `P = "C:\"`, []Attr{single("P", `C:\`)}},
		{"quoted empty", `A = ""`, []Attr{single("A", "")}},
		{"multi-line quoted", "A = \"one\ntwo\"\nB = 2", []Attr{single("A", "one\ntwo"), single("B", "2")}},
		{"empty value", "A =\nB = 1", []Attr{single("A", ""), single("B", "1")}},
		{"empty value at end", "A = ", []Attr{single("A", "")}},
		{"several on one line", `NAME="rpc-direct" CPU=0.1 MEMORY=16`,
			[]Attr{single("NAME", "rpc-direct"), single("CPU", "0.1"), single("MEMORY", "16")}},
		{"comment after value", "CPU = 1 # one core\nMEMORY = 2", []Attr{single("CPU", "1"), single("MEMORY", "2")}},
		{"bare word stops at '#'", "A = x#y", []Attr{single("A", "x")}},
		{"bare word keeps quotes inside", `A = ab"c`, []Attr{single("A", `ab"c`)}},
		{"quote then bare is one bare word", `A = "x"y`, []Attr{single("A", `"x"y`)}},
		{"special characters", `A = !(X)|&$/:;`, []Attr{single("A", "!(X)|&$/:;")}},
		{"url", "URL = http://host:2633/RPC2", []Attr{single("URL", "http://host:2633/RPC2")}},
		{"CRLF", "CPU = 1\r\nDISK = [ ID = 2,\r\n SIZE = 3 ]\r\n", []Attr{single("CPU", "1"), vector("DISK", "ID", "2", "SIZE", "3")}},
		{"name on its own line", "CPU\n= 1", []Attr{single("CPU", "1")}},
		{"leading digit gets ONE_", "1A = x", []Attr{single("ONE_1A", "x")}},
		{"leading XML gets ONE_", "XMLRPC = x\nxmlfoo = y", []Attr{single("ONE_XMLRPC", "x"), single("ONE_XMLFOO", "y")}},
		{"vector", `DISK = [ IMAGE_ID = 3, TARGET = "vda" ]`, []Attr{vector("DISK", "IMAGE_ID", "3", "TARGET", "vda")}},
		{"vector multi-line", "NIC = [\n  network = \"pub net\",\n  MODEL = virtio\n]\nCPU=1",
			[]Attr{vector("NIC", "NETWORK", "pub net", "MODEL", "virtio"), single("CPU", "1")}},
		{"vector comma on next line", "V=[A=1\n,B=2]", []Attr{vector("V", "A", "1", "B", "2")}},
		{"vector with comments", "V = [ # first\n A = 1, # a\n B = 2 ]", []Attr{vector("V", "A", "1", "B", "2")}},
		{"member names fixed like attribute names", "V = [ 1A = x ]", []Attr{vector("V", "ONE_1A", "x")}},
		{"vector repeated member keeps first", "V = [ A = 1, a = 2 ]", []Attr{vector("V", "A", "1")}},
		{"empty vector", "V = [ ]", []Attr{vector("V")}},
		{"empty vector no space", "V=[]", []Attr{vector("V")}},
		{"repeated vectors", "DISK = [ IMAGE_ID = 1 ]\nDISK = [ IMAGE_ID = 2 ]",
			[]Attr{vector("DISK", "IMAGE_ID", "1"), vector("DISK", "IMAGE_ID", "2")}},
		{"quoted member spanning lines", "V = [ A = \"x\ny\", B = 1 ]", []Attr{vector("V", "A", "x\ny", "B", "1")}},
		{"sample template.allocate body", "NAME = \"rpc-tpl\"\nCPU = 0.1\nVCPU = 1\nMEMORY = 32",
			[]Attr{single("NAME", "rpc-tpl"), single("CPU", "0.1"), single("VCPU", "1"), single("MEMORY", "32")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got.Attrs, tt.want) {
				t.Errorf("Parse(%q)\n got %#v\nwant %#v", tt.in, got.Attrs, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
		msg  string
	}{
		{"missing equals", "NAME = a\nMEMORY = 1\nCPU 1\n", 3, `expected '=' after "CPU"`},
		{"missing equals at end", "CPU", 1, `expected '=' after "CPU"`},
		{"two words", "A = b c\n", 1, `expected '=' after "c"`},
		{"bad name", "A = 1\n-B = 2", 2, `expected attribute name, found '-'`},
		{"non-ASCII name", "Ä = 1", 1, `expected attribute name, found 'Ä'`},
		{"stray bracket", "]", 1, `expected attribute name, found ']'`},
		{"unterminated quote", "A = 1\nB = \"abc\nC = 2\n", 2, `unterminated quoted value for "B"`},
		{"unterminated quote in vector", "V = [\n A = \"x ]", 2, `unterminated quoted value for "A"`},
		{"unterminated bracket", "A = 1\nDISK = [ IMAGE_ID = 3,\n TARGET = vda\n", 2, `unterminated '[' in "DISK"`},
		{"unterminated bracket after '['", "DISK = [", 1, `unterminated '[' in "DISK"`},
		{"unterminated bracket after '='", "DISK = [ A =", 1, `unterminated '[' in "DISK"`},
		{"missing comma", "V = [ A = 1\n B = 2 ]", 2, `expected ',' or ']' in "V", found 'B'`},
		{"trailing comma", "V = [ A = 1, ]", 1, `expected attribute name in "V", found ']'`},
		{"member without equals", "V = [ A 1 ]", 1, `expected '=' after "A" in "V"`},
		{"member without value", "V = [ A = , B = 1 ]", 1, `missing value for "A", found ','`},
		{"member value on next line", "V = [ A =\n1 ]", 1, `missing value for "A", found end of line`},
		{"nested vector", "V = [ A = [ B = 1 ] ]", 1, `vectors cannot be nested ("A" in "V")`},
		{"value is a comment", "A = # nothing", 1, `missing value for "A", found '#'`},
		{"bare word stops at '='", "A = x=1", 1, `expected attribute name, found '='`},
		{"value starts with '='", "A = =1", 1, `missing value for "A", found '='`},
		{"cdata end", "A = 1\nB = \"x]]>\"", 2, `value of "B" contains "]]>"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want error", tt.in, got.Attrs)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is %T, want *SyntaxError", err, err)
			}
			if se.Line != tt.line || se.Msg != tt.msg {
				t.Errorf("Parse(%q) error = %q, want line %d: %s", tt.in, err, tt.line, tt.msg)
			}
		})
	}
}

func TestParseErrorText(t *testing.T) {
	_, err := Parse("A = 1\nB = 2\nCPU 1")
	if err == nil || err.Error() != `line 3: expected '=' after "CPU"` {
		t.Fatalf("got %v", err)
	}
}

func TestParseDetectsXML(t *testing.T) {
	got, err := Parse("\n  <TEMPLATE><CPU>1</CPU><DISK><IMAGE_ID>3</IMAGE_ID></DISK></TEMPLATE>")
	if err != nil {
		t.Fatal(err)
	}
	want := []Attr{single("CPU", "1"), vector("DISK", "IMAGE_ID", "3")}
	if !reflect.DeepEqual(got.Attrs, want) {
		t.Errorf("got %#v, want %#v", got.Attrs, want)
	}
}
