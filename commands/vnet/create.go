package vnet

import (
	"net"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

type createOpts struct {
	name, bridge, vnMad, phydev, vlan, cluster string
	ars                                        []string
	wait                                       bool
	out                                        output.Options
}

func newCreateCmd(f *kit.Factory) *cobra.Command {
	o := &createOpts{}
	cmd := &cobra.Command{
		Use:   "create [<file>|-]",
		Short: "Create a virtual network from a template file, stdin, or flags",
		Long: `Create a virtual network from a template file, a template on stdin (-), or
flags (--name --bridge --vn-mad --ar ...); flags override the file. Prints
"ID: N". The network is LOCK_CREATE while its driver sets it up, then READY
(--wait waits for it).

--ar takes TYPE:START:SIZE, e.g. ip4:192.168.0.10:50, ip4_6:10.0.0.1:20,
ether:8 or ether:02:00:aa:00:00:01:8, or KEY=VALUE pairs separated by commas,
e.g. type=ip6,global_prefix=2001:db8::,size=16.` + kit.APIHelp("one.vn.allocate", ""),
		Example: `  onectl vnet create --name private --vn-mad bridge --bridge br0 --ar ip4:192.168.0.10:50
  onectl vnet create net.tmpl --cluster default --wait`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runCreate(cmd, f, o, args) },
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.name, "name", "n", "", "name of the network")
	fs.StringVar(&o.bridge, "bridge", "", "bridge the network's NICs attach to")
	fs.StringVar(&o.vnMad, "vn-mad", "", "network driver: dummy, bridge, fw, ebtables, 802.1Q, vxlan, ovswitch, ...")
	fs.StringVar(&o.phydev, "phydev", "", "physical device (802.1Q, vxlan)")
	fs.StringVar(&o.vlan, "vlan-id", "", "VLAN ID (802.1Q, vxlan)")
	fs.StringArrayVar(&o.ars, "ar", nil, "an address range (repeatable), e.g. ip4:192.168.0.10:50")
	fs.StringVar(&o.cluster, "cluster", "", "cluster to create the network in (ID or name; default: the default cluster)")
	fs.BoolVar(&o.wait, "wait", false, "wait until the network is READY")
	kit.AddOutputFlags(cmd, &o.out)
	cmd.RegisterFlagCompletionFunc("cluster", kit.CompleteObjects(f, kit.Clusters, false))
	return cmd
}

func runCreate(cmd *cobra.Command, f *kit.Factory, o *createOpts, args []string) error {
	ctx := cmd.Context()
	if err := kit.ValidateOutput(&o.out); err != nil {
		return err
	}
	t := &template.Template{}
	if len(args) == 1 {
		text, err := kit.ReadSource(f, args[0])
		if err != nil {
			return err
		}
		if t, err = kit.ParseTemplate(text, "in "+args[0]); err != nil {
			return err
		}
	}
	for _, kv := range [][2]string{{"NAME", o.name}, {"BRIDGE", o.bridge}, {"VN_MAD", o.vnMad},
		{"PHYDEV", o.phydev}, {"VLAN_ID", o.vlan}} {
		if kv[1] != "" {
			t.Set(kv[0], kv[1])
		}
	}
	for _, s := range o.ars {
		a, err := ParseARSpec(s)
		if err != nil {
			return err
		}
		t.Add(a)
	}
	if len(t.Attrs) == 0 {
		return kit.Usagef("no template: give a file, - for stdin, or flags such as --name and --vn-mad")
	}
	cluster := -1
	if o.cluster != "" {
		id, err := kit.NewResolver(f, kit.Clusters).ID(ctx, o.cluster)
		if err != nil {
			return err
		}
		cluster = id
	}
	c, err := f.Client()
	if err != nil {
		return err
	}
	res, err := c.Call(ctx, "one.vn.allocate", t.String(), cluster)
	if err != nil || c.IsDryRun() {
		return err
	}
	if err := kit.PrintResult(&output.Printer{Opts: o.out, Out: f.IO.Out}, "ID", res); err != nil {
		return err
	}
	if id, ok := kit.ResultInt(res); ok && o.wait {
		return kit.WaitObject(ctx, f, kit.VNets, id, kit.Until("READY"), true)
	}
	return nil
}

