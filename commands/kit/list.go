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
// one object of the pool into a row.
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
	if l.Flags != nil {
		l.Flags(fs)
	}
	return cmd
}

func (l *List) run(cmd *cobra.Command, f *Factory, o *listOpts, args []string) error {
	ctx := cmd.Context()
	if err := ValidateOutput(&o.Out); err != nil {
		return err
	}
	tbl := l.Table()
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
	q := l.Res.Pool
	q.Extra = append([]any(nil), q.Extra...)
	if l.Whose {
		if q.Filter, err = l.filterFlag(ctx, f, o, args); err != nil {
			return err
		}
	}
	c := &Call{Cmd: cmd, F: f}
	if l.Query != nil {
		if err := l.Query(c, &q); err != nil {
			return err
		}
	}
	cl, err := f.Client()
	if err != nil {
		return err
	}
	var (
		rows     []any
		raws     [][]byte
		root     string
		lastKept bool
	)
	err = cl.Objects(ctx, q, func(r string, elem []byte) error {
		root = r
		row, err := l.Row(elem)
		if err != nil {
			return fmt.Errorf("reading %s pool: %w", l.Res.Label, err)
		}
		if x, ok := row.(*PoolExtra); ok {
			if !x.Follows || lastKept {
				raws = append(raws, elem)
			}
			return nil
		}
		lastKept = keep(row, filters, or)
		if lastKept {
			rows = append(rows, row)
			raws = append(raws, elem)
		}
		return nil
	})
	if err != nil || cl.IsDryRun() {
		return err
	}
	if root == "" {
		root = l.Res.Kind + "_POOL"
	}
	p := &output.Printer{Opts: o.Out, Out: f.IO.Out, Color: f.IO.ColorEnabled()}
	return p.Print(joinPool(root, raws), tbl, rows)
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
