package kit

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/output"
)

// Show declares a command that reads one object with one call and prints
// it: as the server's document for -o json/yaml/xml/csv, or through Render
// for the default human format. `show` and `monitoring` are both this.
type Show struct {
	Res    *Resource
	Use    string // verb: "show"
	Short  string
	Method string // default: Res.Info
	// Args are positional arguments after the object (disk-snapshot-list's
	// disk ID); the renderer and rows get them resolved, nil for an
	// Optional one that was left out.
	Args  []Arg
	Flags func(fs *pflag.FlagSet)
	// Params, when set, gives the method's parameters after the session
	// (template show --extended sends (id, true)); default: the ID alone.
	Params func(c *Call, id int) []any
	// Decrypt gives --decrypt, OpenNebula's show option that sends
	// (id, true) so an administrator sees encrypted attributes in clear.
	Decrypt bool
	// Render prints the human form. It gets the document, parsed (Doc) and
	// raw (for a typed parse), and the client for follow-up lookups.
	Render func(r *Render) error
	// Table and Rows, when set, let -o csv print rows from the document.
	Table func() *output.Table
	Rows  func(raw []byte, args []any) ([]any, error)
	// Self lets the object be omitted: the method then gets -1, which
	// oned reads as the caller's own user (or primary group).
	Self bool
}

// Render is what a Show's renderer sees: the object's document (Raw, and
// Doc parsed once), the client for follow-up lookups, and where to write.
type Render struct {
	Ctx    context.Context
	Cmd    *cobra.Command
	Client *client.Client
	ID     int
	Args   []any
	Raw    []byte
	Doc    *output.Node
	Out    io.Writer
	TTY    bool
}

// Build turns the declaration into a cobra command.
func (s *Show) Build(f *Factory) *cobra.Command {
	var out output.Options
	method := s.Method
	if method == "" {
		method = s.Res.Info
	}
	use := s.Use + " <" + s.Res.Noun + ">"
	required := 1
	for _, a := range s.Args {
		if a.Optional {
			use += " [<" + a.Name + ">]"
			continue
		}
		use += " <" + a.Name + ">"
		required++
	}
	nargs := cobra.RangeArgs(required, 1+len(s.Args))
	if required == 1+len(s.Args) {
		nargs = cobra.ExactArgs(required)
	}
	if s.Self {
		use = s.Use + " [<" + s.Res.Noun + ">]"
		nargs = cobra.RangeArgs(0, 1)
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: s.Short,
		Long:  s.Short + "." + APIHelp(method, ""),
		Args:  nargs,
	}
	AddOutputFlags(cmd, &out)
	if s.Flags != nil {
		s.Flags(cmd.Flags())
	}
	if s.Decrypt {
		cmd.Flags().Bool("decrypt", false, "show encrypted attributes in clear (administrators only)")
	}
	cmd.ValidArgsFunction = CompleteObjects(f, s.Res, false)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := ValidateOutput(&out); err != nil {
			return err
		}
		ctx := cmd.Context()
		var (
			id  = -1
			c   *client.Client
			err error
		)
		if len(args) == 0 {
			c, err = f.Client()
		} else {
			id, c, err = OneObject(ctx, f, s.Res, args[0])
		}
		if err != nil {
			return err
		}
		extra := make([]any, len(s.Args))
		for i, a := range s.Args {
			if i+1 >= len(args) {
				break
			}
			if extra[i], err = ReadArg(ctx, f, a, args[i+1]); err != nil {
				return err
			}
		}
		params := []any{id}
		if s.Decrypt {
			decrypt, _ := cmd.Flags().GetBool("decrypt")
			params = append(params, decrypt)
		}
		if s.Params != nil {
			params = s.Params(&Call{Cmd: cmd, F: f, Args: extra}, id)
		}
		raw, err := c.CallString(ctx, method, params...)
		if err != nil || c.IsDryRun() {
			return err
		}
		p := &output.Printer{Opts: out, Out: f.IO.Out}
		switch {
		case out.Format == output.FormatTable:
			doc, err := output.ParseXML([]byte(raw))
			if err != nil {
				return fmt.Errorf("reading %s %d: %w", s.Res.Label, id, err)
			}
			return s.Render(&Render{Ctx: ctx, Cmd: cmd, Client: c, ID: id, Args: extra, Raw: []byte(raw), Doc: doc, Out: f.IO.Out, TTY: f.IO.IsStdoutTTY()})
		case out.Format == output.FormatCSV && s.Rows != nil:
			rows, err := s.Rows([]byte(raw), extra)
			if err != nil {
				return fmt.Errorf("reading %s %d: %w", s.Res.Label, id, err)
			}
			return p.Table(s.Table(), rows)
		default:
			return p.Print([]byte(raw), nil, nil)
		}
	}
	return cmd
}
