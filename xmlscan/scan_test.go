package xmlscan

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tokens renders a document's tokens the same way for both readers, text
// runs merged, so the test compares what a reader of the data sees.
func tokens(doc []byte) (string, error) {
	var out strings.Builder
	var text []byte
	flush := func() {
		if text != nil {
			out.WriteString("T" + string(text) + "\x00")
			text = nil
		}
	}
	s := New(doc)
	for {
		k, name, t, err := s.Next()
		if errors.Is(err, io.EOF) {
			flush()
			return out.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch k {
		case Start:
			flush()
			out.WriteString("S" + string(name) + "\x00")
		case End:
			flush()
			out.WriteString("E" + string(name) + "\x00")
		case Text:
			text = append(append([]byte{}, text...), t...)
		}
	}
}

func stdTokens(doc []byte) (string, error) {
	var out strings.Builder
	var text []byte
	flush := func() {
		if text != nil {
			out.WriteString("T" + string(text) + "\x00")
			text = nil
		}
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			flush()
			return out.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			flush()
			depth++
			out.WriteString("S" + t.Name.Local + "\x00")
		case xml.EndElement:
			flush()
			depth--
			out.WriteString("E" + t.Name.Local + "\x00")
		case xml.CharData:
			if depth > 0 {
				text = append(append([]byte{}, text...), t...)
			}
		}
	}
}

var cases = []string{
	`<A/>`,
	`<A></A>`,
	`<?xml version="1.0" encoding="UTF-8"?>` + "\n<A>\r\n <B x=\"1\" y='>'>t&lt;&amp;&gt;&quot;&apos;&#65;&#x42;</B><C/>\r<![CDATA[<raw> & ]]></A>\n",
	`<A><!-- note --><B>é ü 日本</B></A>`,
	`<VM_POOL><VM><ID>1</ID><TEMPLATE><CPU><![CDATA[0.5]]></CPU></TEMPLATE></VM></VM_POOL>`,
	`<a:B><a:C>x</a:C></a:B>`,
}

var bad = []string{
	``,
	`<A>`,
	`<A></B>`,
	`<A/><B/>`,
	`text`,
	`<A>&bogus;</A>`,
	`<A>&amp</A>`,
	"<A>\x01</A>",
	"<A>\xff</A>",
	`<A><![CDATA[x</A>`,
	`</A>`,
	`<A x=1/>`,
	`<1A/>`,
	`<A>x</A>y`,
}

func TestSameTokensAsEncodingXML(t *testing.T) {
	docs := append([]string(nil), cases...)
	files, _ := filepath.Glob("../client/testdata/*.payload.xml")
	more, _ := filepath.Glob("../output/testdata/*.xml")
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	if len(docs) < 10 {
		t.Fatalf("only %d documents: testdata moved?", len(docs))
	}
	for _, doc := range docs {
		want, err := stdTokens([]byte(doc))
		if err != nil {
			t.Fatalf("encoding/xml refuses %.60q: %v", doc, err)
		}
		got, err := tokens([]byte(doc))
		if err != nil {
			t.Fatalf("%.60q: %v", doc, err)
		}
		if got != want {
			t.Errorf("%.60q:\n got %q\nwant %q", doc, got, want)
		}
	}
}

// Also what encoding/xml's Token accepts but no document may hold: a
// second root element, text outside the root.
func TestRefusesBadDocuments(t *testing.T) {
	for _, doc := range bad {
		if _, err := tokens([]byte(doc)); err == nil && doc != "" {
			t.Errorf("%q accepted", doc)
		}
	}
}

func TestOffsets(t *testing.T) {
	doc := []byte(`<P><V><ID>1</ID></V><V/></P>`)
	s := New(doc)
	var elems []string
	start := 0
	for {
		k, _, _, err := s.Next()
		if err != nil {
			break
		}
		if k == Start && s.Depth() == 2 {
			start = s.Start()
		}
		if k == End && s.Depth() == 1 {
			elems = append(elems, string(doc[start:s.Offset()]))
		}
	}
	if strings.Join(elems, "|") != `<V><ID>1</ID></V>|<V/>` {
		t.Errorf("elements %q", elems)
	}
}

