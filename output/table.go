package output

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Column is one table column; Value extracts the cell from a row, whatever
// type the command's rows have.
type Column struct {
	Name  string
	Right bool
	Value func(row any) string
	// Color, when set, gives the ANSI SGR code ("32" green) for a cell's
	// text, or "" for none; used only when the Printer's Color is on.
	Color func(cell string) string
}

// Table describes the columns a list command can print.
type Table struct {
	Columns []Column
	Default []string
}

// Printer is what commands print through; Out is never os.Stdout implicitly.
type Printer struct {
	Opts Options
	Out  io.Writer
	// Color enables Column.Color in tables; the caller decides (a terminal,
	// no NO_COLOR), never the printer.
	Color bool
}

// Print prints an object or a list in the selected format: json, yaml and
// xml are made from raw (the server's document), table and csv from rows.
func (p *Printer) Print(raw []byte, tbl *Table, rows []any) error {
	if err := p.Opts.Validate(); err != nil {
		return err
	}
	var convert func([]byte) ([]byte, error)
	switch p.Opts.Format {
	case FormatTable, FormatCSV:
		return p.Table(tbl, rows)
	case FormatJSON:
		convert = XMLToJSON
	case FormatYAML:
		convert = XMLToYAML
	case FormatXML:
		convert = PrettyXML
	}
	if raw == nil {
		return fmt.Errorf("-o %s not supported for this command", p.Opts.Format)
	}
	out, err := convert(raw)
	if err != nil {
		return err
	}
	_, err = p.Out.Write(out)
	return err
}

// Table prints rows as a table or, with -o csv, as CSV.
func (p *Printer) Table(tbl *Table, rows []any) error {
	if err := p.Opts.Validate(); err != nil {
		return err
	}
	if tbl == nil {
		return fmt.Errorf("-o %s not supported for this command", p.Opts.Format)
	}
	cols, err := tbl.selectColumns(p.Opts.Columns)
	if err != nil {
		return err
	}
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = p.cells(cols, r)
	}
	if p.Opts.Format == FormatCSV {
		return writeCSV(p.Out, cols, cells, !p.Opts.NoHeader)
	}
	return writeTable(p.Out, cols, cells, !p.Opts.NoHeader)
}

// cells is one row's line of text, coloured when asked.
func (p *Printer) cells(cols []Column, r any) []string {
	line := make([]string, len(cols))
	for j, c := range cols {
		if c.Value != nil {
			line[j] = c.Value(r)
		}
		if p.Color && c.Color != nil && p.Opts.Format == FormatTable {
			if code := c.Color(line[j]); code != "" {
				line[j] = "\x1b[" + code + "m" + line[j] + "\x1b[0m"
			}
		}
	}
	return line
}

// selectColumns resolves --list names (case-insensitive, in the order the
// user gave them) or falls back to the table's defaults.
func (t *Table) selectColumns(names []string) ([]Column, error) {
	if len(names) == 0 {
		names = t.Default
	}
	if len(names) == 0 {
		return t.Columns, nil
	}
	out := make([]Column, 0, len(names))
	for _, name := range names {
		name = strings.TrimSpace(name)
		c, ok := t.column(name)
		if !ok {
			valid := make([]string, len(t.Columns))
			for i, c := range t.Columns {
				valid[i] = c.Name
			}
			return nil, fmt.Errorf("unknown column %q: valid columns are %s", name, strings.Join(valid, ", "))
		}
		out = append(out, c)
	}
	return out, nil
}

func (t *Table) column(name string) (Column, bool) {
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c, true
		}
	}
	return Column{}, false
}

func writeCSV(w io.Writer, cols []Column, cells [][]string, header bool) error {
	cw := csv.NewWriter(w)
	if header {
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.Name
		}
		if err := cw.Write(names); err != nil {
			return err
		}
	}
	if err := cw.WriteAll(cells); err != nil {
		return err
	}
	return cw.Error()
}

// writeTable lays rows out like OpenNebula's CLI: no borders or rules, one
// space between columns, numbers right-aligned (header included).
// tablewriter pads the last column too; the padding is trimmed afterwards
// because OpenNebula's tables have no trailing blanks.
func writeTable(w io.Writer, cols []Column, cells [][]string, header bool) error {
	if plainCells(cols, cells) {
		return alignTable(w, cols, cells, header)
	}
	return renderTable(w, cols, cells, header)
}

// renderTable is the general layout, by tablewriter: it knows the display
// width of any text.
func renderTable(w io.Writer, cols []Column, cells [][]string, header bool) error {
	var buf bytes.Buffer
	aligns := make([]tw.Align, len(cols))
	for i, c := range cols {
		aligns[i] = tw.AlignLeft
		if c.Right {
			aligns[i] = tw.AlignRight
		}
	}
	cellCfg := tw.CellConfig{
		Formatting: tw.CellFormatting{AutoWrap: tw.WrapNone, AutoFormat: tw.Off},
		Padding:    tw.CellPadding{Global: tw.PaddingNone},
		Alignment:  tw.CellAlignment{PerColumn: aligns},
	}
	symbols := tw.NewSymbolCustom("onectl").WithColumn(" ").WithRow("").WithCenter("")
	t := tablewriter.NewTable(&buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: symbols,
			Settings: tw.Settings{
				Lines:      tw.LinesNone,
				Separators: tw.Separators{BetweenColumns: tw.On},
			},
		})),
		tablewriter.WithConfig(tablewriter.Config{
			Header: cellCfg,
			Row:    cellCfg,
		}),
		tablewriter.WithTrimSpace(tw.Off),
	)
	if header {
		names := make([]any, len(cols))
		for i, c := range cols {
			names[i] = c.Name
		}
		t.Header(names...)
	}
	for _, r := range cells {
		// A line break inside a cell would split the row over several
		// lines and break line-oriented tools (grep, awk) on the table.
		for i, c := range r {
			if strings.ContainsAny(c, "\r\n") {
				r[i] = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(c)
			}
		}
		if err := t.Append(r); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	out := make([]byte, 0, buf.Len())
	for _, line := range bytes.SplitAfter(buf.Bytes(), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		out = append(out, bytes.TrimRight(line, " \n")...)
		out = append(out, '\n')
	}
	_, err := w.Write(out)
	return err
}

// CheckColumns reports an unknown --list column before anything is fetched,
// so a typo costs no server call.
func (t *Table) CheckColumns(names []string) error {
	_, err := t.selectColumns(names)
	return err
}
