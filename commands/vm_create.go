package commands

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

type vmCreateOpts struct {
	name     string
	cpu      string
	vcpu     int
	memory   string
	disks    []string
	nics     []string
	hold     bool
	multiple int
	wait     bool
	out      output.Options
}

func newVMCreateCmd(f *Factory) *cobra.Command {
	o := &vmCreateOpts{}
	cmd := &cobra.Command{
		Use:   "create [<file>|-]",
		Short: "Create VMs from a template file, stdin, or flags",
		Long: `Create VMs from a template file, a template on stdin (-), or flags
(--name --cpu --vcpu --memory --disk --nic). Flags are added to (and
override) the file's attributes. Prints "ID: N" for each VM.` + apiHelp("one.vm.allocate", ""),
		Example: `  onectl vm create --name web --cpu 1 --memory 2G --disk ubuntu-24.04 --nic private
  onectl vm create web.tmpl --multiple 3 --wait
  echo 'CPU=1 MEMORY=512' | onectl vm create -`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVMCreate(cmd, f, o, args)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.name, "name", "", "name of the VM")
	fs.StringVar(&o.cpu, "cpu", "", "physical CPU share (e.g. 0.5, 1)")
	fs.IntVar(&o.vcpu, "vcpu", 0, "number of virtual CPUs")
	fs.StringVar(&o.memory, "memory", "", "memory (MB, or with units: 512M, 2G)")
	fs.StringSliceVar(&o.disks, "disk", nil, "images to attach as disks (IDs or names; repeatable or comma separated)")
	fs.StringSliceVar(&o.nics, "nic", nil, "virtual networks to attach (IDs or names; repeatable or comma separated)")
	fs.BoolVar(&o.hold, "hold", false, "create the VMs on hold: the scheduler leaves them alone")
	fs.IntVarP(&o.multiple, "multiple", "m", 1, "create this many VMs")
	fs.BoolVar(&o.wait, "wait", false, "wait until the VMs are RUNNING (HOLD with --hold)")
	addOutputFlags(cmd, &o.out)
	return cmd
}

func runVMCreate(cmd *cobra.Command, f *Factory, o *vmCreateOpts, args []string) error {
	ctx := cmd.Context()
	if err := validateOutput(&o.out); err != nil {
		return err
	}
	if o.multiple < 1 {
		return usageErrorf("--multiple must be at least 1")
	}
	t := &template.Template{}
	if len(args) == 1 {
		text, err := readSource(f, args[0])
		if err != nil {
			return err
		}
		if t, err = parseTemplate(text, "in "+args[0]); err != nil {
			return err
		}
	}
	if err := o.applyFlags(cmd, f, t); err != nil {
		return err
	}
	if len(t.Attrs) == 0 {
		return usageErrorf("no template: give a file, - for stdin, or flags such as --cpu and --memory")
	}
	c, err := f.Client()
	if err != nil {
		return err
	}
	wait := waitFor("RUNNING")
	if o.hold {
		wait = waitFor("HOLD")
	}
	p := &output.Printer{Opts: o.out, Out: f.IO.Out}
	var ids []int
	for i := 0; i < o.multiple; i++ {
		res, err := c.Call(ctx, "one.vm.allocate", t.String(), o.hold)
		if err != nil {
			if len(ids) > 0 {
				return fmt.Errorf("created %d of %d VMs (%s), then: %w", len(ids), o.multiple, joinInts(ids), err)
			}
			return err
		}
		if c.IsDryRun() {
			continue
		}
		if err := printResult(p, "ID", res); err != nil {
			return err
		}
		if id, ok := resultInt(res); ok {
			ids = append(ids, id)
		}
	}
	if !o.wait {
		return nil
	}
	return forEach(ctx, f, vmRes.noun, ids, func(ctx context.Context, id int, _ io.Writer) error {
		return waitVM(ctx, f, id, wait, len(ids) == 1)
	})
}

// applyFlags adds the template builder flags; they win over the file.
func (o *vmCreateOpts) applyFlags(cmd *cobra.Command, f *Factory, t *template.Template) error {
	if o.name != "" {
		t.Set("NAME", o.name)
	}
	if err := setCapacity(t, o.cpu, o.vcpu, cmd.Flags().Changed("vcpu"), o.memory); err != nil {
		return err
	}
	if len(o.disks) > 0 {
		ids, err := resolveEach(cmd, f, argImage, "disk", o.disks)
		if err != nil {
			return err
		}
		for _, id := range ids {
			t.Add(template.Attr{Name: "DISK", Vector: []template.Pair{{Name: "IMAGE_ID", Value: strconv.Itoa(id)}}})
		}
	}
	if len(o.nics) > 0 {
		ids, err := resolveEach(cmd, f, argVnet, "nic", o.nics)
		if err != nil {
			return err
		}
		for _, id := range ids {
			t.Add(template.Attr{Name: "NIC", Vector: []template.Pair{{Name: "NETWORK_ID", Value: strconv.Itoa(id)}}})
		}
	}
	return nil
}

// resolveEach resolves names with one pool fetch for all of them.
func resolveEach(cmd *cobra.Command, f *Factory, kind argKind, flag string, vals []string) ([]int, error) {
	r := newResolver(f, argResources[kind])
	out := make([]int, 0, len(vals))
	for _, v := range vals {
		id, err := r.ID(cmd.Context(), v)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", flag, err)
		}
		out = append(out, id)
	}
	return out, nil
}
