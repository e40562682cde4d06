package vnet

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

func newReserveCmd(f *kit.Factory) *cobra.Command {
	target := -1 // the existing reservation, from the argument or --vnet
	return (&kit.Action{
		Use: "reserve", Short: "Reserve addresses of a network into a reservation network", Method: "one.vn.reserve",
		Res: kit.VNets,
		Long: `Moves --size addresses of <vnet> into a new network named --name, owned by you,
or, with a second <vnet> (or --vnet), into that existing reservation of the
same parent. The addresses come from the first address range with room, or
from --address-range (--ar), starting at --address (an IP, IPv6 or MAC; or
--ip, --ip6, --mac) when given. Prints the reservation's ID.`,
		Example: "  onectl vnet reserve private --name mine --size 10\n" +
			"  onectl vnet reserve private --vnet mine --size 2 --ar 0 --address 192.168.150.50",
		Args:        []kit.Arg{{Name: "reservation", Res: kit.VNets, Optional: true}},
		ObjectFlags: map[string]*kit.Resource{"vnet": kit.VNets},
		Flags: func(fs *pflag.FlagSet) {
			fs.IntP("size", "s", 0, "number of addresses to reserve (required)")
			fs.StringP("name", "n", "", "name of the new reservation (required unless a reservation is given)")
			fs.String("vnet", "", "existing reservation to add the addresses to (instead of the second argument)")
			fs.IntP("address-range", "a", -1, "reserve from this address range")
			fs.Int("ar", -1, "same as --address-range")
			fs.String("address", "", "first address to reserve: IPv4, IPv6 or MAC (with --address-range)")
			fs.StringP("mac", "m", "", "first MAC address to reserve (with --address-range)")
			fs.StringP("ip", "i", "", "first IPv4 address to reserve (with --address-range)")
			fs.String("ip6", "", "first IPv6 address to reserve (with --address-range)")
		},
		Check: func(c *kit.Call) error {
			if c.Int("size") <= 0 {
				return kit.Usagef("--size must be a positive number of addresses")
			}
			if r := c.Arg(0, nil); r != nil {
				target = r.(int)
			}
			if v := c.String("vnet"); v != "" {
				if target >= 0 {
					return kit.Usagef("give the reservation as an argument or with --vnet, not both")
				}
				id, err := kit.NewResolver(c.F, kit.VNets).ID(c.Cmd.Context(), v)
				if err != nil {
					return err
				}
				target = id
			}
			if c.String("name") == "" && target < 0 {
				return kit.Usagef("give --name for a new reservation, or an existing reservation")
			}
			starts := 0
			for _, k := range []string{"address", "ip", "ip6", "mac"} {
				if c.String(k) != "" {
					starts++
				}
			}
			if starts > 1 {
				return kit.Usagef("give one first address: --address, --ip, --ip6 or --mac")
			}
			if a := c.String("address"); a != "" {
				if _, err := leaseAttr(a); err != nil {
					return err
				}
			}
			if starts > 0 && reserveAR(c) < 0 {
				return kit.Usagef("a first address needs --address-range")
			}
			return nil
		},
		Params: func(c *kit.Call, id int) ([]any, error) {
			t := &template.Template{}
			t.Set("SIZE", strconv.Itoa(c.Int("size")))
			if n := c.String("name"); n != "" {
				t.Set("NAME", n)
			}
			if target >= 0 {
				t.Set("NETWORK_ID", strconv.Itoa(target))
			}
			if ar := reserveAR(c); ar >= 0 {
				t.Set("AR_ID", strconv.Itoa(ar))
			}
			if a := c.String("address"); a != "" {
				name, _ := leaseAttr(a)
				t.Set(name, a)
			}
			for _, k := range [][2]string{{"ip", "IP"}, {"ip6", "IP6"}, {"mac", "MAC"}} {
				if v := c.String(k[0]); v != "" {
					t.Set(k[1], v)
				}
			}
			return []any{id, t.String()}, nil
		},
		Result:     "ID",
		Wait:       kit.Until("READY"),
		WaitResult: true,
	}).Build(f)
}

// reserveAR is --address-range, or its short spelling --ar.
func reserveAR(c *kit.Call) int {
	if c.Changed("ar") {
		return c.Int("ar")
	}
	return c.Int("address-range")
}

