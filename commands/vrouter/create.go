package vrouter

import (
	"context"
	"slices"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

func newCreateCmd(f *kit.Factory) *cobra.Command {
	return (&kit.Create{
		Res: kit.VRouters, Method: "one.vrouter.allocate",
		Short: "Create a virtual router from a template file or stdin",
		Long: `Create a virtual router from a template file or stdin: NAME and NIC=[...]
vectors (NETWORK_ID or NETWORK; FLOATING_IP="YES" for an address the router
holds). Its VMs come with instantiate.`,
		Example: "  echo 'NAME=gw NIC=[NETWORK=public, FLOATING_IP=YES]' | onectl vrouter create",
	}).Build(f)
}

type instantiateOpts struct {
	shape    kit.VMShape
	multiple int
	hold     bool
	wait     bool
	as       kit.AsOwner
	out      output.Options
}

func newInstantiateCmd(f *kit.Factory) *cobra.Command {
	o := &instantiateOpts{}
	cmd := &cobra.Command{
		Use:   "instantiate <vrouter> <template> [<file>|-]",
		Short: "Create the VMs of a virtual router from a VROUTER=YES template",
		Long: `Create --multiple VMs for a virtual router from a VM template that has
VROUTER="YES"; each VM gets a NIC per router NIC (and takes over its
floating IPs). --name may use %i, the index of the VM. <file> (or stdin) is
an extra template; --cpu, --vcpu, --memory and --disk set one instead.
Prints the router's ID, as oned answers.` + kit.APIHelp("one.vrouter.instantiate", ""),
		Example: "  onectl vrouter instantiate gw vrouter --name gw-%i --multiple 2",
		Args:    cobra.RangeArgs(2, 3),
		RunE:    func(cmd *cobra.Command, args []string) error { return runInstantiate(cmd, f, o, args) },
	}
	fs := cmd.Flags()
	o.shape.AddFlags(fs)
	fs.IntVarP(&o.multiple, "multiple", "m", 1, "number of VMs")
	fs.BoolVar(&o.hold, "hold", false, "create the VMs on hold")
	o.as.AddFlags(f, cmd, "VMs")
	fs.BoolVar(&o.wait, "wait", false, "wait until the new VMs are RUNNING (HOLD with --hold)")
	kit.AddOutputFlags(cmd, &o.out)
	routers, templates := kit.CompleteObjects(f, kit.VRouters, false), kit.CompleteObjects(f, kit.Templates, false)
	cmd.ValidArgsFunction = func(c *cobra.Command, args []string, tc string) ([]cobra.Completion, cobra.ShellCompDirective) {
		switch len(args) {
		case 0:
			return routers(c, args, tc)
		case 1:
			return templates(c, args, tc)
		}
		return nil, cobra.ShellCompDirectiveDefault
	}
	return cmd
}

func runInstantiate(cmd *cobra.Command, f *kit.Factory, o *instantiateOpts, args []string) error {
	ctx := cmd.Context()
	if err := kit.ValidateOutput(&o.out); err != nil {
		return err
	}
	if o.multiple < 0 {
		return kit.Usagef("--multiple cannot be negative")
	}
	extra := &template.Template{}
	if len(args) == 3 {
		text, err := kit.ReadSource(f, args[2])
		if err != nil {
			return err
		}
		if extra, err = kit.ParseTemplate(text, ""); err != nil {
			return err
		}
	}
	if err := o.shape.Apply(ctx, f, extra); err != nil {
		return err
	}
	name, _ := extra.Get("NAME")
	extra.Del("NAME")
	if err := o.as.Apply(ctx, f, extra); err != nil {
		return err
	}
	id, c, err := kit.OneObject(ctx, f, kit.VRouters, args[0])
	if err != nil {
		return err
	}
	tid, err := kit.NewResolver(f, kit.Templates).ID(ctx, args[1])
	if err != nil {
		return err
	}
	var before []int
	if o.wait && !c.IsDryRun() {
		if before, err = routerVMs(ctx, c, id); err != nil {
			return err
		}
	}
	res, err := c.Call(ctx, "one.vrouter.instantiate", id, o.multiple, tid, name, o.hold, extra.String())
	if err != nil || c.IsDryRun() {
		return err
	}
	if err := kit.PrintResult(&output.Printer{Opts: o.out, Out: f.IO.Out}, "ID", res); err != nil || !o.wait {
		return err
	}
	// oned answers the router's ID: the new VMs are the ones it did not have
	after, err := routerVMs(ctx, c, id)
	if err != nil {
		return err
	}
	until := kit.Until("RUNNING")
	if o.hold {
		until = kit.Until("HOLD")
	}
	for _, vm := range after {
		if !slices.Contains(before, vm) {
			if err := kit.WaitObject(ctx, f, kit.VMs, vm, until, false); err != nil {
				return err
			}
		}
	}
	return nil
}

func routerVMs(ctx context.Context, c *client.Client, id int) ([]int, error) {
	raw, err := c.CallString(ctx, "one.vrouter.info", id)
	if err != nil {
		return nil, err
	}
	vr, err := client.ParseVRouter([]byte(raw))
	if err != nil {
		return nil, err
	}
	return vr.VMs.ID, nil
}
