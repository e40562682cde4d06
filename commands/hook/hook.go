// Package hook is the hook group: onehook's subcommands.
package hook

import (
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// NewCmd is the hook group: onehook's subcommands.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("hook", "Manage hooks (onehook)", "hooks")
	for _, a := range []*kit.Action{
		kit.Delete(kit.Hooks), kit.Rename(kit.Hooks), kit.Lock(kit.Hooks), kit.Unlock(kit.Hooks),
		{
			Use: "retry", Short: "Run a past execution of a hook again, with the same arguments", Method: "one.hook.retry",
			Res:    kit.Hooks,
			Args:   []kit.Arg{{Name: "execution-id", Kind: kit.ArgInt}},
			Params: kit.IDAndArgs,
		},
	} {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(
		newCreateCmd(f),
		lister().Build(f),
		kit.Top(f, lister(), "Show hooks, refreshed every few seconds (onehook top)"),
		shower().Build(f),
		newLogCmd(f),
		(&kit.TemplateUpdate{
			Res: kit.Hooks, Use: "update", Short: "Replace or merge (--append) a hook's template", Method: "one.hook.update",
			Appendable: true,
			Current:    func(obj *output.Node, _ int) *template.Template { return kit.NodeTemplate(obj.Path("TEMPLATE"), nil) },
		}).Build(f),
	)
	return cmd
}

// simNote is said wherever a user might expect a command to have run.
const simNote = `onectl's simulator runs no hook command: it records each execution in
the hook log as oned does, with the arguments the command would have had.
It fires API hooks and VM, HOST, IMAGE and NET state hooks.`

func lister() *kit.List {
	h := func(r any) *client.Hook { return r.(*client.Hook) }
	return &kit.List{
		Res:   kit.Hooks,
		Short: "List hooks (onehook list)",
		Row:   kit.UnmarshalRow[client.Hook],
		Table: func() *output.Table {
			return &output.Table{
				Default: []string{"ID", "NAME", "TYPE"},
				Columns: []output.Column{
					{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(h(r).ID) }},
					{Name: "NAME", Value: func(r any) string { return h(r).Name }},
					{Name: "TYPE", Value: func(r any) string { return h(r).Type }},
					{Name: "CALL", Value: func(r any) string { return h(r).Template.Get("CALL") }},
					{Name: "RESOURCE", Value: func(r any) string { return h(r).Template.Get("RESOURCE") }},
					{Name: "STATE", Value: func(r any) string { return h(r).Template.Get("STATE") }},
					{Name: "COMMAND", Value: func(r any) string { return h(r).Template.Get("COMMAND") }},
					{Name: "LOCK", Value: func(r any) string { return kit.LockName(h(r).Lock) }},
				},
			}
		},
	}
}

func newCreateCmd(f *kit.Factory) *cobra.Command {
	return (&kit.Create{
		Res: kit.Hooks, Method: "one.hook.allocate",
		Short: "Create a hook from a template file or stdin (onehook create)",
		Long: `Create a hook from a template file, or from stdin (onehook create).

An API hook (TYPE=api) fires on every call of CALL, a state hook (TYPE=state)
when a RESOURCE (VM, HOST, IMAGE, NET) reaches STATE (and LCM_STATE, or ON
for VMs). COMMAND gets ARGUMENTS, where $API, $TEMPLATE, $ID, $PREV_STATE
and $PREV_LCM_STATE are replaced.

` + simNote,
		Example: `  onectl hook create - <<'EOF'
  NAME = "log-allocations"
  TYPE = "api"
  CALL = "one.vm.allocate"
  COMMAND = "/var/lib/one/remotes/hooks/log.rb"
  ARGUMENTS = "$API"
  EOF`,
	}).Build(f)
}

func shower() *kit.Show {
	return &kit.Show{
		Res:   kit.Hooks,
		Use:   "show",
		Short: "Show a hook and its execution log (onehook show), or one execution with --execution",
		Flags: func(fs *pflag.FlagSet) {
			fs.IntP("execution", "e", 0, "show this execution record of the hook's log, arguments and output decoded")
		},
		Render: func(r *kit.Render) error {
			h, err := client.ParseHook(r.Raw)
			if err != nil {
				return fmt.Errorf("reading hook %d: %w", r.ID, err)
			}
			doc := r.Doc
			if r.Cmd.Flags().Changed("execution") {
				id, _ := r.Cmd.Flags().GetInt("execution")
				return writeExecution(r.Out, h, id)
			}
			return writeShow(r.Out, h, doc)
		},
	}
}

