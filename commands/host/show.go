package host

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

func shower() *kit.Show {
	return &kit.Show{
		Res:   kit.Hosts,
		Use:   "show",
		Short: "Show a host as onehost show does: state, capacity (allocated and measured), monitoring, PCI devices and its VMs",
		Render: func(r *kit.Render) error {
			h, err := client.ParseHost(r.Raw)
			if err != nil {
				return fmt.Errorf("reading host %d: %w", r.ID, err)
			}
			doc := r.Doc
			vms, err := hostVMs(r.Ctx, r.Client, h)
			if err != nil {
				return err
			}
			return writeShow(r.Out, h, doc, vms)
		},
	}
}

// hostVMs reads the VMs on the host: one call each when they are few,
// else one pass over the pool (onehost show always reads the pool, which
// is slow in a large cloud).
func hostVMs(ctx context.Context, c *client.Client, h *client.Host) ([]*client.VM, error) {
	if len(h.VMs.ID) == 0 {
		return nil, nil
	}
	var vms []*client.VM
	if len(h.VMs.ID) <= 100 {
		ids := slices.Clone(h.VMs.ID)
		slices.SortFunc(ids, func(a, b int) int { return b - a }) // as the pool lists them
		for _, id := range ids {
			raw, err := c.CallString(ctx, "one.vm.info", id)
			if err != nil {
				return nil, err
			}
			v, err := client.ParseVM([]byte(raw))
			if err != nil {
				return nil, err
			}
			vms = append(vms, v)
		}
		return vms, nil
	}
	err := c.Objects(ctx, kit.VMs.Pool, func(_ string, elem []byte) error {
		v, err := client.Unmarshal[client.VM](elem)
		if err != nil {
			return err
		}
		if slices.Contains(h.VMs.ID, v.ID) {
			vms = append(vms, v)
		}
		return nil
	})
	return vms, err
}

func field(w io.Writer, k, v string) { fmt.Fprintf(w, "%-22s: %-20s\n", k, v) }
func sub(w io.Writer, k, v string)   { fmt.Fprintf(w, "  %-20s: %-20s\n", k, v) }

func writeShow(w io.Writer, h *client.Host, doc *output.Node, vms []*client.VM) error {
	kit.Section(w, fmt.Sprintf("HOST %d INFORMATION", h.ID))
	field(w, "ID", strconv.Itoa(h.ID))
	field(w, "NAME", h.Name)
	field(w, "CLUSTER", h.Cluster)
	field(w, "STATE", client.HostStateName(h.State))
	field(w, "IM_MAD", h.IMMad)
	field(w, "VM_MAD", h.VMMad)
	last := "-"
	if t := h.MonitoredAt(); t > 0 {
		last = time.Unix(t, 0).Format("01/02 15:04:05")
	}
	field(w, "LAST MONITORING TIME", last)

	fmt.Fprintln(w)
	kit.Section(w, "HOST SHARES")
	field(w, "RUNNING VMS", strconv.Itoa(h.Share.RunningVMs))
	kit.Section(w, "MEMORY")
	sub(w, "TOTAL", output.HumanKB(h.Share.TotalMem))
	sub(w, "TOTAL +/- RESERVED", output.HumanKB(h.Share.MaxMem))
	sub(w, "USED (REAL)", kbOrDash(h.Measured("USED_MEMORY")))
	sub(w, "USED (ALLOCATED)", output.HumanKB(h.Share.MemUsage))
	kit.Section(w, "CPU")
	sub(w, "TOTAL", strconv.FormatInt(h.Share.TotalCPU, 10))
	sub(w, "TOTAL +/- RESERVED", strconv.FormatInt(h.Share.MaxCPU, 10))
	sub(w, "USED (REAL)", orDash(h.Measured("USED_CPU")))
	sub(w, "USED (ALLOCATED)", strconv.FormatInt(h.Share.CPUUsage, 10))

	fmt.Fprintln(w)
	kit.Section(w, "MONITORING INFORMATION")
	tmpl := kit.NodeTemplate(doc.Path("TEMPLATE"), nil).String()
	if tmpl != "" && !strings.HasSuffix(tmpl, "\n") {
		tmpl += "\n"
	}
	fmt.Fprint(w, tmpl)

	p := &output.Printer{Opts: output.Options{Format: output.FormatTable}, Out: w}
	if pcis := h.PCIs(); len(pcis) > 0 {
		fmt.Fprint(w, "\nPCI DEVICES\n\n")
		rows := make([]any, len(pcis))
		for i := range pcis {
			rows[i] = &pcis[i]
		}
		if err := p.Table(pciTable(), rows); err != nil {
			return err
		}
	}
	// VMs the probe found running outside OpenNebula (host importvm)
	fmt.Fprint(w, "\nWILD VIRTUAL MACHINES\n\n")
	var wilds []any
	for _, a := range h.Template.All("VM") {
		wilds = append(wilds, a)
	}
	wv := func(r any, name string) string { return r.(client.Attribute).Get(name) }
	if err := p.Table(&output.Table{Columns: []output.Column{
		{Name: "NAME", Value: func(r any) string { return wv(r, "VM_NAME") }},
		{Name: "IMPORT_ID", Value: func(r any) string { return wv(r, "DEPLOY_ID") }},
		{Name: "CPU", Right: true, Value: func(r any) string { return wv(r, "CPU") }},
		{Name: "MEMORY", Right: true, Value: func(r any) string { return kbOrDash(wv(r, "MEMORY")) }},
	}}, wilds); err != nil {
		return err
	}
	fmt.Fprint(w, "\nVIRTUAL MACHINES\n\n")
	rows := make([]any, len(vms))
	for i, v := range vms {
		rows[i] = v
	}
	return p.Table(vmTable(), rows)
}

func pciTable() *output.Table {
	d := func(r any) *client.PCI { return r.(*client.PCI) }
	return &output.Table{Columns: []output.Column{
		{Name: "VM", Right: true, Value: func(r any) string {
			if d(r).VMID < 0 {
				return ""
			}
			return strconv.Itoa(d(r).VMID)
		}},
		{Name: "ADDR", Value: func(r any) string { return d(r).ShortAddress }},
		{Name: "TYPE", Value: func(r any) string { return d(r).Type }},
		{Name: "NAME", Value: func(r any) string { return d(r).DeviceName }},
	}}
}

// vmTable is the VM part of onehost show: onevm list's columns.
func vmTable() *output.Table {
	v := func(r any) *client.VM { return r.(*client.VM) }
	return &output.Table{Columns: []output.Column{
		{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).ID) }},
		{Name: "USER", Value: func(r any) string { return v(r).UName }},
		{Name: "GROUP", Value: func(r any) string { return v(r).GName }},
		{Name: "NAME", Value: func(r any) string { return v(r).Name }},
		{Name: "STAT", Value: func(r any) string { return v(r).ShortState() }},
		{Name: "CPU", Right: true, Value: func(r any) string { return v(r).Template.CPU }},
		{Name: "MEM", Right: true, Value: func(r any) string {
			mb, err := strconv.ParseInt(v(r).Template.Memory, 10, 64)
			if err != nil {
				return "-"
			}
			return output.HumanMB(mb)
		}},
		{Name: "HOST", Value: func(r any) string {
			if h := v(r).LastHistory(); h != nil {
				return h.Hostname
			}
			return ""
		}},
		{Name: "TIME", Right: true, Value: func(r any) string {
			end := kit.Now().Unix()
			if v(r).ETime > 0 {
				end = v(r).ETime
			}
			return output.Duration(time.Duration(end-v(r).STime) * time.Second)
		}},
	}}
}
