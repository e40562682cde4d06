package host

import (
	"encoding/base64"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// newImportVMCmd is onehost importvm: a VM the host's probe found running
// outside OpenNebula (a "wild" VM, TEMPLATE/VM with IMPORT_TEMPLATE) is
// created from that template and deployed where it runs.
func newImportVMCmd(f *kit.Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:   "importvm <host> <name>",
		Short: "Import a VM the host runs outside OpenNebula (onehost importvm; deprecated there too)",
		Long: `Import a VM the host runs outside OpenNebula (a wild VM): its probe reports
it as VM=[VM_NAME, IMPORT_TEMPLATE] in the host's template; the VM is
created from IMPORT_TEMPLATE and deployed on the host.

The simulator's dummy probes report no wild VMs; one shows up when the
host's template is given such a VM=[...] entry (onectl host update).` +
			kit.APIHelp("one.host.info", "") + kit.APIHelp("one.vm.allocate", "") + kit.APIHelp("one.vm.deploy", ""),
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: kit.CompleteObjects(f, kit.Hosts, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			ctx := cmd.Context()
			id, c, err := kit.OneObject(ctx, f, kit.Hosts, args[0])
			if err != nil {
				return err
			}
			raw, err := c.CallString(ctx, "one.host.info", id)
			if err != nil || c.IsDryRun() {
				return err
			}
			h, err := client.ParseHost([]byte(raw))
			if err != nil {
				return fmt.Errorf("reading host %d: %w", id, err)
			}
			var found []string
			for _, w := range h.Template.All("VM") {
				if w.Get("VM_NAME") == args[1] && w.Get("IMPORT_TEMPLATE") != "" {
					found = append(found, w.Get("IMPORT_TEMPLATE"))
				}
			}
			switch len(found) {
			case 0:
				return &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("no importable wilds with name '%s' found", args[1])}
			case 1:
			default:
				return kit.Usagef("more than one importable wild with name '%s' found", args[1])
			}
			tmpl, err := base64.StdEncoding.DecodeString(found[0])
			if err != nil {
				return fmt.Errorf("wild VM %s: IMPORT_TEMPLATE is not base64: %w", args[1], err)
			}
			// on hold, so the scheduler cannot place it elsewhere before
			// the deploy (onehost allocates it pending and races it)
			res, err := c.Call(ctx, "one.vm.allocate", string(tmpl), true)
			if err != nil {
				return err
			}
			vm, _ := kit.ResultInt(res)
			if _, err := c.Call(ctx, "one.vm.deploy", vm, id, false); err != nil {
				return err
			}
			return kit.PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", res)
		},
	}
	kit.AddOutputFlags(cmd, &out)
	return cmd
}
