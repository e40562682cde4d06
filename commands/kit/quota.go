package kit

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// Quotas of users and groups are edited the same way, so both groups
// declare them here: `quota` (one object, the current quota in $EDITOR),
// `batchquota` (one quota template merged into many objects) and
// `defaultquota` (the defaults for every user or group).

// QuotaHelp is the comment OpenNebula's CLI puts above a quota template.
const QuotaHelp = `#-----------------------------------------------------------------------
# Supported quota limits:
#
#  DATASTORE = [
#    ID     = <ID of the datastore>
#    IMAGES = <Max. number of images in the datastore>
#    SIZE   = <Max. storage capacity (Mb) used in the datastore>
#  ]
#
#  VM = [
#    VMS              = <Max. number of VMs>
#    RUNNING_VMS      = <Max. number of running VMs>
#    MEMORY           = <Max. allocated memory (MB)>
#    RUNNING_MEMORY   = <Max. running memory (MB)>
#    CPU              = <Max. allocated CPU>
#    RUNNING_CPU      = <Max. running CPU>
#    SYSTEM_DISK_SIZE = <Max. allocated system disk (MB)>
#  ]
#
#  NETWORK = [
#    ID     = <ID of the network>
#    LEASES = <Max. number of IP leases from the network>
#  ]
#
#  IMAGE = [
#    ID     = <ID of the image>
#    RVMS   = <Max. number of VMs using the image>
#  ]
`

const quotaFooter = `#
#  In any quota:
#    -1 means use the default limit (set with the 'defaultquota' command)
#    -2 means unlimited.
#
#  The usage counters "*_USED" are shown for information
#  purposes and will NOT be modified.
#-----------------------------------------------------------------------
`

const defaultQuotaFooter = `#
#  In any quota:
#    -2 means unlimited.
#
#  The usage counters "*_USED" will always be 0 for the default
#  quotas, and can be ignored.
#-----------------------------------------------------------------------
`

var quotaBlocks = []string{"DATASTORE_QUOTA", "VM_QUOTA", "NETWORK_QUOTA", "IMAGE_QUOTA"}

// QuotaTemplate is the quota of a user or group document (or of a
// default quotas document) as an editable template, in the CLI's order.
func QuotaTemplate(doc *output.Node) *template.Template {
	t := &template.Template{}
	for _, b := range quotaBlocks {
		if n := doc.Child(b); n != nil {
			for _, ch := range n.Children {
				t.Add(NodeAttr(ch))
			}
		}
	}
	return t
}

// QuotaUpdate is `quota <object> [<file>]`: one.user.quota or
// one.group.quota with a template from a file, stdin, or $EDITOR on the
// current quota. With --show, or any -o, it changes nothing and prints the
// object's usage and limits instead: table shows the quota tables of
// oneuser/onegroup show (render), json/yaml/xml the object's document with
// its quotas, as the Ruby CLI's show -j/-y gives it.
func QuotaUpdate(f *Factory, res *Resource, method string, render func(raw []byte, w io.Writer) error) *cobra.Command {
	cmd := (&TemplateUpdate{
		Res: res, Use: "quota", Method: method,
		Short:   "Show (--show, -o) or set the quotas of a " + res.Label + ": used / limit per resource",
		Current: func(doc *output.Node, _ int) *template.Template { return QuotaTemplate(doc) },
		Header:  QuotaHelp + quotaFooter,
	}).Build(f)
	cmd.Long = strings.Replace(cmd.Long, "\n\nThe template comes from", `

With --show or -o (table, json, yaml, xml) nothing changes: the usage and
limits are printed, -1 limits resolved through the default quotas.

To set them, the template comes from`, 1)
	var out output.Options
	var show bool
	AddOutputFlags(cmd, &out)
	cmd.Flags().BoolVar(&show, "show", false, "print the usage and limits instead of changing them")
	set := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fs := cmd.Flags()
		if !show && !fs.Changed("output") && !fs.Changed("json") && !fs.Changed("yaml") && !fs.Changed("xml") && !fs.Changed("csv") {
			return set(cmd, args)
		}
		if err := ValidateOutput(&out); err != nil {
			return err
		}
		if out.Format == output.FormatCSV {
			return Usagef("quotas print as table, json, yaml or xml, not csv")
		}
		if len(args) > 1 {
			return Usagef("--show and -o print the quotas; they take no <file>")
		}
		ctx := cmd.Context()
		id, c, err := OneObject(ctx, f, res, args[0])
		if err != nil {
			return err
		}
		raw, err := c.CallString(ctx, res.Info, id)
		if err != nil || c.IsDryRun() {
			return err
		}
		if out.Format == output.FormatTable {
			return render([]byte(raw), f.IO.Out)
		}
		return (&output.Printer{Opts: out, Out: f.IO.Out}).Print([]byte(raw), nil, nil)
	}
	return cmd
}

