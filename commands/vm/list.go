package vm

import (
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// vmTable has the columns of `onevm list` first (the default), then extra
// ones for --list.
func vmTable() *output.Table {
	vm := func(r any) *client.VM { return r.(*client.VM) }
	return &output.Table{
		Default: []string{"ID", "USER", "GROUP", "NAME", "STAT", "CPU", "MEM", "HOST", "TIME"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(vm(r).ID) }},
			{Name: "USER", Value: func(r any) string { return vm(r).UName }},
			{Name: "GROUP", Value: func(r any) string { return vm(r).GName }},
			{Name: "NAME", Value: func(r any) string { return vm(r).Name }},
			{Name: "STAT", Value: func(r any) string { return vm(r).ShortState() }, Color: stateColor},
			{Name: "CPU", Right: true, Value: func(r any) string { return vm(r).Template.CPU }},
			{Name: "MEM", Right: true, Value: func(r any) string { return vmMemory(vm(r)) }},
			{Name: "HOST", Value: func(r any) string { return vmHost(vm(r)) }},
			{Name: "TIME", Right: true, Value: func(r any) string { return vmAge(vm(r)) }},
			{Name: "UID", Right: true, Value: func(r any) string { return strconv.Itoa(vm(r).UID) }},
			{Name: "GID", Right: true, Value: func(r any) string { return strconv.Itoa(vm(r).GID) }},
			{Name: "STATE", Value: func(r any) string { return vm(r).StateName() }},
			{Name: "VCPU", Right: true, Value: func(r any) string { return vm(r).Template.VCPU }},
			{Name: "IP", Value: func(r any) string { return vmIPs(vm(r)) }},
			{Name: "RESCHED", Value: func(r any) string { return yesNo(vm(r).Resched == 1) }},
			{Name: "LOCK", Value: func(r any) string { return kit.LockName(vm(r).Lock) }},
			{Name: "DEPLOY_ID", Value: func(r any) string { return vm(r).DeployID }},
		},
	}
}

// stateColor: green for running, red for failed or unknown, yellow for
// stopped states; transient states stay plain.
func stateColor(short string) string {
	switch short {
	case "runn":
		return "32"
	case "fail", "unkn":
		return "31"
	case "poff", "stop", "susp", "unde", "hold":
		return "33"
	}
	return ""
}

func vmMemory(v *client.VM) string {
	mb, err := strconv.ParseInt(v.Template.Memory, 10, 64)
	if err != nil {
		return "-"
	}
	return output.HumanMB(mb)
}

func vmHost(v *client.VM) string {
	if h := v.LastHistory(); h != nil {
		return h.Hostname
	}
	return ""
}

// vmAge is the VM's lifetime, frozen at ETIME once it ended.
func vmAge(v *client.VM) string {
	end := kit.Now().Unix()
	if v.ETime > 0 {
		end = v.ETime
	}
	return output.Duration(time.Duration(end-v.STime) * time.Second)
}

func vmIPs(v *client.VM) string {
	var ips []string
	for _, n := range v.Template.NICs {
		if n.IP != "" {
			ips = append(ips, n.IP)
		}
	}
	return strings.Join(ips, ",")
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// vmStateFilter maps --state names to the VM STATE numbers one.vmpool.info
// takes (enums.md §8); "any" includes DONE VMs.
var vmStateFilter = map[string]int{
	"any": -2, "init": 0, "pending": 1, "hold": 2, "active": 3, "stopped": 4, "suspended": 5,
	"done": 6, "poweroff": 8, "undeployed": 9, "cloning": 10, "cloning-failure": 11,
}

// serverState is the pool's state argument for --state: one VM state the
// server filters on by itself; DONE VMs when a name asks for them (the
// default leaves them out); else all but DONE, matched row by row.
func serverState(names []string) int {
	if len(names) == 1 {
		if v, ok := vmStateFilter[strings.ReplaceAll(strings.ToLower(names[0]), "_", "-")]; ok {
			return v
		}
	}
	for _, n := range names {
		if n := strings.ToLower(n); n == "done" || n == "any" {
			return -2
		}
	}
	return -1
}

func vmLister() *kit.List {
	return &kit.List{
		Res:   kit.VMs,
		Short: "List VMs (onevm list)",
		Table: vmTable,
		Row:   func(elem []byte) (any, error) { return client.ParseVMListEntry(elem) },
		Whose: true,
		// --state takes the STAT names (runn, poff) and the long ones
		// (running, poweroff, active); see serverState for the server's part.
		States: client.VMStateNames(),
		RowStates: func(row any) []string {
			v := row.(*client.VM)
			return []string{v.ShortState(), v.StateName(), client.VMStateName(v.State)}
		},
		Flags: func(fs *pflag.FlagSet) {
			fs.String("search", "", "server-side search KEY=VALUE[&KEY=VALUE] on the VM body (MySQL backends)")
			fs.Bool("extended", false, "with -o json/yaml/xml, fetch full VM bodies (one.vmpool.infoextended)")
		},
		Query: func(c *kit.Call, q *client.PoolQuery) error {
			state := serverState(c.StateNames())
			if c.Bool("extended") {
				q.Method = "one.vmpool.infoextended"
			}
			q.Extra = []any{state}
			if s := c.String("search"); s != "" {
				// The server does not page a search (enums.md §6).
				q.Paged = false
				q.Extra = []any{q.Filter, -1, -1, state, s}
				q.Filter = 0
			}
			return nil
		},
	}
}

func newVMListCmd(f *kit.Factory) *cobra.Command {
	return vmLister().Build(f)
}

// newVMTopCmd is onevm top: the list, refreshed (kit.List.BuildTop).
func newVMTopCmd(f *kit.Factory) *cobra.Command {
	return vmLister().BuildTop(f)
}
