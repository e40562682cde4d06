package host

import (
	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

func newCreateCmd(f *kit.Factory) *cobra.Command {
	var (
		im, vmm, cluster string
		wait             bool
		out              output.Options
	)
	cmd := &cobra.Command{
		Use:   "create <hostname>",
		Short: "Add a host (onehost create)",
		Long: `Add a host, in the default cluster unless --cluster says otherwise.

A new host is INIT until its first probe answers, then MONITORED; --wait
waits for that. A host whose information driver (--im) the server does not
run stays INIT.` + kit.APIHelp("one.host.allocate", ""),
		Example: "  onectl host create node01 --im kvm --vm kvm --cluster production --wait",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			if im == "" || vmm == "" {
				return kit.Usagef("--im and --vm are required: the host's information and virtualization drivers (e.g. kvm)")
			}
			ctx := cmd.Context()
			cid := -1
			if cluster != "" {
				id, err := kit.NewResolver(f, kit.Clusters).ID(ctx, cluster)
				if err != nil {
					return err
				}
				cid = id
			}
			c, err := f.Client()
			if err != nil {
				return err
			}
			res, err := c.Call(ctx, "one.host.allocate", args[0], im, vmm, cid)
			if err != nil || c.IsDryRun() {
				return err
			}
			if err := kit.PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", res); err != nil {
				return err
			}
			if id, ok := kit.ResultInt(res); ok && wait {
				return kit.WaitObject(ctx, f, kit.Hosts, id, kit.Until("MONITORED"), true)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&im, "im", "i", "", "information driver (kvm, lxc, qemu, firecracker, dummy...)")
	fs.StringVarP(&vmm, "vm", "v", "", "virtualization driver (kvm, lxc, qemu, firecracker, dummy...)")
	fs.StringVarP(&cluster, "cluster", "c", "", "cluster to add the host to (ID or name; default: the default cluster)")
	fs.BoolVar(&wait, "wait", false, "wait until the host is MONITORED (bounded by --timeout)")
	kit.AddOutputFlags(cmd, &out)
	_ = cmd.RegisterFlagCompletionFunc("cluster", kit.CompleteObjects(f, kit.Clusters, false))
	return cmd
}
