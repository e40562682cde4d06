package image

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	tpl "github.com/onectl/onectl/template"
)

// newRestoreCmd restores a BACKUP image into images and a VM template.
func newRestoreCmd(f *kit.Factory) *cobra.Command {
	var (
		datastore, name string
		noNIC, noIP     bool
		increment, disk int
	)
	cmd := &cobra.Command{
		Use:   "restore <image> --datastore <datastore>",
		Short: "Restore a backup image into new images and a VM template",
		Long: `Restore a BACKUP image into --datastore: one image per backed-up disk
(only --disk-id if given) and a VM template that uses them. Prints the new
template's ID and the images' IDs.` + kit.APIHelp("one.image.restore", ""),
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: kit.CompleteObjects(f, kit.Images, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if datastore == "" {
				return kit.Usagef("--datastore is required: where the restored images go")
			}
			id, c, err := kit.OneObject(ctx, f, kit.Images, args[0])
			if err != nil {
				return err
			}
			ds, err := kit.NewResolver(f, kit.Datastores).ID(ctx, datastore)
			if err != nil {
				return err
			}
			opts := &tpl.Template{}
			opts.Set("NO_NIC", yesNoAttr(noNIC))
			opts.Set("NO_IP", yesNoAttr(noIP))
			if name != "" {
				opts.Set("NAME", name)
			}
			if cmd.Flags().Changed("increment") {
				opts.Set("INCREMENT_ID", strconv.Itoa(increment))
			}
			if cmd.Flags().Changed("disk-id") {
				opts.Set("DISK_ID", strconv.Itoa(disk))
			}
			res, err := c.CallString(ctx, "one.image.restore", id, ds, opts.String())
			if err != nil || c.IsDryRun() {
				return err
			}
			ids := strings.Fields(res)
			if len(ids) > 0 && ids[0] != "-1" {
				fmt.Fprintf(f.IO.Out, "VM Template: %s\n", ids[0])
			}
			if len(ids) > 1 {
				fmt.Fprintf(f.IO.Out, "Images: %s\n", strings.Join(ids[1:], " "))
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&datastore, "datastore", "d", "", "image datastore to restore into (required)")
	fs.StringVar(&name, "name", "", "name of the restored template; images get <name>-disk-<n>")
	fs.BoolVar(&noNIC, "no-nic", false, "leave the NICs out of the template")
	fs.BoolVar(&noIP, "no-ip", false, "keep the NICs but not their addresses")
	fs.IntVar(&increment, "increment", 0, "restore this increment of an incremental backup")
	fs.IntVar(&disk, "disk-id", 0, "restore only this disk")
	kit.CompleteFlag(f, cmd, "datastore", kit.Datastores)
	return cmd
}

func yesNoAttr(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}
