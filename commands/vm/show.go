package vm

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

func vmShower() *kit.Show {
	return &kit.Show{
		Res:   kit.VMs,
		Use:   "show",
		Short: "Show a VM as onevm show does: summary, monitoring, permissions, disks, NICs, snapshots, history, template",
		Flags: func(fs *pflag.FlagSet) {
			fs.Bool("all", false, "show the whole template, DISK and NIC entries included")
		},
		Render: func(r *kit.Render) error {
			vm, err := client.ParseVM(r.Raw)
			if err != nil {
				return fmt.Errorf("reading VM %d: %w", r.ID, err)
			}
			doc := r.Doc
			all, _ := r.Cmd.Flags().GetBool("all")
			s := &vmShow{vm: vm, doc: doc, all: all, cluster: clusterName(r.Ctx, r.Client, vm)}
			return s.write(r.Out)
		},
	}
}

// clusterName costs a call, as in onevm show; a failure only loses the name.
func clusterName(ctx context.Context, c *client.Client, vm *client.VM) string {
	h := vm.LastHistory()
	if h == nil {
		return ""
	}
	raw, err := c.CallString(ctx, "one.cluster.info", h.CID)
	if err != nil {
		return ""
	}
	doc, err := output.ParseXML([]byte(raw))
	if err != nil {
		return ""
	}
	return doc.Value("NAME")
}

type vmShow struct {
	vm      *client.VM
	doc     *output.Node
	all     bool
	cluster string
}

func field(w io.Writer, k, v string) {
	fmt.Fprintf(w, "%-20s: %-20s\n", k, v)
}

func showTime(t int64) string {
	if t <= 0 {
		return "-"
	}
	return time.Unix(t, 0).Format("01/02 15:04:05")
}

func (s *vmShow) write(w io.Writer) error {
	vm := s.vm
	kit.Section(w, fmt.Sprintf("VIRTUAL MACHINE %d INFORMATION", vm.ID))
	field(w, "ID", strconv.Itoa(vm.ID))
	field(w, "NAME", vm.Name)
	field(w, "USER", vm.UName)
	field(w, "GROUP", vm.GName)
	field(w, "STATE", client.VMStateName(vm.State))
	field(w, "LCM_STATE", client.LCMStateName(vm.LCMState))
	field(w, "LOCK", kit.LockName(vm.Lock))
	field(w, "RESCHED", yesNo(vm.Resched == 1))
	if h := vm.LastHistory(); h != nil {
		field(w, "HOST", h.Hostname)
		field(w, "CLUSTER ID", strconv.Itoa(h.CID))
		field(w, "CLUSTER", s.cluster)
	}
	field(w, "START TIME", showTime(vm.STime))
	field(w, "END TIME", showTime(vm.ETime))
	field(w, "DEPLOY ID", orDash(vm.DeployID))

	s.monitoring(w)

	fmt.Fprintln(w)
	kit.Section(w, "PERMISSIONS")
	perms := client.Permissions{}
	if vm.Permissions != nil {
		perms = *vm.Permissions
	}
	str := perms.String()
	field(w, "OWNER", str[0:3])
	field(w, "GROUP", str[3:6])
	field(w, "OTHER", str[6:9])

	if err := s.tables(w); err != nil {
		return err
	}

	if ut := s.doc.Path("USER_TEMPLATE"); ut != nil && len(ut.Children) > 0 {
		fmt.Fprintln(w)
		kit.Section(w, "USER TEMPLATE")
		fmt.Fprint(w, withNewline(kit.NodeTemplate(ut, nil).String()))
	}
	fmt.Fprintln(w)
	kit.Section(w, "VIRTUAL MACHINE TEMPLATE")
	fmt.Fprint(w, withNewline(s.template().String()))
	return nil
}

