package output

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onectl/onectl/xmlscan"
)

// children splits a pool document into its root name and raw children,
// as the client hands them over.
func children(t *testing.T, doc []byte) (string, [][]byte) {
	t.Helper()
	s := xmlscan.New(doc)
	var root string
	var out [][]byte
	start := 0
	for {
		k, name, _, err := s.Next()
		if err != nil {
			break
		}
		switch {
		case k == xmlscan.Start && s.Depth() == 1:
			root = string(name)
		case k == xmlscan.Start && s.Depth() == 2:
			start = s.Start()
		case k == xmlscan.End && s.Depth() == 1:
			out = append(out, doc[start:s.Offset()])
		}
	}
	return root, out
}

func streamed(t *testing.T, format, root string, elems [][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	p := &Printer{Opts: Options{Format: format}, Out: &b}
	s, err := p.Stream(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range elems {
		if err := s.Add(root, e, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(root); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The stream prints byte for byte what the whole-document converters
// print, including the cases where a group's shape is known only at the
// end (one host: an object) and pools whose children have several names.
func TestStreamIsTheWholeDocument(t *testing.T) {
	docs := map[string][]byte{
		"empty vm pool": []byte(`<VM_POOL></VM_POOL>`),
		"one host":      []byte(`<HOST_POOL><HOST><ID>0</ID><NAME>h</NAME></HOST></HOST_POOL>`),
		"two hosts":     []byte(`<HOST_POOL><HOST><ID>0</ID></HOST><HOST><ID>1</ID></HOST></HOST_POOL>`),
		"users and quotas": []byte(`<USER_POOL><USER><ID>0</ID></USER><QUOTAS><ID>0</ID></QUOTAS><USER><ID>1</ID></USER>` +
			`<QUOTAS><ID>1</ID></QUOTAS><DEFAULT_USER_QUOTAS><VM_QUOTA/></DEFAULT_USER_QUOTAS></USER_POOL>`),
		"no schema": []byte(`<WHATEVER><A>1</A><B/><A>2</A></WHATEVER>`),
	}
	files, _ := filepath.Glob("testdata/samples/*pool*.payload.xml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[f] = data
	}
	// more VMs than one YAML batch, with text that needs quoting
	var big strings.Builder
	big.WriteString("<VM_POOL>")
	for i := 0; i < 2*yamlBatch+7; i++ {
		more := ""
		switch i % 5 {
		case 0:
			more = "<DISK><ID>1</ID></DISK><X>a</X><X>b</X>"
		case 1:
			more = "<X>a</X><Y/><X>b</X><E></E><W>  </W><M>t<Z>1</Z>u</M>" // not adjacent: the tree's way
		case 2:
			more = "<NIC><IP>1</IP></NIC><NIC><IP>2</IP><S>x</S><S>\"q\"</S></NIC><NIC/>"
		}
		fmt.Fprintf(&big, "<VM><ID>%d</ID><NAME>vm: %d</NAME><TEMPLATE><DISK><ID>0</ID></DISK><CPU>1</CPU>%s</TEMPLATE>"+
			"<USER_TEMPLATE><D><![CDATA[a\nb]]></D></USER_TEMPLATE><HISTORY_RECORDS/></VM>", i, i, more)
	}
	big.WriteString("</VM_POOL>")
	docs["big"] = []byte(big.String())

	convs := map[string]func([]byte) ([]byte, error){FormatJSON: XMLToJSON, FormatYAML: XMLToYAML, FormatXML: PrettyXML}
	for name, doc := range docs {
		root, elems := children(t, doc)
		joined := joinElems(root, elems)
		for format, conv := range convs {
			want, err := conv(joined)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := streamed(t, format, root, elems); !bytes.Equal(got, want) {
				t.Errorf("%s -o %s:\n got %s\nwant %s", name, format, got, want)
			}
		}
	}
}

func TestStreamTableIsTheTable(t *testing.T) {
	tbl := &Table{Columns: []Column{
		{Name: "ID", Right: true, Value: func(r any) string { return r.([]string)[0] }},
		{Name: "NAME", Value: func(r any) string { return r.([]string)[1] }},
	}}
	rows := []any{[]string{"1", "a"}, []string{"10", "b,c"}, []string{"100", "d\"e"}}
	for _, format := range []string{FormatTable, FormatCSV} {
		for _, noHeader := range []bool{false, true} {
			var want, got bytes.Buffer
			opts := Options{Format: format, NoHeader: noHeader}
			if err := (&Printer{Opts: opts, Out: &want}).Table(tbl, rows); err != nil {
				t.Fatal(err)
			}
			s, err := (&Printer{Opts: opts, Out: &got}).Stream(tbl)
			if err != nil {
				t.Fatal(err)
			}
			if !s.NeedsRows() {
				t.Error("a table needs rows")
			}
			for _, r := range rows {
				if err := s.Add("X_POOL", nil, r); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Close("X_POOL"); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("-o %s: got\n%s\nwant\n%s", format, &got, &want)
			}
		}
	}
}
