package vm

import (
	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// newVMSaveCmd saves a powered-off VM as a new template: each disk becomes a
// new image (one.vm.disksaveas) and the template refers to those images.
func newVMSaveCmd(f *kit.Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:   "save <vm> <template-name>",
		Short: "Save a powered-off VM as a new template, with copies of its disks",
		Long: `Save a powered-off VM as a new template. Each disk is saved as a new image
named <template-name>-disk-<id>; NICs keep their networks. Prints the new
template's "ID: N".` + kit.APIHelp("one.vm.disksaveas", "") + `, one.template.allocate (needs TEMPLATE:CREATE)`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			ctx := cmd.Context()
			id, c, err := kit.OneObject(ctx, f, kit.VMs, args[0])
			if err != nil {
				return err
			}
			tid, err := kit.SaveVM(ctx, c, id, args[1])
			if err != nil || c.IsDryRun() {
				return err
			}
			return kit.PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", tid)
		},
	}
	kit.AddOutputFlags(cmd, &out)
	cmd.ValidArgsFunction = kit.CompleteObjects(f, kit.VMs, false)
	return cmd
}
