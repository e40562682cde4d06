package kit

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/output"
)

// List declares a `list` command: a pool method, a table, and how to read
// one object of the pool into a row. Every list also gets --all-contexts
// (allcontexts.go): the same listing from every context of the config
// file, in parallel, with a CONTEXT column.
//
// Every list gets -o, --list, --no-header, --filter and --operator; the
// rows are read page by page as the pool arrives, and -o json/yaml/xml
// print the server's pool document in the shape of OpenNebula's CLI.
type List struct {
	Res   *Resource
	Short string
	// Table gives the columns: those of the Ruby CLI's list first (the
	// default), then extra ones for --list.
	Table func() *output.Table
	// Row reads one pool element into the value the columns take
	// (UnmarshalRow[client.VM] for a typed struct).
	Row func(elem []byte) (any, error)
	// Whose: the pool takes a filter flag (--mine, --group, --all, <user>).
	Whose bool
	// Flags and Query let a group add its own options (VM --state, --search).
	Flags func(fs *pflag.FlagSet)
	Query func(c *Call, q *client.PoolQuery) error
}

type listOpts struct {
	Out      output.Options
	filters  []string
	operator string
	mine     bool
	group    bool
	all      bool
	// allContexts lists from every context of the config file at once.
	allContexts bool
}

// Build turns the declaration into a cobra command.
func (l *List) Build(f *Factory) *cobra.Command {
	o := &listOpts{}
	use := "list"
	if l.Whose {
		use += " [<user>]"
	}
	cmd := &cobra.Command{
		Use:     use,
		Aliases: []string{"ls"},
		Short:   l.Short,
		Long:    l.Short + "." + APIHelp(l.Res.Pool.Method, ""),
		Args:    cobra.MaximumNArgs(BoolInt(l.Whose)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return l.run(cmd, f, o, args)
		},
	}
	fs := cmd.Flags()
	AddOutputFlags(cmd, &o.Out)
	fs.StringArrayVar(&o.filters, "filter", nil, "show only rows where COLUMN<op>VALUE (op: = != < <= > >= ~); repeatable")
	fs.StringVar(&o.operator, "operator", "AND", "how several --filter combine: AND or OR")
	if l.Whose {
		fs.BoolVar(&o.mine, "mine", false, "only your own objects")
		fs.BoolVar(&o.group, "group", false, "your objects and those of your groups")
		fs.BoolVar(&o.all, "all", false, "every object you may see (the default)")
	}
	fs.BoolVar(&o.allContexts, "all-contexts", false, "list from every context of the config file, in parallel, with a CONTEXT column (json/yaml: one document per context)")
	if l.Flags != nil {
		l.Flags(fs)
	}
	return cmd
}

func (l *List) run(cmd *cobra.Command, f *Factory, o *listOpts, args []string) error {
	if err := ValidateOutput(&o.Out); err != nil {
		return err
	}
	tbl := l.Table()
	if o.allContexts {
		tbl = withContextColumn(tbl)
	}
	if o.Out.Format == output.FormatTable || o.Out.Format == output.FormatCSV {
		if err := tbl.CheckColumns(o.Out.Columns); err != nil {
			return &UsageError{Msg: err.Error()}
		}
	}
	filters, err := parseFilters(o.filters, tbl)
	if err != nil {
		return err
	}
	or := false
	switch strings.ToUpper(o.operator) {
	case "AND":
	case "OR":
		or = true
	default:
		return Usagef("invalid --operator %q: use AND or OR", o.operator)
	}
	if o.allContexts {
		return l.runAll(cmd, f, o, args, tbl, filters, or)
	}
	page, err := l.fetch(cmd, f, o, args, filters, or, nil)
	if err != nil || f.G.DryRun {
		return err
	}
	p := &output.Printer{Opts: o.Out, Out: f.IO.Out, Color: f.IO.ColorEnabled()}
	return p.Print(joinPool(page.root, page.raws), tbl, page.rows)
}

// listPage is what one cloud answered to a list: the pool's root element
// and the objects that passed the filters, as rows and as raw XML.
type listPage struct {
	root string
	rows []any
	raws [][]byte
}

// fetch reads the pool through f's client and keeps the rows that pass the
// filters; wrap, when set, turns each row into what the table reads
// (--all-contexts adds the context).
func (l *List) fetch(cmd *cobra.Command, f *Factory, o *listOpts, args []string, filters []rowFilter, or bool, wrap func(any) any) (listPage, error) {
	ctx := cmd.Context()
	var page listPage
	var err error
	q := l.Res.Pool
	q.Extra = append([]any(nil), q.Extra...)
	if l.Whose {
		if q.Filter, err = l.filterFlag(ctx, f, o, args); err != nil {
			return page, err
		}
	}
	c := &Call{Cmd: cmd, F: f}
	if l.Query != nil {
		if err := l.Query(c, &q); err != nil {
			return page, err
		}
	}
	cl, err := f.Client()
	if err != nil {
		return page, err
	}
	lastKept := false
	err = cl.Objects(ctx, q, func(r string, elem []byte) error {
		page.root = r
		row, err := l.Row(elem)
		if err != nil {
			return fmt.Errorf("reading %s pool: %w", l.Res.Label, err)
		}
		if x, ok := row.(*PoolExtra); ok {
			if !x.Follows || lastKept {
				page.raws = append(page.raws, elem)
			}
			return nil
		}
		if wrap != nil {
			row = wrap(row)
		}
		lastKept = keep(row, filters, or)
		if lastKept {
			page.rows = append(page.rows, row)
			page.raws = append(page.raws, elem)
		}
		return nil
	})
	if page.root == "" {
		page.root = l.Res.Kind + "_POOL"
	}
	return page, err
}

// filterFlag maps --mine/--group/--all or a user argument to the pool's
// filter flag (enums.md §6).
func (l *List) filterFlag(ctx context.Context, f *Factory, o *listOpts, args []string) (int, error) {
	set := 0
	flag := -2
	if o.mine {
		set++
		flag = -3
	}
	if o.group {
		set++
		flag = -1
	}
	if o.all {
		set++
	}
	if len(args) == 1 {
		set++
		uid, err := NewResolver(f, Users).ID(ctx, args[0])
		if err != nil {
			return 0, err
		}
		flag = uid
	}
	if set > 1 {
		return 0, Usagef("--mine, --group, --all and <user> exclude each other")
	}
	return flag, nil
}

func joinPool(root string, elems [][]byte) []byte {
	var b bytes.Buffer
	b.WriteString("<" + root + ">")
	for _, e := range elems {
		b.Write(e)
	}
	b.WriteString("</" + root + ">")
	return b.Bytes()
}

// PoolExtra is what a List's Row returns for a pool element that is not
// an object: the QUOTAS that follow each user or group (Follows: printed
// with -o json/yaml/xml only when that object is), or the default quotas
// that close the pool (always printed). It never becomes a table row.
type PoolExtra struct{ Follows bool }

// UnmarshalRow is the usual row reader: the object's typed struct.
func UnmarshalRow[T any](elem []byte) (any, error) {
	v := new(T)
	if err := xml.Unmarshal(elem, v); err != nil {
		return nil, err
	}
	return v, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
