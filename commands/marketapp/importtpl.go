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

// importOpts are the options vm-template import and vm import share.
type importOpts struct {
	market, vmname string
	noImages, wait bool
	out            output.Options
}

func (o *importOpts) flags(f *kit.Factory, cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&o.market, "market", "", "marketplace to publish in (required)")
	fs.StringVar(&o.vmname, "vmname", "", "name of the VM template app (default: <template>-<random>)")
	fs.BoolVar(&o.noImages, "no", false, "publish the template only, not its images")
	fs.Bool("yes", true, "publish the images too (the default)")
	fs.BoolVar(&o.wait, "wait", false, "wait until the image apps are READY (bounded by --timeout)")
	kit.AddOutputFlags(cmd, &o.out)
	kit.CompleteFlag(f, cmd, "market", kit.Markets)
}

const importHelp = `Each image of the template's disks becomes an IMAGE app (unless --no), and
the template a VMTEMPLATE app whose disks name those apps and whose NICs are
left to the network scheduler. Prints "ID: N" for each app, the template's
last; --wait returns when the image apps are READY.`

// newVMTemplateCmd is `vm-template import`: a VM template (and its images)
// published as apps, with the calls onemarketapp makes.
func newVMTemplateCmd(f *kit.Factory) *cobra.Command {
	group := &cobra.Command{Use: "vm-template", Short: "Publish VM templates in a marketplace"}
	o := &importOpts{}
	imp := &cobra.Command{
		Use:   "import <template> --market <marketplace>",
		Short: "Publish a VM template and its images as marketplace apps",
		Long: "Publish a VM template in a marketplace. " + importHelp + `

XML-RPC: one.template.info, one.image.info, one.marketapp.allocate (needs TEMPLATE:USE, IMAGE:USE, MARKETPLACEAPP:CREATE)`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: kit.CompleteObjects(f, kit.Templates, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			id, c, err := kit.OneObject(cmd.Context(), f, kit.Templates, args[0])
			if err != nil || c.IsDryRun() {
				return err
			}
			return importTemplate(cmd, f, c, id, o)
		},
	}
	o.flags(f, imp)
	group.AddCommand(imp)
	return group
}

// newVMCmd is `vm import`: a powered-off VM saved as a template (as `vm
// save` does), which is then published like vm-template import.
func newVMCmd(f *kit.Factory) *cobra.Command {
	group := &cobra.Command{Use: "vm", Short: "Publish VMs in a marketplace"}
	o := &importOpts{}
	imp := &cobra.Command{
		Use:   "import <vm> --market <marketplace>",
		Short: "Publish a powered-off VM as marketplace apps",
		Long: `Publish a powered-off VM in a marketplace: it is first saved as a template
named <vm>-<random> with copies of its disks (as vm save does; the template
stays, delete it with template delete --recursive), then published. ` + importHelp + `

XML-RPC: one.vm.info, one.vm.disksaveas, one.template.allocate, one.image.info, one.marketapp.allocate (needs VM:USE, IMAGE:CREATE, TEMPLATE:CREATE, MARKETPLACEAPP:CREATE)`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: kit.CompleteObjects(f, kit.VMs, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			ctx := cmd.Context()
			id, c, err := kit.OneObject(ctx, f, kit.VMs, args[0])
			if err != nil {
				return err
			}
			if c.IsDryRun() {
				return kit.Usagef("vm import reads the VM before it acts, so it has no --dry-run")
			}
			raw, err := c.CallString(ctx, "one.vm.info", id)
			if err != nil {
				return err
			}
			vm, err := client.ParseVM([]byte(raw))
			if err != nil {
				return err
			}
			tid, err := kit.SaveVM(ctx, c, id, vm.Name+"-"+randHex(5))
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "onectl: VM %d saved as template %d\n", id, tid)
			return importTemplate(cmd, f, c, tid, o)
		},
	}
	o.flags(f, imp)
	group.AddCommand(imp)
	return group
}

func (o *importOpts) check() error {
	if err := kit.ValidateOutput(&o.out); err != nil {
		return err
	}
	if o.market == "" {
		return kit.Usagef("--market is required: the marketplace to publish in")
	}
	return nil
}

// importTemplate publishes template id (and its images) in o.market.
func importTemplate(cmd *cobra.Command, f *kit.Factory, c *client.Client, id int, o *importOpts) error {
	mid, err := kit.NewResolver(f, kit.Markets).ID(cmd.Context(), o.market)
	if err != nil {
		return err
	}
	made, _, err := publishTemplate(cmd, f, c, id, mid, o.vmname, o)
	if err != nil || !o.wait {
		return err
	}
	for _, a := range made[:len(made)-1] {
		if err := kit.WaitObject(cmd.Context(), f, kit.MarketApps, a, kit.Until("READY"), len(made) == 2); err != nil {
			return err
		}
	}
	return nil
}

// publishTemplate makes the apps of template id in market mid, printing
// "ID: N" for each; it returns their IDs (the template's last) and the
// template app's name.
func publishTemplate(cmd *cobra.Command, f *kit.Factory, c *client.Client, id, mid int, appName string, o *importOpts) ([]int, string, error) {
	ctx := cmd.Context()
	raw, err := c.CallString(ctx, "one.template.info", id)
	if err != nil {
		return nil, "", err
	}
	vt, err := client.ParseVMTemplate([]byte(raw))
	if err != nil {
		return nil, "", err
	}
	doc, err := output.ParseXML([]byte(raw))
	if err != nil {
		return nil, "", err
	}
	body := kit.NodeTemplate(doc.Path("TEMPLATE"), nil)
	p := &output.Printer{Opts: o.out, Out: f.IO.Out}
	var made []int
	kept := &tpl.Template{}
	disk := 0
	for _, a := range body.Attrs {
		switch a.Name {
		case "DISK":
			if o.noImages {
				continue
			}
			diskApp, appID, err := publishDisk(cmd, f, c, vt, a, mid)
			if err != nil {
				return nil, "", withMade(made, err)
			}
			made = append(made, appID)
			if err := kit.PrintResult(p, "ID", appID); err != nil {
				return nil, "", err
			}
			kept.Add(tpl.Attr{Name: "DISK", Vector: []tpl.Pair{{Name: "APP", Value: diskApp}, {Name: "NAME", Value: "disk_" + strconv.Itoa(disk)}}})
			disk++
		case "NIC":
			kept.Add(tpl.Attr{Name: "NIC", Vector: []tpl.Pair{{Name: "NETWORK_MODE", Value: "auto"}}})
		default:
			kept.Add(a)
		}
	}
	name := appName
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
		return nil, "", withMade(made, err)
	}
	if err := kit.PrintResult(p, "ID", res); err != nil {
		return nil, "", err
	}
	tid, _ := kit.ResultInt(res)
	return append(made, tid), name, nil
}

// publishDisk makes an IMAGE app of the image one DISK names.
func publishDisk(cmd *cobra.Command, f *kit.Factory, c *client.Client, vt *client.VMTemplate, d tpl.Attr, market int) (string, int, error) {
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
	// an image still being copied (a VM disk just saved) cannot be
	// published yet: wait for the copy, as onemarketapp does
	if err := kit.WaitObject(ctx, f, kit.Images, img, kit.Settled, false); err != nil {
		return "", 0, fmt.Errorf("image %d: %w", img, err)
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