func BenchmarkScan(b *testing.B) {
	var doc bytes.Buffer
	doc.WriteString("<VM_POOL>")
	for i := 0; i < 200; i++ {
		doc.WriteString(`<VM><ID>1</ID><NAME>web</NAME><TEMPLATE><CPU><![CDATA[0.5]]></CPU><DISK><IMAGE><![CDATA[ubuntu]]></IMAGE></DISK></TEMPLATE><USER_TEMPLATE><D>a &amp; b</D></USER_TEMPLATE></VM>`)
	}
	doc.WriteString("</VM_POOL>")
	b.SetBytes(int64(doc.Len()))
	for b.Loop() {
		s := New(doc.Bytes())
		for {
			if _, _, _, err := s.Next(); err != nil {
				break
			}
		}
	}
}

// Children must split as the Scanner does, and refuse what breaks nesting.
func TestChildrenAgreesWithScanner(t *testing.T) {
	docs := append([]string(nil), cases...)
	files, _ := filepath.Glob("../client/testdata/*pool*.payload.xml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	docs = append(docs, `<P a="x>y"><V b='>'>1</V><V/><!-- <V> --><V><![CDATA[</V>]]></V></P>`)
	for _, doc := range docs {
		var want []string
		s := New([]byte(doc))
		start := 0
		for {
			k, _, _, err := s.Next()
			if err != nil {
				break
			}
			if k == Start && s.Depth() == 2 {
				start = s.Start()
			}
			if k == End && s.Depth() == 1 {
				want = append(want, doc[start:s.Offset()])
			}
		}
		var got []string
		if _, err := Children([]byte(doc), func(c []byte) error { got = append(got, string(c)); return nil }); err != nil {
			t.Fatalf("%.60q: %v", doc, err)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%.60q:\n got %q\nwant %q", doc, got, want)
		}
	}
	for _, doc := range []string{``, `<A>`, `<A></B>`, `<A/><B/>`, `text`, `<A>x</A>y`, `</A>`, `<A><B></A></B>`, `<A><![CDATA[x</A>`} {
		if _, err := Children([]byte(doc), func([]byte) error { return nil }); err == nil {
			t.Errorf("%q accepted", doc)
		}
	}
}

func BenchmarkChildren(b *testing.B) {
	var doc bytes.Buffer
	doc.WriteString("<VM_POOL>")
	for i := 0; i < 200; i++ {
		doc.WriteString(`<VM><ID>1</ID><NAME>web</NAME><TEMPLATE><CPU><![CDATA[0.5]]></CPU><DISK><IMAGE><![CDATA[ubuntu]]></IMAGE></DISK></TEMPLATE><USER_TEMPLATE><D>a &amp; b</D></USER_TEMPLATE></VM>`)
	}
	doc.WriteString("</VM_POOL>")
	b.SetBytes(int64(doc.Len()))
	for b.Loop() {
		Children(doc.Bytes(), func([]byte) error { return nil })
	}
}

func TestSkip(t *testing.T) {
	doc := []byte(`<A><B x="<C>"><C><![CDATA[</B>]]></C><!-- </B> --><D/></B><E>1</E><F/></A>`)
	s := New(doc)
	var seen []string
	for {
		k, name, text, err := s.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatal(err)
			}
			break
		}
		switch {
		case k == Start && (string(name) == "B" || string(name) == "F"):
			if err := s.Skip(); err != nil {
				t.Fatal(err)
			}
			seen = append(seen, "skip "+string(name))
		case k == Start:
			seen = append(seen, string(name))
		case k == Text:
			seen = append(seen, "text "+string(text))
		}
	}
	if got := strings.Join(seen, ","); got != "A,skip B,E,text 1,skip F" {
		t.Errorf("tokens %s", got)
	}
	for _, bad := range []string{`<A><B><C></B></A>`, `<A><B>`, `<A><B></C></A>`} {
		s := New([]byte(bad))
		s.Next()
		s.Next()
		if err := s.Skip(); err == nil {
			t.Errorf("%s: skipped without error", bad)
		}
	}
}
