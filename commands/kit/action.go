package kit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/output"
)

// ArgKind says how a positional argument that is not an object is read.
type ArgKind int

const (
	ArgString ArgKind = iota // as typed
	ArgInt                   // a non-negative number
	ArgSizeMB                // "10G", "512M", "2048" (MB), sent as MB
	ArgOctal                 // three octal digits, for chmod: "640"
)

// Arg is a positional argument after the object ID(s).
type Arg struct {
	Name string // shown in usage as <name>
	Kind ArgKind
	// Res, when set, makes the argument an object of that type: an ID or a
	// name, resolved through its pool (and completed live). Kind is then
	// ignored.
	Res      *Resource
	Optional bool // only trailing arguments may be optional
	// All lets the word ALL (any case), or -10, stand for every object of
	// Res: OpenNebula's ALL_RESOURCES (-10), as VDCs take it.
	All bool
}

// Action declares a command that calls one XML-RPC method on one object
// or many: most commands of every group are one of these. Build turns it
// into a cobra command with argument checks, name resolution, completion,
// confirmation, bulk execution, --wait and --schedule as declared.
type Action struct {
	Use     string // the verb only: "deploy"; Build adds the arguments
	Aliases []string
	Short   string // one line; Build appends the ID syntax and the method
	Long    string
	Example string
	Method  string    // "one.vm.deploy"; the help names it and its permission
	Perm    string    // overrides methods.tsv where the permission depends on the arguments
	Res     *Resource // the type of the object argument
	// Many lets the object argument name several objects (IDs, names,
	// ranges, lists, and several arguments when no Args follow); the call
	// is then made for each, 8 at a time, one stderr line per failure.
	Many bool
	Args []Arg // positional arguments after the object
	// Flags registers the command's own flags.
	Flags func(fs *pflag.FlagSet)
	// ObjectFlags names the flags (of Flags) that take an object by ID or
	// name, so they complete live like the arguments: {"datastore":
	// kit.Datastores}.
	ObjectFlags map[string]*Resource
	// Params builds the method's parameters after the session, for one
	// object (IDOnly, IDAndArgs and ChmodParams are the usual ones).
	Params func(c *Call, id int) ([]any, error)
	// Check validates flags and arguments once, before anything is asked
	// or sent. Returning ErrNothingToDo ends the command successfully
	// without a call (an edit that changed nothing).
	Check func(c *Call) error
	// Wait, when set, gives --wait: poll until the object reaches one of
	// its states (Until) or is stable again (Settled). Needs Res.Status.
	Wait *WaitSpec
	// WaitResult makes --wait follow the object the method returns (a
	// reservation, a copy) instead of the one it was called on; both are
	// of type Res.
	WaitResult bool
	// Destructive actions ask for confirmation on a terminal (never
	// without one, never with --yes).
	Destructive bool
	// States are the short states (runn, poff...) in which the action is
	// allowed; completion offers only those objects (needs
	// Res.CompleteIn). Empty = any.
	States []string
	// Scheduled, when set, gives --schedule: the SCHED_ACTION's ACTION and
	// ARGS for this call, sent with Res.SchedAdd instead of Method.
	Scheduled func(c *Call) (action, args string)
	// Already, when set, tells whether an object the call refused for its
	// state (exit 6) was already where the action leads, and names that
	// state; it is then a success, reported as "already STATE". Without
	// it, actions whose Wait lists states use those: a VM that poweroff
	// refuses but that is POWEROFF is already there.
	Already func(ctx context.Context, c *Call, id int) (state string, ok bool, err error)
	// Result says how the method's result is shown: "" prints nothing,
	// "ID" prints `ID: N` (or {"ID":N} with -o json...) for calls that
	// create something.
	Result string
}

// AllResources is OpenNebula's ID for "every object" (Vdc::ALL_RESOURCES).
const AllResources = -10

// ErrNothingToDo, from an Action's Check, ends the command with success
// and no call.
var ErrNothingToDo = errors.New("nothing to do")

// Call is what params functions see: the parsed command line of one run.
type Call struct {
	Cmd  *cobra.Command
	F    *Factory
	Args []any // resolved positional args (int or string), nil when omitted
}

// Bool, String, Int and Changed read the command's flags by name.
func (c *Call) Bool(name string) bool {
	v, _ := c.Cmd.Flags().GetBool(name)
	return v
}

func (c *Call) String(name string) string {
	v, _ := c.Cmd.Flags().GetString(name)
	return v
}

func (c *Call) Int(name string) int {
	v, _ := c.Cmd.Flags().GetInt(name)
	return v
}

func (c *Call) Changed(name string) bool { return c.Cmd.Flags().Changed(name) }