// ParseARSpec reads --ar: TYPE:START:SIZE (START optional for ether and
// ip6), or KEY=VALUE pairs separated by commas.
func ParseARSpec(s string) (template.Attr, error) {
	bad := func() (template.Attr, error) {
		return template.Attr{}, kit.Usagef("invalid --ar %q: use TYPE:START:SIZE (ip4:192.168.0.10:50, ether:8) or key=value pairs", s)
	}
	if strings.Contains(s, "=") {
		pairs, ok := kit.ParsePairs(s, ",")
		if !ok {
			return bad()
		}
		return template.Attr{Name: "AR", Vector: pairs}, nil
	}
	typ, rest, ok := strings.Cut(s, ":")
	if !ok {
		return bad()
	}
	typ = strings.ToUpper(typ)
	start, size := "", rest
	if i := strings.LastIndex(rest, ":"); i >= 0 {
		start, size = rest[:i], rest[i+1:]
	}
	if n, err := strconv.Atoi(size); err != nil || n <= 0 {
		return bad()
	}
	pairs := []template.Pair{{Name: "TYPE", Value: typ}}
	switch typ {
	case "IP4", "IP4_6":
		if !isIP4(start) {
			return bad()
		}
		pairs = append(pairs, template.Pair{Name: "IP", Value: start})
	case "ETHER", "IP6":
		if start != "" {
			if !isMAC(start) {
				return bad()
			}
			pairs = append(pairs, template.Pair{Name: "MAC", Value: start})
		}
	case "IP6_STATIC":
		if !isIP6(start) {
			return bad()
		}
		pairs = append(pairs, template.Pair{Name: "IP6", Value: start})
	default:
		return bad()
	}
	return template.Attr{Name: "AR", Vector: append(pairs, template.Pair{Name: "SIZE", Value: size})}, nil
}

func isIP4(s string) bool {
	ip := net.ParseIP(s)
	return ip != nil && ip.To4() != nil && !strings.Contains(s, ":")
}

func isIP6(s string) bool {
	ip := net.ParseIP(s)
	return ip != nil && ip.To4() == nil
}

func isMAC(s string) bool {
	hw, err := net.ParseMAC(s)
	return err == nil && len(hw) == 6 && strings.Count(s, ":") == 5
}

// arSource reads an address range from <file>, from stdin when it is not a
// terminal, or from the shape's flags.
func arSource(c *kit.Call, shape *kit.ARShape, file string) (string, error) {
	if file == "" && !shape.Given() && !c.F.IO.IsStdinTTY() {
		file = "-"
	}
	if file != "" {
		if shape.Given() {
			return "", kit.Usagef("give the address range in a file or with flags, not both")
		}
		text, err := kit.ReadSource(c.F, file)
		if err != nil {
			return "", err
		}
		t, err := kit.ParseTemplate(text, "")
		if err != nil {
			return "", err
		}
		if len(t.Vectors("AR")) == 0 {
			return "", kit.Usagef("the template has no AR=[...] vector")
		}
		return t.String(), nil
	}
	if !shape.Given() {
		return "", kit.Usagef("give the address range in a file, on stdin, or with --size and --ip/--mac/--ip6...")
	}
	a, err := shape.Vector()
	if err != nil {
		return "", err
	}
	return (&template.Template{Attrs: []template.Attr{a}}).String(), nil
}

func newAddARCmd(f *kit.Factory) *cobra.Command {
	var shape kit.ARShape
	var text string // read once: stdin cannot be read twice
	return (&kit.Action{
		Use: "addar", Short: "Add an address range to a virtual network", Method: "one.vn.add_ar", Res: kit.VNets,
		Long: `The range comes from <file>, stdin, or the flags: --ip makes an IP4 range (IP4_6 with
--ip6-global/--ip6-ula), --ip6 with --prefix-length a static IPv6 one, --ip6-global or --ip6-ula
alone a SLAAC IPv6 one, and a MAC or nothing an ETHER one.`,
		Example: "  onectl vnet addar private --ip 192.168.1.1 --size 20\n  onectl vnet addar lab --size 8",
		Args:    []kit.Arg{{Name: "file", Optional: true}},
		Flags:   func(fs *pflag.FlagSet) { shape.AddFlags(fs) },
		Check: func(c *kit.Call) (err error) {
			text, err = arSource(c, &shape, fileArg(c))
			return err
		},
		Params: func(c *kit.Call, id int) ([]any, error) { return []any{id, text}, nil },
	}).Build(f)
}

func fileArg(c *kit.Call) string {
	s, _ := c.Arg(0, "").(string)
	return s
}