func newAddLeasesCmd(f *kit.Factory) *cobra.Command {
	return (&kit.Action{
		Use: "addleases", Short: "Add a one-address range (deprecated: use addar)", Method: "one.vn.add_ar",
		Res:  kit.VNets,
		Args: []kit.Arg{{Name: "ip"}, {Name: "mac", Optional: true}},
		Check: func(c *kit.Call) error {
			if !isIP4(c.Arg(0, "").(string)) {
				return kit.Usagef("%q is not an IPv4 address", c.Arg(0, ""))
			}
			if m, _ := c.Arg(1, "").(string); m != "" && !isMAC(m) {
				return kit.Usagef("%q is not a MAC address", m)
			}
			return nil
		},
		Params: func(c *kit.Call, id int) ([]any, error) {
			ar := "AR=[TYPE=\"IP4\", IP=\"" + c.Arg(0, "").(string) + "\", SIZE=\"1\""
			if m, _ := c.Arg(1, "").(string); m != "" {
				ar += ", MAC=\"" + m + "\""
			}
			return []any{id, ar + "]"}, nil
		},
	}).Build(f)
}

func newRmLeasesCmd(f *kit.Factory) *cobra.Command {
	return (&kit.Action{
		Use: "rmleases", Short: "Remove the one-address range of an IP (deprecated: use rmar)", Method: "one.vn.rm_ar",
		Perm: "NET:ADMIN (reads the network with one.vn.info first)",
		Res:  kit.VNets, Args: []kit.Arg{{Name: "ip"}},
		Params: func(c *kit.Call, id int) ([]any, error) {
			ip := c.Arg(0, "").(string)
			if c.F.G.DryRun {
				return nil, kit.Usagef("--dry-run calls nothing, so it cannot find the range of %s: use rmar", ip)
			}
			v, err := fetch(c.Cmd.Context(), c.F, id)
			if err != nil {
				return nil, err
			}
			for _, ar := range v.ARs {
				if ar.Size == "1" && ar.IP == ip {
					arID, _ := strconv.Atoi(ar.ARID)
					return []any{id, arID, false}, nil
				}
			}
			return nil, &kit.CodedError{Code: kit.ExitNotFound,
				Err: fmt.Errorf("virtual network %d has no one-address range for %s", id, ip)}
		},
	}).Build(f)
}

func fetch(ctx context.Context, f *kit.Factory, id int) (*client.VNet, error) {
	c, err := f.Client()
	if err != nil {
		return nil, err
	}
	raw, err := c.CallString(ctx, "one.vn.info", id)
	if err != nil {
		return nil, err
	}
	return client.ParseVNet([]byte(raw))
}

type updateAROpts struct{ append bool }

func newUpdateARCmd(f *kit.Factory) *cobra.Command {
	o := &updateAROpts{}
	cmd := &cobra.Command{
		Use:   "updatear <vnet> <ar-id> [<file>]",
		Short: "Replace or merge the attributes of an address range",
		Long: `Replace or merge (--append) the attributes of an address range. The new
attributes come from <file> (AR=[...] or plain KEY=VALUE lines), from stdin
when it is not a terminal, or else $EDITOR opens on the current ones. The
addresses themselves (TYPE, IP, MAC) cannot change; SIZE can, as long as no
lease falls outside.` + kit.APIHelp("one.vn.update_ar", ""),
		Args: cobra.RangeArgs(2, 3),
		RunE: func(cmd *cobra.Command, args []string) error { return runUpdateAR(cmd, f, o, args) },
	}
	cmd.Flags().BoolVarP(&o.append, "append", "a", false, "merge into the current attributes instead of replacing them")
	cmd.ValidArgsFunction = kit.CompleteObjects(f, kit.VNets, false)
	return cmd
}

// generatedAR are the attributes one.vn.info computes for a range; they
// are not the user's to edit.
var generatedAR = map[string]bool{"AR_ID": true, "MAC_END": true, "IP_END": true, "IP6_END": true, "IP6_ULA": true,
	"IP6_ULA_END": true, "IP6_GLOBAL": true, "IP6_GLOBAL_END": true, "USED_LEASES": true, "LEASES": true, "ALLOCATED": true}

