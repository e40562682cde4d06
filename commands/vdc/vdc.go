// Package vdc is the vdc group: onevdc's subcommands.
package vdc

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// NewCmd is the vdc group.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("vdc", "Manage virtual data centers: groups and the resources of zones they get (onevdc)")
	cmd.AddCommand(
		(&kit.List{Res: kit.VDCs, Short: "List VDCs with how many groups and resources each has",
			Table: vdcTable, Row: kit.UnmarshalRow[client.VDC]}).Build(f),
		(&kit.Show{Res: kit.VDCs, Use: "show", Render: renderVDC,
			Short: "Show a VDC: its groups and resources per zone"}).Build(f),
		(&kit.TemplateUpdate{Res: kit.VDCs, Use: "update", Method: "one.vdc.update", Appendable: true,
			Short: "Replace or merge the template of a VDC",
			Current: func(doc *output.Node, _ int) *template.Template {
				return kit.NodeTemplate(doc.Child("TEMPLATE"), nil)
			}}).Build(f),
		newCreateCmd(f),
	)
	actions := []*kit.Action{
		kit.Rename(kit.VDCs),
		kit.Delete(kit.VDCs),
		{Use: "addgroup", Method: "one.vdc.addgroup", Res: kit.VDCs, Many: true, Short: "Add a group to VDCs",
			Args: []kit.Arg{{Name: "group", Res: kit.Groups}}, Params: kit.IDAndArgs},
		{Use: "delgroup", Method: "one.vdc.delgroup", Res: kit.VDCs, Many: true, Short: "Remove a group from VDCs",
			Args: []kit.Arg{{Name: "group", Res: kit.Groups}}, Params: kit.IDAndArgs},
	}
	for _, r := range []struct {
		noun string
		res  *kit.Resource
	}{{"cluster", kit.Clusters}, {"host", kit.Hosts}, {"datastore", kit.Datastores}, {"vnet", kit.VNets}} {
		for _, add := range []bool{true, false} {
			verb, short := "del", "Remove a "+r.res.Label+" of a zone from VDCs"
			if add {
				verb, short = "add", "Add a "+r.res.Label+" of a zone (or ALL of them) to VDCs"
			}
			actions = append(actions, &kit.Action{
				Use: verb + r.noun, Method: "one.vdc." + verb + r.noun, Res: kit.VDCs, Many: true, Short: short,
				Long: "<" + r.noun + "> is an ID, a name, or ALL for every " + r.res.Label + " of the zone. " +
					"Names are looked up in the zone onectl talks to.",
				Args:   []kit.Arg{{Name: "zone", Res: kit.Zones}, {Name: r.noun, Res: r.res, All: true}},
				Params: kit.IDAndArgs,
			})
		}
	}
	for _, a := range actions {
		cmd.AddCommand(a.Build(f))
	}
	return cmd
}

// count is onevdc list's cell: how many resources, or ALL when the only
// one is every object of a zone.
func count(rs []client.VDCResource) string {
	if len(rs) == 1 && rs[0].ID == client.AllResources {
		return "ALL"
	}
	return strconv.Itoa(len(rs))
}

func vdcTable() *output.Table {
	v := func(r any) *client.VDC { return r.(*client.VDC) }
	return &output.Table{
		Default: []string{"ID", "NAME", "GROUPS", "CLUSTERS", "HOSTS", "VNETS", "DATASTORES"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).ID) }},
			{Name: "NAME", Value: func(r any) string { return v(r).Name }},
			{Name: "GROUPS", Right: true, Value: func(r any) string { return strconv.Itoa(len(v(r).Groups.ID)) }},
			{Name: "CLUSTERS", Right: true, Value: func(r any) string { return count(v(r).Clusters) }},
			{Name: "HOSTS", Right: true, Value: func(r any) string { return count(v(r).Hosts) }},
			{Name: "VNETS", Right: true, Value: func(r any) string { return count(v(r).VNets) }},
			{Name: "DATASTORES", Right: true, Value: func(r any) string { return count(v(r).Datastores) }},
		},
	}
}

// renderVDC prints a VDC as onevdc show does.
func renderVDC(r *kit.Render) error {
	v, err := client.ParseVDC(r.Raw)
	if err != nil {
		return fmt.Errorf("reading VDC %d: %w", r.ID, err)
	}
	doc := r.Doc
	w := r.Out
	fmt.Fprintf(w, "%-80s\n", fmt.Sprintf("VDC %d INFORMATION", v.ID))
	fmt.Fprintf(w, "%-18s: %-20s\n", "ID", strconv.Itoa(v.ID))
	fmt.Fprintf(w, "%-18s: %-20s\n", "NAME", v.Name)
	if len(v.Groups.ID) > 0 {
		fmt.Fprintf(w, "\n%7s\n", "GROUPS")
		for _, g := range v.Groups.ID {
			fmt.Fprintf(w, "%7d\n", g)
		}
	}
	for _, s := range []struct {
		name string
		rs   []client.VDCResource
	}{{"CLUSTER", v.Clusters}, {"HOST", v.Hosts}, {"DATASTORE", v.Datastores}, {"VNET", v.VNets}} {
		if len(s.rs) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%-80s\n%7s %9s\n", s.name+"S", "ZONE", s.name)
		for _, x := range s.rs {
			id := strconv.Itoa(x.ID)
			if x.ID == client.AllResources {
				id = "ALL"
			}
			fmt.Fprintf(w, "%7d %9s\n", x.ZoneID, id)
		}
	}
	fmt.Fprintf(w, "\n%-80s\n", "VDC TEMPLATE")
	if s := kit.NodeTemplate(doc.Child("TEMPLATE"), nil).String(); s != "" {
		fmt.Fprintln(w, s)
	}
	return nil
}

// newCreateCmd is onevdc create <name>: one.vdc.allocate with NAME.
func newCreateCmd(f *kit.Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:   "create <name>",
		Short: "Create a VDC",
		Long:  "Create a VDC with that name; add groups and resources to it with addgroup, addcluster..." + kit.APIHelp("one.vdc.allocate", ""),
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			if strings.ContainsAny(args[0], "\"\n") {
				return kit.Usagef("a VDC name cannot contain double quotes or newlines")
			}
			t := &template.Template{}
			t.Set("NAME", args[0])
			c, err := f.Client()
			if err != nil {
				return err
			}
			res, err := c.Call(cmd.Context(), "one.vdc.allocate", t.String())
			if err != nil || c.IsDryRun() {
				return err
			}
			return kit.PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", res)
		},
	}
	kit.AddOutputFlags(cmd, &out)
	return cmd
}
