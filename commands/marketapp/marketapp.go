// Package marketapp is the marketapp group: onemarketapp's subcommands.
package marketapp

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	tpl "github.com/onectl/onectl/template"
)

// NewCmd is the marketapp group: onemarketapp's subcommands.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("marketapp", "Manage marketplace apps: publish images, export and download apps (onemarketapp)", "marketapps", "app")
	for _, a := range []*kit.Action{
		kit.Chown(kit.MarketApps), kit.Chgrp(kit.MarketApps), kit.Chmod(kit.MarketApps),
		kit.Rename(kit.MarketApps), kit.Lock(kit.MarketApps), kit.Unlock(kit.MarketApps), kit.Delete(kit.MarketApps),
		kit.Enable(kit.MarketApps, true), kit.Enable(kit.MarketApps, false),
	} {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(
		lister().Build(f),
		shower().Build(f),
		creator().Build(f),
		newExportCmd(f),
		newDownloadCmd(f),
		newVMTemplateCmd(f),
		newVMCmd(f),
		newServiceTemplateCmd(f),
		(&kit.TemplateUpdate{
			Res: kit.MarketApps, Use: "update", Short: "Replace or merge (--append) the template of an app",
			Method: "one.marketapp.update", Appendable: true,
			Current: func(obj *output.Node, _ int) *tpl.Template { return kit.NodeTemplate(obj.Path("TEMPLATE"), nil) },
		}).Build(f),
	)
	return cmd
}

func regDate(t int64) string {
	if t <= 0 {
		return "-"
	}
	return time.Unix(t, 0).Format("01/02/06")
}

// appTable has onemarketapp list's columns first.
func appTable() *output.Table {
	a := func(r any) *client.MarketplaceApp { return r.(*client.MarketplaceApp) }
	return &output.Table{
		Default: []string{"ID", "NAME", "VERSION", "SIZE", "STAT", "TYPE", "REGTIME", "MARKET", "ZONE"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(a(r).ID) }},
			{Name: "NAME", Value: func(r any) string { return a(r).Name }},
			{Name: "VERSION", Right: true, Value: func(r any) string { return a(r).Version }},
			{Name: "SIZE", Right: true, Value: func(r any) string { return output.HumanMB(a(r).Size) }},
			{Name: "STAT", Value: func(r any) string { return client.AppShortState(a(r).State) }},
			{Name: "TYPE", Value: func(r any) string { return client.AppShortType(a(r).Type) }},
			{Name: "REGTIME", Right: true, Value: func(r any) string { return regDate(a(r).RegTime) }},
			{Name: "MARKET", Value: func(r any) string { return a(r).Market }},
			{Name: "ZONE", Right: true, Value: func(r any) string { return a(r).ZoneID }},
			{Name: "USER", Value: func(r any) string { return a(r).UName }},
			{Name: "GROUP", Value: func(r any) string { return a(r).GName }},
			{Name: "LOCK", Value: func(r any) string { return kit.LockName(a(r).Lock) }},
		},
	}
}

func lister() *kit.List {
	return &kit.List{Res: kit.MarketApps, Short: "List marketplace apps (onemarketapp list)", Whose: true,
		Table: appTable, Row: kit.UnmarshalRow[client.MarketplaceApp]}
}

func shower() *kit.Show {
	return &kit.Show{
		Res: kit.MarketApps, Use: "show", Short: "Show a marketplace app",
		Render: func(r *kit.Render) error {
			doc := r.Doc
			a, err := client.ParseMarketplaceApp(r.Raw)
			if err != nil {
				return err
			}
			w := r.Out
			kit.Section(w, fmt.Sprintf("MARKETPLACE APP %d INFORMATION", a.ID))
			kit.Field(w, "ID", strconv.Itoa(a.ID))
			kit.Field(w, "NAME", a.Name)
			kit.Field(w, "TYPE", client.AppTypeName(a.Type))
			kit.Field(w, "USER", a.UName)
			kit.Field(w, "GROUP", a.GName)
			kit.Field(w, "MARKETPLACE", a.Market)
			kit.Field(w, "STATE", client.AppShortState(a.State))
			kit.Field(w, "LOCK", kit.LockName(a.Lock))
			kit.PermsSection(w, a.Permissions)
			fmt.Fprintln(w)
			kit.Section(w, "DETAILS")
			kit.Field(w, "SOURCE", a.Source)
			kit.Field(w, "MD5", a.MD5)
			kit.Field(w, "PUBLISHER", doc.Value("TEMPLATE/PUBLISHER"))
			kit.Field(w, "REGISTER TIME", time.Unix(a.RegTime, 0).Format("Mon Jan 2 15:04:05 2006"))
			kit.Field(w, "VERSION", a.Version)
			kit.Field(w, "DESCRIPTION", a.Description)
			kit.Field(w, "SIZE", output.HumanMB(a.Size))
			kit.Field(w, "ORIGIN_ID", a.OriginID)
			kit.Field(w, "FORMAT", a.Format)
			fmt.Fprintln(w)
			kit.Section(w, "IMPORT TEMPLATE")
			if t, err := decode64(a.AppTemplate64); err == nil {
				fmt.Fprint(w, t)
			}
			fmt.Fprintln(w)
			kit.TemplateSection(w, "MARKETPLACE APP TEMPLATE", doc, "TEMPLATE")
			return nil
		},
	}
}

func creator() *kit.Create {
	return &kit.Create{
		Res: kit.MarketApps, Method: "one.marketapp.allocate", Wait: kit.Until("READY"),
		Short: "Publish an image in a marketplace as a new app",
		Long: `Publish an image (--image) in a marketplace (--marketplace, required) as
a new app, from flags or a template file. The app is LOCKED while the image
is uploaded; --wait returns when it is READY.`,
		Example: `  onectl marketapp create --marketplace local --image alpine-3.20 --name alpine --wait`,
		Flags: func(fs *pflag.FlagSet) {
			fs.String("marketplace", "", "marketplace to publish in (required)")
			fs.String("image", "", "image to publish (ORIGIN_ID)")
			fs.String("name", "", "name of the app")
			fs.String("description", "", "what the app is")
			fs.String("version", "", "version of the app")
		},
		FromFlags: func(c *kit.Call, t *tpl.Template) error {
			if c.String("marketplace") == "" {
				return kit.Usagef("--marketplace is required: the marketplace to publish in")
			}
			if s := c.String("image"); s != "" {
				id, err := kit.NewResolver(c.F, kit.Images).ID(c.Cmd.Context(), s)
				if err != nil {
					return err
				}
				t.Set("ORIGIN_ID", strconv.Itoa(id))
				if _, ok := t.Get("TYPE"); !ok {
					t.Set("TYPE", "IMAGE")
				}
			}
			for _, p := range kit.FlagPairs(c, "name", "NAME", "description", "DESCRIPTION", "version", "VERSION") {
				t.Set(p.Name, p.Value)
			}
			return nil
		},
		Params: func(c *kit.Call, text string) ([]any, error) {
			m, err := kit.NewResolver(c.F, kit.Markets).ID(c.Cmd.Context(), c.String("marketplace"))
			if err != nil {
				return nil, err
			}
			return []any{text, m}, nil
		},
		Complete: map[string]*kit.Resource{"marketplace": kit.Markets, "image": kit.Images},
	}
}