func runUpdateAR(cmd *cobra.Command, f *kit.Factory, o *updateAROpts, args []string) error {
	ctx := cmd.Context()
	arID, err := strconv.Atoi(args[1])
	if err != nil || arID < 0 {
		return kit.Usagef("<ar-id> must be a non-negative number, not %q", args[1])
	}
	id, c, err := kit.OneObject(ctx, f, kit.VNets, args[0])
	if err != nil {
		return err
	}
	raw, err := c.CallString(ctx, "one.vn.info", id)
	if err != nil || c.IsDryRun() {
		return err // a dry run cannot know the range, so it stops at the read
	}
	doc, err := output.ParseXML([]byte(raw))
	if err != nil {
		return fmt.Errorf("reading virtual network %d: %w", id, err)
	}
	var cur []template.Pair
	found := false
	for _, ar := range doc.All("AR_POOL/AR") {
		if ar.Value("AR_ID") != args[1] {
			continue
		}
		found = true
		for _, ch := range ar.Children {
			if !generatedAR[ch.Name] {
				cur = append(cur, template.Pair{Name: ch.Name, Value: ch.Text})
			}
		}
	}
	if !found {
		return &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("virtual network %d has no address range %d", id, arID)}
	}
	var text string
	switch {
	case len(args) == 3:
		text, err = kit.ReadSource(f, args[2])
	case !f.IO.IsStdinTTY():
		text, err = kit.ReadSource(f, "-")
		if err == nil && strings.TrimSpace(text) == "" {
			return kit.Usagef("empty template on stdin: give a file, pipe a template, or run on a terminal to edit it")
		}
	default:
		before := (&template.Template{Attrs: []template.Attr{{Name: "AR", Vector: cur}}}).String()
		text, err = kit.RunEditor(ctx, f, before)
		if err == nil && text == before {
			return nil
		}
	}
	if err != nil {
		return err
	}
	t, err := kit.ParseTemplate(text, "")
	if err != nil {
		return err
	}
	var given []template.Pair
	if vs := t.Vectors("AR"); len(vs) > 0 {
		given = vs[0].Vector
	} else {
		for _, a := range t.Attrs {
			if !a.IsVector() {
				given = append(given, template.Pair{Name: a.Name, Value: a.Value})
			}
		}
	}
	next := given
	if o.append {
		next = mergePairs(cur, given)
	}
	vec := []template.Pair{{Name: "AR_ID", Value: strconv.Itoa(arID)}}
	for _, p := range next {
		if !generatedAR[p.Name] {
			vec = append(vec, p)
		}
	}
	_, err = c.Call(ctx, "one.vn.update_ar", id, (&template.Template{Attrs: []template.Attr{{Name: "AR", Vector: vec}}}).String())
	return err
}

func mergePairs(base, over []template.Pair) []template.Pair {
	out := append([]template.Pair(nil), base...)
	for _, p := range over {
		replaced := false
		for i := range out {
			if strings.EqualFold(out[i].Name, p.Name) {
				out[i].Value, replaced = p.Value, true
			}
		}
		if !replaced {
			out = append(out, p)
		}
	}
	return out
}

func newOrphansCmd(f *kit.Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:   "orphans",
		Short: "List the networks no VM template uses",
		Long: `List the IDs of the virtual networks that no VM template's NIC names (by
NETWORK_ID, or NETWORK and its owner). Reservations count as used when
their parent is.` + kit.APIHelp("one.vnpool.info", "") + "\nIt also reads one.templatepool.info.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			ids, err := orphans(cmd.Context(), f)
			if err != nil || f.G.DryRun {
				return err
			}
			rows := make([]any, len(ids))
			for i, id := range ids {
				rows[i] = id
			}
			p := &output.Printer{Opts: out, Out: f.IO.Out}
			if out.Format != output.FormatTable && out.Format != output.FormatCSV {
				return kit.Usagef("orphans prints IDs: use -o table or -o csv")
			}
			return p.Table(&output.Table{Default: []string{"ID"}, Columns: []output.Column{
				{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(r.(int)) }}}}, rows)
		},
	}
	kit.AddOutputFlags(cmd, &out)
	return cmd
}

func orphans(ctx context.Context, f *kit.Factory) ([]int, error) {
	c, err := f.Client()
	if err != nil {
		return nil, err
	}
	raw, err := c.CallString(ctx, "one.vnpool.info", -2, -1, -1)
	if err != nil || c.IsDryRun() {
		return nil, err
	}
	pool, err := client.ParseVNetPool([]byte(raw))
	if err != nil {
		return nil, err
	}
	traw, err := c.CallString(ctx, "one.templatepool.info", -2, -1, -1)
	if err != nil {
		return nil, err
	}
	tpool, err := client.ParseVMTemplatePool([]byte(traw))
	if err != nil {
		return nil, err
	}
	used := map[int]bool{}
	byName := map[string]int{}
	for _, v := range pool.VNets {
		byName[v.UName+"/"+v.Name] = v.ID
	}
	for _, t := range tpool.Templates {
		for _, a := range t.Template.Attrs {
			if a.Name() != "NIC" {
				continue
			}
			if id, err := strconv.Atoi(a.Get("NETWORK_ID")); err == nil {
				used[id] = true
			} else if n := a.Get("NETWORK"); n != "" {
				owner := a.Get("NETWORK_UNAME")
				if owner == "" {
					owner = t.UName
				}
				if id, ok := byName[owner+"/"+n]; ok {
					used[id] = true
				}
			}
		}
	}
	var ids []int
	for _, v := range pool.VNets {
		parent, err := strconv.Atoi(v.ParentNetworkID)
		if !used[v.ID] && (err != nil || !used[parent]) {
			ids = append(ids, v.ID)
		}
	}
	sort.Ints(ids)
	return ids, nil
}
