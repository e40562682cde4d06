package output

import (
	"strings"
	"testing"
)

func TestParseXMLAccessors(t *testing.T) {
	doc := `<?xml version="1.0"?>
<VM>
  <ID>5</ID>
  <TEMPLATE>
    <OS><ARCH><![CDATA[x86_64]]></ARCH></OS>
    <DISK><DISK_ID>0</DISK_ID></DISK>
    <DISK><DISK_ID>1</DISK_ID></DISK>
  </TEMPLATE>
  <EMPTY/>
  <BLANK><![CDATA[]]></BLANK>
</VM>`
	n, err := ParseXML([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if n.Name != "VM" || n.Text != "" {
		t.Errorf("root = %q text %q; indentation must not count as text", n.Name, n.Text)
	}
	if got := n.Value("ID"); got != "5" {
		t.Errorf("Value(ID) = %q", got)
	}
	if got := n.Value("TEMPLATE/OS/ARCH"); got != "x86_64" {
		t.Errorf("Value(TEMPLATE/OS/ARCH) = %q", got)
	}
	if got := n.Value("TEMPLATE/NOPE/ARCH"); got != "" {
		t.Errorf("missing path gave %q", got)
	}
	if n.Path("TEMPLATE/OS") != n.Child("TEMPLATE").Child("OS") || n.Path("") != n {
		t.Error("Path and Child disagree")
	}
	if got := len(n.All("TEMPLATE/DISK")); got != 2 {
		t.Errorf("All(TEMPLATE/DISK) = %d nodes", got)
	}
	if got := n.Child("TEMPLATE").All("DISK")[1].Value("DISK_ID"); got != "1" {
		t.Errorf("second disk id = %q", got)
	}
	if n.All("NOPE/DISK") != nil || n.Child("NOPE").Child("X") != nil {
		t.Error("lookups under a missing node should be nil")
	}
	if e, b := n.Child("EMPTY"), n.Child("BLANK"); e.hasText || !b.hasText || b.Text != "" {
		t.Errorf("empty element vs empty CDATA not told apart: %+v %+v", e, b)
	}
}

func TestParseXMLMixedContent(t *testing.T) {
	n, err := ParseXML([]byte(`<A>x<B>y</B>z</A>`))
	if err != nil {
		t.Fatal(err)
	}
	if n.Text != "xz" || n.Value("B") != "y" {
		t.Errorf("text %q, B %q", n.Text, n.Value("B"))
	}
}

func TestParseXMLErrors(t *testing.T) {
	for doc, want := range map[string]string{
		"":                  "no root element",
		"<A><B></A>":        "closed by",
		"<A>":               "not closed",
		"<A/><B/>":          "more than one root",
		"<A/>junk":          "outside the root",
		"<A>\xff</A>":       "invalid XML",
		"<A x='1' x='2'/>x": "invalid XML",
	} {
		_, err := ParseXML([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseXML(%q) = %v, want error containing %q", doc, err, want)
		}
	}
}
