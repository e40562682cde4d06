package image

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	tpl "github.com/onectl/onectl/template"
)

type createOpts struct {
	datastore, name, path, source, size, typ, prefix, target string
	format, fs, diskType, description                        string
	persistent, noCheck, wait                                bool
	out                                                      output.Options
}

// readyWait is what --wait waits for after an image is registered: the end
// of the datastore's copy.
var readyWait = kit.Until("READY", "USED", "USED_PERS")

func newCreateCmd(f *kit.Factory) *cobra.Command {
	o := &createOpts{}
	cmd := &cobra.Command{
		Use:   "create [<file>|-] --datastore <datastore>",
		Short: "Register an image in a datastore, from a file, stdin, or flags",
		Long: `Register an image in a datastore. Its template comes from <file>, stdin (-)
or flags (--name --path --size --type ...), the flags winning. The image is
LOCKED while the datastore copies it; --wait returns when it is READY (exit
6 if it ends in ERROR). Prints "ID: N".` + kit.APIHelp("one.image.allocate", ""),
		Example: `  onectl image create --datastore default --name alpine --path /var/tmp/alpine.qcow2 --wait
  onectl image create -d default --name scratch --type DATABLOCK --size 10G --persistent`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runCreate(cmd, f, o, args) },
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.datastore, "datastore", "d", "", "datastore to register the image in (required)")
	fs.StringVar(&o.name, "name", "", "name of the image")
	fs.StringVar(&o.path, "path", "", "path or URL of the file to copy into the datastore")
	fs.StringVar(&o.source, "source", "", "the image's file as the datastore names it (no copy)")
	fs.StringVar(&o.size, "size", "", "size of an empty DATABLOCK (MB, or with units: 10G)")
	fs.StringVar(&o.typ, "type", "", "OS, CDROM, DATABLOCK, KERNEL, RAMDISK or CONTEXT")
	fs.BoolVar(&o.persistent, "persistent", false, "make the image persistent")
	fs.StringVar(&o.prefix, "prefix", "", "device prefix of its disks (vd, sd, hd)")
	fs.StringVar(&o.target, "target", "", "device its disks appear as (e.g. vdb)")
	fs.StringVar(&o.format, "format", "", "format of the image file (raw, qcow2)")
	fs.StringVar(&o.fs, "fs", "", "file system to make on an empty DATABLOCK")
	fs.StringVar(&o.diskType, "disk-type", "", "disk type (FILE, BLOCK, CDROM, RBD)")
	fs.StringVar(&o.description, "description", "", "what the image is")
	fs.BoolVar(&o.noCheck, "no-check-capacity", false, "do not check the datastore's free space (administrators only)")
	fs.BoolVar(&o.wait, "wait", false, "wait until the image is READY (bounded by --timeout)")
	kit.AddOutputFlags(cmd, &o.out)
	kit.CompleteFlag(f, cmd, "datastore", kit.Datastores)
	return cmd
}

func runCreate(cmd *cobra.Command, f *kit.Factory, o *createOpts, args []string) error {
	ctx := cmd.Context()
	if err := kit.ValidateOutput(&o.out); err != nil {
		return err
	}
	if o.datastore == "" {
		return kit.Usagef("--datastore is required: the datastore to register the image in")
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
	if o.size != "" {
		mb, err := kit.ParseSizeMB(o.size)
		if err != nil {
			return kit.Usagef("--size: %v", err)
		}
		t.Set("SIZE", strconv.Itoa(mb))
	}
	if o.typ != "" {
		t.Set("TYPE", strings.ToUpper(o.typ))
	}
	if o.persistent {
		t.Set("PERSISTENT", "YES")
	}
	for _, kv := range [][2]string{{o.name, "NAME"}, {o.path, "PATH"}, {o.source, "SOURCE"}, {o.prefix, "DEV_PREFIX"},
		{o.target, "TARGET"}, {o.format, "FORMAT"}, {o.fs, "FS"}, {o.diskType, "DISK_TYPE"}, {o.description, "DESCRIPTION"}} {
		if kv[0] != "" {
			t.Set(kv[1], kv[0])
		}
	}
	if len(t.Attrs) == 0 {
		return kit.Usagef("no template: give a file, - for stdin, or flags such as --name and --path")
	}
	ds, err := kit.NewResolver(f, kit.Datastores).ID(ctx, o.datastore)
	if err != nil {
		return err
	}
	c, err := f.Client()
	if err != nil {
		return err
	}
	res, err := c.Call(ctx, "one.image.allocate", t.String(), ds, o.noCheck)
	if err != nil || c.IsDryRun() {
		return err
	}
	if err := kit.PrintResult(&output.Printer{Opts: o.out, Out: f.IO.Out}, "ID", res); err != nil {
		return err
	}
	if id, ok := kit.ResultInt(res); ok && o.wait {
		return kit.WaitObject(ctx, f, kit.Images, id, readyWait, true)
	}
	return nil
}

func newCloneCmd(f *kit.Factory) *cobra.Command {
	var (
		datastore string
		wait      bool
		out       output.Options
	)
	cmd := &cobra.Command{
		Use:   "clone <image> <name>",
		Short: "Copy an image under a new name, in its datastore or another (--datastore)",
		Long: `Copy an image under a new name, in its datastore or another of the same
driver (--datastore). The copy is LOCKED until the datastore has made it;
--wait returns when it is READY. Prints "ID: N".` + kit.APIHelp("one.image.clone", ""),
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: kit.CompleteObjects(f, kit.Images, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			id, c, err := kit.OneObject(ctx, f, kit.Images, args[0])
			if err != nil {
				return err
			}
			ds := -1
			if datastore != "" {
				if ds, err = kit.NewResolver(f, kit.Datastores).ID(ctx, datastore); err != nil {
					return err
				}
			}
			res, err := c.Call(ctx, "one.image.clone", id, args[1], ds)
			if err != nil || c.IsDryRun() {
				return err
			}
			if err := kit.PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", res); err != nil {
				return err
			}
			if nid, ok := kit.ResultInt(res); ok && wait {
				return kit.WaitObject(ctx, f, kit.Images, nid, readyWait, true)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&datastore, "datastore", "d", "", "datastore for the copy (default: the image's)")
	cmd.Flags().BoolVar(&wait, "wait", false, "wait until the copy is READY (bounded by --timeout)")
	kit.AddOutputFlags(cmd, &out)
	kit.CompleteFlag(f, cmd, "datastore", kit.Datastores)
	return cmd
}
