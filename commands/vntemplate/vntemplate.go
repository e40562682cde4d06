// Package vntemplate is the vntemplate group: onevntemplate's subcommands,
// over one.vntemplate.*.
package vntemplate

import (
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

// NewCmd is the vntemplate group.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("vntemplate", "Manage virtual network templates (onevntemplate)")
	clone := &kit.Action{
		Use: "clone", Short: "Copy a network template under a new name", Method: "one.vntemplate.clone",
		Res: kit.VNTemplates, Args: []kit.Arg{{Name: "name"}}, Result: "ID",
		Params: func(c *kit.Call, id int) ([]any, error) { return []any{id, c.Arg(0, ""), false}, nil },
	}
	del := kit.Delete(kit.VNTemplates)
	del.Params = func(_ *kit.Call, id int) ([]any, error) { return []any{id, false}, nil }
	chmod := kit.Chmod(kit.VNTemplates)
	chmod.Params = func(c *kit.Call, id int) ([]any, error) {
		p, err := kit.ChmodParams(c, id)
		return append(p, false), err
	}
	for _, a := range []*kit.Action{kit.Chown(kit.VNTemplates), kit.Chgrp(kit.VNTemplates), chmod,
		kit.Rename(kit.VNTemplates), kit.Lock(kit.VNTemplates), kit.Unlock(kit.VNTemplates), del, clone} {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(lister().Build(f))
	cmd.AddCommand(lister().BuildTop(f))
	cmd.AddCommand((&kit.Show{
		Res: kit.VNTemplates, Use: "show", Short: "Show a network template as onevntemplate show does",
		Flags: func(fs *pflag.FlagSet) {
			fs.Bool("extended", false, "send one.vntemplate.info's second argument (oned reads it as decrypt)")
		},
		Params: func(c *kit.Call, id int) []any { return []any{id, c.Bool("extended")} },
		Render: func(r *kit.Render) error {
			t, err := client.ParseVNTemplate(r.Raw)
			if err != nil {
				return fmt.Errorf("reading network template %d: %w", r.ID, err)
			}
			doc := r.Doc
			writeShow(r.Out, t, doc)
			return nil
		},
	}).Build(f))
	cmd.AddCommand((&kit.TemplateUpdate{
		Res: kit.VNTemplates, Use: "update", Method: "one.vntemplate.update", Appendable: true,
		Short: "Replace or merge the contents of a network template",
		Current: func(n *output.Node, _ int) *template.Template {
			return kit.NodeTemplate(n.Child("TEMPLATE"), nil)
		},
	}).Build(f))
	cmd.AddCommand(newCreateCmd(f), newInstantiateCmd(f))
	return cmd
}

func lister() *kit.List {
	v := func(r any) *client.VNTemplate { return r.(*client.VNTemplate) }
	return &kit.List{
		Res: kit.VNTemplates, Short: "List network templates (onevntemplate list)", Whose: true,
		Row: kit.UnmarshalRow[client.VNTemplate],
		Table: func() *output.Table {
			return &output.Table{
				Default: []string{"ID", "USER", "GROUP", "NAME", "REGTIME"},
				Columns: []output.Column{
					{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).ID) }},
					{Name: "USER", Value: func(r any) string { return v(r).UName }},
					{Name: "GROUP", Value: func(r any) string { return v(r).GName }},
					{Name: "NAME", Value: func(r any) string { return v(r).Name }},
					{Name: "REGTIME", Right: true, Value: func(r any) string { return regTime(v(r).RegTime) }},
					{Name: "UID", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).UID) }},
					{Name: "GID", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).GID) }},
					{Name: "VN_MAD", Value: func(r any) string { return v(r).Template.Get("VN_MAD") }},
					{Name: "LOCK", Value: func(r any) string { return kit.LockName(v(r).Lock) }},
				},
			}
		},
	}
}

func regTime(t int64) string {
	if t <= 0 {
		return "-"
	}
	return time.Unix(t, 0).Format("01/02 15:04:05")
}

func writeShow(w io.Writer, t *client.VNTemplate, doc *output.Node) {
	fmt.Fprintf(w, "%-80s\n", fmt.Sprintf("TEMPLATE %d INFORMATION", t.ID))
	kit.Field(w, "ID", strconv.Itoa(t.ID))
	kit.Field(w, "NAME", t.Name)
	kit.Field(w, "USER", t.UName)
	kit.Field(w, "GROUP", t.GName)
	kit.Field(w, "LOCK", kit.LockName(t.Lock))
	kit.Field(w, "REGISTER TIME", regTime(t.RegTime))
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-80s\n", "PERMISSIONS")
	kit.PermsFields(w, t.Permissions)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-80s\n", "TEMPLATE CONTENTS")
	if s := kit.NodeTemplate(doc.Child("TEMPLATE"), nil).String(); s != "" {
		fmt.Fprintln(w, s)
	}
}

