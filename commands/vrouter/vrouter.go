// Package vrouter is the vrouter group: onevrouter's subcommands, over
// one.vrouter.*.
package vrouter

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// NewCmd is the vrouter group.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("vrouter", "Manage virtual routers: NICs with floating IPs and the VMs that serve them (onevrouter)")
	del := kit.Delete(kit.VRouters)
	del.Long = "oned terminates the router's VMs and gives back its floating IPs."
	for _, a := range []*kit.Action{
		kit.Chown(kit.VRouters), kit.Chgrp(kit.VRouters), kit.Chmod(kit.VRouters), kit.Rename(kit.VRouters),
		kit.Lock(kit.VRouters), kit.Unlock(kit.VRouters), del,
		{
			Use: "nic-detach", Short: "Detach a NIC from a virtual router and its VMs", Method: "one.vrouter.detachnic",
			Res: kit.VRouters, Args: []kit.Arg{{Name: "nic-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs,
		},
		nicAttach(),
	} {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(lister().Build(f))
	cmd.AddCommand(lister().BuildTop(f))
	cmd.AddCommand((&kit.Show{
		Res: kit.VRouters, Use: "show",
		Short: "Show a virtual router as onevrouter show does: NICs, template, VMs",
		Flags: func(fs *pflag.FlagSet) { fs.Bool("all", false, "keep the NICs in the template contents") },
		Render: func(r *kit.Render) error {
			vr, err := client.ParseVRouter(r.Raw)
			if err != nil {
				return fmt.Errorf("reading virtual router %d: %w", r.ID, err)
			}
			doc := r.Doc
			all, _ := r.Cmd.Flags().GetBool("all")
			return writeShow(r.Out, vr, doc, all)
		},
	}).Build(f))
	cmd.AddCommand((&kit.TemplateUpdate{
		Res: kit.VRouters, Use: "update", Method: "one.vrouter.update", Appendable: true,
		Short: "Replace or merge the template of a virtual router (its NICs stay: use nic-attach/nic-detach)",
		Current: func(n *output.Node, _ int) *template.Template {
			t := &template.Template{}
			for _, a := range kit.NodeTemplate(n.Child("TEMPLATE"), nil).Attrs {
				if a.Name != "NIC" {
					t.Add(a)
				}
			}
			return t
		},
	}).Build(f))
	cmd.AddCommand(newCreateCmd(f), newInstantiateCmd(f))
	return cmd
}

func lister() *kit.List {
	v := func(r any) *client.VRouter { return r.(*client.VRouter) }
	return &kit.List{
		Res: kit.VRouters, Short: "List virtual routers (onevrouter list)", Whose: true,
		Row: kit.UnmarshalRow[client.VRouter],
		Table: func() *output.Table {
			return &output.Table{
				Default: []string{"ID", "USER", "GROUP", "NAME"},
				Columns: []output.Column{
					{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).ID) }},
					{Name: "USER", Value: func(r any) string { return v(r).UName }},
					{Name: "GROUP", Value: func(r any) string { return v(r).GName }},
					{Name: "NAME", Value: func(r any) string { return v(r).Name }},
					{Name: "VMS", Right: true, Value: func(r any) string { return strconv.Itoa(len(v(r).VMs.ID)) }},
					{Name: "UID", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).UID) }},
					{Name: "GID", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).GID) }},
					{Name: "LOCK", Value: func(r any) string { return kit.LockName(v(r).Lock) }},
				},
			}
		},
	}
}

