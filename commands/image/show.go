package image

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

func shower() *kit.Show {
	return &kit.Show{
		Res: kit.Images, Use: "show", Short: "Show an image, its snapshots and the VMs using it",
		Decrypt: true,
		Render: func(r *kit.Render) error {
			doc := r.Doc
			im, err := client.ParseImage(r.Raw)
			if err != nil {
				return err
			}
			w := r.Out
			kit.Section(w, fmt.Sprintf("IMAGE %d INFORMATION", im.ID))
			kit.Field(w, "ID", strconv.Itoa(im.ID))
			kit.Field(w, "NAME", im.Name)
			kit.Field(w, "USER", im.UName)
			kit.Field(w, "GROUP", im.GName)
			kit.Field(w, "LOCK", kit.LockName(im.Lock))
			kit.Field(w, "DATASTORE", im.Datastore)
			kit.Field(w, "TYPE", client.ImageTypeName(im.Type))
			kit.Field(w, "REGISTER TIME", kit.ShowTime(im.RegTime))
			kit.Field(w, "PERSISTENT", yesNo(im.Persistent == 1))
			kit.Field(w, "SOURCE", im.Source)
			if im.Path != "" {
				kit.Field(w, "PATH", im.Path)
			}
			if im.Format != "" {
				kit.Field(w, "FORMAT", im.Format)
			}
			kit.Field(w, "SIZE", output.HumanMB(im.Size))
			kit.Field(w, "STATE", client.ImageShortState(im.State))
			kit.Field(w, "RUNNING_VMS", strconv.Itoa(im.RunningVMs))
			kit.PermsSection(w, im.Permissions)
			kit.TemplateSection(w, "IMAGE TEMPLATE", doc, "TEMPLATE")
			snapshots(w, doc.Path("SNAPSHOTS"))
			if len(im.VMs.ID) == 0 {
				return nil
			}
			return vms(r, im.VMs.ID)
		},
	}
}

// snapshots prints the image's snapshot tree, the active one marked.
func snapshots(w io.Writer, n *output.Node) {
	if n == nil || len(n.All("SNAPSHOT")) == 0 {
		return
	}
	fmt.Fprintln(w)
	kit.Section(w, "IMAGE SNAPSHOTS")
	fmt.Fprintf(w, "%4s %4s %6s %-15s %8s %s\n", "AC", "ID", "PARENT", "DATE", "SIZE", "NAME")
	for _, s := range n.All("SNAPSHOT") {
		ac := ""
		if s.Value("ACTIVE") == "YES" {
			ac = "=>"
		}
		date, _ := strconv.ParseInt(s.Value("DATE"), 10, 64)
		size, _ := strconv.ParseInt(s.Value("SIZE"), 10, 64)
		fmt.Fprintf(w, "%4s %4s %6s %-15s %8s %s\n", ac, s.Value("ID"), s.Value("PARENT"), kit.ShowTime(date),
			output.HumanMB(size), s.Value("NAME"))
	}
}

// vms prints the VMs using the image, as oneimage show does, from one
// VM pool call.
func vms(r *kit.Render, ids []int) error {
	raw, err := r.Client.CallString(r.Ctx, "one.vmpool.info", -2, -1, -1, -1)
	if err != nil {
		return err
	}
	pool, err := client.Unmarshal[client.VMPool]([]byte(raw))
	if err != nil {
		return err
	}
	want := map[int]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var rows []any
	for i := range pool.VMs {
		if want[pool.VMs[i].ID] {
			rows = append(rows, &pool.VMs[i])
		}
	}
	fmt.Fprintln(r.Out)
	fmt.Fprintln(r.Out, "VIRTUAL MACHINES")
	fmt.Fprintln(r.Out)
	vm := func(x any) *client.VM { return x.(*client.VM) }
	tbl := &output.Table{
		Default: []string{"ID", "USER", "GROUP", "NAME", "STAT", "CPU", "MEM", "HOST"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(x any) string { return strconv.Itoa(vm(x).ID) }},
			{Name: "USER", Value: func(x any) string { return vm(x).UName }},
			{Name: "GROUP", Value: func(x any) string { return vm(x).GName }},
			{Name: "NAME", Value: func(x any) string { return vm(x).Name }},
			{Name: "STAT", Value: func(x any) string { return vm(x).ShortState() }},
			{Name: "CPU", Right: true, Value: func(x any) string { return vm(x).Template.CPU }},
			{Name: "MEM", Right: true, Value: func(x any) string {
				mb, err := strconv.ParseInt(strings.TrimSpace(vm(x).Template.Memory), 10, 64)
				if err != nil {
					return "-"
				}
				return output.HumanMB(mb)
			}},
			{Name: "HOST", Value: func(x any) string {
				if h := vm(x).LastHistory(); h != nil {
					return h.Hostname
				}
				return ""
			}},
		},
	}
	return (&output.Printer{Out: r.Out}).Table(tbl, rows)
}
