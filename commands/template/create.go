package template

import (
	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	tpl "github.com/onectl/onectl/template"
)

func newCreateCmd(f *kit.Factory) *cobra.Command {
	var (
		shape kit.VMShape
		out   output.Options
	)
	cmd := &cobra.Command{
		Use:   "create [<file>|-]",
		Short: "Register a template from a file, stdin, or flags",
		Long: `Register a VM template from a file, a template on stdin (-), or flags
(--name --cpu --vcpu --memory --disk --nic), the flags winning over the
file. The template needs a NAME. Prints "ID: N".` + kit.APIHelp("one.template.allocate", ""),
		Example: `  onectl template create --name small --cpu 0.5 --memory 512M --disk alpine-3.20 --nic private
  onectl template create web.tmpl`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			t := &tpl.Template{}
			if len(args) == 1 {
				text, err := kit.ReadSource(f, args[0])
				if err != nil {
					return err
				}
				if t, err = kit.ParseTemplate(text, "in "+args[0]); err != nil {
					return err
				}
			}
			if err := shape.Apply(ctx, f, t); err != nil {
				return err
			}
			if len(t.Attrs) == 0 {
				return kit.Usagef("no template: give a file, - for stdin, or flags such as --name and --cpu")
			}
			c, err := f.Client()
			if err != nil {
				return err
			}
			res, err := c.Call(ctx, "one.template.allocate", t.String())
			if err != nil || c.IsDryRun() {
				return err
			}
			return kit.PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", res)
		},
	}
	shape.AddFlags(cmd.Flags())
	cmd.Flags().Lookup("name").Usage = "name of the template"
	kit.AddOutputFlags(cmd, &out)
	kit.CompleteFlag(f, cmd, "disk", kit.Images)
	kit.CompleteFlag(f, cmd, "nic", kit.VNets)
	return cmd
}