// Arg returns positional argument i, or def when it was omitted.
func (c *Call) Arg(i int, def any) any {
	if i < len(c.Args) && c.Args[i] != nil {
		return c.Args[i]
	}
	return def
}

func (a *Action) usageLine() string {
	var b strings.Builder
	b.WriteString(a.Use)
	obj := " <" + a.Res.Noun + ">"
	if a.Many {
		if len(a.Args) == 0 {
			obj = " <" + a.Res.Noun + ">..."
		} else {
			obj = " <" + a.Res.Noun + "-list>"
		}
	}
	b.WriteString(obj)
	for _, p := range a.Args {
		if p.Optional {
			fmt.Fprintf(&b, " [<%s>]", p.Name)
		} else {
			fmt.Fprintf(&b, " <%s>", p.Name)
		}
	}
	return b.String()
}

func (a *Action) argsValidator() cobra.PositionalArgs {
	required, optional := 1, 0
	for _, p := range a.Args {
		if p.Optional {
			optional++
		} else {
			required++
		}
	}
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < required {
			return Usagef("%s needs %d argument(s): %s", cmd.CommandPath(), required, a.usageLine())
		}
		if a.Many && len(a.Args) == 0 {
			return nil
		}
		if len(args) > required+optional {
			return Usagef("%s takes at most %d argument(s): %s", cmd.CommandPath(), required+optional, a.usageLine())
		}
		return nil
	}
}

// Build turns the declaration into a cobra command.
func (a *Action) Build(f *Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:     a.usageLine(),
		Aliases: a.Aliases,
		Short:   a.Short,
		Long:    strings.TrimSpace(a.Short+"\n\n"+a.Long) + idHelp(a) + APIHelp(a.Method, a.Perm),
		Example: a.Example,
		Args:    a.argsValidator(),
	}
	fs := cmd.Flags()
	if a.Flags != nil {
		a.Flags(fs)
	}
	CompleteObjectFlags(f, cmd, a.ObjectFlags)
	var wait bool
	if a.Wait != nil {
		fs.BoolVar(&wait, "wait", false, "wait until the "+a.Res.Label+" reaches "+a.Wait.describe()+" (bounded by --timeout)")
	}
	if a.Result != "" {
		AddOutputFlags(cmd, &out)
	}
	if a.Scheduled != nil {
		ScheduleFlag(fs)
	}
	cmd.ValidArgsFunction = completeAction(f, a)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if a.Result != "" {
			if err := ValidateOutput(&out); err != nil {
				return err
			}
		}
		return a.run(cmd, f, args, wait, out)
	}
	return cmd
}

func idHelp(a *Action) string {
	if a.Many {
		return "\n\n<" + a.Res.Noun + "-list> is an ID, a name, a range (1..5) or a list (1,3,7..9)."
	}
	return ""
}

func (a *Action) run(cmd *cobra.Command, f *Factory, args []string, wait bool, out output.Options) error {
	ctx := cmd.Context()
	objArgs, rest := args[:1], args[1:]
	if a.Many && len(a.Args) == 0 {
		objArgs, rest = args, nil
	}
	c := &Call{Cmd: cmd, F: f}
	if err := c.resolveArgs(ctx, a.Args, rest); err != nil {
		return err
	}
	if a.Check != nil {
		if err := a.Check(c); err != nil {
			if errors.Is(err, ErrNothingToDo) {
				return nil
			}
			return err
		}
	}
	// Everything the user typed is checked before anything is asked or sent.
	method, params := a.Method, a.Params
	if a.Scheduled != nil && c.Changed("schedule") {
		if wait {
			return Usagef("--wait and --schedule exclude each other")
		}
		at, err := ParseSchedule(c.String("schedule"), Now())
		if err != nil {
			return &UsageError{Msg: err.Error()}
		}
		repeat, err := RepeatPairs(c)
		if err != nil {
			return err
		}
		name, args := a.Scheduled(c)
		method, wait = a.Res.SchedAdd, false
		params = func(_ *Call, id int) ([]any, error) {
			return []any{id, SchedTemplateWith(name, at, args, repeat)}, nil
		}
	}
	r := NewResolver(f, a.Res)
	var ids []int
	if a.Many {
		var err error
		if ids, err = r.IDs(ctx, objArgs); err != nil {
			return err
		}
	} else {
		id, err := r.ID(ctx, objArgs[0])
		if err != nil {
			return err
		}
		ids = []int{id}
	}
	if a.Destructive {
		if err := Confirm(f, fmt.Sprintf("%s %s %s?", a.Use, a.Res.Label, JoinInts(ids))); err != nil {
			return err
		}
	}
	cl, err := f.Client()
	if err != nil {
		return err
	}
	return ForEach(ctx, f, a.Res.Noun, ids, func(ctx context.Context, id int, w io.Writer) error {
		params, err := params(c, id)
		if err != nil {
			return err
		}
		res, err := cl.Call(ctx, method, params...)
		if err != nil {
			if method == a.Method {
				if already := a.already(ctx, c, cl, id, err); already != nil {
					return already
				}
			}
			return err
		}
		if a.Result != "" && method == a.Method && !cl.IsDryRun() {
			if err := PrintResult(&output.Printer{Opts: out, Out: w}, a.Result, res); err != nil {
				return err
			}
		}
		if wait {
			target := id
			if n, ok := ResultInt(res); ok && a.WaitResult {
				target = n
			}
			return WaitObject(ctx, f, a.Res, target, a.Wait, len(ids) == 1)
		}
		return nil
	})
}

