package kit

import (
	"testing"

	"github.com/onectl/onectl/output"
)

func TestYAMLKey(t *testing.T) {
	for name, want := range map[string]string{
		"lab": "lab", "prod-eu.1": "prod-eu.1", "yes": `"yes"`, "1.5": `"1.5"`, "a:b": `"a:b"`, "NO": `"NO"`,
	} {
		if got := yamlKey(name); got != want {
			t.Errorf("yamlKey(%q) = %s, want %s", name, got, want)
		}
	}
}

func TestWithContextColumn(t *testing.T) {
	tbl := withContextColumn(&output.Table{
		Default: []string{"NAME"},
		Columns: []output.Column{{Name: "NAME", Value: func(r any) string { return r.(string) }}},
	})
	if len(tbl.Default) != 2 || tbl.Default[0] != "CONTEXT" {
		t.Fatalf("default %v", tbl.Default)
	}
	row := contextRow{Context: "lab", Row: "web"}
	if tbl.Columns[0].Value(row) != "lab" || tbl.Columns[1].Value(row) != "web" {
		t.Errorf("cells %q %q", tbl.Columns[0].Value(row), tbl.Columns[1].Value(row))
	}
	if all := withContextColumn(&output.Table{}); all.Default != nil {
		t.Errorf("a table without defaults shows every column: %v", all.Default)
	}
}
