package commands

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/output"
)

// argKind says how a positional argument is read and resolved.
type argKind int

const (
	argString argKind = iota
	argInt
	argSizeMB // "10G", "512M", "2048" (MB)
	argOctal  // chmod "640"
	argHost
	argDatastore
	argUser
	argGroup
	argImage
	argVnet
)

var argResources = map[argKind]*resource{
	argHost: hostRes, argDatastore: datastoreRes, argUser: userRes, argGroup: groupRes,
	argImage: imageRes, argVnet: vnetRes,
}

// arg is a positional argument after the object ID(s).
type arg struct {
	name     string // shown in usage: <name>
	kind     argKind
	optional bool // only trailing arguments may be optional
}

// action declares a command that calls one XML-RPC method on one or many
// objects. Most `vm` commands are one of these.
type action struct {
	use     string // verb only: "deploy"
	aliases []string
	short   string
	long    string
	example string
	method  string
	perm    string // overrides methods.tsv where the permission depends on args
	res     *resource
	// many: the object argument accepts several objects (IDs, names, ranges,
	// lists, and several arguments when nothing follows them).
	many bool
	args []arg
	// flags registers the command's own flags.
	flags func(fs *pflag.FlagSet)
	// params builds the method's parameters after the session.
	params func(c *call, id int) ([]any, error)
	// check validates flags and arguments once, before any change is made.
	check       func(c *call) error
	wait        *waitSpec
	destructive bool
	// states: the short states (runn, poff...) in which the action is
	// allowed; completion offers only those VMs. Empty = any.
	states []string
	// scheduled, when set, gives --schedule: the SCHED_ACTION's ACTION and
	// ARGS for this call, sent with one.vm.schedadd instead of method.
	scheduled func(c *call) (action, args string)
	// result: how the method's result is shown ("" = nothing; "ID" prints
	// `ID: N`, for calls that create something).
	result string
}

// call is what params functions see: the parsed command line of one run.
type call struct {
	cmd  *cobra.Command
	f    *Factory
	args []any // resolved positional args (int or string), nil when omitted
}

func (c *call) Bool(name string) bool {
	v, _ := c.cmd.Flags().GetBool(name)
	return v
}

func (c *call) String(name string) string {
	v, _ := c.cmd.Flags().GetString(name)
	return v
}

func (c *call) Int(name string) int {
	v, _ := c.cmd.Flags().GetInt(name)
	return v
}

func (c *call) Changed(name string) bool { return c.cmd.Flags().Changed(name) }

// Arg returns positional argument i, or def when it was omitted.
func (c *call) Arg(i int, def any) any {
	if i < len(c.args) && c.args[i] != nil {
		return c.args[i]
	}
	return def
}

func (a *action) usageLine() string {
	var b strings.Builder
	b.WriteString(a.use)
	obj := " <" + a.res.noun + ">"
	if a.many {
		if len(a.args) == 0 {
			obj = " <" + a.res.noun + ">..."
		} else {
			obj = " <" + a.res.noun + "-list>"
		}
	}
	b.WriteString(obj)
	for _, p := range a.args {
		if p.optional {
			fmt.Fprintf(&b, " [<%s>]", p.name)
		} else {
			fmt.Fprintf(&b, " <%s>", p.name)
		}
	}
	return b.String()
}

func (a *action) argsValidator() cobra.PositionalArgs {
	required, optional := 1, 0
	for _, p := range a.args {
		if p.optional {
			optional++
		} else {
			required++
		}
	}
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < required {
			return usageErrorf("%s needs %d argument(s): %s", cmd.CommandPath(), required, a.usageLine())
		}
		if a.many && len(a.args) == 0 {
			return nil
		}
		if len(args) > required+optional {
			return usageErrorf("%s takes at most %d argument(s): %s", cmd.CommandPath(), required+optional, a.usageLine())
		}
		return nil
	}
}

// build turns the declaration into a cobra command.
func (a *action) build(f *Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:     a.usageLine(),
		Aliases: a.aliases,
		Short:   a.short,
		Long:    strings.TrimSpace(a.short+"\n\n"+a.long) + idHelp(a) + apiHelp(a.method, a.perm),
		Example: a.example,
		Args:    a.argsValidator(),
	}
	fs := cmd.Flags()
	if a.flags != nil {
		a.flags(fs)
	}
	var wait bool
	if a.wait != nil {
		fs.BoolVar(&wait, "wait", false, "wait until the VM reaches "+a.wait.describe()+" (bounded by --timeout)")
	}
	if a.result != "" {
		addOutputFlags(cmd, &out)
	}
	if a.scheduled != nil {
		scheduleFlag(fs)
	}
	cmd.ValidArgsFunction = completeAction(f, a)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if a.result != "" {
			if err := validateOutput(&out); err != nil {
				return err
			}
		}
		return a.run(cmd, f, args, wait, out)
	}
	return cmd
}

