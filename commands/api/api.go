// Package api is `onectl api`: any method of OpenNebula's XML-RPC API,
// called directly with the session added and the arguments typed from the
// method's signature, for what no subcommand covers (as `gh api` is for
// GitHub).
package api

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// NewCmd builds `onectl api`.
func NewCmd(f *kit.Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:   "api [<method> [<arg>...]]",
		Short: "Call any XML-RPC method of OpenNebula's API directly",
		Long: `Call any method of OpenNebula's XML-RPC API. The session is added for you;
the arguments are typed from the method's signature (int, bool, i8,
string, a comma separated list for array<int>), and a string argument
@FILE is the file's contents (@- reads standard input). Put -- before
arguments that start with a dash. Without a method, lists them all with
their arguments.

An XML document the method returns is printed as JSON (OpenNebula CLI's
shape), or with -o yaml or -o xml; a number, boolean or plain string as
it is. Errors exit with the usual codes; --dry-run prints the call.`,
		Example: `  onectl api one.vm.info 5
  onectl api one.vmpool.info -- -2 -1 -1 -1
  onectl api one.vm.update 5 @extra.tmpl 1
  onectl api one.system.version`,
		Args: cobra.ArbitraryArgs,
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return kit.MethodNames(), cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveDefault
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return listMethods(f.IO.Out)
			}
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			return run(cmd, f, out, args[0], args[1:])
		},
	}
	kit.AddOutputFlags(cmd, &out)
	return cmd
}

func listMethods(w io.Writer) error {
	var b strings.Builder
	for _, name := range kit.MethodNames() {
		m, _ := kit.LookupMethod(name)
		fmt.Fprintf(&b, "%s %s\n", name, usage(parseSignature(m.Params)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func run(cmd *cobra.Command, f *kit.Factory, out output.Options, method string, words []string) error {
	m, ok := kit.LookupMethod(method)
	if !ok {
		return kit.Usagef("unknown method %q: `onectl api` lists them", method)
	}
	params, err := typeArgs(parseSignature(m.Params), words, f.IO.In)
	if err != nil {
		return kit.Usagef("%s %v", method, err)
	}
	c, err := f.Client()
	if err != nil {
		return err
	}
	res, err := c.Call(cmd.Context(), method, params...)
	if err != nil || c.IsDryRun() {
		return err
	}
	return printResult(f.IO.Out, out, res)
}

// printResult prints what element 1 of the success envelope held.
func printResult(w io.Writer, out output.Options, res any) error {
	var text string
	switch v := res.(type) {
	case nil:
		return nil
	case string:
		if doc := strings.TrimSpace(v); strings.HasPrefix(doc, "<") {
			if out.Format == output.FormatTable || out.Format == output.FormatCSV {
				out.Format = output.FormatJSON
			}
			return (&output.Printer{Opts: out, Out: w}).Print([]byte(doc), nil, nil)
		}
		text = v
		if out.Format == output.FormatJSON {
			b, err := json.Marshal(v)
			if err != nil {
				return err
			}
			text = string(b)
		}
	case bool:
		text = strconv.FormatBool(v)
	default:
		text = fmt.Sprint(v)
	}
	if out.Format == output.FormatXML {
		text = "<RESULT>" + xmlEscape(text) + "</RESULT>"
	}
	_, err := io.WriteString(w, text+"\n")
	return err
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
