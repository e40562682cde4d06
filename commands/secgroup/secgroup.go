// Package secgroup is the secgroup group: onesecgroup's subcommands, over
// one.secgroup.*.
package secgroup

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

// NewCmd is the secgroup group.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("secgroup", "Manage security groups: firewall rules for VM NICs (onesecgroup)")
	del := kit.Delete(kit.SecGroups)
	del.Long = "The default group (0) and groups that VMs use cannot be deleted."
	for _, a := range []*kit.Action{
		kit.Chown(kit.SecGroups), kit.Chgrp(kit.SecGroups), kit.Chmod(kit.SecGroups), kit.Rename(kit.SecGroups), del,
		{
			Use: "clone", Short: "Copy a security group under a new name", Method: "one.secgroup.clone",
			Res: kit.SecGroups, Args: []kit.Arg{{Name: "name"}}, Params: kit.IDAndArgs, Result: "ID",
		},
		{
			Use: "commit", Short: "Push a security group's rules to its VMs again", Method: "one.secgroup.commit",
			Res: kit.SecGroups, Many: true,
			Long: `Without --recover every VM of the group gets the rules again; with it, only
the VMs whose last update is outdated or failed. Progress shows in the
group's UPDATING, OUTDATED and ERROR VMs (secgroup show).`,
			Flags: func(fs *pflag.FlagSet) {
				fs.Bool("recover", false, "only the VMs whose update is outdated or failed")
			},
			Params: func(c *kit.Call, id int) ([]any, error) { return []any{id, c.Bool("recover")}, nil },
		},
	} {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand((&kit.List{
		Res: kit.SecGroups, Short: "List security groups (onesecgroup list)", Whose: true,
		Table: sgTable, Row: kit.UnmarshalRow[client.SecurityGroup],
	}).Build(f))
	cmd.AddCommand((&kit.Show{
		Res: kit.SecGroups, Use: "show",
		Short: "Show a security group as onesecgroup show does: its VMs and whether they are updated, its rules",
		Render: func(r *kit.Render) error {
			g, err := client.ParseSecurityGroup(r.Raw)
			if err != nil {
				return fmt.Errorf("reading security group %d: %w", r.ID, err)
			}
			doc := r.Doc
			return writeShow(r.Out, g, doc)
		},
	}).Build(f))
	cmd.AddCommand((&kit.TemplateUpdate{
		Res: kit.SecGroups, Use: "update", Method: "one.secgroup.update", Appendable: true,
		Short: "Replace or merge the template (and rules) of a security group; its VMs get the new rules",
		Current: func(n *output.Node, _ int) *template.Template {
			return kit.NodeTemplate(n.Child("TEMPLATE"), nil)
		},
	}).Build(f))
	cmd.AddCommand(newCreateCmd(f))
	return cmd
}

func sgTable() *output.Table {
	g := func(r any) *client.SecurityGroup { return r.(*client.SecurityGroup) }
	return &output.Table{
		Default: []string{"ID", "USER", "GROUP", "NAME", "UPDATED", "OUTDATED", "ERROR"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(g(r).ID) }},
			{Name: "USER", Value: func(r any) string { return g(r).UName }},
			{Name: "GROUP", Value: func(r any) string { return g(r).GName }},
			{Name: "NAME", Value: func(r any) string { return g(r).Name }},
			{Name: "UPDATED", Right: true, Value: func(r any) string { return strconv.Itoa(len(g(r).UpdatedVMs.ID)) }},
			{Name: "OUTDATED", Right: true, Value: func(r any) string { return strconv.Itoa(len(g(r).OutdatedVMs.ID)) }},
			{Name: "ERROR", Right: true, Value: func(r any) string { return strconv.Itoa(len(g(r).ErrorVMs.ID)) }},
			{Name: "UPDATING", Right: true, Value: func(r any) string { return strconv.Itoa(len(g(r).UpdatingVMs.ID)) }},
			{Name: "UID", Right: true, Value: func(r any) string { return strconv.Itoa(g(r).UID) }},
			{Name: "GID", Right: true, Value: func(r any) string { return strconv.Itoa(g(r).GID) }},
		},
	}
}

func joinIDs(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(id)
	}
	return strings.Join(s, ",")
}

func writeShow(w io.Writer, g *client.SecurityGroup, doc *output.Node) error {
	kit.Section(w, fmt.Sprintf("SECURITY GROUP %d INFORMATION", g.ID))
	kit.Field(w, "ID", strconv.Itoa(g.ID))
	kit.Field(w, "NAME", g.Name)
	kit.Field(w, "USER", g.UName)
	kit.Field(w, "GROUP", g.GName)
	kit.Section(w, "PERMISSIONS")
	kit.PermsFields(w, g.Permissions)
	fmt.Fprintln(w)
	kit.Section(w, "VIRTUAL MACHINES")
	kit.Field(w, "UPDATED", joinIDs(g.UpdatedVMs.ID))
	kit.Field(w, "UPDATING", joinIDs(g.UpdatingVMs.ID))
	kit.Field(w, "OUTDATED", joinIDs(g.OutdatedVMs.ID))
	kit.Field(w, "ERROR", joinIDs(g.ErrorVMs.ID))
	fmt.Fprintln(w)
	kit.Section(w, "RULES")
	var rules []any
	for _, r := range doc.All("TEMPLATE/RULE") {
		rules = append(rules, r)
	}
	pr := &output.Printer{Opts: output.Options{Format: output.FormatTable}, Out: w}
	if err := pr.Table(ruleTable(), rules); err != nil {
		return err
	}
	fmt.Fprintln(w)
	kit.Section(w, "TEMPLATE CONTENTS")
	rest := &template.Template{}
	for _, a := range kit.NodeTemplate(doc.Child("TEMPLATE"), nil).Attrs {
		if a.Name != "RULE" {
			rest.Add(a)
		}
	}
	if s := rest.String(); s != "" {
		fmt.Fprintln(w, s)
	}
	return nil
}