func newCreateCmd(f *kit.Factory) *cobra.Command {
	return (&kit.Create{
		Res: kit.VNTemplates, Method: "one.vntemplate.allocate", Dry: true,
		Short: "Create a network template from a file or stdin",
		Long: `Create a network template from a file or from stdin (- or a pipe). It needs
NAME and VN_MAD; AR=[...] vectors give the networks made from it their
address ranges.`,
	}).Build(f)
}

type instantiateOpts struct {
	name     string
	multiple int
	as       kit.AsOwner
	shape    kit.ARShape
	wait     bool
	out      output.Options
}

func newInstantiateCmd(f *kit.Factory) *cobra.Command {
	o := &instantiateOpts{}
	cmd := &cobra.Command{
		Use:   "instantiate <vntemplate> [<file>|-]",
		Short: "Create virtual networks from a network template",
		Long: `Create a virtual network from a template, --multiple times. <file> (or stdin)
is an extra template merged into it; the address range flags (--size --ip
--mac --ip6-global ...) add one more AR instead. --name may use %i, the
index of the network. Prints "ID: N" for each network; --wait waits until
they are READY.` + kit.APIHelp("one.vntemplate.instantiate", ""),
		Example: `  onectl vntemplate instantiate lan --name lan-%i --multiple 2
  onectl vntemplate instantiate lan --name lab --ip 172.17.0.1 --size 8 --wait`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error { return runInstantiate(cmd, f, o, args) },
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.name, "name", "n", "", "name of the network (%i is replaced by its index)")
	fs.IntVarP(&o.multiple, "multiple", "m", 1, "create this many networks")
	o.as.AddFlags(f, cmd, "networks")
	fs.Bool("extended", false, "accepted for onevntemplate compatibility; it changes nothing")
	fs.BoolVar(&o.wait, "wait", false, "wait until the networks are READY")
	o.shape.AddFlags(fs)
	kit.AddOutputFlags(cmd, &o.out)
	cmd.ValidArgsFunction = kit.CompleteObjects(f, kit.VNTemplates, false)
	return cmd
}

func runInstantiate(cmd *cobra.Command, f *kit.Factory, o *instantiateOpts, args []string) error {
	ctx := cmd.Context()
	if err := kit.ValidateOutput(&o.out); err != nil {
		return err
	}
	if o.multiple < 1 {
		return kit.Usagef("--multiple must be at least 1")
	}
	extra := &template.Template{}
	if len(args) == 2 || (!f.IO.IsStdinTTY() && !o.shape.Given()) {
		src := "-"
		if len(args) == 2 {
			src = args[1]
		}
		if o.shape.Given() {
			return kit.Usagef("give the extra template in a file or the address range with flags, not both")
		}
		text, err := kit.ReadSource(f, src)
		if err != nil {
			return err
		}
		if extra, err = kit.ParseTemplate(text, ""); err != nil {
			return err
		}
	}
	if o.shape.Given() {
		a, err := o.shape.Vector()
		if err != nil {
			return err
		}
		extra.Add(a)
	}
	if err := o.as.Apply(ctx, f, extra); err != nil {
		return err
	}
	id, c, err := kit.OneObject(ctx, f, kit.VNTemplates, args[0])
	if err != nil {
		return err
	}
	p := &output.Printer{Opts: o.out, Out: f.IO.Out}
	var made []int
	for i := 0; i < o.multiple; i++ {
		name := strings.ReplaceAll(o.name, "%i", strconv.Itoa(i))
		res, err := c.Call(ctx, "one.vntemplate.instantiate", id, name, extra.String())
		if err != nil || c.IsDryRun() {
			return err
		}
		if err := kit.PrintResult(p, "ID", res); err != nil {
			return err
		}
		if n, ok := kit.ResultInt(res); ok {
			made = append(made, n)
		}
	}
	if o.wait {
		for _, n := range made {
			if err := kit.WaitObject(ctx, f, kit.VNets, n, kit.Until("READY"), len(made) == 1); err != nil {
				return err
			}
		}
	}
	return nil
}