func field(w io.Writer, k, v string) { fmt.Fprintf(w, "%-18s: %-20s\n", k, v) }

func writeShow(w io.Writer, h *client.Hook, doc *output.Node) error {
	fmt.Fprintf(w, "%-80s\n", fmt.Sprintf("HOOK %d INFORMATION", h.ID))
	field(w, "ID", strconv.Itoa(h.ID))
	field(w, "NAME", h.Name)
	field(w, "TYPE", h.Type)
	field(w, "LOCK", kit.LockName(h.Lock))
	fmt.Fprintf(w, "\n%-80s\n", "HOOK TEMPLATE")
	if t := kit.NodeTemplate(doc.Path("TEMPLATE"), nil).String(); t != "" {
		fmt.Fprint(w, strings.TrimSuffix(t, "\n")+"\n")
	}
	if len(h.Log) > 0 {
		fmt.Fprint(w, "\nEXECUTION LOG\n")
		if err := logTable(w, h.Log, false); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	return nil
}

// logTable is onehook's execution table; all adds the HOOK column.
func logTable(w io.Writer, execs []client.HookExecution, all bool) error {
	x := func(r any) *client.HookExecution { return r.(*client.HookExecution) }
	cols := []output.Column{
		{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(x(r).ExecutionID) }},
		{Name: "TIMESTAMP", Value: func(r any) string { return time.Unix(x(r).Timestamp, 0).Format("01/02 15:04") }},
		{Name: "RC", Right: true, Value: func(r any) string { return strconv.Itoa(x(r).Code) }},
		{Name: "EXECUTION", Value: func(r any) string {
			if x(r).Code == 0 {
				return "SUCCESS"
			}
			return "ERROR"
		}},
	}
	if all {
		cols = append([]output.Column{{Name: "HOOK", Right: true, Value: func(r any) string { return strconv.Itoa(x(r).HookID) }}}, cols...)
	}
	rows := make([]any, len(execs))
	for i := range execs {
		rows[i] = &execs[i]
	}
	p := &output.Printer{Opts: output.Options{Format: output.FormatTable}, Out: w}
	return p.Table(&output.Table{Columns: cols}, rows)
}

// writeExecution prints one execution record, its base64 arguments and
// output decoded, as onehook show --execution.
func writeExecution(w io.Writer, h *client.Hook, id int) error {
	fmt.Fprintf(w, "%-80s\n", fmt.Sprintf("HOOK %d INFORMATION", h.ID))
	field(w, "ID", strconv.Itoa(h.ID))
	field(w, "NAME", h.Name)
	field(w, "TYPE", h.Type)
	field(w, "LOCK", kit.LockName(h.Lock))
	fmt.Fprintln(w)
	for _, x := range h.Log {
		if x.ExecutionID != id {
			continue
		}
		var args []string
		for _, a := range strings.Fields(x.Arguments) {
			args = append(args, decoded(a))
		}
		fmt.Fprintf(w, "%-80s\n", "HOOK EXECUTION RECORD")
		field(w, "EXECUTION ID", strconv.Itoa(x.ExecutionID))
		field(w, "TIMESTAMP", time.Unix(x.Timestamp, 0).Format("01/02 15:04:05"))
		field(w, "COMMAND", x.Command)
		field(w, "ARGUMENTS", strings.Join(args, " "))
		field(w, "EXIT CODE", strconv.Itoa(x.Code))
		fmt.Fprintf(w, "\n%-80s\n", "EXECUTION STDOUT")
		if s := decoded(x.Stdout); s != "" {
			fmt.Fprintln(w, s)
		}
		fmt.Fprintf(w, "\n%-80s\n", "EXECUTION STDERR")
		if s := decoded(x.Stderr); s != "" {
			fmt.Fprintln(w, s)
		}
		fmt.Fprintln(w)
		return nil
	}
	return &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("hook %d has no execution record %d", h.ID, id)}
}

// decoded is s decoded from base64 when it is base64, else s.
func decoded(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s)%4 != 0 {
		return s
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return s
	}
	return string(b)
}
