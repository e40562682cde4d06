// Package output prints what commands fetched: the server's XML document
// converted to json, yaml or pretty xml, or rows rendered as a table or csv.
// One flag set, attached to every command, selects the format.
package output

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"
)

// The output formats, in the order help and completion show them.
const (
	FormatTable = "table"
	FormatJSON  = "json"
	FormatYAML  = "yaml"
	FormatXML   = "xml"
	FormatCSV   = "csv"
)

// Formats lists the values -o accepts, for shell completion.
func Formats() []string {
	return []string{FormatTable, FormatJSON, FormatYAML, FormatXML, FormatCSV}
}

// Options are the output flags. After Validate, Format is always one of
// Formats(), so commands that print something else than a table in table
// mode (show) can switch on it.
type Options struct {
	Format   string
	NoHeader bool
	Columns  []string

	// formatSet tells "-o table --json" (a conflict) from the default.
	formatSet bool
	aliases   [4]bool // --json, --yaml, --xml, --csv, in aliasFormats order
}

var aliasFormats = [4]string{FormatJSON, FormatYAML, FormatXML, FormatCSV}

// formatValue records that -o was given, so an alias next to it can be
// reported as a conflict instead of silently winning.
type formatValue struct{ o *Options }

func (v formatValue) String() string {
	if v.o == nil || v.o.Format == "" {
		return FormatTable
	}
	return v.o.Format
}

func (v formatValue) Set(s string) error {
	v.o.Format = s
	v.o.formatSet = true
	return nil
}

func (v formatValue) Type() string { return "format" }

// AddFlags registers -o/--output, the OpenNebula-style shorthands --json/-j,
// --yaml/-y, --xml/-x and --csv, --no-header and --list/-l.
func (o *Options) AddFlags(fs *pflag.FlagSet) {
	if o.Format == "" {
		o.Format = FormatTable
	}
	fs.VarP(formatValue{o}, "output", "o", "output format: "+strings.Join(Formats(), ", "))
	fs.BoolVarP(&o.aliases[0], "json", "j", false, "same as -o json")
	fs.BoolVarP(&o.aliases[1], "yaml", "y", false, "same as -o yaml")
	fs.BoolVarP(&o.aliases[2], "xml", "x", false, "same as -o xml")
	fs.BoolVar(&o.aliases[3], "csv", false, "same as -o csv")
	fs.BoolVar(&o.NoHeader, "no-header", false, "do not print the header line of tables and csv")
	fs.StringSliceVarP(&o.Columns, "list", "l", nil, "columns to print, comma separated (e.g. ID,NAME)")
}

// Validate resolves the aliases into Format and rejects unknown formats and
// contradicting flags. It may be called more than once.
func (o *Options) Validate() error {
	alias := ""
	for i, set := range o.aliases {
		if !set {
			continue
		}
		if alias != "" {
			return fmt.Errorf("conflicting output flags --%s and --%s: use only one", alias, aliasFormats[i])
		}
		alias = aliasFormats[i]
	}
	f := strings.ToLower(strings.TrimSpace(o.Format))
	if f == "" {
		f = FormatTable
	}
	if !isFormat(f) {
		return fmt.Errorf("invalid output format %q: use table, json, yaml, xml or csv", o.Format)
	}
	if alias != "" {
		if o.formatSet && f != alias {
			return fmt.Errorf("conflicting output flags -o %s and --%s: use only one", f, alias)
		}
		f = alias
	}
	o.Format = f
	return nil
}

func isFormat(f string) bool {
	for _, k := range Formats() {
		if f == k {
			return true
		}
	}
	return false
}
