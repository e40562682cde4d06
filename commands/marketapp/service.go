package marketapp

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	tpl "github.com/onectl/onectl/template"
)

// OneFlow keeps service templates as documents of this TYPE, with the
// service's JSON in TEMPLATE/BODY.
const serviceTemplateType = 101

// serviceBody is the part of a OneFlow service template the marketplace
// flow reads; everything else travels as it is.
type serviceBody map[string]any

func (b serviceBody) roles() []map[string]any {
	rs, _ := b["roles"].([]any)
	var out []map[string]any
	for _, r := range rs {
		if m, ok := r.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func readService(cmd *cobra.Command, c *client.Client, id int) (string, serviceBody, error) {
	raw, err := c.CallString(cmd.Context(), "one.document.info", id)
	if err != nil {
		return "", nil, err
	}
	doc, err := output.ParseXML([]byte(raw))
	if err != nil {
		return "", nil, err
	}
	if t := doc.Value("TYPE"); t != strconv.Itoa(serviceTemplateType) {
		return "", nil, kit.Usagef("document %d is of type %s, not a service template (%d)", id, t, serviceTemplateType)
	}
	text := doc.Value("TEMPLATE/BODY")
	var b serviceBody
	if err := json.Unmarshal([]byte(text), &b); err != nil {
		return "", nil, fmt.Errorf("service template %d: its BODY is not JSON: %v", id, err)
	}
	return text, b, nil
}

// newServiceTemplateCmd is `service-template import`: a OneFlow service
// template, its roles' VM templates and their images published as apps.
func newServiceTemplateCmd(f *kit.Factory) *cobra.Command {
	group := &cobra.Command{Use: "service-template", Short: "Publish OneFlow service templates in a marketplace"}
	o := &importOpts{}
	var name string
	imp := &cobra.Command{
		Use:   "import <service-template-id> --market <marketplace>",
		Short: "Publish a service template, its roles' VM templates and their images as apps",
		Long: `Publish a OneFlow service template (a document of type 101) in a
marketplace: the VM template of each role is published as vm-template import
does (apps <vmname or service>-<role>), then the service as a
SERVICE_TEMPLATE app whose ROLEs name those apps. Prints "ID: N" for each
app, the service's last.

XML-RPC: one.document.info, one.template.info, one.image.info, one.marketapp.allocate (needs DOCUMENT:USE, TEMPLATE:USE, IMAGE:USE, MARKETPLACEAPP:CREATE)`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			id, err := strconv.Atoi(args[0])
			if err != nil || id < 0 {
				return kit.Usagef("<service-template-id> must be a document ID, not %q", args[0])
			}
			c, err := f.Client()
			if err != nil {
				return err
			}
			if c.IsDryRun() {
				return kit.Usagef("service-template import reads the service before it acts, so it has no --dry-run")
			}
			mid, err := kit.NewResolver(f, kit.Markets).ID(cmd.Context(), o.market)
			if err != nil {
				return err
			}
			text, body, err := readService(cmd, c, id)
			if err != nil {
				return err
			}
			svc, _ := body["name"].(string)
			if svc == "" {
				svc = "service-" + strconv.Itoa(id)
			}
			prefix := o.vmname
			if prefix == "" {
				prefix = svc
			}
			app := &tpl.Template{}
			for _, r := range body.roles() {
				role, _ := r["name"].(string)
				tid, ok := r["vm_template"].(float64)
				if !ok {
					return kit.Usagef("role %q of service template %d has no vm_template", role, id)
				}
				_, appName, err := publishTemplate(cmd, f, c, int(tid), mid, prefix+"-"+role, o)
				if err != nil {
					return fmt.Errorf("role %s: %w", role, err)
				}
				app.Add(tpl.Attr{Name: "ROLE", Vector: []tpl.Pair{{Name: "APP", Value: appName}, {Name: "NAME", Value: role}}})
			}
			if name == "" {
				name = svc + "-" + randHex(5)
			}
			app.Set("NAME", name)
			app.Set("ORIGIN_ID", "-1")
			app.Set("TYPE", "SERVICE_TEMPLATE")
			app.Set("APPTEMPLATE64", base64.StdEncoding.EncodeToString([]byte(text)))
			res, err := c.Call(cmd.Context(), "one.marketapp.allocate", app.String(), mid)
			if err != nil {
				return err
			}
			return kit.PrintResult(&output.Printer{Opts: o.out, Out: f.IO.Out}, "ID", res)
		},
	}
	o.flags(f, imp)
	imp.Flags().StringVar(&name, "name", "", "name of the service template app (default: <service>-<random>)")
	imp.Flags().Lookup("vmname").Usage = "prefix of the roles' VM template apps (default: the service's name)"
	imp.Flags().Lookup("wait").Hidden = true
	group.AddCommand(imp)
	return group
}

// service exports a SERVICE_TEMPLATE app: each ROLE's VM template app as
// a template (and its images), then the service template document with
// the roles pointing at the new templates.
func (x *exporter) service(app *client.MarketplaceApp, name string, apps map[string]int) error {
	text, err := decode64(app.AppTemplate64)
	if err != nil {
		return fmt.Errorf("the app's service template is not base64: %v", err)
	}
	var body serviceBody
	if err := json.Unmarshal([]byte(text), &body); err != nil {
		return fmt.Errorf("the app's service template is not JSON: %v", err)
	}
	roleApp := map[string]string{}
	for _, r := range app.Template.All("ROLE") {
		roleApp[r.Get("NAME")] = r.Get("APP")
	}
	for _, r := range body.roles() {
		role, _ := r["name"].(string)
		aid, ok := apps[roleApp[role]]
		if !ok {
			return &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("the app of role %q (%q) is not in the marketplace", role, roleApp[role])}
		}
		ta, err := appInfo(x.cmd, x.c, aid)
		if err != nil {
			return err
		}
		t, err := x.diskApps(ta, name+"-"+role)
		if err != nil {
			return err
		}
		t.Set("NAME", name+"-"+role)
		res, err := x.c.Call(x.cmd.Context(), "one.template.allocate", t.String())
		if err != nil {
			return err
		}
		tid, _ := kit.ResultInt(res)
		x.made = append(x.made, made{"VMTEMPLATE", tid})
		r["vm_template"] = tid
	}
	body["name"] = name
	js, err := json.Marshal(body)
	if err != nil {
		return err
	}
	doc := &tpl.Template{}
	doc.Set("NAME", name)
	doc.Set("BODY", string(js))
	res, err := x.c.Call(x.cmd.Context(), "one.document.allocate", doc.String(), serviceTemplateType)
	if err != nil {
		return err
	}
	id, _ := kit.ResultInt(res)
	x.made = append(x.made, made{"SERVICE_TEMPLATE", id})
	return nil
}
