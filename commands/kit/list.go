package kit

import (
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"runtime/debug"
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
	// Whole: the pool is read whole before anything is printed, because
	// its rows depend on elements after them (the default quotas closing
	// the user and group pools; see PoolExtra).
	Whole bool
	// NewRow, when set instead of Row, makes a fresh reader for each read
	// of the pool: for readers that keep state between elements (QuotaPool),
	// since --all-contexts reads several pools at once.
	NewRow func() func(elem []byte) (any, error)
	// Flags and Query let a group add its own options (VM --state, --search).
	Flags func(fs *pflag.FlagSet)
	Query func(c *Call, q *client.PoolQuery) error
	// States are the type's states (client.VMStateNames()...); they give
	// the list --state NAME[,NAME...], short names as the STAT column shows
	// them or long ones. A Query may also hand them to the server
	// (Call.StateNames); the rows are matched here either way.
	States []client.StateName
	// RowStates gives the names a row's state goes by; by default its STAT
	// and STATE cells. (A VM is "runn", "RUNNING" and "ACTIVE" at once.)
	RowStates func(row any) []string
	// Keep, when set, drops rows on the client, as some of OpenNebula's
	// list options do (oneimage list --backup keeps TYPE=BK).
	Keep func(c *Call, row any) bool
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
	x           listExtras // listx.go: --state, --sort, -q, --watch
	top         bool       // built by BuildTop: no --watch
}

// Build turns the declaration into a cobra command.
func (l *List) Build(f *Factory) *cobra.Command { return l.build(f, &listOpts{}) }

func (l *List) build(f *Factory, o *listOpts) *cobra.Command {
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
	AddOutputFlags(cmd, &o.Out, formatName)
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
	l.addExtras(cmd, o)
	return cmd
}

func (l *List) run(cmd *cobra.Command, f *Factory, o *listOpts, args []string) error {
	idsOnly := o.takeNameFormat()
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
	if o.x.inState, err = l.stateMatcher(o.x.state, tbl); err != nil {
		return err
	}
	if l.Keep != nil {
		c := &Call{Cmd: cmd, F: f}
		o.x.keepRow = func(row any) bool { return l.Keep(c, row) }
	}
	sortKeys, err := parseSort(o.x.sort, tbl)
	if err != nil {
		return err
	}
	if err := o.x.watch.check(o.Out.Format, idsOnly); err != nil {
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
		if o.x.watch.on || idsOnly || len(sortKeys) > 0 {
			return Usagef("--all-contexts lists each cloud as it answers: leave out --watch, --sort, -q and -o name")
		}
		return l.runAll(cmd, f, o, args, tbl, filters, or)
	}
	if len(sortKeys) > 0 || o.x.watch.on || idsOnly || l.Whole {
		// Sorting, following changes and printing IDs need the whole pool.
		if o.x.watch.on {
			f.Endless() // --watch runs until stopped; each call keeps --timeout
		}
		page, err := l.collect(cmd, f, o, args, filters, or, nil)
		if err != nil || f.G.DryRun {
			return err
		}
		sortRows(sortKeys, page.rows, page.raws)
		if o.x.watch.on {
			return l.watch(cmd, f, o, args, tbl, filters, or, page)
		}
		if idsOnly {
			return printIDs(f.IO.Out, tbl, page.rows)
		}
		p := &output.Printer{Opts: o.Out, Out: f.IO.Out, Color: f.IO.ColorEnabled()}
		return p.Print(page.doc(), tbl, page.rows)
	}
	cl, err := f.Client()
	if err != nil {
		return err
	}
	// Each element is printed (or, for a table, turned into its cells) as
	// its page arrives, so a pool of any size never sits in memory.
	relaxGC()
	p := &output.Printer{Opts: o.Out, Out: f.IO.Out, Color: f.IO.ColorEnabled()}
	var stream *output.PoolStream
	if !cl.IsDryRun() {
		if stream, err = p.Stream(tbl); err != nil {
			return err
		}
	}
	rows := stream != nil && (stream.NeedsRows() || len(filters) > 0 || o.x.inState != nil || o.x.keepRow != nil)
	readRow := l.rowReader()
	err = l.fetch(cmd, f, o, args, func(root string, elem []byte) error {
		var row any
		if rows {
			var err error
			if row, err = readRow(elem); err != nil {
				return fmt.Errorf("reading %s pool: %w", l.Res.Label, err)
			}
			if !keep(row, filters, or) || !o.x.keepState(row) {
				return nil
			}
		}
		return stream.Add(root, elem, row)
	})
	if err != nil || cl.IsDryRun() {
		return err
	}
	return stream.Close(l.Res.Kind + "_POOL")
}

// listPage is what one cloud answered to a list: the pool's root element
// and the objects that passed the filters, as rows and as raw XML.
type listPage struct {
	root string
	rows []any
	raws [][]byte
	tail [][]byte // pool elements after the objects (users' default quotas)
}

// doc is the page as a pool document.
func (p listPage) doc() []byte {
	return joinPool(p.root, append(p.raws[:len(p.raws):len(p.raws)], p.tail...))
}

// collect reads the whole pool through f's client and keeps the rows that
// pass the filters, for what needs all of it at once: --sort, --watch,
// -o name, whole-pool lists and --all-contexts (whose wrap turns each row
// into what the table reads, adding the context).
func (l *List) collect(cmd *cobra.Command, f *Factory, o *listOpts, args []string, filters []rowFilter, or bool, wrap func(any) any) (listPage, error) {
	var page listPage
	lastKept := false
	readRow := l.rowReader()
	err := l.fetch(cmd, f, o, args, func(r string, elem []byte) error {
		page.root = r
		row, err := readRow(elem)
		if err != nil {
			return fmt.Errorf("reading %s pool: %w", l.Res.Label, err)
		}
		if x, ok := row.(*PoolExtra); ok {
			switch {
			case !x.Follows:
				page.tail = append(page.tail, elem)
			case lastKept:
				// kept with its object, so sorting moves them together
				last := len(page.raws) - 1
				page.raws[last] = append(page.raws[last][:len(page.raws[last]):len(page.raws[last])], elem...)
			}
			return nil
		}
		if wrap != nil {
			row = wrap(row)
		}
		lastKept = keep(row, filters, or) && o.x.keepState(row)
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

// fetch builds the pool query from the flags and hands each element of the
// pool to each as its page arrives.
func (l *List) fetch(cmd *cobra.Command, f *Factory, o *listOpts, args []string, each func(root string, elem []byte) error) error {
	ctx := cmd.Context()
	var err error
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
	return cl.Objects(ctx, q, each)
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

// relaxGC lets the garbage of a listing (a page's strings, each element's
// tree) pile up longer between collections, unless the user tuned the GC:
// the live heap of a listing is small (a table's cells at most), and a
// memory limit keeps the total bounded.
func relaxGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(96 << 20)
}

// rowReader is the row function for one read of the pool.
func (l *List) rowReader() func(elem []byte) (any, error) {
	if l.NewRow != nil {
		return l.NewRow()
	}
	return l.Row
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