// quotaText reads a quota template from <file>, stdin, or an editor on
// the help text alone; "" means nothing to do.
func quotaText(cmd *cobra.Command, f *Factory, args []string, start string) (string, error) {
	var text string
	var err error
	switch {
	case len(args) > 0:
		text, err = ReadSource(f, args[0])
	case !f.IO.IsStdinTTY():
		text, err = ReadSource(f, "-")
	default:
		if text, err = RunEditor(cmd.Context(), f, start); err == nil && strings.TrimSpace(text) == strings.TrimSpace(start) {
			fmt.Fprintln(f.IO.ErrOut, "onectl: no changes; nothing updated")
			return "", nil
		}
	}
	if err != nil {
		return "", err
	}
	t, err := ParseTemplate(text, "")
	if err != nil {
		return "", err
	}
	if len(t.Attrs) == 0 {
		return "", Usagef("empty quota template: give a file, pipe a template, or run on a terminal to edit it")
	}
	return t.String(), nil
}

// BatchQuota is `batchquota <objects> [<file>]`: one quota template (read
// once) set on each object, merged into its current quotas. oned resets
// every metric a quota entry does not name to -1, so the merge is done
// here, metric by metric: what the template does not mention stays.
func BatchQuota(res *Resource, method string) *Action {
	var text string
	return &Action{
		Use: "batchquota", Method: method, Res: res, Many: true,
		Short: "Set the same quotas on many " + plural(res),
		Long: `The quota template comes from <file>, from stdin when it is not a
terminal, or else $EDITOR opens on the quota help. Each object's current
quotas are read and the new limits merged into them metric by metric, so
limits the template does not mention stay as they are.`,
		Args: []Arg{{Name: "file", Optional: true}},
		Check: func(c *Call) (err error) {
			var args []string
			if f, ok := c.Arg(0, nil).(string); ok {
				args = []string{f}
			}
			text, err = quotaText(c.Cmd, c.F, args, QuotaHelp)
			if err == nil && text == "" {
				err = ErrNothingToDo
			}
			return err
		},
		Params: func(c *Call, id int) ([]any, error) {
			cl, err := c.F.Client()
			if err != nil {
				return nil, err
			}
			raw, err := cl.CallString(c.Cmd.Context(), res.Info, id)
			if err != nil {
				return nil, err
			}
			doc, err := output.ParseXML([]byte(raw))
			if err != nil {
				return nil, fmt.Errorf("reading %s %d: %w", res.Label, id, err)
			}
			add, err := ParseTemplate(text, "")
			if err != nil {
				return nil, err
			}
			return []any{id, MergeQuota(QuotaTemplate(doc), add).String()}, nil
		},
	}
}

// DefaultQuota is `defaultquota [<file>]`: the quotas every user (or group)
// gets where its own limit is -1, read with info and set with update.
func DefaultQuota(f *Factory, res *Resource, info, update string) *cobra.Command {
	return &cobra.Command{
		Use:   "defaultquota [<file>]",
		Short: "Set the default quotas of every " + res.Label,
		Long: "Set the default quotas of every " + res.Label + ` (used where its own limit is -1).

The quota template comes from <file>, from stdin when it is not a
terminal, or else $EDITOR opens on the current default quotas. Only
members of the oneadmin group may change them.` + APIHelp(update, ""),
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, err := f.Client()
			if err != nil {
				return err
			}
			start := QuotaHelp + defaultQuotaFooter
			if len(args) == 0 && f.IO.IsStdinTTY() {
				raw, err := c.CallString(ctx, info)
				if err != nil {
					return err
				}
				doc, err := output.ParseXML([]byte(raw))
				if err != nil {
					return fmt.Errorf("reading default quotas: %w", err)
				}
				start += QuotaTemplate(doc).String()
			}
			text, err := quotaText(cmd, f, args, start)
			if err != nil || text == "" {
				return err
			}
			_, err = c.Call(ctx, update, text)
			return err
		},
	}
}

// MergeQuota sets the limits of add over cur: an entry (VM, or DATASTORE,
// NETWORK, IMAGE with the same ID) gets the metrics add names and keeps
// its others; new entries are added. Usage counters are not sent.
func MergeQuota(cur, add *template.Template) *template.Template {
	out := &template.Template{}
	key := func(a template.Attr) string {
		id, _ := a.Get("ID")
		return strings.ToUpper(a.Name) + "/" + strings.TrimSpace(id)
	}
	idx := map[string]int{}
	for _, a := range cur.Attrs {
		if !a.IsVector() {
			continue
		}
		var pairs []template.Pair
		for _, p := range a.Vector {
			if !strings.HasSuffix(strings.ToUpper(p.Name), "_USED") {
				pairs = append(pairs, p)
			}
		}
		idx[key(a)] = len(out.Attrs)
		out.Attrs = append(out.Attrs, template.Attr{Name: a.Name, Vector: pairs})
	}
	for _, a := range add.Attrs {
		i, ok := idx[key(a)]
		if !a.IsVector() || !ok {
			idx[key(a)] = len(out.Attrs)
			out.Attrs = append(out.Attrs, a)
			continue
		}
		for _, p := range a.Vector {
			set := false
			for j, q := range out.Attrs[i].Vector {
				if strings.EqualFold(q.Name, p.Name) {
					out.Attrs[i].Vector[j].Value = p.Value
					set = true
				}
			}
			if !set {
				out.Attrs[i].Vector = append(out.Attrs[i].Vector, p)
			}
		}
	}
	return out
}
