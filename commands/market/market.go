// Package market is the market group: onemarket's subcommands.
package market

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	tpl "github.com/onectl/onectl/template"
)

// NewCmd is the market group: onemarket's subcommands.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("market", "Manage marketplaces (onemarket)", "markets")
	for _, a := range []*kit.Action{
		kit.Chown(kit.Markets), kit.Chgrp(kit.Markets), kit.Chmod(kit.Markets),
		kit.Rename(kit.Markets), kit.Delete(kit.Markets),
		kit.Enable(kit.Markets, true), kit.Enable(kit.Markets, false),
	} {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(
		(&kit.List{Res: kit.Markets, Short: "List marketplaces (onemarket list)", Table: marketTable, Row: kit.UnmarshalRow[client.Marketplace]}).Build(f),
		shower().Build(f),
		creator().Build(f),
		(&kit.TemplateUpdate{
			Res: kit.Markets, Use: "update", Short: "Replace or merge (--append) the template of a marketplace",
			Method: "one.market.update", Appendable: true,
			Current: func(obj *output.Node, _ int) *tpl.Template { return kit.NodeTemplate(obj.Path("TEMPLATE"), nil) },
		}).Build(f),
	)
	return cmd
}

func avail(m *client.Marketplace) string {
	if m.TotalMB <= 0 {
		return "-"
	}
	return strconv.FormatInt(m.FreeMB*100/m.TotalMB, 10) + "%"
}

// marketTable has onemarket list's columns first.
func marketTable() *output.Table {
	m := func(r any) *client.Marketplace { return r.(*client.Marketplace) }
	return &output.Table{
		Default: []string{"ID", "NAME", "SIZE", "AVAIL", "APPS", "MAD", "ZONE", "STAT"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(m(r).ID) }},
			{Name: "NAME", Value: func(r any) string { return m(r).Name }},
			{Name: "SIZE", Right: true, Value: func(r any) string { return output.HumanMB(m(r).TotalMB) }},
			{Name: "AVAIL", Value: func(r any) string { return avail(m(r)) }},
			{Name: "APPS", Right: true, Value: func(r any) string { return strconv.Itoa(len(m(r).Apps.ID)) }},
			{Name: "MAD", Value: func(r any) string { return m(r).MarketMad }},
			{Name: "ZONE", Right: true, Value: func(r any) string { return m(r).ZoneID }},
			{Name: "STAT", Value: func(r any) string { return client.MarketShortState(m(r).State) }},
			{Name: "USER", Value: func(r any) string { return m(r).UName }},
			{Name: "GROUP", Value: func(r any) string { return m(r).GName }},
		},
	}
}

func shower() *kit.Show {
	return &kit.Show{
		Res: kit.Markets, Use: "show", Short: "Show a marketplace, its capacity and its apps",
		Render: func(r *kit.Render) error {
			doc := r.Doc
			m, err := client.ParseMarketplace(r.Raw)
			if err != nil {
				return err
			}
			w := r.Out
			kit.Section(w, fmt.Sprintf("MARKETPLACE %d INFORMATION", m.ID))
			kit.Field(w, "ID", strconv.Itoa(m.ID))
			kit.Field(w, "NAME", m.Name)
			kit.Field(w, "USER", m.UName)
			kit.Field(w, "GROUP", m.GName)
			kit.Field(w, "STATE", client.MarketStateName(m.State))
			kit.Field(w, "MARKET_MAD", m.MarketMad)
			fmt.Fprintln(w)
			kit.Section(w, "MARKETPLACE CAPACITY")
			kit.Field(w, "TOTAL:", output.HumanMB(m.TotalMB))
			kit.Field(w, "FREE:", output.HumanMB(m.FreeMB))
			kit.Field(w, "USED:", output.HumanMB(m.UsedMB))
			kit.PermsSection(w, m.Permissions)
			kit.TemplateSection(w, "MARKETPLACE TEMPLATE", doc, "TEMPLATE")
			fmt.Fprintln(w)
			fmt.Fprintf(w, "%-15s\n", "MARKETAPPS")
			for _, id := range m.Apps.ID {
				fmt.Fprintf(w, "%-15d\n", id)
			}
			return nil
		},
	}
}

func creator() *kit.Create {
	return &kit.Create{
		Res: kit.Markets, Method: "one.market.allocate",
		Short: "Create a marketplace from a template file or stdin",
		Long: `Create a marketplace from a template (NAME, MARKET_MAD and the driver's
attributes, e.g. BASE_URL and PUBLIC_DIR for http) in a file or on stdin.
The simulator also knows MARKET_MAD="sim": a marketplace it serves itself.`,
		Example: `  printf 'NAME=web\nMARKET_MAD=http\nBASE_URL=http://repo/\nPUBLIC_DIR=/srv\n' | onectl market create -`,
	}
}
