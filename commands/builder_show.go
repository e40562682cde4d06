package commands

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/output"
)

// shower declares a command that reads one object with one call and prints
// it: as the server's document for -o json/yaml/xml/csv, or through render
// for the default human format. `show` and `monitoring` are both this.
type shower struct {
	res    *resource
	use    string // verb: "show"
	short  string
	method string // default: res.info
	// args are positional arguments after the object (disk-snapshot-list's
	// disk ID); the renderer and rows get them resolved.
	args  []arg
	flags func(fs *pflag.FlagSet)
	// render prints the human form. It gets the raw document so it can parse
	// whatever it needs, and the client for follow-up lookups.
	render func(r *render) error
	// table and rows, when set, let -o csv print rows from the document.
	table func() *output.Table
	rows  func(raw []byte, args []any) ([]any, error)
}

// render is what a shower's renderer sees.
type render struct {
	ctx  context.Context
	cmd  *cobra.Command
	c    *client.Client
	id   int
	args []any
	raw  []byte
	out  io.Writer
	tty  bool
}

func (s *shower) build(f *Factory) *cobra.Command {
	var out output.Options
	method := s.method
	if method == "" {
		method = s.res.info
	}
	use := s.use + " <" + s.res.noun + ">"
	for _, a := range s.args {
		use += " <" + a.name + ">"
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: s.short,
		Long:  s.short + "." + apiHelp(method, ""),
		Args:  cobra.ExactArgs(1 + len(s.args)),
	}
	addOutputFlags(cmd, &out)
	if s.flags != nil {
		s.flags(cmd.Flags())
	}
	cmd.ValidArgsFunction = completeObjects(f, s.res, false)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := validateOutput(&out); err != nil {
			return err
		}
		ctx := cmd.Context()
		id, c, err := oneObject(ctx, f, s.res, args[0])
		if err != nil {
			return err
		}
		extra := make([]any, len(s.args))
		for i, a := range s.args {
			if extra[i], err = readArg(ctx, f, a, args[i+1]); err != nil {
				return err
			}
		}
		raw, err := c.CallString(ctx, method, id)
		if err != nil || c.IsDryRun() {
			return err
		}
		p := &output.Printer{Opts: out, Out: f.IO.Out}
		switch {
		case out.Format == output.FormatTable:
			return s.render(&render{ctx: ctx, cmd: cmd, c: c, id: id, args: extra, raw: []byte(raw), out: f.IO.Out, tty: f.IO.IsStdoutTTY()})
		case out.Format == output.FormatCSV && s.rows != nil:
			rows, err := s.rows([]byte(raw), extra)
			if err != nil {
				return fmt.Errorf("reading %s %d: %w", s.res.label, id, err)
			}
			return p.Table(s.table(), rows)
		default:
			return p.Print([]byte(raw), nil, nil)
		}
	}
	return cmd
}