// nicAttach is nic-attach: one NIC from a file or stdin, or from --network
// (with --ip and --float).
func nicAttach() *kit.Action {
	var nic string // read once: stdin cannot be read twice
	return &kit.Action{
		Use: "nic-attach", Short: "Attach a NIC to a virtual router and its VMs", Method: "one.vrouter.attachnic",
		Res: kit.VRouters,
		Long: `The NIC comes from --file (or stdin), or from --network with --ip and --float: a
floating IP is an address of the network the router itself holds, which its
VMs take over.`,
		Example:     "  onectl vrouter nic-attach gw --network public --float",
		ObjectFlags: map[string]*kit.Resource{"network": kit.VNets},
		Flags: func(fs *pflag.FlagSet) {
			fs.StringP("file", "f", "", "a template with one NIC=[...] (- for stdin)")
			fs.StringP("network", "n", "", "network of the NIC (ID or name)")
			fs.StringP("ip", "i", "", "IP address for the NIC")
			fs.Bool("float", false, "the NIC is a floating IP (FLOATING_IP=YES)")
		},
		Check: func(c *kit.Call) error {
			file, network := c.String("file"), c.String("network")
			if file == "" && network == "" && !c.F.IO.IsStdinTTY() {
				file = "-"
			}
			switch {
			case file != "" && network != "":
				return kit.Usagef("give the NIC with --file or with --network, not both")
			case file != "":
				text, err := kit.ReadSource(c.F, file)
				if err != nil {
					return err
				}
				t, err := kit.ParseTemplate(text, "")
				if err != nil {
					return err
				}
				if len(t.Vectors("NIC")) != 1 {
					return kit.Usagef("the template must hold one NIC=[...]")
				}
				nic = t.String()
			case network != "":
				id, err := kit.NewResolver(c.F, kit.VNets).ID(c.Cmd.Context(), network)
				if err != nil {
					return err
				}
				pairs := []template.Pair{{Name: "NETWORK_ID", Value: strconv.Itoa(id)}}
				if ip := c.String("ip"); ip != "" {
					pairs = append(pairs, template.Pair{Name: "IP", Value: ip})
				}
				if c.Bool("float") {
					pairs = append(pairs, template.Pair{Name: "FLOATING_IP", Value: "YES"})
				}
				nic = (&template.Template{Attrs: []template.Attr{{Name: "NIC", Vector: pairs}}}).String()
			default:
				return kit.Usagef("give the NIC with --network or --file")
			}
			return nil
		},
		Params: func(_ *kit.Call, id int) ([]any, error) { return []any{id, nic}, nil },
	}
}

func writeShow(w io.Writer, vr *client.VRouter, doc *output.Node, all bool) error {
	fmt.Fprintf(w, "%-80s\n", fmt.Sprintf("VIRTUAL ROUTER %d INFORMATION", vr.ID))
	kit.Field(w, "ID", strconv.Itoa(vr.ID))
	kit.Field(w, "NAME", vr.Name)
	kit.Field(w, "USER", vr.UName)
	kit.Field(w, "GROUP", vr.GName)
	kit.Field(w, "LOCK", kit.LockName(vr.Lock))
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-80s\n", "PERMISSIONS")
	kit.PermsFields(w, vr.Permissions)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-80s\n", "VIRTUAL ROUTER NICS")
	var nics []any
	for _, n := range doc.All("TEMPLATE/NIC") {
		nics = append(nics, n)
	}
	pr := &output.Printer{Opts: output.Options{Format: output.FormatTable}, Out: w}
	if err := pr.Table(nicTable(), nics); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-80s\n", "TEMPLATE CONTENTS")
	rest := &template.Template{}
	for _, a := range kit.NodeTemplate(doc.Child("TEMPLATE"), nil).Attrs {
		if all || a.Name != "NIC" {
			rest.Add(a)
		}
	}
	if s := rest.String(); s != "" {
		fmt.Fprintln(w, s)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "VIRTUAL MACHINES")
	for _, id := range vr.VMs.ID {
		fmt.Fprintf(w, "%-15d\n", id)
	}
	return nil
}

func nicTable() *output.Table {
	v := func(r any, k string) string { return r.(*output.Node).Value(k) }
	return &output.Table{
		Default: []string{"ID", "NETWORK", "MANAGEMENT", "IP"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return v(r, "NIC_ID") }},
			{Name: "NETWORK", Value: func(r any) string { return v(r, "NETWORK") }},
			{Name: "MANAGEMENT", Value: func(r any) string {
				if strings.EqualFold(v(r, "VROUTER_MANAGEMENT"), "YES") {
					return "YES"
				}
				return "NO"
			}},
			{Name: "IP", Value: func(r any) string {
				if ip := v(r, "IP"); ip != "" {
					return ip
				}
				return "-"
			}},
		},
	}
}
