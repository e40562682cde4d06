// Package zone is the zone group: onezone's subcommands.
package zone

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// NewCmd is the zone group.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("zone", "Manage zones and their HA servers, and point onectl at a zone (onezone)")
	cmd.AddCommand(
		newListCmd(f),
		(&kit.Show{Res: kit.Zones, Use: "show", Render: renderZone,
			Short: "Show a zone, its servers and the HA status of the one onectl talks to"}).Build(f),
		(&kit.TemplateUpdate{Res: kit.Zones, Use: "update", Method: "one.zone.update", Appendable: true,
			Short: "Replace or merge the template of a zone",
			Current: func(doc *output.Node, _ int) *template.Template {
				return kit.NodeTemplate(doc.Child("TEMPLATE"), nil)
			}}).Build(f),
		newCreateCmd(f),
		newSetCmd(f),
		newServerAddCmd(f),
		newServerSyncCmd(f),
	)
	server := func(use, method, short string) *kit.Action {
		return &kit.Action{Use: use, Method: method, Res: kit.Zones, Short: short,
			Long: "<server-id> is the server's ID or its NAME in the zone's SERVER_POOL.",
			Args: []kit.Arg{{Name: "server-id"}},
			Params: func(c *kit.Call, id int) ([]any, error) {
				sid, err := serverID(c, id, c.Arg(0, "").(string))
				return []any{id, sid}, err
			}}
	}
	for _, a := range []*kit.Action{
		kit.Rename(kit.Zones),
		kit.Delete(kit.Zones),
		kit.Enable(kit.Zones, true),
		kit.Enable(kit.Zones, false),
		server("server-del", "one.zone.delserver", "Remove an HA server from a zone"),
		server("server-reset", "one.zone.resetserver", "Reset the log index of an HA follower (after its DB was reset)"),
	} {
		cmd.AddCommand(a.Build(f))
	}
	return cmd
}

// serverID reads a server of a zone by ID or by name.
func serverID(c *kit.Call, zone int, s string) (int, error) {
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return n, nil
	}
	cl, err := c.F.Client()
	if err != nil {
		return 0, err
	}
	raw, err := cl.CallString(c.Cmd.Context(), "one.zone.info", zone)
	if err != nil {
		return 0, err
	}
	z, err := client.ParseZone([]byte(raw))
	if err != nil {
		return 0, err
	}
	found := -1
	for _, srv := range z.Servers {
		if srv.Name == s {
			if found >= 0 {
				return 0, &kit.CodedError{Code: kit.ExitRejected, Err: fmt.Errorf("server name %q is ambiguous in zone %d", s, zone)}
			}
			found = srv.ID
		}
	}
	if found < 0 {
		return 0, &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("zone %d has no server %q", zone, s)}
	}
	return found, nil
}

func stateStr(s int) string {
	if s == 1 {
		return "DISABLED"
	}
	return "ENABLED"
}

func shortState(s int) string {
	if s == 1 {
		return "off"
	}
	return "on"
}

// zoneRow is a zone of the list with what its list cells need to know.
type zoneRow struct {
	client.Zone
	current bool
	fed     string
}

// newListCmd is onezone list. FED_INDEX comes from one.zone.raftstatus, as
// in onezone, but only for the zone onectl talks to: other endpoints are
// not contacted, so they show "-".
func newListCmd(f *kit.Factory) *cobra.Command {
	var rowsFor func(elem []byte) (any, error)
	l := &kit.List{Res: kit.Zones, Short: "List zones; * marks the one onectl talks to",
		Table: zoneTable, Row: func(elem []byte) (any, error) { return rowsFor(elem) }}
	cmd := l.Build(f)
	inner := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		cl, err := f.Client()
		if err != nil {
			return err
		}
		fed := "-"
		if !cl.IsDryRun() {
			if raw, err := cl.CallString(cmd.Context(), "one.zone.raftstatus"); err == nil {
				if r, err := client.ParseRaft([]byte(raw)); err == nil {
					fed = strconv.Itoa(r.FedLogIndex)
				}
			}
		}
		rowsFor = func(elem []byte) (any, error) {
			z, err := client.ParseZone(elem)
			if err != nil {
				return nil, err
			}
			cur := strings.TrimSpace(z.Template.Get("ENDPOINT")) == strings.TrimSpace(cl.Endpoint())
			r := &zoneRow{Zone: *z, current: cur, fed: "-"}
			if cur {
				r.fed = fed
			}
			return r, nil
		}
		return inner(cmd, args)
	}
	return cmd
}

