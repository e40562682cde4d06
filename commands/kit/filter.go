package kit

import (
	"regexp"
	"strings"

	"github.com/onectl/onectl/output"
)

// rowFilter is one --filter COL<op>VALUE, applied to the table's cell text
// (as OpenNebula's CLI does), but reading numbers, sizes and durations as
// quantities (MEM>=2G, CPU>0.5, TIME>1d): see output.MatchCell.
type rowFilter struct {
	col   *output.Column
	op    string
	value string
	re    *regexp.Regexp
}

// Two-character operators first, so "<=" is not read as "<".
var filterOps = []string{"!=", "<=", ">=", "=", "<", ">", "~"}

func parseFilters(specs []string, tbl *output.Table) ([]rowFilter, error) {
	var out []rowFilter
	for _, spec := range specs {
		f, err := parseFilter(spec, tbl)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func parseFilter(spec string, tbl *output.Table) (rowFilter, error) {
	at, op := -1, ""
	for _, o := range filterOps {
		if i := strings.Index(spec, o); i > 0 && (at < 0 || i < at || i == at && len(o) > len(op)) {
			at, op = i, o
		}
	}
	if at < 0 {
		return rowFilter{}, Usagef("invalid --filter %q: use COLUMN<op>VALUE with op one of = != < <= > >= ~", spec)
	}
	name := strings.TrimSpace(spec[:at])
	var col *output.Column
	var names []string
	for i := range tbl.Columns {
		names = append(names, tbl.Columns[i].Name)
		if strings.EqualFold(tbl.Columns[i].Name, name) {
			col = &tbl.Columns[i]
		}
	}
	if col == nil {
		return rowFilter{}, Usagef("invalid --filter %q: no column %q (columns: %s)", spec, name, strings.Join(names, ", "))
	}
	f := rowFilter{col: col, op: op, value: spec[at+len(op):]}
	if op == "~" {
		re, err := regexp.Compile(f.value)
		if err != nil {
			return rowFilter{}, Usagef("invalid --filter %q: %v", spec, err)
		}
		f.re = re
	}
	return f, nil
}

func (f rowFilter) match(row any) bool {
	cell := strings.TrimSpace(f.col.Value(row))
	if f.op == "~" {
		return f.re.MatchString(cell)
	}
	return output.MatchCell(cell, f.op, f.value)
}

// keep applies the filters joined by AND or OR.
func keep(row any, filters []rowFilter, or bool) bool {
	if len(filters) == 0 {
		return true
	}
	for _, f := range filters {
		if f.match(row) == or {
			return or
		}
	}
	return !or
}
