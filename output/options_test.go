package output

import (
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func parseFlags(t *testing.T, args ...string) (*Options, error) {
	t.Helper()
	var o Options
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	o.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parse %v: %v", args, err)
	}
	return &o, o.Validate()
}

func TestFlags(t *testing.T) {
	for _, c := range []struct {
		args   []string
		format string
	}{
		{nil, "table"},
		{[]string{"-o", "json"}, "json"},
		{[]string{"--output=YAML"}, "yaml"},
		{[]string{"-j"}, "json"},
		{[]string{"--json"}, "json"},
		{[]string{"-y"}, "yaml"},
		{[]string{"-x"}, "xml"},
		{[]string{"--xml"}, "xml"},
		{[]string{"--csv"}, "csv"},
		{[]string{"-o", "csv", "--csv"}, "csv"},
		{[]string{"--json=false", "-y"}, "yaml"},
	} {
		o, err := parseFlags(t, c.args...)
		if err != nil || o.Format != c.format {
			t.Errorf("%v: format %q, err %v; want %q", c.args, o.Format, err, c.format)
		}
		// Validate is idempotent: commands and Printer may both call it.
		if err := o.Validate(); err != nil || o.Format != c.format {
			t.Errorf("%v: second Validate gave %q, %v", c.args, o.Format, err)
		}
	}
}

func TestFlagsListAndNoHeader(t *testing.T) {
	o, err := parseFlags(t, "-l", "ID,NAME", "--list", "STAT", "--no-header")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.Columns, []string{"ID", "NAME", "STAT"}) || !o.NoHeader {
		t.Errorf("columns %v, no-header %v", o.Columns, o.NoHeader)
	}
}

func TestFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", "foo"}, `invalid output format "foo": use table, json, yaml, xml or csv`},
		{[]string{"--json", "--yaml"}, "conflicting output flags --json and --yaml"},
		{[]string{"-x", "--csv"}, "conflicting output flags --xml and --csv"},
		{[]string{"-o", "table", "--json"}, "conflicting output flags -o table and --json"},
		{[]string{"-o", "yaml", "-j"}, "conflicting output flags -o yaml and --json"},
		{[]string{"-o", "foo", "-j"}, "invalid output format"},
	} {
		_, err := parseFlags(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want %q", c.args, err, c.want)
		}
	}
}

func TestValidateWithoutFlags(t *testing.T) {
	o := Options{}
	if err := o.Validate(); err != nil || o.Format != "table" {
		t.Errorf("zero Options: %q, %v", o.Format, err)
	}
	o = Options{Format: "xml"}
	if err := o.Validate(); err != nil || o.Format != "xml" {
		t.Errorf("Format set in code: %q, %v", o.Format, err)
	}
}

func TestFormats(t *testing.T) {
	if !slices.Equal(Formats(), []string{"table", "json", "yaml", "xml", "csv"}) {
		t.Errorf("Formats() = %v", Formats())
	}
	var o Options
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	o.AddFlags(fs)
	if f := fs.Lookup("output"); f == nil || f.Shorthand != "o" || f.DefValue != "table" {
		t.Errorf("-o flag: %+v", f)
	}
}