func zoneTable() *output.Table {
	z := func(r any) *zoneRow { return r.(*zoneRow) }
	return &output.Table{
		Default: []string{"C", "ID", "NAME", "ENDPOINT", "FED_INDEX", "STAT"},
		Columns: []output.Column{
			{Name: "C", Value: func(r any) string {
				if z(r).current {
					return "*"
				}
				return ""
			}},
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(z(r).ID) }},
			{Name: "NAME", Value: func(r any) string { return z(r).Name }},
			{Name: "ENDPOINT", Value: func(r any) string { return z(r).Template.Get("ENDPOINT") }},
			{Name: "FED_INDEX", Value: func(r any) string { return z(r).fed }},
			{Name: "STAT", Value: func(r any) string { return shortState(z(r).State) }},
		},
	}
}

// renderZone prints a zone as onezone show does. The HA status comes from
// one.zone.raftstatus of the server onectl talks to; other servers are not
// contacted (their row says so with "-").
func renderZone(r *kit.Render) error {
	z, err := client.ParseZone(r.Raw)
	if err != nil {
		return fmt.Errorf("reading zone %d: %w", r.ID, err)
	}
	doc := r.Doc
	w := r.Out
	fmt.Fprintf(w, "%-80s\n", fmt.Sprintf("ZONE %d INFORMATION", z.ID))
	fmt.Fprintf(w, "%-18s: %-20s\n", "ID", strconv.Itoa(z.ID))
	fmt.Fprintf(w, "%-18s: %-20s\n", "NAME", z.Name)
	fmt.Fprintf(w, "%-18s: %-20s\n", "STATE", stateStr(z.State))
	fmt.Fprintln(w)
	if len(z.Servers) > 0 {
		fmt.Fprintf(w, "\n%-80s\n", "ZONE SERVERS")
		fmt.Fprintf(w, "%2s %-15s %-63s\n", "ID", "NAME", "ENDPOINT")
		for _, s := range z.Servers {
			fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("%2d %-15s %-63s", s.ID, s.Name, s.Endpoint), " "))
		}
		var raft *client.Raft
		if raw, err := r.Client.CallString(r.Ctx, "one.zone.raftstatus"); err == nil {
			raft, _ = client.ParseRaft([]byte(raw))
		}
		fmt.Fprintf(w, "\n%-80s\n", "HA & FEDERATION SYNC STATUS")
		fmt.Fprintf(w, "%2s %-15s %-10s %-10s %-10s %-10s %-5s %-10s\n", "ID", "NAME", "STATE", "TERM", "INDEX", "COMMIT", "VOTE", "FED_INDEX")
		for _, s := range z.Servers {
			cells := []string{"-", "-", "-", "-", "-", "-"}
			if raft != nil && strings.TrimSpace(s.Endpoint) == strings.TrimSpace(r.Client.Endpoint()) {
				cells = []string{[]string{"solo", "candidate", "follower", "leader"}[raft.State&3],
					strconv.Itoa(raft.Term), strconv.Itoa(raft.LogIndex), strconv.Itoa(raft.Commit),
					strconv.Itoa(raft.VotedFor), strconv.Itoa(raft.FedLogIndex)}
			}
			line := fmt.Sprintf("%2d %-15s %-10s %-10s %-10s %-10s %-5s %-10s", s.ID, s.Name,
				cells[0], cells[1], cells[2], cells[3], cells[4], cells[5])
			fmt.Fprintln(w, strings.TrimRight(line, " "))
		}
	}
	fmt.Fprintf(w, "\n%-80s\n", "ZONE TEMPLATE")
	if s := kit.NodeTemplate(doc.Child("TEMPLATE"), nil).String(); s != "" {
		fmt.Fprintln(w, s)
	}
	return nil
}

func newCreateCmd(f *kit.Factory) *cobra.Command {
	return (&kit.Create{
		Res: kit.Zones, Method: "one.zone.allocate",
		Short: "Create a zone from a template (NAME, ENDPOINT); only a federation master accepts it",
		Long: `Create a zone from a template file, or from stdin, with NAME and ENDPOINT.
Only the master of a federation creates zones; a standalone server refuses.`,
	}).Build(f)
}

