package vnet

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

func shower() *kit.Show {
	return &kit.Show{
		Res:   kit.VNets,
		Use:   "show",
		Short: "Show a virtual network as onevnet show does: summary, permissions, template, address ranges, leases, VMs",
		Flags: func(fs *pflag.FlagSet) {
			fs.Bool("show-ar", false, "show every attribute of the address ranges")
		},
		Decrypt: true,
		Render: func(r *kit.Render) error {
			v, err := client.ParseVNet(r.Raw)
			if err != nil {
				return fmt.Errorf("reading virtual network %d: %w", r.ID, err)
			}
			doc := r.Doc
			showAR, _ := r.Cmd.Flags().GetBool("show-ar")
			return writeShow(r.Out, v, doc, showAR)
		},
		Table: leaseTable,
		Rows: func(raw []byte, _ []any) ([]any, error) {
			v, err := client.ParseVNet(raw)
			if err != nil {
				return nil, err
			}
			return leaseRows(v), nil
		},
	}
}

func field(w io.Writer, k, v string) { fmt.Fprintf(w, "%-25s: %-20s\n", k, v) }

func short(w io.Writer, k, v string) { fmt.Fprintf(w, "%-15s: %-20s\n", k, v) }

func yesNo(automatic string) string {
	if automatic == "1" {
		return "YES"
	}
	return "NO"
}

func writeShow(w io.Writer, v *client.VNet, doc *output.Node, showAR bool) error {
	kit.Section(w, fmt.Sprintf("VIRTUAL NETWORK %d INFORMATION", v.ID))
	field(w, "ID", strconv.Itoa(v.ID))
	field(w, "NAME", v.Name)
	field(w, "USER", v.UName)
	field(w, "GROUP", v.GName)
	field(w, "LOCK", kit.LockName(v.Lock))
	field(w, "CLUSTERS", joinIDs(v.Clusters.ID))
	field(w, "BRIDGE", v.Bridge)
	field(w, "STATE", client.VNetStateName(v.State))
	field(w, "VN_MAD", v.VNMad)
	if v.PhyDev != "" {
		field(w, "PHYSICAL DEVICE", v.PhyDev)
	}
	if v.VLANID != "" {
		field(w, "VLAN ID", v.VLANID)
	}
	if v.OuterVLANID != "" {
		field(w, "OUTER VLAN ID", v.OuterVLANID)
	}
	if v.IsReservation() {
		field(w, "PARENT NETWORK", v.ParentNetworkID)
	}
	field(w, "AUTOMATIC VLAN ID", yesNo(doc.Value("VLAN_ID_AUTOMATIC")))
	field(w, "AUTOMATIC OUTER VLAN ID", yesNo(doc.Value("OUTER_VLAN_ID_AUTOMATIC")))
	field(w, "USED LEASES", strconv.Itoa(v.UsedLeases))
	fmt.Fprintln(w)

	kit.Section(w, "PERMISSIONS")
	perms := client.Permissions{}
	if v.Permissions != nil {
		perms = *v.Permissions
	}
	p := perms.String()
	field(w, "OWNER", p[0:3])
	field(w, "GROUP", p[3:6])
	field(w, "OTHER", p[6:9])
	fmt.Fprintln(w)

	kit.Section(w, "VIRTUAL NETWORK TEMPLATE")
	if t := kit.NodeTemplate(doc.Child("TEMPLATE"), nil).String(); t != "" {
		fmt.Fprintln(w, t)
	}
	fmt.Fprintln(w)

	kit.Section(w, "ADDRESS RANGE POOL")
	for _, ar := range v.ARs {
		kit.Section(w, "AR "+ar.ARID)
		short(w, "SIZE", ar.Size)
		short(w, "LEASES", ar.UsedLeases)
		if showAR {
			for _, a := range ar.Attrs {
				short(w, a.Name(), strings.TrimSpace(a.Value))
			}
		}
		fmt.Fprintln(w)
		fmt.Fprintf(w, "%-5s%40s%35s\n", "RANGE", "FIRST", "LAST")
		rng := func(name, first, last string) {
			if first != "" {
				fmt.Fprintf(w, "%-5s%40s%35s\n", name, first, last)
			}
		}
		rng("MAC", ar.MAC, ar.MACEnd)
		rng("IP", ar.IP, ar.IPEnd)
		rng("IP6_ULA", ar.IP6ULA, ar.IP6ULAEnd)
		rng("IP6_GLOBAL", ar.IP6Global, ar.IP6GlobalEnd)
		rng("IP6", ar.IP6, ar.IP6End)
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)

	kit.Section(w, "LEASES")
	pr := &output.Printer{Opts: output.Options{Format: output.FormatTable}, Out: w}
	if err := pr.Table(leaseTable(), leaseRows(v)); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "VIRTUAL ROUTERS")
	for _, id := range v.VRouters.ID {
		fmt.Fprintln(w, id)
	}
	fmt.Fprintln(w)
	kit.Section(w, "VIRTUAL MACHINES")
	short(w, "UPDATED", joinIDs(v.UpdatedVMs.ID))
	short(w, "OUTDATED", joinIDs(v.OutdatedVMs.ID))
	short(w, "ERROR", joinIDs(v.ErrorVMs.ID))
	return nil
}

// leaseRow is one line of the LEASES table.
type leaseRow struct {
	ar string
	client.Lease
}

func leaseRows(v *client.VNet) []any {
	var rows []any
	for _, ar := range v.ARs {
		for _, l := range ar.Leases {
			rows = append(rows, leaseRow{ar: ar.ARID, Lease: l})
		}
	}
	return rows
}

func leaseTable() *output.Table {
	l := func(r any) leaseRow { return r.(leaseRow) }
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	return &output.Table{
		Default: []string{"AR", "OWNER", "MAC", "IP", "IP6"},
		Columns: []output.Column{
			{Name: "AR", Value: func(r any) string { return l(r).ar }},
			{Name: "OWNER", Value: func(r any) string { return l(r).Holder() }},
			{Name: "MAC", Right: true, Value: func(r any) string { return l(r).MAC }},
			{Name: "IP", Right: true, Value: func(r any) string { return dash(l(r).IP) }},
			{Name: "IP6", Right: true, Value: func(r any) string {
				x := l(r)
				return dash(strings.Join(nonEmpty(x.IP6, x.IP6Global, x.IP6ULA), " "))
			}},
		},
	}
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}
