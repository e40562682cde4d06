package kit

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/output"
)

// What every list gets beside the printer's flags: --state (when the type
// declares its states), --sort, -o name / -q, and --watch. They work on the
// table's cells, so a group gets them by declaring its table, nothing more.

// formatName is the extra -o value of lists: IDs only, one a line, for
// xargs.
const formatName = "name"

type listExtras struct {
	state   []string
	inState func(row any) bool // --state, compiled by run; nil keeps all
	keepRow func(row any) bool // List.Keep bound to this run; nil keeps all
	sort    []string
	quiet   bool
	watch   watchOpts
}

// keepState applies --state and the group's own client-side filter.
func (x *listExtras) keepState(row any) bool {
	if x.inState != nil && !x.inState(row) {
		return false
	}
	if x.keepRow == nil {
		return true
	}
	if cr, ok := row.(contextRow); ok {
		row = cr.Row
	}
	return x.keepRow(row)
}

func (l *List) addExtras(cmd *cobra.Command, o *listOpts) {
	fs := cmd.Flags()
	if l.States != nil {
		fs.StringSliceVar(&o.x.state, "state", nil, "only objects in these states: the STAT column's short names ("+strings.Join(l.shortStates(), ", ")+") or the long ones, comma separated")
		_ = cmd.RegisterFlagCompletionFunc("state", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return append(l.shortStates(), l.longStates()...), cobra.ShellCompDirectiveNoFileComp
		})
	}
	fs.StringSliceVar(&o.x.sort, "sort", nil, "sort rows by these columns, comma separated; -COL sorts descending; sizes, numbers and times sort as such")
	fs.BoolVarP(&o.x.quiet, "quiet", "q", false, "print only the IDs, one a line (same as -o name)")
	if out := fs.Lookup("output"); out != nil {
		out.Usage += ", name (IDs only)"
	}
	if !o.top {
		o.x.watch.addFlags(cmd)
	}
	_ = cmd.RegisterFlagCompletionFunc("sort", completeColumns(l.Table, true))
	_ = cmd.RegisterFlagCompletionFunc("list", completeColumns(l.Table, false))
	_ = cmd.RegisterFlagCompletionFunc("filter", completeColumns(l.Table, false))
}

// shortStates are the distinct STAT names, in the order the type has them.
func (l *List) shortStates() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range l.States {
		if !seen[s.Short] {
			seen[s.Short] = true
			out = append(out, s.Short)
		}
	}
	return out
}

func (l *List) longStates() []string {
	out := make([]string, 0, len(l.States))
	for _, s := range l.States {
		out = append(out, strings.ToLower(s.Name))
	}
	return out
}

// stateNorm makes "POWEROFF", "poweroff", "cloning-failure" and
// "CLONING_FAILURE" one name.
func stateNorm(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_")
}

// stateMatcher turns --state into a row test; nil keeps every row.
func (l *List) stateMatcher(names []string, tbl *output.Table) (func(row any) bool, error) {
	if len(names) == 0 {
		return nil, nil
	}
	known := map[string]bool{}
	for _, s := range l.States {
		known[stateNorm(s.Name)], known[stateNorm(s.Short)] = true, true
	}
	want := map[string]bool{}
	for _, n := range names {
		n = stateNorm(n)
		if n == "any" {
			return nil, nil
		}
		if !known[n] {
			long := l.longStates()
			if len(long) > 6 {
				long = append(long[:6:6], "...")
			}
			return nil, Usagef("invalid --state %q: use one of %s, or a long state name (%s)", n, strings.Join(l.shortStates(), ", "), strings.Join(long, ", "))
		}
		want[n] = true
	}
	rowStates := l.RowStates
	if rowStates == nil {
		// A table may show only the short state: a long name then stands
		// for its short one (ready: rdy).
		for _, st := range l.States {
			if want[stateNorm(st.Name)] {
				want[stateNorm(st.Short)] = true
			}
		}
		var cols []*output.Column
		for i := range tbl.Columns {
			if c := &tbl.Columns[i]; c.Name == "STAT" || c.Name == "STATE" {
				cols = append(cols, c)
			}
		}
		rowStates = func(row any) []string {
			out := make([]string, len(cols))
			for i, c := range cols {
				out[i] = c.Value(row)
			}
			return out
		}
	}
	return func(row any) bool {
		for _, s := range rowStates(row) {
			if want[stateNorm(s)] {
				return true
			}
		}
		return false
	}, nil
}

// StateNames is --state as given, split at commas, for a Query that hands
// a state to the server.
func (c *Call) StateNames() []string {
	v, _ := c.Cmd.Flags().GetStringSlice("state")
	return v
}

// sortKey is one --sort column.
type sortKey struct {
	col  *output.Column
	desc bool
}

func parseSort(specs []string, tbl *output.Table) ([]sortKey, error) {
	var keys []sortKey
	for _, s := range specs {
		name := strings.TrimSpace(s)
		desc := strings.HasPrefix(name, "-")
		name = strings.TrimPrefix(name, "-")
		col := tableColumn(tbl, name)
		if col == nil {
			return nil, Usagef("invalid --sort %q: no column %q (columns: %s)", s, name, strings.Join(tableNames(tbl), ", "))
		}
		keys = append(keys, sortKey{col: col, desc: desc})
	}
	return keys, nil
}

// sortRows orders rows (and their XML elements alike) by the keys; ties
// keep the server's order.
func sortRows(keys []sortKey, rows []any, raws [][]byte) {
	if len(keys) == 0 {
		return
	}
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		for _, k := range keys {
			c := output.CompareCells(k.col.Value(rows[idx[a]]), k.col.Value(rows[idx[b]]))
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return false
	})
	r2, x2 := make([]any, len(rows)), make([][]byte, len(raws))
	for i, j := range idx {
		r2[i], x2[i] = rows[j], raws[j]
	}
	copy(rows, r2)
	copy(raws, x2)
}

// printIDs is -o name: the ID column, one a line.
func printIDs(w io.Writer, tbl *output.Table, rows []any) error {
	id := tableColumn(tbl, "ID")
	if id == nil {
		return fmt.Errorf("this list has no ID column")
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(id.Value(r))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// takeNameFormat reads -o name and -q before the printer validates -o,
// which knows only the formats every command has.
func (o *listOpts) takeNameFormat() bool {
	if strings.EqualFold(strings.TrimSpace(o.Out.Format), formatName) {
		o.Out.Format = output.FormatTable
		return true
	}
	return o.x.quiet
}

// completeColumns offers a table's column names; with sign, also -COL.
func completeColumns(table func() *output.Table, sign bool) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		names := tableNames(table())
		if sign && strings.HasPrefix(toComplete, "-") {
			for i, n := range names {
				names[i] = "-" + n
			}
		}
		// Complete the last element of a comma separated list.
		if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
			for j, n := range names {
				names[j] = toComplete[:i+1] + n
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// tableColumn finds a column by name, case-insensitively.
func tableColumn(tbl *output.Table, name string) *output.Column {
	for i := range tbl.Columns {
		if strings.EqualFold(tbl.Columns[i].Name, name) {
			return &tbl.Columns[i]
		}
	}
	return nil
}

func tableNames(tbl *output.Table) []string {
	names := make([]string, len(tbl.Columns))
	for i, c := range tbl.Columns {
		names[i] = c.Name
	}
	return names
}