func ruleTable() *output.Table {
	v := func(r any, k string) string { return r.(*output.Node).Value(k) }
	return &output.Table{
		Default: []string{"TYPE", "PROTOCOL", "ICMP_TYPE", "ICMPV6_TYPE", "NETWORK", "RANGE"},
		Columns: []output.Column{
			{Name: "TYPE", Value: func(r any) string { return strings.ToLower(v(r, "RULE_TYPE")) }},
			{Name: "PROTOCOL", Value: func(r any) string { return strings.ToUpper(v(r, "PROTOCOL")) }},
			{Name: "ICMP_TYPE", Value: func(r any) string { return v(r, "ICMP_TYPE") }},
			{Name: "ICMPV6_TYPE", Value: func(r any) string { return v(r, "ICMPV6_TYPE") }},
			{Name: "NETWORK", Value: func(r any) string {
				switch {
				case v(r, "NETWORK_ID") != "":
					return "VNet " + v(r, "NETWORK_ID")
				case v(r, "IP") != "":
					return "Start: " + v(r, "IP") + ", Size: " + v(r, "SIZE")
				}
				return "Any"
			}},
			{Name: "RANGE", Value: func(r any) string { return v(r, "RANGE") }},
		},
	}
}

type createOpts struct {
	name, description string
	rules             []string
	out               output.Options
}

func newCreateCmd(f *kit.Factory) *cobra.Command {
	o := &createOpts{}
	cmd := &cobra.Command{
		Use:   "create [<file>|-]",
		Short: "Create a security group from a template file, stdin, or flags",
		Long: `Create a security group from a template file, a template on stdin (-), or
flags; flags add to the file. Prints "ID: N".

--rule takes TYPE:PROTOCOL[:RANGE], e.g. inbound:tcp:22,80,8000:8080 or
outbound:all, or KEY=VALUE pairs separated by semicolons, e.g.
"rule_type=inbound;protocol=tcp;range=22;network_id=0".` + kit.APIHelp("one.secgroup.allocate", ""),
		Example: `  onectl secgroup create --name web --rule inbound:tcp:22,80,443 --rule outbound:all
  onectl secgroup create web.tmpl`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runCreate(cmd, f, o, args) },
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.name, "name", "n", "", "name of the group")
	fs.StringVar(&o.description, "description", "", "what the group is for")
	fs.StringArrayVar(&o.rules, "rule", nil, "a rule (repeatable), e.g. inbound:tcp:22,80")
	kit.AddOutputFlags(cmd, &o.out)
	return cmd
}

func runCreate(cmd *cobra.Command, f *kit.Factory, o *createOpts, args []string) error {
	if err := kit.ValidateOutput(&o.out); err != nil {
		return err
	}
	t := &template.Template{}
	if len(args) == 1 {
		text, err := kit.ReadSource(f, args[0])
		if err != nil {
			return err
		}
		if t, err = kit.ParseTemplate(text, "in "+args[0]); err != nil {
			return err
		}
	}
	if o.name != "" {
		t.Set("NAME", o.name)
	}
	if o.description != "" {
		t.Set("DESCRIPTION", o.description)
	}
	for _, s := range o.rules {
		r, err := ParseRule(s)
		if err != nil {
			return err
		}
		t.Add(r)
	}
	if _, ok := t.Get("NAME"); !ok {
		return kit.Usagef("a security group needs a name: --name or NAME in the template")
	}
	c, err := f.Client()
	if err != nil {
		return err
	}
	res, err := c.Call(cmd.Context(), "one.secgroup.allocate", t.String())
	if err != nil || c.IsDryRun() {
		return err
	}
	return kit.PrintResult(&output.Printer{Opts: o.out, Out: f.IO.Out}, "ID", res)
}

// ParseRule reads --rule: TYPE:PROTOCOL[:RANGE], or KEY=VALUE pairs
// separated by semicolons (a RANGE has commas).
func ParseRule(s string) (template.Attr, error) {
	bad := func() (template.Attr, error) {
		return template.Attr{}, kit.Usagef("invalid --rule %q: use TYPE:PROTOCOL[:RANGE] (inbound:tcp:22,80) or key=value pairs", s)
	}
	if strings.Contains(s, "=") {
		pairs, ok := kit.ParsePairs(s, ";")
		if !ok {
			return bad()
		}
		return template.Attr{Name: "RULE", Vector: pairs}, nil
	}
	parts := strings.SplitN(s, ":", 3)
	if len(parts) < 2 {
		return bad()
	}
	typ := strings.ToLower(parts[0])
	if typ != "inbound" && typ != "outbound" {
		return bad()
	}
	pairs := []template.Pair{{Name: "PROTOCOL", Value: strings.ToUpper(parts[1])}, {Name: "RULE_TYPE", Value: typ}}
	if len(parts) == 3 && parts[2] != "" {
		pairs = append(pairs, template.Pair{Name: "RANGE", Value: parts[2]})
	}
	return template.Attr{Name: "RULE", Vector: pairs}, nil
}
