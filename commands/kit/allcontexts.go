package kit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/output"
)

// contextRow is a row of --all-contexts: the context it came from and the
// object's own row.
type contextRow struct {
	Context string
	Row     any
}

// withContextColumn is tbl with a CONTEXT column first, over contextRow
// rows; --filter CONTEXT=lab then works like any other column.
func withContextColumn(tbl *output.Table) *output.Table {
	out := &output.Table{}
	if len(tbl.Default) > 0 {
		out.Default = append([]string{"CONTEXT"}, tbl.Default...)
	}
	out.Columns = append(out.Columns, output.Column{Name: "CONTEXT", Value: func(r any) string { return r.(contextRow).Context }})
	for _, c := range tbl.Columns {
		if v := c.Value; v != nil {
			c.Value = func(r any) string { return v(r.(contextRow).Row) }
		}
		out.Columns = append(out.Columns, c)
	}
	return out
}

// contextDoc is one context's pool document.
type contextDoc struct {
	name string
	raw  []byte
}

// runAll lists from every context of the config file at once. Each context
// gets its own client (with the usual per-call timeout) and its own
// goroutine; one that fails is one line on stderr and the others still
// print; the exit code is the failures' shared code, as for bulk actions.
func (l *List) runAll(cmd *cobra.Command, f *Factory, o *listOpts, args []string, tbl *output.Table, filters []rowFilter, or bool) error {
	ctx := cmd.Context()
	if f.G.Context != "" || f.G.Endpoint != "" || f.G.User != "" || f.G.Password != "" {
		return Usagef("--all-contexts reads every context of the config file: it excludes --context, --endpoint, --user and --password")
	}
	cfg, _, err := f.LoadConfig()
	if err != nil {
		return err
	}
	names := cfg.Names()
	if len(names) == 0 {
		return Usagef("--all-contexts: no contexts are defined (see 'onectl context create')")
	}
	type result struct {
		page listPage
		err  error
	}
	results := make([]result, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		sub := f.ForContext(name)
		wrap := func(row any) any { return contextRow{Context: name, Row: row} }
		wg.Add(1)
		go func() {
			defer wg.Done()
			page, err := l.collect(cmd, sub, o, args, filters, or, wrap)
			results[i] = result{page, sub.AuthHint(err)}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	var (
		codes []int
		rows  []any
		docs  []contextDoc
	)
	for i, r := range results {
		if r.err != nil {
			codes = append(codes, ExitCode(r.err))
			fmt.Fprintln(f.IO.ErrOut, ErrorLine(fmt.Errorf("context %s: %w", names[i], r.err)))
			continue
		}
		rows = append(rows, r.page.rows...)
		docs = append(docs, contextDoc{names[i], r.page.doc()})
	}
	if !f.G.DryRun {
		if err := printPerContext(f, o, tbl, rows, docs); err != nil {
			return err
		}
	}
	if len(codes) > 0 {
		return &ReportedError{Code: CombineCodes(codes)}
	}
	return nil
}

// printPerContext prints one table with a CONTEXT column, or one document
// keyed by context name.
func printPerContext(f *Factory, o *listOpts, tbl *output.Table, rows []any, docs []contextDoc) error {
	var b bytes.Buffer
	switch o.Out.Format {
	case output.FormatTable, output.FormatCSV:
		opts := o.Out
		if len(opts.Columns) > 0 && !hasColumn(opts.Columns, "CONTEXT") {
			opts.Columns = append([]string{"CONTEXT"}, opts.Columns...)
		}
		p := &output.Printer{Opts: opts, Out: f.IO.Out, Color: f.IO.ColorEnabled()}
		return p.Table(tbl, rows)
	case output.FormatJSON:
		b.WriteString("{\n")
		for i, d := range docs {
			js, err := output.XMLToJSON(d.raw)
			if err != nil {
				return err
			}
			key, _ := json.Marshal(d.name)
			fmt.Fprintf(&b, "  %s: %s", key, indentTail(strings.TrimRight(string(js), "\n"), "  "))
			if i < len(docs)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("}\n")
	case output.FormatYAML:
		if len(docs) == 0 {
			b.WriteString("--- {}\n")
			break
		}
		b.WriteString("---\n")
		for _, d := range docs {
			y, err := output.XMLToYAML(d.raw)
			if err != nil {
				return err
			}
			body := strings.TrimRight(strings.TrimPrefix(string(y), "---\n"), "\n")
			fmt.Fprintf(&b, "%s:\n  %s\n", yamlKey(d.name), indentTail(body, "  "))
		}
	case output.FormatXML:
		var x bytes.Buffer
		x.WriteString("<CONTEXTS>")
		for _, d := range docs {
			fmt.Fprintf(&x, `<CONTEXT NAME="%s">`, xmlAttr(d.name))
			x.Write(d.raw)
			x.WriteString("</CONTEXT>")
		}
		x.WriteString("</CONTEXTS>")
		pretty, err := output.PrettyXML(x.Bytes())
		if err != nil {
			return err
		}
		b.Write(pretty)
	}
	_, err := f.IO.Out.Write(b.Bytes())
	return err
}

func hasColumn(cols []string, name string) bool {
	for _, c := range cols {
		if strings.EqualFold(c, name) {
			return true
		}
	}
	return false
}

// indentTail indents every line but the first, which follows a key.
func indentTail(s, pad string) string {
	return strings.ReplaceAll(s, "\n", "\n"+pad)
}

var plainYAMLKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// yamlKey leaves a context name plain when YAML would read it back as the
// same string, and quotes it otherwise ("yes", "1.5", "a b").
func yamlKey(name string) string {
	switch strings.ToLower(name) {
	case "y", "n", "yes", "no", "true", "false", "on", "off", "null":
	default:
		if plainYAMLKey.MatchString(name) {
			return name
		}
	}
	q, _ := json.Marshal(name)
	return string(q)
}

func xmlAttr(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}

// joinPool rebuilds a pool document from its elements.
func joinPool(root string, elems [][]byte) []byte {
	var b bytes.Buffer
	b.WriteString("<" + root + ">")
	for _, e := range elems {
		b.Write(e)
	}
	b.WriteString("</" + root + ">")
	return b.Bytes()
}
