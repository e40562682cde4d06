package kit

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// Create declares a `create [<file>|-]` command: a template read from a
// file or stdin, completed by the command's flags (which win), sent with
// one allocate call; it prints `ID: N` and can --wait for the new object.
type Create struct {
	Res     *Resource
	Short   string
	Long    string // what the template holds; Build appends the method
	Example string
	Method  string
	Flags   func(fs *pflag.FlagSet)
	// FromFlags adds what the flags say to t (nil: the template comes only
	// from a file or stdin, and stdin is read when no file is given).
	FromFlags func(c *Call, t *template.Template) error
	// Params gives the method's parameters after the session; default:
	// the template text alone.
	Params func(c *Call, text string) ([]any, error)
	// Wait, when set, gives --wait: poll the new object until then.
	Wait *WaitSpec
	// Complete makes flags that name objects complete live.
	Complete map[string]*Resource
	// Dry gives --dry, as OpenNebula's CLI has it: print the template that
	// would be sent, and send nothing.
	Dry bool
}

// Build turns the declaration into a cobra command.
func (d *Create) Build(f *Factory) *cobra.Command {
	var (
		out  output.Options
		wait bool
		dry  bool
	)
	cmd := &cobra.Command{
		Use:     "create [<file>|-]",
		Short:   d.Short,
		Long:    d.Long + ` Prints "ID: N".` + APIHelp(d.Method, ""),
		Example: d.Example,
		Args:    cobra.MaximumNArgs(1),
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if err := ValidateOutput(&out); err != nil {
			return err
		}
		c := &Call{Cmd: cmd, F: f}
		src := ""
		switch {
		case len(args) == 1:
			src = args[0]
		case d.FromFlags == nil && f.IO.IsStdinTTY():
			return Usagef("give a template file, or - and the template on stdin")
		case d.FromFlags == nil:
			src = "-"
		}
		t := &template.Template{}
		if src != "" {
			text, err := ReadSource(f, src)
			if err != nil {
				return err
			}
			if t, err = ParseTemplate(text, "in "+src); err != nil {
				return err
			}
		}
		if d.FromFlags != nil {
			if err := d.FromFlags(c, t); err != nil {
				return err
			}
		}
		if len(t.Attrs) == 0 && d.FromFlags == nil {
			return Usagef("empty template: give a file, or pipe one on stdin")
		}
		if len(t.Attrs) == 0 {
			return Usagef("no template: give a file, - for stdin, or the flags that describe the %s", d.Res.Label)
		}
		if dry {
			_, err := fmt.Fprintln(f.IO.Out, t.String())
			return err
		}
		params := []any{t.String()}
		if d.Params != nil {
			var err error
			if params, err = d.Params(c, t.String()); err != nil {
				return err
			}
		}
		cl, err := f.Client()
		if err != nil {
			return err
		}
		res, err := cl.Call(ctx, d.Method, params...)
		if err != nil || cl.IsDryRun() {
			return err
		}
		if err := PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", res); err != nil {
			return err
		}
		if id, ok := ResultInt(res); ok && wait {
			return WaitObject(ctx, f, d.Res, id, d.Wait, true)
		}
		return nil
	}
	if d.Flags != nil {
		d.Flags(cmd.Flags())
	}
	if d.Dry {
		cmd.Flags().BoolVar(&dry, "dry", false, "print the template instead of creating the "+d.Res.Label)
	}
	if d.Wait != nil {
		cmd.Flags().BoolVar(&wait, "wait", false, "wait until the new "+d.Res.Label+" reaches "+d.Wait.describe()+" (bounded by --timeout)")
	}
	AddOutputFlags(cmd, &out)
	for flag, res := range d.Complete {
		CompleteFlag(f, cmd, flag, res)
	}
	return cmd
}