// resolveArgs reads positional args by kind; names of hosts, datastores,
// users... are resolved through their pool once.
func (c *Call) resolveArgs(ctx context.Context, specs []Arg, raw []string) error {
	c.Args = make([]any, len(specs))
	for i, spec := range specs {
		if i >= len(raw) {
			break
		}
		v, err := ReadArg(ctx, c.F, spec, raw[i])
		if err != nil {
			return err
		}
		c.Args[i] = v
	}
	return nil
}

// ReadArg reads one positional argument as spec says: an object (by ID or
// name) when spec.Res is set, else by its Kind.
func ReadArg(ctx context.Context, f *Factory, spec Arg, s string) (any, error) {
	if spec.All && (strings.EqualFold(s, "ALL") || s == "-10") {
		return AllResources, nil
	}
	if spec.Res != nil {
		return NewResolver(f, spec.Res).ID(ctx, s)
	}
	switch spec.Kind {
	case ArgString:
		return s, nil
	case ArgInt:
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > maxID {
			return nil, Usagef("<%s> must be a number from 0 to %d, not %q", spec.Name, maxID, s)
		}
		return n, nil
	case ArgSizeMB:
		mb, err := ParseSizeMB(s)
		if err != nil {
			return nil, Usagef("<%s>: %v", spec.Name, err)
		}
		return mb, nil
	case ArgOctal:
		if len(s) != 3 || strings.Trim(s, "01234567") != "" {
			return nil, Usagef("<%s> must be three octal digits like 640, not %q", spec.Name, s)
		}
		return s, nil
	}
	return s, nil
}

// ParseSizeMB reads sizes as OpenNebula's CLI does: a bare number is MB,
// with M, G or T units (optionally followed by B).
func ParseSizeMB(s string) (int, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(t, "B")
	mult := 1.0
	switch {
	case strings.HasSuffix(t, "T"):
		mult, t = 1024*1024, strings.TrimSuffix(t, "T")
	case strings.HasSuffix(t, "G"):
		mult, t = 1024, strings.TrimSuffix(t, "G")
	case strings.HasSuffix(t, "M"):
		t = strings.TrimSuffix(t, "M")
	}
	v, err := strconv.ParseFloat(t, 64)
	// NaN and Inf parse as floats; NaN fails every comparison, so the test
	// is written to let only finite positive sizes through.
	if err != nil || !(v > 0) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("invalid size %q: use a positive number of MB or units like 512M, 10G", s)
	}
	mb := v * mult
	if mb < 1 || mb > math.MaxInt32 {
		return 0, fmt.Errorf("invalid size %q: must be from 1 MB to %d MB", s, math.MaxInt32)
	}
	return int(mb), nil
}

// ResultInt reads an integer result, whichever width the decoder chose.
func ResultInt(res any) (int, bool) {
	switch v := res.(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case int32:
		return int(v), true
	}
	return 0, false
}

func PrintResult(p *output.Printer, label string, res any) error {
	n, ok := ResultInt(res)
	if !ok {
		return nil
	}
	var text string
	switch p.Opts.Format {
	case output.FormatJSON:
		text = fmt.Sprintf("{\"%s\":%d}\n", label, n)
	case output.FormatYAML:
		text = fmt.Sprintf("---\n%s: %d\n", label, n)
	case output.FormatXML:
		text = fmt.Sprintf("<%s>%d</%s>\n", label, n, label)
	case output.FormatCSV:
		text = fmt.Sprintf("%s\n%d\n", label, n)
	default:
		text = fmt.Sprintf("%s: %d\n", label, n)
	}
	_, err := io.WriteString(p.Out, text)
	return err
}

func JoinInts(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(id)
	}
	if len(s) > 10 {
		return strings.Join(s[:10], ",") + fmt.Sprintf(",... (%d in all)", len(s))
	}
	return strings.Join(s, ",")
}
