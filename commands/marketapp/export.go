package marketapp

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

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
		Long: `Make what an app describes, named after <name>: an IMAGE app gives an
image <name> in --datastore (default: the datastore "default", ID 1) and,
when it carries a VM template, a template --vmname (default <name>) using
it; a VMTEMPLATE app gives an image <name>-disk-<n> per disk app and the
template; a SERVICE_TEMPLATE app gives a VM template <name>-<role> per role
(with their images) and the OneFlow service template <name>. Images are
LOCKED while they are downloaded; --wait returns when they are READY.

XML-RPC: one.marketapp.info, one.image.allocate, one.template.allocate, one.document.allocate (needs MARKETPLACEAPP:USE, IMAGE:CREATE, DATASTORE:USE, TEMPLATE:CREATE, DOCUMENT:CREATE)`,
		Example: `  onectl marketapp export alpine-app alpine --datastore default --wait
  onectl marketapp export alpine-app alpine --no`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: kit.CompleteObjects(f, kit.MarketApps, false),
		RunE:              func(cmd *cobra.Command, args []string) error { return runExport(cmd, f, o, args) },
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.datastore, "datastore", "d", "", "datastore for the image (default: 1)")
	fs.StringVar(&o.vmname, "vmname", "", "name of the VM template (default: <name>)")
	fs.BoolVar(&o.noTemplate, "no", false, "make the image only, not the app's VM template (as onemarketapp export --no)")
	fs.BoolVar(&o.noTemplate, "no-template", false, "same as --no")
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
	app, err := appInfo(cmd, c, id)
	if err != nil || app == nil {
		return err
	}
	x := &exporter{cmd: cmd, c: c, ds: ds}
	var t *tpl.Template
	switch app.Type {
	case 1:
		img, err := x.image(app, args[1])
		if err != nil {
			return err
		}
		if vt := app.Template.Get("VMTEMPLATE64"); vt != "" && !o.noTemplate {
			if t, err = parse64(vt, "VM template"); err != nil {
				return x.fail(err)
			}
			t.Add(tpl.Attr{Name: "DISK", Vector: []tpl.Pair{{Name: "IMAGE_ID", Value: strconv.Itoa(img)}}})
		}
	case 2:
		if t, err = x.diskApps(app, args[1]); err != nil {
			return x.fail(err)
		}
	case 3:
		apps, err := x.appsByName()
		if err == nil {
			err = x.service(app, args[1], apps)
		}
		if err != nil {
			return x.fail(err)
		}
	default:
		return kit.Usagef("app %d is of type %s: it cannot be exported", app.ID, client.AppTypeName(app.Type))
	}
	if t != nil && !o.noTemplate {
		name := o.vmname
		if name == "" {
			name = args[1]
		}
		t.Set("NAME", name)
		res, err := c.Call(ctx, "one.template.allocate", t.String())
		if err != nil {
			return x.fail(err)
		}
		n, _ := kit.ResultInt(res)
		x.made = append(x.made, made{"VMTEMPLATE", n})
	}
	if err := printMade(f, &o.out, x.made); err != nil {
		return err
	}
	if o.wait {
		for _, m := range x.made {
			if m.kind == "IMAGE" {
				if err := kit.WaitObject(ctx, f, kit.Images, m.id, kit.Until("READY", "USED", "USED_PERS"), true); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func appInfo(cmd *cobra.Command, c *client.Client, id int) (*client.MarketplaceApp, error) {
	raw, err := c.CallString(cmd.Context(), "one.marketapp.info", id)
	if err != nil || c.IsDryRun() {
		return nil, err
	}
	return client.ParseMarketplaceApp([]byte(raw))
}

type made struct {
	kind string
	id   int
}

// exporter makes the objects of one export and remembers them, so a
// failure says what was already made.
type exporter struct {
	cmd  *cobra.Command
	c    *client.Client
	ds   int
	made []made
	apps map[string]int // app IDs by name
}

func (x *exporter) fail(err error) error {
	if len(x.made) == 0 {
		return err
	}
	var ids []string
	for _, m := range x.made {
		ids = append(ids, strings.ToLower(m.kind)+" "+strconv.Itoa(m.id))
	}
	return fmt.Errorf("made %s, then: %w", strings.Join(ids, ", "), err)
}

// appsByName reads the app pool once per export: apps name each other.
func (x *exporter) appsByName() (map[string]int, error) {
	if x.apps != nil {
		return x.apps, nil
	}
	x.apps = map[string]int{}
	err := x.c.Objects(x.cmd.Context(), kit.MarketApps.Pool, func(_ string, elem []byte) error {
		if r, err := client.Ref(elem); err == nil {
			x.apps[r.Name] = r.ID
		}
		return nil
	})
	return x.apps, err
}

// image makes an image from an IMAGE app (one.image.allocate FROM_APP).
func (x *exporter) image(app *client.MarketplaceApp, name string) (int, error) {
	if app.State != 1 {
		return 0, x.fail(&kit.CodedError{Code: kit.ExitState, Err: fmt.Errorf("app %d is %s, not READY", app.ID, client.AppStateName(app.State))})
	}
	it, err := parse64(app.AppTemplate64, "image template")
	if err != nil {
		return 0, x.fail(err)
	}
	it.Set("NAME", name)
	it.Set("FROM_APP", strconv.Itoa(app.ID))
	res, err := x.c.Call(x.cmd.Context(), "one.image.allocate", it.String(), x.ds, false)
	if err != nil {
		return 0, x.fail(err)
	}
	id, _ := kit.ResultInt(res)
	x.made = append(x.made, made{"IMAGE", id})
	return id, nil
}

// diskApps exports the IMAGE apps a VMTEMPLATE app's disks name and gives
// its template with the disks pointing at the new images.
func (x *exporter) diskApps(app *client.MarketplaceApp, name string) (*tpl.Template, error) {
	t, err := parse64(app.AppTemplate64, "VM template")
	if err != nil {
		return nil, err
	}
	byName, err := x.appsByName()
	if err != nil {
		return nil, err
	}
	out := &tpl.Template{}
	n := 0
	for _, a := range t.Attrs {
		appName := ""
		for _, p := range a.Vector {
			if p.Name == "APP" {
				appName = p.Value
			}
		}
		if a.Name != "DISK" || appName == "" {
			out.Add(a)
			continue
		}
		aid, ok := byName[appName]
		if !ok {
			return nil, &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("the template's disk app %q is not in the marketplace", appName)}
		}
		da, err := appInfo(x.cmd, x.c, aid)
		if err != nil {
			return nil, err
		}
		img, err := x.image(da, name+"-disk-"+strconv.Itoa(n))
		if err != nil {
			return nil, err
		}
		out.Add(tpl.Attr{Name: "DISK", Vector: []tpl.Pair{{Name: "IMAGE_ID", Value: strconv.Itoa(img)}}})
		n++
	}
	return out, nil
}

// printMade prints what export made as onemarketapp export does:
// "IMAGE\n    ID: 5" per object; as {"EXPORT":{"IMAGE":{"ID":"5"},...}} for
// -o json/yaml/xml.
func printMade(f *kit.Factory, out *output.Options, ms []made) error {
	switch out.Format {
	case output.FormatJSON, output.FormatYAML, output.FormatXML:
		doc := "<EXPORT>"
		for _, m := range ms {
			doc += "<" + m.kind + "><ID>" + strconv.Itoa(m.id) + "</ID></" + m.kind + ">"
		}
		doc += "</EXPORT>"
		return (&output.Printer{Opts: *out, Out: f.IO.Out}).Print([]byte(doc), nil, nil)
	}
	for _, m := range ms {
		fmt.Fprintf(f.IO.Out, "%s\n    ID: %d\n", m.kind, m.id)
	}
	return nil
}
