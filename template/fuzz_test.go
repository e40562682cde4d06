package template

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"",
	"CPU = 1",
	`NAME="rpc-direct" CPU=0.1 MEMORY=16`,
	"DISK = [ IMAGE_ID = 3, TARGET = \"vda\" ]\nDISK = [\n IMAGE_ID = 4 ]",
	"# comment\nA = \"multi\nline \\\" quote\"\nB =\n",
	`P = "C:\"`,
	"V = [ A = \"x ]",
	"A = b c",
	"<TEMPLATE><CPU><![CDATA[1]]></CPU><DISK><IMAGE_ID>3</IMAGE_ID></DISK></TEMPLATE>",
	"<T><A><B><C>1</C></B></A></T>",
}

// FuzzParse checks that no input makes Parse panic, and that whatever it
// accepts survives String() and XML() unchanged. Run it by hand:
//
//	go test ./template -run '^$' -fuzz FuzzParse -fuzztime 20s
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		tpl, err := Parse(in)
		if err != nil {
			return
		}
		_ = tpl.XML("TEMPLATE")
		if !textRoundTrips(tpl) {
			return
		}
		back, err := Parse(tpl.String())
		if err != nil {
			t.Fatalf("Parse(String()) failed: %v\ninput %q\nstring %q", err, in, tpl.String())
		}
		if !reflect.DeepEqual(back.Attrs, tpl.Attrs) {
			t.Fatalf("String() round trip differs\ninput %q\n got %#v\nwant %#v", in, back.Attrs, tpl.Attrs)
		}
		if !xmlSafe(tpl) {
			return
		}
		fromXML, err := ParseXML([]byte(tpl.XML("TEMPLATE")))
		if err != nil {
			t.Fatalf("ParseXML(XML()) failed: %v\ninput %q", err, in)
		}
		// Empty vectors have no XML content and are dropped on reading, as
		// oned does.
		want := &Template{}
		for _, a := range tpl.Attrs {
			if !a.IsVector() || len(a.Vector) > 0 {
				want.Attrs = append(want.Attrs, a)
			}
		}
		if !reflect.DeepEqual(fromXML.Attrs, want.Attrs) {
			t.Fatalf("XML round trip differs\ninput %q\n got %#v\nwant %#v", in, fromXML.Attrs, want.Attrs)
		}
	})
}

// textRoundTrips excludes what oned's syntax cannot express twice: a value
// ending in a backslash only reads back when it is the last quoted value.
func textRoundTrips(tpl *Template) bool {
	for _, a := range tpl.Attrs {
		if strings.HasSuffix(a.Value, `\`) {
			return false
		}
		for _, p := range a.Vector {
			if strings.HasSuffix(p.Value, `\`) {
				return false
			}
		}
	}
	return true
}

// xmlSafe excludes values XML 1.0 cannot carry (control characters, invalid
// UTF-8) and '\r', which XML parsers normalise.
func xmlSafe(tpl *Template) bool {
	ok := func(s string) bool {
		if !utf8.ValidString(s) {
			return false
		}
		for _, r := range s {
			if (r < 0x20 && r != '\t' && r != '\n') || r == 0xFFFE || r == 0xFFFF {
				return false
			}
		}
		return true
	}
	for _, a := range tpl.Attrs {
		if !ok(a.Value) {
			return false
		}
		for _, p := range a.Vector {
			if !ok(p.Value) {
				return false
			}
		}
	}
	return true
}

func BenchmarkParse(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 50; i++ {
		sb.WriteString("NAME = \"vm with a longer quoted name\"\nCPU = 0.5\nMEMORY = 1024\n")
		sb.WriteString("DISK = [\n  IMAGE_ID = 3,\n  TARGET = \"vda\",\n  SIZE = 10240 ]\n# comment line\n")
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(text); err != nil {
			b.Fatal(err)
		}
	}
}
