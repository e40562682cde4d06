package vm

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

type vmCreateOpts struct {
	shape    kit.VMShape
	hold     bool
	multiple int
	wait     bool
	out      output.Options
}

func newVMCreateCmd(f *kit.Factory) *cobra.Command {
	o := &vmCreateOpts{}
	cmd := &cobra.Command{
		Use:   "create [<file>|-]",
		Short: "Create VMs from a template file, stdin, or flags",
		Long: `Create VMs from a template file, a template on stdin (-), or flags
(--name --cpu --vcpu --memory --disk --nic). Flags are added to (and
override) the file's attributes. Prints "ID: N" for each VM.

With nothing at all, on a terminal, a wizard asks for a template, a name,
how many, CPU, memory, a network and whether to wait, then prints the
equivalent command line and runs it.` + kit.APIHelp("one.vm.allocate", ""),
		Example: `  onectl vm create --name web --cpu 1 --memory 2G --disk ubuntu-24.04 --nic private
  onectl vm create web.tmpl --multiple 3 --wait
  echo 'CPU=1 MEMORY=512' | onectl vm create -`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if kit.WizardWanted(f, cmd, args) {
				line, err := kit.InstantiateWizard(cmd.Context(), f)
				if err != nil {
					return err
				}
				return kit.RunWizardCommand(cmd, f, line)
			}
			return runVMCreate(cmd, f, o, args)
		},
	}
	fs := cmd.Flags()
	o.shape.AddFlags(fs)
	fs.BoolVar(&o.hold, "hold", false, "create the VMs on hold: the scheduler leaves them alone")
	fs.IntVarP(&o.multiple, "multiple", "m", 1, "create this many VMs")
	fs.BoolVar(&o.wait, "wait", false, "wait until the VMs are RUNNING (HOLD with --hold)")
	kit.AddOutputFlags(cmd, &o.out)
	kit.CompleteObjectFlags(f, cmd, kit.VMShapeObjects)
	return cmd
}

func runVMCreate(cmd *cobra.Command, f *kit.Factory, o *vmCreateOpts, args []string) error {
	ctx := cmd.Context()
	if err := kit.ValidateOutput(&o.out); err != nil {
		return err
	}
	if o.multiple < 1 || o.multiple > 100000 {
		return kit.Usagef("--multiple must be from 1 to 100000")
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
	if err := o.shape.Apply(ctx, f, t); err != nil {
		return err
	}
	if len(t.Attrs) == 0 {
		return kit.Usagef("no template: give a file, - for stdin, or flags such as --cpu and --memory")
	}
	c, err := f.Client()
	if err != nil {
		return err
	}
	wait := kit.Until("RUNNING")
	if o.hold {
		wait = kit.Until("HOLD")
	}
	p := &output.Printer{Opts: o.out, Out: f.IO.Out}
	var ids []int
	for i := 0; i < o.multiple; i++ {
		res, err := c.Call(ctx, "one.vm.allocate", t.String(), o.hold)
		if err != nil {
			if len(ids) > 0 {
				return fmt.Errorf("created %d of %d VMs (%s), then: %w", len(ids), o.multiple, kit.JoinInts(ids), err)
			}
			return err
		}
		if c.IsDryRun() {
			continue
		}
		if err := kit.PrintResult(p, "ID", res); err != nil {
			return err
		}
		if id, ok := kit.ResultInt(res); ok {
			ids = append(ids, id)
		}
	}
	if !o.wait {
		return nil
	}
	return kit.ForEach(ctx, f, kit.VMs.Noun, ids, func(ctx context.Context, id int, _ io.Writer) error {
		return kit.WaitObject(ctx, f, kit.VMs, id, wait, len(ids) == 1)
	})
}
