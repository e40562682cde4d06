package output

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// vmColumns is a table as a command would declare it, over rows that are
// VM nodes of a parsed pool.
var vmColumns = &Table{
	Columns: []Column{
		{Name: "ID", Right: true, Value: func(r any) string { return r.(*Node).Value("ID") }},
		{Name: "USER", Value: func(r any) string { return r.(*Node).Value("UNAME") }},
		{Name: "GROUP", Value: func(r any) string { return r.(*Node).Value("GNAME") }},
		{Name: "NAME", Value: func(r any) string { return r.(*Node).Value("NAME") }},
		{Name: "STAT", Value: func(r any) string { return "runn" }},
		{Name: "CPU", Right: true, Value: func(r any) string { return r.(*Node).Value("TEMPLATE/CPU") }},
		{Name: "MEM", Right: true, Value: func(r any) string {
			mb, _ := strconv.ParseInt(r.(*Node).Value("TEMPLATE/MEMORY"), 10, 64)
			return HumanMB(mb)
		}},
		{Name: "HOST", Value: func(r any) string { return r.(*Node).Value("HISTORY_RECORDS/HISTORY/HOSTNAME") }},
		{Name: "TIME", Right: true, Value: func(r any) string {
			// The instant the sample table was printed.
			stime, _ := strconv.ParseInt(r.(*Node).Value("STIME"), 10, 64)
			return Duration(time.Duration(1795340020-stime) * time.Second)
		}},
		{Name: "UID", Right: true, Value: func(r any) string { return r.(*Node).Value("UID") }},
	},
	Default: []string{"ID", "USER", "GROUP", "NAME", "STAT", "CPU", "MEM", "HOST", "TIME"},
}

func vmRows(t *testing.T) []any {
	t.Helper()
	pool, err := ParseXML(readSample(t, "vmpool.info.payload.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []any
	for _, vm := range pool.All("VM") {
		rows = append(rows, vm)
	}
	return rows
}

func printTable(t *testing.T, opts Options, rows []any) (string, error) {
	t.Helper()
	var b bytes.Buffer
	p := &Printer{Opts: opts, Out: &b}
	err := p.Print(nil, vmColumns, rows)
	return b.String(), err
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s mismatch:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestTableLayout(t *testing.T) {
	got, err := printTable(t, Options{}, vmRows(t))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "vm_list", got)

	// Same cells as onevm list; only the widths differ (OpenNebula's are
	// fixed per column, ours fit the content).
	cli := readSample(t, "cli/onevm_list.txt")
	if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(string(cli)), " ") {
		t.Errorf("cells differ from onevm list:\n%s\n%s", got, cli)
	}
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if strings.HasSuffix(line, " ") || strings.Contains(line, "|") {
			t.Errorf("line %q: no trailing blanks or borders expected", line)
		}
	}
	if !strings.HasPrefix(got, "ID USER ") || !strings.Contains(got, "\n 3 oneadmin ") {
		t.Errorf("ID should be right-aligned, header included:\n%s", got)
	}
}

func TestTableListColumnsAndNoHeader(t *testing.T) {
	got, err := printTable(t, Options{Columns: []string{"name", "Uid", "ID"}, NoHeader: true}, vmRows(t))
	if err != nil {
		t.Fatal(err)
	}
	want := "rpc-direct   0 3\nvm-from-tiny 0 1\n"
	if got != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
}

func TestTableUnknownColumn(t *testing.T) {
	_, err := printTable(t, Options{Columns: []string{"ID", "BOGUS"}}, vmRows(t))
	if err == nil || !strings.Contains(err.Error(), `"BOGUS"`) || !strings.Contains(err.Error(), "ID, USER, GROUP, NAME, STAT, CPU, MEM, HOST, TIME, UID") {
		t.Errorf("err = %v", err)
	}
}