// newServerAddCmd is onezone server-add <zone> --name N --rpc URL.
func newServerAddCmd(f *kit.Factory) *cobra.Command {
	cmd := (&kit.Action{
		Use: "server-add", Method: "one.zone.addserver", Res: kit.Zones,
		Short: "Add an HA server (--name, --rpc endpoint) to a zone",
		Long:  "The call must reach the zone's own endpoint: a server only adds servers to its own zone.",
		Flags: func(fs *pflag.FlagSet) {
			fs.StringP("name", "n", "", "the server's name")
			fs.StringP("rpc", "r", "", "the server's XML-RPC endpoint, e.g. http://10.0.0.2:2633/RPC2")
		},
		Check: func(c *kit.Call) error {
			if c.String("name") == "" || c.String("rpc") == "" {
				return kit.Usagef("server-add needs --name and --rpc")
			}
			return nil
		},
		Params: func(c *kit.Call, id int) ([]any, error) {
			t := &template.Template{}
			t.Add(template.Attr{Name: "SERVER", Vector: []template.Pair{{Name: "NAME", Value: c.String("name")}, {Name: "ENDPOINT", Value: c.String("rpc")}}})
			return []any{id, t.String()}, nil
		},
	}).Build(f)
	return cmd
}

// newSetCmd is onezone set: point onectl at a zone's ENDPOINT. With a
// context (--context, or the config's current one) the context's endpoint
// changes; without one, ~/.one/one_endpoint is written, as onezone does.
func newSetCmd(f *kit.Factory) *cobra.Command {
	var temporary bool
	cmd := &cobra.Command{
		Use:   "set <zone>",
		Short: "Point onectl at a zone: its ENDPOINT goes to the active context or ~/.one/one_endpoint",
		Long: `Read the zone's ENDPOINT and make it onectl's endpoint: in the active
context (--context, or the config file's current-context) when there is one,
else in ~/.one/one_endpoint (and ONEFLOW_ENDPOINT in ~/.one/oneflow_endpoint),
as onezone set does. With --temporary nothing is written: the export line
to paste is printed. ONE_XMLRPC and --endpoint still win over both.` + kit.APIHelp("one.zone.info", ""),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			id, c, err := kit.OneObject(ctx, f, kit.Zones, args[0])
			if err != nil {
				return err
			}
			raw, err := c.CallString(ctx, "one.zone.info", id)
			if err != nil || c.IsDryRun() {
				return err
			}
			z, err := client.ParseZone([]byte(raw))
			if err != nil {
				return err
			}
			ep := strings.TrimSpace(z.Template.Get("ENDPOINT"))
			if ep == "" || ep == "-" {
				return &kit.CodedError{Code: kit.ExitRejected, Err: fmt.Errorf("no endpoint defined for zone %d", id)}
			}
			flow := strings.TrimSpace(z.Template.Get("ONEFLOW_ENDPOINT"))
			out := f.IO.Out
			if temporary {
				fmt.Fprintf(out, "Type: export ONE_XMLRPC=%s\n", ep)
				if flow != "" {
					fmt.Fprintf(out, "Type: export ONEFLOW_URL=%s\n", flow)
				}
				return nil
			}
			path := f.G.ConfigFile
			if path == "" {
				path = client.DefaultConfigPath(f.Env, f.Home)
			}
			if path != "" {
				cfg, err := client.LoadConfig(path)
				if err != nil {
					return err
				}
				name := f.G.Context
				if name == "" {
					name = cfg.CurrentContext
				}
				if name != "" {
					cx, ok := cfg.Context(name)
					if !ok {
						return &kit.CodedError{Code: kit.ExitUsage, Err: fmt.Errorf("unknown context %q", name)}
					}
					cx.Endpoint = ep
					if err := cfg.Save(path); err != nil {
						return err
					}
					fmt.Fprintf(out, "Endpoint changed to %q in context %q\n", ep, name)
					return nil
				}
			}
			dir := filepath.Join(f.Home, ".one")
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return err
			}
			file := filepath.Join(dir, "one_endpoint")
			if err := os.WriteFile(file, []byte(ep+"\n"), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(out, "Endpoint changed to %q in %s\n", ep, file)
			if flow != "" {
				ff := filepath.Join(dir, "oneflow_endpoint")
				if err := os.WriteFile(ff, []byte(flow+"\n"), 0o644); err != nil {
					return err
				}
				fmt.Fprintf(out, "OneFlow Endpoint changed to %q in %s\n", flow, ff)
			}
			if f.Env("ONE_XMLRPC") != "" {
				fmt.Fprintln(f.IO.ErrOut, "onectl: warning: ONE_XMLRPC is set and still wins over the new endpoint")
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&temporary, "temporary", "t", false, "print the export line instead of writing anything")
	cmd.ValidArgsFunction = kit.CompleteObjects(f, kit.Zones, false)
	return cmd
}
