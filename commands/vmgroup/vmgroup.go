// Package vmgroup is the vmgroup group: onevmgroup's subcommands.
package vmgroup

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// NewCmd is the vmgroup group: onevmgroup's subcommands.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("vmgroup", "Manage VM groups: roles and their affinity (onevmgroup)", "vmgroups")
	res := kit.VMGroups
	for _, a := range []*kit.Action{
		kit.Delete(res), kit.Chown(res), kit.Chgrp(res), kit.Chmod(res), kit.Rename(res), kit.Lock(res), kit.Unlock(res),
		{
			Use: "role-delete", Short: "Delete a role (by ID or name) of a VM group; it must have no VMs", Method: "one.vmgroup.roledelete",
			Res: res, Args: []kit.Arg{{Name: "role", Kind: kit.ArgString}},
			Params: func(c *kit.Call, id int) ([]any, error) {
				role, err := roleID(c, id, c.Arg(0, "").(string))
				return []any{id, role}, err
			},
		},
	} {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(
		newCreateCmd(f),
		newRoleAddCmd(f),
		(&kit.List{Res: res, Short: "List VM groups (onevmgroup list)", Table: groupTable, Whose: true,
			Row: kit.UnmarshalRow[client.VMGroup]}).Build(f),
		shower().Build(f),
		(&kit.TemplateUpdate{
			Res: res, Use: "update", Short: "Replace or merge (--append) a VM group's template (its AFFINED and ANTI_AFFINED rules)",
			Method: "one.vmgroup.update", Appendable: true,
			Current: func(obj *output.Node, _ int) *template.Template { return kit.NodeTemplate(obj.Path("TEMPLATE"), nil) },
		}).Build(f),
		(&kit.TemplateUpdate{
			Res: res, Use: "role-update", Short: "Change a role (by ID or name) of a VM group: POLICY, HOST_AFFINED, HOST_ANTI_AFFINED, NAME",
			Method: "one.vmgroup.roleupdate", Sub: "role", Wrap: "ROLE", SubByName: roleByName,
			Current: func(obj *output.Node, sub int) *template.Template {
				return kit.VectorWithID(obj.Path("ROLES"), "ROLE", "ID", sub)
			},
		}).Build(f),
	)
	return cmd
}

func roleByName(obj *output.Node, name string) (int, bool) {
	roles := obj.Path("ROLES")
	if roles == nil {
		return 0, false
	}
	for _, r := range roles.All("ROLE") {
		if r.Value("NAME") == name {
			n, err := strconv.Atoi(r.Value("ID"))
			return n, err == nil
		}
	}
	return 0, false
}

// roleID reads a role argument: its ID, or its name looked up in the group.
func roleID(c *kit.Call, group int, arg string) (int, error) {
	if n, err := strconv.Atoi(arg); err == nil && n >= 0 {
		return n, nil
	}
	return kit.SubByName(c.Cmd.Context(), c.F, kit.VMGroups, group, arg, roleByName)
}

func groupTable() *output.Table {
	g := func(r any) *client.VMGroup { return r.(*client.VMGroup) }
	return &output.Table{
		Default: []string{"ID", "USER", "GROUP", "NAME", "VMS", "ROLES"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(g(r).ID) }},
			{Name: "USER", Value: func(r any) string { return g(r).UName }},
			{Name: "GROUP", Value: func(r any) string { return g(r).GName }},
			{Name: "NAME", Value: func(r any) string { return g(r).Name }},
			{Name: "VMS", Value: func(r any) string { return strconv.Itoa(vmCount(g(r))) }},
			{Name: "ROLES", Value: func(r any) string {
				names := make([]string, len(g(r).Roles))
				for i, role := range g(r).Roles {
					names[i] = role.Name
				}
				return strings.Join(names, ", ")
			}},
			{Name: "LOCK", Value: func(r any) string { return kit.LockName(g(r).Lock) }},
		},
	}
}

func vmCount(g *client.VMGroup) int {
	n := 0
	for _, r := range g.Roles {
		if r.VMs != "" {
			n += len(strings.Split(r.VMs, ","))
		}
	}
	return n
}

