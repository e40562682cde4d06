package marketapp

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	tpl "github.com/onectl/onectl/template"
)

// newVMTemplateCmd is `vm-template import`: a VM template (and its images)
// published as apps, with the calls onemarketapp makes.
func newVMTemplateCmd(f *kit.Factory) *cobra.Command {
	group := &cobra.Command{Use: "vm-template", Short: "Publish VM templates in a marketplace"}
	var (
		market, vmname string
		noImages, wait bool
		out            output.Options
	)
	imp := &cobra.Command{
		Use:   "import <template> --market <marketplace>",
		Short: "Publish a VM template and its images as marketplace apps",
		Long: `Publish a VM template in a marketplace: each image of its disks becomes an
IMAGE app (unless --no), and the template a VMTEMPLATE app whose disks name
those apps and whose NICs are left to the network scheduler. Prints "ID: N"
for each app, the template's last; --wait returns when the image apps are
READY.

XML-RPC: one.template.info, one.image.info, one.marketapp.allocate (needs TEMPLATE:USE, IMAGE:USE, MARKETPLACEAPP:CREATE)`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: kit.CompleteObjects(f, kit.Templates, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			if market == "" {
				return kit.Usagef("--market is required: the marketplace to publish in")
			}
			id, c, err := kit.OneObject(ctx, f, kit.Templates, args[0])
			if err != nil {
				return err
			}
			mid, err := kit.NewResolver(f, kit.Markets).ID(ctx, market)
			if err != nil {
				return err
			}
			raw, err := c.CallString(ctx, "one.template.info", id)
			if err != nil || c.IsDryRun() {
				return err
			}
			vt, err := client.ParseVMTemplate([]byte(raw))
			if err != nil {
				return err
			}
			doc, err := output.ParseXML([]byte(raw))
			if err != nil {
				return err
			}
			body := kit.NodeTemplate(doc.Path("TEMPLATE"), nil)
			p := &output.Printer{Opts: out, Out: f.IO.Out}
			var made []int
			kept := &tpl.Template{}
			disk := 0
			for _, a := range body.Attrs {
				switch a.Name {
				case "DISK":
					if noImages {
						continue
					}
					appName, appID, err := publishDisk(cmd, c, vt, a, mid)
					if err != nil {
						return withMade(made, err)
					}
					made = append(made, appID)
					if err := kit.PrintResult(p, "ID", appID); err != nil {
						return err
					}
					kept.Add(tpl.Attr{Name: "DISK", Vector: []tpl.Pair{{Name: "APP", Value: appName}, {Name: "NAME", Value: "disk_" + strconv.Itoa(disk)}}})
					disk++
				case "NIC":
					kept.Add(tpl.Attr{Name: "NIC", Vector: []tpl.Pair{{Name: "NETWORK_MODE", Value: "auto"}}})
				default:
					kept.Add(a)
				}
			}
			name := vmname
			if name == "" {
				name = vt.Name + "-" + randHex(5)
			}
			app := &tpl.Template{}
			app.Set("NAME", name)
			app.Set("ORIGIN_ID", "-1")
			app.Set("TYPE", "VMTEMPLATE")
			app.Set("APPTEMPLATE64", base64.StdEncoding.EncodeToString([]byte(kept.String())))
			res, err := c.Call(ctx, "one.marketapp.allocate", app.String(), mid)
			if err != nil {
				return withMade(made, err)
			}
			if err := kit.PrintResult(p, "ID", res); err != nil {
				return err
			}
			if !wait {
				return nil
			}
			for _, a := range made {
				if err := kit.WaitObject(ctx, f, kit.MarketApps, a, kit.Until("READY"), len(made) == 1); err != nil {
					return err
				}
			}
			return nil
		},
	}
	fs := imp.Flags()
	fs.StringVar(&market, "market", "", "marketplace to publish in (required)")
	fs.StringVar(&vmname, "vmname", "", "name of the VM template app (default: <template>-<random>)")
	fs.BoolVar(&noImages, "no", false, "publish the template only, not its images")
	fs.Bool("yes", true, "publish the images too (the default)")
	fs.BoolVar(&wait, "wait", false, "wait until the image apps are READY (bounded by --timeout)")
	kit.AddOutputFlags(imp, &out)
	kit.CompleteFlag(f, imp, "market", kit.Markets)
	group.AddCommand(imp)
	return group
}

// publishDisk makes an IMAGE app of the image one DISK names.
func publishDisk(cmd *cobra.Command, c *client.Client, vt *client.VMTemplate, d tpl.Attr, market int) (string, int, error) {
	ctx := cmd.Context()
	get := func(n string) string {
		for _, p := range d.Vector {
			if p.Name == n {
				return p.Value
			}
		}
		return ""
	}
	var img int
	switch {
	case get("IMAGE_ID") != "":
		id, err := strconv.Atoi(get("IMAGE_ID"))
		if err != nil {
			return "", 0, fmt.Errorf("DISK IMAGE_ID %q is not a number", get("IMAGE_ID"))
		}
		img = id
	case get("IMAGE") != "":
		owner := get("IMAGE_UNAME")
		if owner == "" {
			owner = vt.UName
		}
		var err error
		if img, err = imageByName(cmd, c, get("IMAGE"), owner); err != nil {
			return "", 0, err
		}
	default:
		return "", 0, fmt.Errorf("a DISK of template %d has no image: volatile disks cannot be published", vt.ID)
	}
	raw, err := c.CallString(ctx, "one.image.info", img)
	if err != nil {
		return "", 0, err
	}
	im, err := client.ParseImage([]byte(raw))
	if err != nil {
		return "", 0, err
	}
	name := im.Name + "-" + randHex(5)
	it := &tpl.Template{}
	it.Set("TYPE", client.ImageTypeName(im.Type))
	if p := im.Template.Get("DEV_PREFIX"); p != "" {
		it.Set("DEV_PREFIX", p)
	}
	app := &tpl.Template{}
	app.Set("NAME", name)
	app.Set("ORIGIN_ID", strconv.Itoa(im.ID))
	app.Set("TYPE", "IMAGE")
	app.Set("APPTEMPLATE64", base64.StdEncoding.EncodeToString([]byte(it.String())))
	res, err := c.Call(ctx, "one.marketapp.allocate", app.String(), market)
	if err != nil {
		return "", 0, err
	}
	id, _ := kit.ResultInt(res)
	return name, id, nil
}

func imageByName(cmd *cobra.Command, c *client.Client, name, owner string) (int, error) {
	found := -1
	err := c.Objects(cmd.Context(), kit.Images.Pool, func(_ string, elem []byte) error {
		if r, err := client.Ref(elem); err == nil && r.Name == name {
			if im, err := client.ParseImage(elem); err == nil && im.UName == owner {
				found = im.ID
			}
		}
		return nil
	})
	if err == nil && found < 0 {
		err = &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("image %q of %s not found", name, owner)}
	}
	return found, err
}

func withMade(made []int, err error) error {
	if len(made) == 0 {
		return err
	}
	return fmt.Errorf("published apps %s, then: %w", kit.JoinInts(made), err)
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
