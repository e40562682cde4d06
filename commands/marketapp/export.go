package marketapp

import (
	"encoding/base64"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	tpl "github.com/onectl/onectl/template"
)

func decode64(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	return string(b), err
}

// parse64 reads a base64 template of an app (APPTEMPLATE64, VMTEMPLATE64);
// an empty one is an empty template.
func parse64(s, what string) (*tpl.Template, error) {
	text, err := decode64(s)
	if err != nil {
		return nil, fmt.Errorf("the app's %s is not base64: %v", what, err)
	}
	if text == "" {
		return &tpl.Template{}, nil
	}
	t, err := tpl.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("the app's %s: %v", what, err)
	}
	return t, nil
}

type exportOpts struct {
	datastore, vmname string
	noTemplate, wait  bool
	out               output.Options
}

// newExportCmd makes an image (and a VM template) from an app, with the
// calls onemarketapp export makes: app info, image allocate FROM_APP,
// template allocate.
func newExportCmd(f *kit.Factory) *cobra.Command {
	o := &exportOpts{}
	cmd := &cobra.Command{
		Use:   "export <app> <name>",
		Short: "Make an image (and a VM template) from a marketplace app",
		Long: `Make an image named <name> from an IMAGE app, in --datastore (default: the
datastore "default", ID 1), and, when the app carries a VM template, a
template named --vmname (default <name>) that uses the image. The image is
LOCKED while it is downloaded; --wait returns when it is READY.

XML-RPC: one.marketapp.info, one.image.allocate, one.template.allocate (needs MARKETPLACEAPP:USE, IMAGE:CREATE, DATASTORE:USE, TEMPLATE:CREATE)`,
		Example: `  onectl marketapp export alpine-app alpine --datastore default --wait
  onectl marketapp export alpine-app alpine --no-template`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: kit.CompleteObjects(f, kit.MarketApps, false),
		RunE:              func(cmd *cobra.Command, args []string) error { return runExport(cmd, f, o, args) },
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.datastore, "datastore", "d", "", "datastore for the image (default: 1)")
	fs.StringVar(&o.vmname, "vmname", "", "name of the VM template (default: <name>)")
	fs.BoolVar(&o.noTemplate, "no-template", false, "make the image only, not the app's VM template")
	fs.BoolVar(&o.wait, "wait", false, "wait until the image is READY (bounded by --timeout)")
	kit.AddOutputFlags(cmd, &o.out)
	kit.CompleteFlag(f, cmd, "datastore", kit.Datastores)
	return cmd
}

func runExport(cmd *cobra.Command, f *kit.Factory, o *exportOpts, args []string) error {
	ctx := cmd.Context()
	if err := kit.ValidateOutput(&o.out); err != nil {
		return err
	}
	id, c, err := kit.OneObject(ctx, f, kit.MarketApps, args[0])
	if err != nil {
		return err
	}
	ds := 1
	if o.datastore != "" {
		if ds, err = kit.NewResolver(f, kit.Datastores).ID(ctx, o.datastore); err != nil {
			return err
		}
	}
	raw, err := c.CallString(ctx, "one.marketapp.info", id)
	if err != nil || c.IsDryRun() {
		return err
	}
	app, err := client.ParseMarketplaceApp([]byte(raw))
	if err != nil {
		return err
	}
	if app.Type != 1 {
		return kit.Usagef("app %d is a %s app: only IMAGE apps can be exported", app.ID, client.AppTypeName(app.Type))
	}
	if app.State != 1 {
		return &kit.CodedError{Code: kit.ExitState, Err: fmt.Errorf("app %d is %s, not READY", app.ID, client.AppStateName(app.State))}
	}
	it, err := parse64(app.AppTemplate64, "image template")
	if err != nil {
		return err
	}
	it.Set("NAME", args[1])
	it.Set("FROM_APP", strconv.Itoa(app.ID))
	res, err := c.Call(ctx, "one.image.allocate", it.String(), ds, false)
	if err != nil {
		return err
	}
	img, _ := kit.ResultInt(res)
	made := map[string]int{"IMAGE": img}
	order := []string{"IMAGE"}
	if vt := app.Template.Get("VMTEMPLATE64"); vt != "" && !o.noTemplate {
		t, err := parse64(vt, "VM template")
		if err != nil {
			return err
		}
		name := o.vmname
		if name == "" {
			name = args[1]
		}
		t.Set("NAME", name)
		t.Add(tpl.Attr{Name: "DISK", Vector: []tpl.Pair{{Name: "IMAGE_ID", Value: strconv.Itoa(img)}}})
		res, err := c.Call(ctx, "one.template.allocate", t.String())
		if err != nil {
			return fmt.Errorf("image %d made, then the VM template: %w", img, err)
		}
		made["VMTEMPLATE"], _ = kit.ResultInt(res)
		order = append(order, "VMTEMPLATE")
	}
	if err := printMade(f, &o.out, made, order); err != nil {
		return err
	}
	if o.wait {
		return kit.WaitObject(ctx, f, kit.Images, img, kit.Until("READY", "USED", "USED_PERS"), true)
	}
	return nil
}

// printMade prints what export made as onemarketapp export does:
// "IMAGE\n    ID: 5" per object; as {"IMAGE":{"ID":5},...} for -o json/yaml.
func printMade(f *kit.Factory, out *output.Options, made map[string]int, order []string) error {
	switch out.Format {
	case output.FormatJSON, output.FormatYAML, output.FormatXML:
		doc := "<EXPORT>"
		for _, k := range order {
			doc += "<" + k + "><ID>" + strconv.Itoa(made[k]) + "</ID></" + k + ">"
		}
		doc += "</EXPORT>"
		return (&output.Printer{Opts: *out, Out: f.IO.Out}).Print([]byte(doc), nil, nil)
	}
	for _, k := range order {
		fmt.Fprintf(f.IO.Out, "%s\n    ID: %d\n", k, made[k])
	}
	return nil
}