func idHelp(a *action) string {
	if a.many {
		return "\n\n<" + a.res.noun + "-list> is an ID, a name, a range (1..5) or a list (1,3,7..9)."
	}
	return ""
}

func (a *action) run(cmd *cobra.Command, f *Factory, args []string, wait bool, out output.Options) error {
	ctx := cmd.Context()
	objArgs, rest := args[:1], args[1:]
	if a.many && len(a.args) == 0 {
		objArgs, rest = args, nil
	}
	c := &call{cmd: cmd, f: f}
	if err := c.resolveArgs(ctx, a.args, rest); err != nil {
		return err
	}
	if a.check != nil {
		if err := a.check(c); err != nil {
			return err
		}
	}
	// Everything the user typed is checked before anything is asked or sent.
	method, params := a.method, a.params
	if a.scheduled != nil && c.Changed("schedule") {
		if wait {
			return usageErrorf("--wait and --schedule exclude each other")
		}
		at, err := parseSchedule(c.String("schedule"), now())
		if err != nil {
			return &UsageError{Msg: err.Error()}
		}
		name, args := a.scheduled(c)
		method, wait = "one.vm.schedadd", false
		params = func(_ *call, id int) ([]any, error) { return []any{id, schedTemplate(name, at, args)}, nil }
	}
	r := newResolver(f, a.res)
	var ids []int
	if a.many {
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
	if a.destructive {
		if err := confirm(f, fmt.Sprintf("%s %s %s?", a.use, a.res.label, joinInts(ids))); err != nil {
			return err
		}
	}
	cl, err := f.Client()
	if err != nil {
		return err
	}
	return forEach(ctx, f, a.res.noun, ids, func(ctx context.Context, id int, w io.Writer) error {
		params, err := params(c, id)
		if err != nil {
			return err
		}
		res, err := cl.Call(ctx, method, params...)
		if err != nil {
			return err
		}
		if a.result != "" && method == a.method && !cl.IsDryRun() {
			if err := printResult(&output.Printer{Opts: out, Out: w}, a.result, res); err != nil {
				return err
			}
		}
		if wait {
			return waitVM(ctx, f, id, a.wait, len(ids) == 1)
		}
		return nil
	})
}

// resolveArgs reads positional args by kind; names of hosts, datastores,
// users... are resolved through their pool once.
func (c *call) resolveArgs(ctx context.Context, specs []arg, raw []string) error {
	c.args = make([]any, len(specs))
	for i, spec := range specs {
		if i >= len(raw) {
			break
		}
		v, err := readArg(ctx, c.f, spec, raw[i])
		if err != nil {
			return err
		}
		c.args[i] = v
	}
	return nil
}

func readArg(ctx context.Context, f *Factory, spec arg, s string) (any, error) {
	switch spec.kind {
	case argString:
		return s, nil
	case argInt:
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return nil, usageErrorf("<%s> must be a non-negative number, not %q", spec.name, s)
		}
		return n, nil
	case argSizeMB:
		mb, err := parseSizeMB(s)
		if err != nil {
			return nil, usageErrorf("<%s>: %v", spec.name, err)
		}
		return mb, nil
	case argOctal:
		if len(s) != 3 || strings.Trim(s, "01234567") != "" {
			return nil, usageErrorf("<%s> must be three octal digits like 640, not %q", spec.name, s)
		}
		return s, nil
	default:
		return newResolver(f, argResources[spec.kind]).ID(ctx, s)
	}
}

// parseSizeMB reads sizes as OpenNebula's CLI does: a bare number is MB,
// with M, G or T units (optionally followed by B).
func parseSizeMB(s string) (int, error) {
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
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("invalid size %q: use a number of MB or units like 512M, 10G", s)
	}
	return int(v * mult), nil
}

// resultInt reads an integer result, whichever width the decoder chose.
func resultInt(res any) (int, bool) {
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

func printResult(p *output.Printer, label string, res any) error {
	n, ok := resultInt(res)
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

func joinInts(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(id)
	}
	if len(s) > 10 {
		return strings.Join(s[:10], ",") + fmt.Sprintf(",... (%d in all)", len(s))
	}
	return strings.Join(s, ",")
}
