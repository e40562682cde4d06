package commands

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

// lister declares a `list` command: a pool method, a table, and how to read
// one object of the pool into a row.
type lister struct {
	res   *resource
	short string
	table func() *output.Table
	row   func(elem []byte) (any, error)
	// whose: the pool takes a filter flag (--mine, --group, --all, <user>).
	whose bool
	// flags and query let a group add its own options (VM --state, --search).
	flags func(fs *pflag.FlagSet)
	query func(c *call, q *client.PoolQuery) error
}

type listOpts struct {
	out      output.Options
	filters  []string
	operator string
	mine     bool
	group    bool
	all      bool
}

func (l *lister) build(f *Factory) *cobra.Command {
	o := &listOpts{}
	use := "list"
	if l.whose {
		use += " [<user>]"
	}
	cmd := &cobra.Command{
		Use:     use,
		Aliases: []string{"ls"},
		Short:   l.short,
		Long:    l.short + "." + apiHelp(l.res.pool.Method, ""),
		Args:    cobra.MaximumNArgs(boolInt(l.whose)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return l.run(cmd, f, o, args)
		},
	}
	fs := cmd.Flags()
	addOutputFlags(cmd, &o.out)
	fs.StringArrayVar(&o.filters, "filter", nil, "show only rows where COLUMN<op>VALUE (op: = != < <= > >= ~); repeatable")
	fs.StringVar(&o.operator, "operator", "AND", "how several --filter combine: AND or OR")
	if l.whose {
		fs.BoolVar(&o.mine, "mine", false, "only your own objects")
		fs.BoolVar(&o.group, "group", false, "your objects and those of your groups")
		fs.BoolVar(&o.all, "all", false, "every object you may see (the default)")
	}
	if l.flags != nil {
		l.flags(fs)
	}
	return cmd
}

func (l *lister) run(cmd *cobra.Command, f *Factory, o *listOpts, args []string) error {
	ctx := cmd.Context()
	if err := validateOutput(&o.out); err != nil {
		return err
	}
	tbl := l.table()
	if o.out.Format == output.FormatTable || o.out.Format == output.FormatCSV {
		if err := tbl.CheckColumns(o.out.Columns); err != nil {
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
		return usageErrorf("invalid --operator %q: use AND or OR", o.operator)
	}
	q := l.res.pool
	q.Extra = append([]any(nil), q.Extra...)
	if l.whose {
		if q.Filter, err = l.filterFlag(ctx, f, o, args); err != nil {
			return err
		}
	}
	c := &call{cmd: cmd, f: f}
	if l.query != nil {
		if err := l.query(c, &q); err != nil {
			return err
		}
	}
	cl, err := f.Client()
	if err != nil {
		return err
	}
	var (
		rows []any
		raws [][]byte
		root string
	)
	err = cl.Objects(ctx, q, func(r string, elem []byte) error {
		root = r
		row, err := l.row(elem)
		if err != nil {
			return fmt.Errorf("reading %s pool: %w", l.res.label, err)
		}
		if keep(row, filters, or) {
			rows = append(rows, row)
			raws = append(raws, elem)
		}
		return nil
	})
	if err != nil || cl.IsDryRun() {
		return err
	}
	if root == "" {
		root = l.res.kind + "_POOL"
	}
	p := &output.Printer{Opts: o.out, Out: f.IO.Out, Color: f.IO.ColorEnabled()}
	return p.Print(joinPool(root, raws), tbl, rows)
}

// filterFlag maps --mine/--group/--all or a user argument to the pool's
// filter flag (enums.md §6).
func (l *lister) filterFlag(ctx context.Context, f *Factory, o *listOpts, args []string) (int, error) {
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
		uid, err := newResolver(f, userRes).ID(ctx, args[0])
		if err != nil {
			return 0, err
		}
		flag = uid
	}
	if set > 1 {
		return 0, usageErrorf("--mine, --group, --all and <user> exclude each other")
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

// unmarshalRow is the usual row reader: the object's typed struct.
func unmarshalRow[T any](elem []byte) (any, error) {
	v := new(T)
	if err := xml.Unmarshal(elem, v); err != nil {
		return nil, err
	}
	return v, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
