package vm

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// saveKeep are the TEMPLATE attributes that describe the machine rather
// than this one instance of it; the rest (IDs, placement) is left behind.
var saveKeep = []string{"CPU", "VCPU", "MEMORY", "OS", "FEATURES", "GRAPHICS", "INPUT", "VIDEO", "RAW", "CPU_MODEL", "CONTEXT", "HYPERVISOR"}

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
			if c.IsDryRun() {
				return kit.Usagef("vm save reads the VM before it acts, so it has no --dry-run")
			}
			raw, err := c.CallString(ctx, "one.vm.info", id)
			if err != nil {
				return err
			}
			vm, err := client.ParseVM([]byte(raw))
			if err != nil {
				return fmt.Errorf("reading VM %d: %w", id, err)
			}
			if vm.State != client.VMPoweroff {
				return &kit.CodedError{Code: kit.ExitState, Err: fmt.Errorf("VM %d is %s: power it off first (onectl vm poweroff %d --wait)", id, vm.StateName(), id)}
			}
			doc, err := output.ParseXML([]byte(raw))
			if err != nil {
				return err
			}
			t := kit.NodeTemplate(doc.Path("TEMPLATE"), saveKeep)
			t.Set("NAME", args[1])
			for _, d := range vm.Template.Disks {
				diskID, _ := strconv.Atoi(d.DiskID)
				img, err := c.CallInt(ctx, "one.vm.disksaveas", id, diskID, fmt.Sprintf("%s-disk-%d", args[1], diskID), "", -1)
				if err != nil {
					return fmt.Errorf("saving disk %d: %w", diskID, err)
				}
				t.Add(template.Attr{Name: "DISK", Vector: []template.Pair{{Name: "IMAGE_ID", Value: strconv.Itoa(img)}}})
			}
			for _, n := range vm.Template.NICs {
				t.Add(template.Attr{Name: "NIC", Vector: []template.Pair{{Name: "NETWORK_ID", Value: n.NetworkID}}})
			}
			tid, err := c.Call(ctx, "one.template.allocate", t.String())
			if err != nil {
				return err
			}
			return kit.PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", tid)
		},
	}
	kit.AddOutputFlags(cmd, &out)
	cmd.ValidArgsFunction = kit.CompleteObjects(f, kit.VMs, false)
	return cmd
}