func TestTableEmpty(t *testing.T) {
	got, err := printTable(t, Options{Columns: []string{"ID", "NAME"}}, nil)
	if err != nil || got != "ID NAME\n" {
		t.Errorf("got %q, %v", got, err)
	}
	got, err = printTable(t, Options{NoHeader: true}, nil)
	if err != nil || got != "" {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestCSV(t *testing.T) {
	got, err := printTable(t, Options{Format: "csv"}, vmRows(t))
	if err != nil {
		t.Fatal(err)
	}
	want := "ID,USER,GROUP,NAME,STAT,CPU,MEM,HOST,TIME\n" +
		"3,oneadmin,oneadmin,rpc-direct,runn,0.1,16M,localhost,0d 00h10\n" +
		"1,oneadmin,oneadmin,vm-from-tiny,runn,0.1,64M,localhost,0d 00h14\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// The CLI's csv has the same cells but a padded TIME.
	cli := strings.Split(string(readSample(t, "cli/onevm_list.csv")), "\n")
	for i, line := range strings.Split(got, "\n")[:3] {
		if cut := strings.LastIndex(line, ","); line[:cut] != cli[i][:strings.LastIndex(cli[i], ",")] {
			t.Errorf("line %d: %q vs CLI %q", i, line, cli[i])
		}
	}

	got, err = printTable(t, Options{Format: "csv", NoHeader: true, Columns: []string{"NAME"}}, []any{&Node{Children: []*Node{{Name: "NAME", Text: `a,"b"`}}}})
	if err != nil || got != "\"a,\"\"b\"\"\"\n" {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestPrintDispatch(t *testing.T) {
	raw := []byte(`<VM><ID>5</ID><NAME>web</NAME></VM>`)
	for format, want := range map[string]string{
		"json": "{\n  \"VM\": {\n    \"ID\": \"5\",\n    \"NAME\": \"web\"\n  }\n}\n",
		"yaml": "---\nVM:\n  ID: '5'\n  NAME: web\n",
		"xml":  "<VM>\n  <ID>5</ID>\n  <NAME>web</NAME>\n</VM>\n",
	} {
		var b bytes.Buffer
		p := &Printer{Opts: Options{Format: format}, Out: &b}
		if err := p.Print(raw, nil, nil); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if b.String() != want {
			t.Errorf("%s: got\n%s", format, b.String())
		}
		b.Reset()
		if err := p.Print(nil, vmColumns, nil); err == nil || err.Error() != "-o "+format+" not supported for this command" {
			t.Errorf("%s without raw: err = %v", format, err)
		}
	}
	var b bytes.Buffer
	p := &Printer{Opts: Options{}, Out: &b}
	if err := p.Print(raw, nil, nil); err == nil {
		t.Error("table without a table description should fail")
	}
	p.Opts.Format = "bogus"
	if err := p.Print(raw, vmColumns, nil); err == nil || b.Len() != 0 {
		t.Errorf("invalid format: err = %v, output %q", err, b.String())
	}
}

func TestTableCellLineBreaks(t *testing.T) {
	row := &Node{Children: []*Node{{Name: "ID", Text: "1"}, {Name: "NAME", Text: "a\nb"}}}
	got, err := printTable(t, Options{Columns: []string{"ID", "NAME"}}, []any{row})
	if err != nil || got != "ID NAME\n 1 a b\n" {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestTableColorKeepsAlignment(t *testing.T) {
	tbl := &Table{Columns: []Column{
		{Name: "ID", Right: true, Value: func(r any) string { return r.([]string)[0] }},
		{Name: "STAT", Value: func(r any) string { return r.([]string)[1] }, Color: func(c string) string {
			if c == "runn" {
				return "32"
			}
			return ""
		}},
		{Name: "NAME", Value: func(r any) string { return r.([]string)[2] }},
	}}
	rows := []any{[]string{"1", "runn", "web"}, []string{"10", "poff", "db"}}
	var b bytes.Buffer
	p := &Printer{Opts: Options{Format: FormatTable}, Out: &b, Color: true}
	if err := p.Table(tbl, rows); err != nil {
		t.Fatal(err)
	}
	if want := "ID STAT NAME\n 1 \x1b[32mrunn\x1b[0m web\n10 poff db\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	b.Reset()
	p.Opts.Format = FormatCSV
	if err := p.Table(tbl, rows); err != nil || strings.Contains(b.String(), "\x1b") {
		t.Errorf("CSV must never carry colour: %q", b.String())
	}
}