// monitoring prints the headline metrics first, in CLI units, then the rest.
func (s *vmShow) monitoring(w io.Writer) {
	mon := s.doc.Path("MONITORING")
	if mon == nil || len(mon.Children) == 0 {
		return
	}
	fmt.Fprintln(w)
	kit.Section(w, "VIRTUAL MACHINE MONITORING")
	first := []string{"CPU", "MEMORY", "NETTX", "NETRX"}
	for _, k := range first {
		v := mon.Value(k)
		if v == "" {
			continue
		}
		switch k {
		case "MEMORY":
			v = humanKB(v)
		case "NETTX", "NETRX":
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				v = output.HumanKB(n / 1024)
			}
		}
		field(w, k, v)
	}
	for _, ch := range mon.Children {
		if !slices.Contains(first, ch.Name) && len(ch.Children) == 0 {
			field(w, ch.Name, ch.Text)
		}
	}
}

func humanKB(v string) string {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return v
	}
	return output.HumanKB(n)
}

// template is the VM TEMPLATE minus what the tables above already show,
// unless --all.
func (s *vmShow) template() *template.Template {
	t := kit.NodeTemplate(s.doc.Path("TEMPLATE"), nil)
	if !s.all {
		for _, n := range []string{"DISK", "NIC", "NIC_ALIAS", "SNAPSHOT", "SCHED_ACTION"} {
			t.Del(n)
		}
	}
	return t
}

func (s *vmShow) tables(w io.Writer) error {
	vm := s.vm
	p := &output.Printer{Opts: output.Options{Format: output.FormatTable}, Out: w}
	sub := func(title string, tbl *output.Table, rows []any) error {
		if len(rows) == 0 {
			return nil
		}
		fmt.Fprintln(w)
		kit.Section(w, title)
		return p.Table(tbl, rows)
	}
	var disks, nics, snaps, dsnaps, hist []any
	for i := range vm.Template.Disks {
		disks = append(disks, &vm.Template.Disks[i])
	}
	for i := range vm.Template.NICs {
		nics = append(nics, &vm.Template.NICs[i])
	}
	for i := range vm.Template.Snapshots {
		snaps = append(snaps, &vm.Template.Snapshots[i])
	}
	for _, ds := range vm.DiskSnapshots {
		for i := range ds.Snapshots {
			dsnaps = append(dsnaps, diskSnap{disk: ds.DiskID, s: &ds.Snapshots[i]})
		}
	}
	for i := range vm.History {
		hist = append(hist, &vm.History[i])
	}
	if err := sub("VM DISKS", diskTable(), disks); err != nil {
		return err
	}
	if err := sub("VM NICS", nicTable(), nics); err != nil {
		return err
	}
	if err := sub("SNAPSHOTS", snapshotTable(), snaps); err != nil {
		return err
	}
	if err := sub("VM DISK SNAPSHOTS", diskSnapshotTable(), dsnaps); err != nil {
		return err
	}
	return sub("VIRTUAL MACHINE HISTORY", historyTable(), hist)
}

type diskSnap struct {
	disk int
	s    *client.DiskSnapshot
}

func diskTable() *output.Table {
	d := func(r any) *client.VMDisk { return r.(*client.VMDisk) }
	return &output.Table{Columns: []output.Column{
		{Name: "ID", Right: true, Value: func(r any) string { return d(r).DiskID }},
		{Name: "DATASTORE", Value: func(r any) string { return orDash(d(r).Datastore) }},
		{Name: "TARGET", Value: func(r any) string { return d(r).Target }},
		{Name: "IMAGE", Value: func(r any) string { return orDash(d(r).Image) }},
		{Name: "SIZE", Right: true, Value: func(r any) string { return sizeMB(d(r).Size) }},
		{Name: "TYPE", Value: func(r any) string { return strings.ToLower(orDash(d(r).Type)) }},
		{Name: "SAVE", Value: func(r any) string { return orDash(d(r).Save) }},
	}}
}

