package template

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	tpl "github.com/onectl/onectl/template"
)

type instantiateOpts struct {
	shape      kit.VMShape
	multiple   int
	hold       bool
	persistent bool
	wait       bool
	out        output.Options
}

func newInstantiateCmd(f *kit.Factory) *cobra.Command {
	o := &instantiateOpts{}
	cmd := &cobra.Command{
		Use:   "instantiate <template> [<file>|-]",
		Short: "Deploy VMs from a template",
		Long: `Deploy VMs from a template. The extra template of <file> (or stdin with -)
and the flags --cpu --vcpu --memory --disk --nic are merged over the
template's own attributes, for these VMs only. --name names the VM; %i in it
becomes the VM's index with --multiple (web-%i: web-0, web-1...).
--persistent first makes a private copy of the template and its images (as
persistent images) and deploys the copy, so the VM's disks outlive it.
Prints "ID: N" for each VM; --wait returns when they are RUNNING (HOLD with
--hold).

With nothing at all, on a terminal, a wizard asks for the template, a name,
how many, CPU, memory, a network and whether to wait, then prints the
equivalent command line and runs it.` + kit.APIHelp("one.template.instantiate", ""),
		Example: `  onectl template instantiate ubuntu --name web --wait
  onectl template instantiate tiny --multiple 3 --name 'worker-%i' --memory 1G
  onectl template instantiate ubuntu --persistent --name db`,
		Args: cobra.RangeArgs(0, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				// Bare, on a terminal: ask (kit.InstantiateWizard); in a
				// script: the usage error.
				if !kit.WizardWanted(f, cmd, args) {
					return kit.Usagef("%s needs a template: %s", cmd.CommandPath(), cmd.UseLine())
				}
				line, err := kit.InstantiateWizard(cmd.Context(), f)
				if err != nil {
					return err
				}
				return kit.RunWizardCommand(cmd, f, line)
			}
			return runInstantiate(cmd, f, o, args)
		},
		ValidArgsFunction: kit.CompleteObjects(f, kit.Templates, false),
	}
	fs := cmd.Flags()
	o.shape.AddFlags(fs)
	fs.IntVarP(&o.multiple, "multiple", "m", 1, "deploy this many VMs")
	fs.BoolVar(&o.hold, "hold", false, "create the VMs on hold: the scheduler leaves them alone")
	fs.BoolVar(&o.persistent, "persistent", false, "deploy a private persistent copy of the template and its images")
	fs.BoolVar(&o.wait, "wait", false, "wait until the VMs are RUNNING (HOLD with --hold)")
	kit.AddOutputFlags(cmd, &o.out)
	kit.CompleteFlag(f, cmd, "disk", kit.Images)
	kit.CompleteFlag(f, cmd, "nic", kit.VNets)
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
	extra := &tpl.Template{}
	if len(args) == 2 {
		text, err := kit.ReadSource(f, args[1])
		if err != nil {
			return err
		}
		if extra, err = kit.ParseTemplate(text, "in "+args[1]); err != nil {
			return err
		}
	}
	// the VM's name is a parameter of its own, not part of the template
	name := o.shape.Name
	shape := o.shape
	shape.Name = ""
	if err := shape.Apply(ctx, f, extra); err != nil {
		return err
	}
	id, c, err := kit.OneObject(ctx, f, kit.Templates, args[0])
	if err != nil {
		return err
	}
	text := ""
	if len(extra.Attrs) > 0 {
		text = extra.String()
	}
	p := &output.Printer{Opts: o.out, Out: f.IO.Out}
	var ids []int
	for i := 0; i < o.multiple; i++ {
		vmName := strings.ReplaceAll(name, "%i", strconv.Itoa(i))
		res, err := c.Call(ctx, "one.template.instantiate", id, vmName, o.hold, text, o.persistent)
		if err != nil {
			if len(ids) > 0 {
				return fmt.Errorf("deployed %d of %d VMs (%s), then: %w", len(ids), o.multiple, kit.JoinInts(ids), err)
			}
			return err
		}
		if c.IsDryRun() {
			continue
		}
		if err := kit.PrintResult(p, "ID", res); err != nil {
			return err
		}
		if n, ok := kit.ResultInt(res); ok {
			ids = append(ids, n)
		}
	}
	if !o.wait {
		return nil
	}
	wait := kit.Until("RUNNING")
	if o.hold {
		wait = kit.Until("HOLD")
	}
	return kit.ForEach(ctx, f, kit.VMs.Noun, ids, func(ctx context.Context, id int, _ io.Writer) error {
		return kit.WaitObject(ctx, f, kit.VMs, id, wait, len(ids) == 1)
	})
}
