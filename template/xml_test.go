package template

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseXML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Attr
	}{
		{"cdata and plain text", `<TEMPLATE><CPU><![CDATA[1]]></CPU><MEMORY>64</MEMORY></TEMPLATE>`,
			[]Attr{single("CPU", "1"), single("MEMORY", "64")}},
		{"vector", `<TEMPLATE><DISK><IMAGE_ID>3</IMAGE_ID><TARGET><![CDATA[vda]]></TARGET></DISK></TEMPLATE>`,
			[]Attr{vector("DISK", "IMAGE_ID", "3", "TARGET", "vda")}},
		{"indented", "<?xml version=\"1.0\"?>\n<TEMPLATE>\n  <CPU>1</CPU>\n  <OS>\n    <ARCH>x86_64</ARCH>\n  </OS>\n</TEMPLATE>\n",
			[]Attr{single("CPU", "1"), vector("OS", "ARCH", "x86_64")}},
		{"entities", `<T><A>a &amp; &lt;b&gt;</A></T>`, []Attr{single("A", "a & <b>")}},
		{"empty cdata is an empty value", `<T><A><![CDATA[]]></A></T>`, []Attr{single("A", "")}},
		{"element without content is dropped", `<T><A/><B></B><C>1</C></T>`, []Attr{single("C", "1")}},
		{"names upper-cased", `<template><cpu>1</cpu></template>`, []Attr{single("CPU", "1")}},
		{"repeated vectors", `<T><NIC><ID>0</ID></NIC><NIC><ID>1</ID></NIC></T>`,
			[]Attr{vector("NIC", "ID", "0"), vector("NIC", "ID", "1")}},
		{"repeated member keeps last", `<T><V><A>1</A><A>2</A></V></T>`, []Attr{vector("V", "A", "2")}},
		{"member without text dropped", `<T><V><A/><B>1</B></V></T>`, []Attr{vector("V", "B", "1")}},
		{"vector of empty members", `<T><BACKUP_CONFIG><X/></BACKUP_CONFIG></T>`, []Attr{vector("BACKUP_CONFIG")}},
		{"deeper levels ignored", `<T><V><A>1<Z><Y>2</Y></Z></A></V></T>`, []Attr{vector("V", "A", "1")}},
		{"empty root", `<TEMPLATE/>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseXML([]byte(tt.in))
			if err != nil {
				t.Fatalf("ParseXML(%q): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got.Attrs, tt.want) {
				t.Errorf("ParseXML(%q)\n got %#v\nwant %#v", tt.in, got.Attrs, tt.want)
			}
		})
	}
}

func TestParseXMLErrors(t *testing.T) {
	for _, in := range []string{
		"",
		"   ",
		"text",
		"<TEMPLATE><CPU>1</CPU>",
		"<TEMPLATE><CPU>1</TEMPLATE>",
		"<TEMPLATE></TEMPLATE><MORE/>",
		"<TEMPLATE></TEMPLATE>junk",
		"junk<TEMPLATE></TEMPLATE>",
		"<TEMPLATE><A>&nbsp;</A></TEMPLATE>",
	} {
		if got, err := ParseXML([]byte(in)); err == nil {
			t.Errorf("ParseXML(%q) = %#v, want error", in, got.Attrs)
		}
	}
	if _, err := Parse("<TEMPLATE>"); err == nil {
		t.Error("Parse of broken XML: want error")
	}
}

func TestXML(t *testing.T) {
	tpl := &Template{Attrs: []Attr{
		single("CPU", "1"),
		vector("DISK", "IMAGE_ID", "3", "TARGET", "vda"),
		single("ODD", "a]]>b & <c>"),
		vector("EMPTY"),
	}}
	want := `<TEMPLATE><CPU><![CDATA[1]]></CPU><DISK><IMAGE_ID><![CDATA[3]]></IMAGE_ID><TARGET><![CDATA[vda]]></TARGET></DISK>` +
		`<ODD><![CDATA[a]]]]><![CDATA[>b & <c>]]></ODD><EMPTY></EMPTY></TEMPLATE>`
	if got := tpl.XML(""); got != want {
		t.Errorf("XML\n got %s\nwant %s", got, want)
	}
	if got := tpl.XML("USER_TEMPLATE"); !strings.HasPrefix(got, "<USER_TEMPLATE><CPU>") || !strings.HasSuffix(got, "</USER_TEMPLATE>") {
		t.Errorf("XML(USER_TEMPLATE) = %s", got)
	}
}

func TestXMLRoundTrip(t *testing.T) {
	text := "NAME = \"vm \\\"one\\\"\"\nCPU = 0.5\nDESC = \"two\nlines & <tags>\"\n" +
		"DISK = [ IMAGE_ID = 1, TARGET = vda ]\nDISK = [ IMAGE_ID = 2 ]\nEMPTY =\nCONTEXT = [ ]\n"
	tpl, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseXML([]byte(tpl.XML("TEMPLATE")))
	if err != nil {
		t.Fatal(err)
	}
	// An empty vector has no member elements, so in XML it reads back as an
	// element without content, which oned drops too.
	want := tpl.Clone()
	want.Del("CONTEXT")
	if !reflect.DeepEqual(back.Attrs, want.Attrs) {
		t.Errorf("round trip\n got %#v\nwant %#v", back.Attrs, want.Attrs)
	}
}

// The sample files hold what a real oned 6.10.5 returned and what
// OpenNebula's CLI printed for the same object.
func TestStringMatchesCLI(t *testing.T) {
	for _, name := range []string{"vm1_template", "host0_template"} {
		t.Run(name, func(t *testing.T) {
			tpl, err := FromXMLElement([]byte(readTestdata(t, name+".xml")))
			if err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSuffix(readTestdata(t, name+".txt"), "\n")
			if got := tpl.String(); got != want {
				t.Errorf("String()\n got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestFromXMLElementUserTemplate(t *testing.T) {
	tpl, err := FromXMLElement([]byte(readTestdata(t, "vm1_user_template.xml")))
	if err != nil {
		t.Fatal(err)
	}
	if got := tpl.String(); got != `SCHED_MESSAGE=""` {
		t.Errorf("String() = %q", got)
	}
}

func TestFromXMLElementToXML(t *testing.T) {
	in := strings.TrimSpace(readTestdata(t, "vm1_template.xml"))
	tpl, err := FromXMLElement([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := tpl.XML("TEMPLATE"); got != in {
		t.Errorf("XML() differs from oned's own output\n got %s\nwant %s", got, in)
	}
}
