// Package group is the group group: onegroup's subcommands.
package group

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

// NewCmd is the group group.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("group", "Manage groups, their admins and quotas (onegroup)")
	newPool := func() func([]byte) (any, error) {
		return (&kit.QuotaPool[client.Group]{Elem: "GROUP", ID: func(g *client.Group) int { return g.ID }}).Row
	}
	cmd.AddCommand(
		(&kit.List{Res: kit.Groups, Short: "List groups with their VM usage and quotas (onegroup list)",
			Table: groupTable, NewRow: newPool, Whole: true}).Build(f),
		(&kit.Show{Res: kit.Groups, Use: "show", Self: true, Render: renderGroup,
			Decrypt: true,
			Short:   "Show a group (your primary group when omitted): users, admins, usage and quotas"}).Build(f),
		(&kit.TemplateUpdate{Res: kit.Groups, Use: "update", Method: "one.group.update", Appendable: true,
			Short: "Replace or merge the template of a group",
			Current: func(doc *output.Node, _ int) *template.Template {
				return kit.NodeTemplate(doc.Child("TEMPLATE"), nil)
			}}).Build(f),
		kit.QuotaUpdate(f, kit.Groups, "one.group.quota", quotaTables),
		kit.DefaultQuota(f, kit.Groups, "one.groupquota.info", "one.groupquota.update"),
		newCreateCmd(f),
	)
	admin := func(use, method, short string) *kit.Action {
		return &kit.Action{Use: use, Method: method, Res: kit.Groups, Many: true, Short: short,
			Args: []kit.Arg{{Name: "user", Res: kit.Users}}, Params: kit.IDAndArgs}
	}
	for _, a := range []*kit.Action{
		kit.Delete(kit.Groups),
		kit.BatchQuota(kit.Groups, "one.group.quota"),
		admin("addadmin", "one.group.addadmin", "Make a user (already a member) an admin of groups"),
		admin("deladmin", "one.group.deladmin", "Take a user's admin rights on groups away"),
	} {
		cmd.AddCommand(a.Build(f))
	}
	return cmd
}

type groupRow = kit.QuotaRow[client.Group]

// groupTable has onegroup list's columns first (the default).
func groupTable() *output.Table {
	g := func(r any) *groupRow { return r.(*groupRow) }
	return &output.Table{
		Default: []string{"ID", "NAME", "USERS", "VMS", "MEMORY", "CPU"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(g(r).ID) }},
			{Name: "NAME", Value: func(r any) string { return g(r).Obj.Name }},
			{Name: "USERS", Right: true, Value: func(r any) string { return strconv.Itoa(len(g(r).Obj.Users.ID)) }},
			{Name: "VMS", Right: true, Value: func(r any) string { return g(r).VMsCell() }},
			{Name: "MEMORY", Right: true, Value: func(r any) string { return g(r).MemoryCell() }},
			{Name: "CPU", Right: true, Value: func(r any) string { return g(r).CPUCell("   -") }},
			{Name: "ADMINS", Right: true, Value: func(r any) string { return strconv.Itoa(len(g(r).Obj.Admins.ID)) }},
		},
	}
}

// renderGroup prints a group as onegroup show does.
func renderGroup(r *kit.Render) error {
	g, err := client.ParseGroup(r.Raw)
	if err != nil {
		return fmt.Errorf("reading group %d: %w", r.ID, err)
	}
	doc := r.Doc
	w := r.Out
	fmt.Fprintf(w, "%-80s\n", fmt.Sprintf("GROUP %d INFORMATION", g.ID))
	fmt.Fprintf(w, "%-15s: %-20s\n", "ID", strconv.Itoa(g.ID))
	fmt.Fprintf(w, "%-15s: %-20s\n", "NAME", g.Name)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-80s\n", "GROUP TEMPLATE")
	if s := kit.NodeTemplate(doc.Child("TEMPLATE"), nil).String(); s != "" {
		fmt.Fprintln(w, s)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%7s %-5s\n", "USER ID", "ADMIN")
	for _, u := range g.Users.ID {
		mark := ""
		for _, a := range g.Admins.ID {
			if a == u {
				mark = "*"
			}
		}
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("%7d %-5s", u, mark), " "))
	}
	output.WriteQuotas(w, &g.Quotas, &g.DefaultQuotas, g.ID)
	return nil
}

// quotaTables is `group quota --show`: the quota part of onegroup show.
func quotaTables(raw []byte, w io.Writer) error {
	g, err := client.ParseGroup(raw)
	if err != nil {
		return err
	}
	output.WriteQuotas(w, &g.Quotas, &g.DefaultQuotas, g.ID)
	return nil
}
