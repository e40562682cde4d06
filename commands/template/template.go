// Package template is the template group: onetemplate's subcommands.
package template

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	tpl "github.com/onectl/onectl/template"
)

// NewCmd is the template group: onetemplate's subcommands.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("template", "Manage VM templates and deploy VMs from them (onetemplate)", "templates")
	for _, a := range actions() {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(
		lister().Build(f),
		kit.Top(f, lister(), "Show templates, refreshed every few seconds (onetemplate top)"),
		shower().Build(f),
		newInstantiateCmd(f),
		creator().Build(f),
		(&kit.TemplateUpdate{
			Res: kit.Templates, Use: "update", Short: "Replace or merge (--append) the contents of a template",
			Method: "one.template.update", Appendable: true,
			Current: func(obj *output.Node, _ int) *tpl.Template { return kit.NodeTemplate(obj.Path("TEMPLATE"), nil) },
		}).Build(f),
	)
	return cmd
}

func recursiveFlag(what string) func(fs *pflag.FlagSet) {
	return func(fs *pflag.FlagSet) { fs.Bool("recursive", false, what) }
}

func actions() []*kit.Action {
	chmod := kit.Chmod(kit.Templates)
	chmod.Flags = recursiveFlag("also change the permissions of the template's images")
	chmod.Params = func(c *kit.Call, id int) ([]any, error) {
		p, err := kit.ChmodParams(c, id)
		return append(p, c.Bool("recursive")), err
	}
	del := kit.Delete(kit.Templates)
	del.Flags = recursiveFlag("also delete the images the template's disks use")
	del.Params = func(c *kit.Call, id int) ([]any, error) { return []any{id, c.Bool("recursive")}, nil }
	return []*kit.Action{
		kit.Chown(kit.Templates), kit.Chgrp(kit.Templates), chmod,
		kit.Rename(kit.Templates), kit.Lock(kit.Templates), kit.Unlock(kit.Templates), del,
		{
			Use: "clone", Short: "Copy a template under a new name (--recursive copies its images too)",
			Method: "one.template.clone", Res: kit.Templates, Result: "ID",
			Args:  []kit.Arg{{Name: "name", Kind: kit.ArgString}},
			Flags: recursiveFlag("also clone the images of the template's disks"),
			Params: func(c *kit.Call, id int) ([]any, error) {
				return []any{id, c.Arg(0, ""), c.Bool("recursive")}, nil
			},
		},
	}
}

// templateTable has onetemplate list's columns first.
func templateTable() *output.Table {
	t := func(r any) *client.VMTemplate { return r.(*client.VMTemplate) }
	return &output.Table{
		Default: []string{"ID", "USER", "GROUP", "NAME", "REGTIME"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(t(r).ID) }},
			{Name: "USER", Value: func(r any) string { return t(r).UName }},
			{Name: "GROUP", Value: func(r any) string { return t(r).GName }},
			{Name: "NAME", Value: func(r any) string { return t(r).Name }},
			{Name: "REGTIME", Right: true, Value: func(r any) string { return kit.ShowTime(t(r).RegTime) }},
			{Name: "UID", Right: true, Value: func(r any) string { return strconv.Itoa(t(r).UID) }},
			{Name: "GID", Right: true, Value: func(r any) string { return strconv.Itoa(t(r).GID) }},
			{Name: "LOCK", Value: func(r any) string { return kit.LockName(t(r).Lock) }},
			{Name: "CPU", Right: true, Value: func(r any) string { return t(r).Template.Get("CPU") }},
			{Name: "MEMORY", Right: true, Value: func(r any) string { return t(r).Template.Get("MEMORY") }},
		},
	}
}

func lister() *kit.List {
	return &kit.List{
		Res: kit.Templates, Short: "List templates (onetemplate list)", Whose: true,
		Table: templateTable, Row: kit.UnmarshalRow[client.VMTemplate],
	}
}

func shower() *kit.Show {
	return &kit.Show{
		Res: kit.Templates, Use: "show", Short: "Show a template (--extended adds what its images and networks say)",
		Flags: func(fs *pflag.FlagSet) {
			fs.Bool("extended", false, "fill the disks and NICs in from their images and networks (one.template.info extended)")
		},
		Params: func(c *kit.Call, id int) []any { return []any{id, c.Bool("extended")} },
		Render: func(r *kit.Render) error {
			doc := r.Doc
			t, err := client.ParseVMTemplate(r.Raw)
			if err != nil {
				return err
			}
			w := r.Out
			kit.Section(w, fmt.Sprintf("TEMPLATE %d INFORMATION", t.ID))
			kit.Field(w, "ID", strconv.Itoa(t.ID))
			kit.Field(w, "NAME", t.Name)
			kit.Field(w, "USER", t.UName)
			kit.Field(w, "GROUP", t.GName)
			kit.Field(w, "LOCK", kit.LockName(t.Lock))
			kit.Field(w, "REGISTER TIME", kit.ShowTime(t.RegTime))
			kit.PermsSection(w, t.Permissions)
			kit.TemplateSection(w, "TEMPLATE CONTENTS", doc, "TEMPLATE")
			return nil
		},
	}
}