func newCreateCmd(f *kit.Factory) *cobra.Command {
	return (&kit.Create{
		Res: kit.VMGroups, Method: "one.vmgroup.allocate",
		Short: "Create a VM group from a template file or stdin (onevmgroup create)",
		Long: `Create a VM group from a template file, or from stdin (onevmgroup create).

A role is ROLE=[NAME=..., POLICY=AFFINED|ANTI_AFFINED, HOST_AFFINED="0,1",
HOST_ANTI_AFFINED="2"]; AFFINED="web, db" and ANTI_AFFINED="web, app" bind
roles to the same hosts or keep them apart. A VM joins a role with
VMGROUP=[VMGROUP_ID=<id>, ROLE=<name>] in its template, and the scheduler
places it accordingly.`,
	}).Build(f)
}

func newRoleAddCmd(f *kit.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "role-add <vmgroup> [<file>]",
		Short: "Add a role to a VM group, from a file or stdin (ROLE=[...] or its plain attributes)",
		Long: `Add a role to a VM group, from <file> or stdin: ROLE=[NAME=..., POLICY=...]
or just its attributes (NAME="cache" POLICY="AFFINED"), which are wrapped
into ROLE=[...] as OpenNebula's CLI does.` + kit.APIHelp("one.vmgroup.roleadd", ""),
		Args:              cobra.RangeArgs(1, 2),
		ValidArgsFunction: kit.CompleteObjects(f, kit.VMGroups, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			src := "-"
			if len(args) == 2 {
				src = args[1]
			} else if f.IO.IsStdinTTY() {
				return kit.Usagef("give the role in a file, or on stdin")
			}
			text, err := kit.ReadSource(f, src)
			if err != nil {
				return err
			}
			t, err := kit.ParseTemplate(text, "")
			if err != nil {
				return err
			}
			id, c, err := kit.OneObject(ctx, f, kit.VMGroups, args[0])
			if err != nil {
				return err
			}
			_, err = c.Call(ctx, "one.vmgroup.roleadd", id, kit.WrapVector(t, "ROLE").String())
			return err
		},
	}
	return cmd
}

func shower() *kit.Show {
	return &kit.Show{
		Res:   kit.VMGroups,
		Use:   "show",
		Short: "Show a VM group as onevmgroup show does: its roles with their policies, hosts and VMs, and its rules",
		Render: func(r *kit.Render) error {
			g, err := client.ParseVMGroup(r.Raw)
			if err != nil {
				return fmt.Errorf("reading VM group %d: %w", r.ID, err)
			}
			doc := r.Doc
			return writeShow(r.Out, g, doc)
		},
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeShow(w io.Writer, g *client.VMGroup, doc *output.Node) error {
	fmt.Fprintf(w, "%-80s\n", fmt.Sprintf("VM GROUP %d INFORMATION", g.ID))
	kit.Field(w, "ID", strconv.Itoa(g.ID))
	kit.Field(w, "NAME", g.Name)
	kit.Field(w, "USER", g.UName)
	kit.Field(w, "GROUP", g.GName)
	kit.Field(w, "LOCK", kit.LockName(g.Lock))
	fmt.Fprintf(w, "%-80s\n\n", "PERMISSIONS")
	kit.PermsFields(w, g.Permissions)

	fmt.Fprintf(w, "\n%-80s\n", "ROLES")
	rows := make([]any, len(g.Roles))
	for i := range g.Roles {
		rows[i] = &g.Roles[i]
	}
	role := func(r any) *client.VMGroupRole { return r.(*client.VMGroupRole) }
	if err := (&output.Printer{Opts: output.Options{Format: output.FormatTable}, Out: w}).Table(&output.Table{Columns: []output.Column{
		{Name: "ID", Value: func(r any) string { return strconv.Itoa(role(r).ID) }},
		{Name: "NAME", Value: func(r any) string { return role(r).Name }},
		{Name: "POLICY", Value: func(r any) string { return dash(role(r).Policy) }},
		{Name: "AFFINED_HOSTS", Value: func(r any) string { return dash(role(r).HostAffined) }},
		{Name: "ANTI_AFFINED_HOST", Value: func(r any) string { return dash(role(r).HostAntiAffined) }},
		{Name: "VIRTUAL_MACHINES", Value: func(r any) string { return role(r).VMs }},
	}}, rows); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%-80s\n", "TEMPLATE CONTENTS")
	if t := kit.NodeTemplate(doc.Path("TEMPLATE"), nil).String(); t != "" {
		fmt.Fprint(w, strings.TrimSuffix(t, "\n")+"\n")
	}
	return nil
}