func nicTable() *output.Table {
	n := func(r any) *client.VMNIC { return r.(*client.VMNIC) }
	return &output.Table{Columns: []output.Column{
		{Name: "ID", Right: true, Value: func(r any) string { return n(r).NICID }},
		{Name: "NETWORK", Value: func(r any) string { return n(r).Network }},
		{Name: "BRIDGE", Value: func(r any) string { return n(r).Bridge }},
		{Name: "IP", Value: func(r any) string { return orDash(n(r).IP) }},
		{Name: "MAC", Value: func(r any) string { return n(r).MAC }},
	}}
}

func snapshotTable() *output.Table {
	s := func(r any) *client.VMSnapshot { return r.(*client.VMSnapshot) }
	return &output.Table{Columns: []output.Column{
		{Name: "ID", Right: true, Value: func(r any) string { return s(r).SnapshotID }},
		{Name: "TIME", Value: func(r any) string { return showTime(atoi64(s(r).Time)) }},
		{Name: "NAME", Value: func(r any) string { return s(r).Name }},
		{Name: "HYPERVISOR_ID", Value: func(r any) string { return orDash(s(r).HypervisorID) }},
	}}
}

func diskSnapshotTable() *output.Table {
	s := func(r any) diskSnap { return r.(diskSnap) }
	return &output.Table{Columns: []output.Column{
		{Name: "AC", Value: func(r any) string {
			if s(r).s.Active == "YES" {
				return "=>"
			}
			return ""
		}},
		{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(s(r).s.ID) }},
		{Name: "DISK", Right: true, Value: func(r any) string { return strconv.Itoa(s(r).disk) }},
		{Name: "PARENT", Right: true, Value: func(r any) string { return strconv.Itoa(s(r).s.Parent) }},
		{Name: "DATE", Value: func(r any) string { return showTime(s(r).s.Date) }},
		{Name: "SIZE", Right: true, Value: func(r any) string { return sizeMB(strconv.FormatInt(s(r).s.Size, 10)) }},
		{Name: "NAME", Value: func(r any) string { return s(r).s.Name }},
	}}
}

func historyTable() *output.Table {
	h := func(r any) *client.History { return r.(*client.History) }
	return &output.Table{Columns: []output.Column{
		{Name: "SEQ", Right: true, Value: func(r any) string { return strconv.Itoa(h(r).Seq) }},
		{Name: "UID", Value: func(r any) string { return dashNeg(h(r).UID) }},
		{Name: "REQ", Value: func(r any) string { return orDash(strings.TrimPrefix(h(r).RequestID, "-1")) }},
		{Name: "HOST", Value: func(r any) string { return h(r).Hostname }},
		{Name: "ACTION", Value: func(r any) string { return historyAction(h(r).Action) }},
		{Name: "DS", Right: true, Value: func(r any) string { return strconv.Itoa(h(r).DSID) }},
		{Name: "START", Value: func(r any) string { return showTime(h(r).STime) }},
		{Name: "TIME", Right: true, Value: func(r any) string { return span(h(r).STime, h(r).ETime, dayHourMin) }},
		{Name: "PROLOG", Right: true, Value: func(r any) string { return span(h(r).PSTime, h(r).PETime, hourMinSec) }},
	}}
}

// span is the length of a history phase; a phase still going runs to now.
func span(start, end int64, format func(time.Duration) string) string {
	if start <= 0 {
		return "-"
	}
	if end <= 0 {
		end = kit.Now().Unix()
	}
	return format(time.Duration(end-start) * time.Second)
}

// dayHourMin and hourMinSec are the history table's formats in onevm show.
func dayHourMin(d time.Duration) string {
	m := int64(d / time.Minute)
	return fmt.Sprintf("%dd %02dh%02dm", m/(24*60), m/60%24, m%60)
}

func hourMinSec(d time.Duration) string {
	s := int64(d / time.Second)
	return fmt.Sprintf("%dh%02dm%02ds", s/3600, s/60%60, s%60)
}

