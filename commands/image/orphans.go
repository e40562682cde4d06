package image

import (
	"strconv"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// newOrphansCmd lists the images no template uses, as oneimage orphans
// does: on the client, from the image and template pools.
func newOrphansCmd(f *kit.Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:   "orphans",
		Short: "List the images no template refers to",
		Long: `List the images that no template's DISK refers to (by IMAGE_ID, or by
IMAGE name and owner). It reads the image and template pools and compares
them here, as oneimage orphans does.

XML-RPC: one.imagepool.info, one.templatepool.info (needs IMAGE:USE, TEMPLATE:USE)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			c, err := f.Client()
			if err != nil {
				return err
			}
			used := map[string]bool{}
			err = c.Objects(ctx, kit.Templates.Pool, func(_ string, elem []byte) error {
				t, err := client.ParseVMTemplate(elem)
				if err != nil {
					return err
				}
				for _, d := range t.Template.All("DISK") {
					if id := d.Get("IMAGE_ID"); id != "" {
						used["id:"+id] = true
					} else if n := d.Get("IMAGE"); n != "" {
						owner := d.Get("IMAGE_UNAME")
						if owner == "" {
							owner = t.UName
						}
						used["name:"+owner+"/"+n] = true
					}
				}
				return nil
			})
			if err != nil || c.IsDryRun() {
				return err
			}
			var rows []any
			var raws [][]byte
			err = c.Objects(ctx, kit.Images.Pool, func(_ string, elem []byte) error {
				im, err := client.ParseImage(elem)
				if err != nil {
					return err
				}
				if !used["id:"+strconv.Itoa(im.ID)] && !used["name:"+im.UName+"/"+im.Name] {
					rows = append(rows, im)
					raws = append(raws, elem)
				}
				return nil
			})
			if err != nil {
				return err
			}
			doc := []byte("<IMAGE_POOL>")
			for _, r := range raws {
				doc = append(doc, r...)
			}
			doc = append(doc, "</IMAGE_POOL>"...)
			return (&output.Printer{Opts: out, Out: f.IO.Out, Color: f.IO.ColorEnabled()}).Print(doc, imageTable(), rows)
		},
	}
	kit.AddOutputFlags(cmd, &out)
	return cmd
}
