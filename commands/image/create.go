package image

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	tpl "github.com/onectl/onectl/template"
)

// readyWait is what --wait waits for after an image is registered: the end
// of the datastore's copy.
var readyWait = kit.Until("READY", "USED", "USED_PERS")

// imageFlags are oneimage create's template builders: flag, attribute.
var imageFlags = []string{"name", "NAME", "path", "PATH", "source", "SOURCE", "prefix", "DEV_PREFIX", "target", "TARGET",
	"format", "FORMAT", "fs", "FS", "disk-type", "DISK_TYPE", "description", "DESCRIPTION"}

func creator() *kit.Create {
	return &kit.Create{
		Res: kit.Images, Method: "one.image.allocate", Wait: readyWait,
		Short: "Register an image in a datastore, from a file, stdin, or flags",
		Long: `Register an image in a datastore (--datastore, required). Its template
comes from <file>, stdin (-) or flags (--name --path --size --type ...), the
flags winning. The image is LOCKED while the datastore copies it; --wait
returns when it is READY (exit 6 if it ends in ERROR).`,
		Example: `  onectl image create --datastore default --name alpine --path /var/tmp/alpine.qcow2 --wait
  onectl image create -d default --name scratch --type DATABLOCK --size 10G --persistent`,
		Flags: func(fs *pflag.FlagSet) {
			fs.StringP("datastore", "d", "", "datastore to register the image in (required)")
			fs.String("name", "", "name of the image")
			fs.String("path", "", "path or URL of the file to copy into the datastore")
			fs.String("source", "", "the image's file as the datastore names it (no copy)")
			fs.String("size", "", "size of an empty DATABLOCK (MB, or with units: 10G)")
			fs.String("type", "", "OS, CDROM, DATABLOCK, KERNEL, RAMDISK or CONTEXT")
			fs.Bool("persistent", false, "make the image persistent")
			fs.String("prefix", "", "device prefix of its disks (vd, sd, hd)")
			fs.String("target", "", "device its disks appear as (e.g. vdb)")
			fs.String("format", "", "format of the image file (raw, qcow2)")
			fs.String("fs", "", "file system to make on an empty DATABLOCK")
			fs.String("disk-type", "", "disk type (FILE, BLOCK, CDROM, RBD)")
			fs.String("description", "", "what the image is")
			fs.Bool("no-check-capacity", false, "do not check the datastore's free space (administrators only)")
		},
		FromFlags: func(c *kit.Call, t *tpl.Template) error {
			if c.String("datastore") == "" {
				return kit.Usagef("--datastore is required: the datastore to register the image in")
			}
			if s := c.String("size"); s != "" {
				mb, err := kit.ParseSizeMB(s)
				if err != nil {
					return kit.Usagef("--size: %v", err)
				}
				t.Set("SIZE", strconv.Itoa(mb))
			}
			if s := c.String("type"); s != "" {
				t.Set("TYPE", strings.ToUpper(s))
			}
			if c.Bool("persistent") {
				t.Set("PERSISTENT", "YES")
			}
			for _, p := range kit.FlagPairs(c, imageFlags...) {
				t.Set(p.Name, p.Value)
			}
			return nil
		},
		Params: func(c *kit.Call, text string) ([]any, error) {
			ds, err := kit.NewResolver(c.F, kit.Datastores).ID(c.Cmd.Context(), c.String("datastore"))
			if err != nil {
				return nil, err
			}
			return []any{text, ds, c.Bool("no-check-capacity")}, nil
		},
		Complete: map[string]*kit.Resource{"datastore": kit.Datastores},
	}
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