// historyActions are VMActions::Action names, indexed by number.
var historyActions = map[int]string{
	0: "none", 1: "migrate", 2: "live-migrate", 5: "undeploy", 6: "undeploy-hard", 7: "hold", 8: "release",
	9: "stop", 10: "suspend", 11: "resume", 13: "delete", 14: "delete-recreate", 15: "reboot", 16: "reboot-hard",
	17: "resched", 18: "unresched", 19: "poweroff", 20: "poweroff-hard", 21: "disk-attach", 22: "disk-detach",
	23: "nic-attach", 24: "nic-detach", 25: "disk-snapshot-create", 26: "disk-snapshot-delete", 27: "terminate",
	28: "terminate-hard", 29: "disk-resize", 30: "deploy", 31: "chown", 32: "chmod", 33: "updateconf",
	34: "rename", 35: "resize", 36: "update", 37: "snapshot-create", 38: "snapshot-delete", 39: "snapshot-revert",
	40: "disk-saveas", 41: "disk-snapshot-revert", 42: "recover", 43: "retry", 44: "monitor",
	45: "disk-snapshot-rename", 46: "alias-attach", 47: "alias-detach", 48: "poweroff-migrate",
	49: "poweroff-hard-migrate", 50: "backup", 51: "nic-update", 52: "backup-cancel", 53: "sched-add",
	54: "sched-update", 55: "sched-delete", 56: "sg-attach", 57: "sg-detach",
}

func historyAction(a int) string {
	if n, ok := historyActions[a]; ok {
		return n
	}
	return strconv.Itoa(a)
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

func dashNeg(n int) string {
	if n < 0 {
		return "-"
	}
	return strconv.Itoa(n)
}

func sizeMB(s string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return "-"
	}
	return output.HumanMB(n)
}

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func withNewline(s string) string {
	if s == "" || strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}

// vmSnapshotListers are onevm snapshot-list and disk-snapshot-list: one
// table of a VM's show, on its own (and in CSV).
func vmSnapshotListers() []*kit.Show {
	list := func(rows func(vm *client.VM, args []any) []any, table func() *output.Table) (func(*kit.Render) error, func([]byte, []any) ([]any, error)) {
		parse := func(raw []byte, args []any) ([]any, error) {
			vm, err := client.ParseVM(raw)
			if err != nil {
				return nil, err
			}
			return rows(vm, args), nil
		}
		render := func(r *kit.Render) error {
			rs, err := parse(r.Raw, r.Args)
			if err != nil {
				return fmt.Errorf("reading VM %d: %w", r.ID, err)
			}
			p := &output.Printer{Opts: output.Options{Format: output.FormatTable}, Out: r.Out}
			return p.Table(table(), rs)
		}
		return render, parse
	}
	sysRender, sysRows := list(func(vm *client.VM, _ []any) []any {
		var rows []any
		for i := range vm.Template.Snapshots {
			rows = append(rows, &vm.Template.Snapshots[i])
		}
		return rows
	}, snapshotTable)
	diskRender, diskRows := list(func(vm *client.VM, args []any) []any {
		var rows []any
		for _, ds := range vm.DiskSnapshots {
			if ds.DiskID != args[0].(int) {
				continue
			}
			for i := range ds.Snapshots {
				rows = append(rows, diskSnap{disk: ds.DiskID, s: &ds.Snapshots[i]})
			}
		}
		return rows
	}, diskSnapshotTable)
	return []*kit.Show{
		{Res: kit.VMs, Use: "snapshot-list", Short: "List the system snapshots of a VM", Render: sysRender, Rows: sysRows, Table: snapshotTable},
		{Res: kit.VMs, Use: "disk-snapshot-list", Short: "List the snapshots of a disk of a VM", Args: []kit.Arg{{Name: "disk-id", Kind: kit.ArgInt}},
			Render: diskRender, Rows: diskRows, Table: diskSnapshotTable},
	}
}
