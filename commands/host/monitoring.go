package host

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// sample is one monitoring record of a host.
type sample struct {
	t     int64
	attrs map[string]string // CAPACITY and SYSTEM values
}

// monitoredAttrs are the columns of the table, in this order.
var monitoredAttrs = []string{"FREE_CPU", "USED_CPU", "FREE_MEMORY", "USED_MEMORY", "NETRX", "NETTX"}

func isMemory(attr string) bool { return strings.HasSuffix(attr, "MEMORY") }

func monitoringTable(attrs []string) func() *output.Table {
	return func() *output.Table {
		s := func(r any) *sample { return r.(*sample) }
		cols := []output.Column{{Name: "TIME", Value: func(r any) string {
			return time.Unix(s(r).t, 0).Format("01/02 15:04:05")
		}}}
		for _, a := range attrs {
			cols = append(cols, output.Column{Name: a, Right: true, Value: func(r any) string {
				v := s(r).attrs[a]
				if isMemory(a) {
					return kbOrDash(v)
				}
				return orDash(v)
			}})
		}
		return &output.Table{Columns: cols}
	}
}

// chosen is the attribute the user asked for, or all of them.
func chosen(args []any) ([]string, error) {
	if len(args) == 0 || args[0] == nil {
		return monitoredAttrs, nil
	}
	a := strings.ToUpper(args[0].(string))
	for _, m := range monitoredAttrs {
		if m == a {
			return []string{a}, nil
		}
	}
	return nil, kit.Usagef("unknown monitoring attribute %q: use one of %s", args[0], strings.Join(monitoredAttrs, ", "))
}

func monitoringShower() *kit.Show {
	var attrs []string
	return &kit.Show{
		Res:    kit.Hosts,
		Use:    "monitoring",
		Short:  "Show a host's monitoring records (all, or one attribute such as FREE_MEMORY), with a chart on a terminal",
		Method: "one.host.monitoring",
		Args:   []kit.Arg{{Name: "attr", Kind: kit.ArgString, Optional: true}},
		Table:  func() *output.Table { return monitoringTable(attrs)() },
		Rows: func(raw []byte, args []any) ([]any, error) {
			var err error
			if attrs, err = chosen(args); err != nil {
				return nil, err
			}
			return monitoringRows(raw)
		},
		Render: func(r *kit.Render) error {
			attrs, err := chosen(r.Args)
			if err != nil {
				return err
			}
			rows, err := monitoringRows(r.Raw)
			if err != nil {
				return fmt.Errorf("reading monitoring of host %d: %w", r.ID, err)
			}
			p := &output.Printer{Opts: output.Options{Format: output.FormatTable}, Out: r.Out}
			if err := p.Table(monitoringTable(attrs)(), rows); err != nil {
				return err
			}
			if r.TTY && len(rows) > 1 {
				writeCharts(r.Out, rows, attrs)
			}
			return nil
		},
	}
}

func monitoringRows(raw []byte) ([]any, error) {
	data, err := client.ParseMonitoringData(raw)
	if err != nil {
		return nil, err
	}
	rows := make([]any, 0, len(data.Monitoring))
	for _, m := range data.Monitoring {
		s := &sample{attrs: map[string]string{}}
		s.t, _ = strconv.ParseInt(m.Get("TIMESTAMP"), 10, 64)
		for _, part := range []string{"CAPACITY", "SYSTEM"} {
			for _, blk := range m.All(part) {
				for _, a := range blk.Children {
					s.attrs[a.Name()] = strings.TrimSpace(a.Value)
				}
			}
		}
		rows = append(rows, s)
	}
	return rows, nil
}

func writeCharts(w io.Writer, rows []any, attrs []string) {
	fmt.Fprintln(w)
	for _, a := range attrs {
		vals := make([]float64, len(rows))
		for i, r := range rows {
			vals[i], _ = strconv.ParseFloat(r.(*sample).attrs[a], 64)
		}
		last := rows[len(rows)-1].(*sample).attrs[a]
		if isMemory(a) {
			last = kbOrDash(last)
		}
		fmt.Fprintf(w, "%-12s %s  %s\n", a, kit.Sparkline(vals), last)
	}
	first, end := rows[0].(*sample).t, rows[len(rows)-1].(*sample).t
	fmt.Fprintf(w, "%-12s %d samples over %s\n", "", len(rows), time.Duration(end-first)*time.Second)
}
