package host

import (
	"fmt"
	"strconv"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// hostTable has the columns of `onehost list` first (the default), then
// extra ones for --list.
func hostTable() *output.Table {
	h := func(r any) *client.Host { return r.(*client.Host) }
	return &output.Table{
		Default: []string{"ID", "NAME", "CLUSTER", "TVM", "ALLOCATED_CPU", "ALLOCATED_MEM", "STAT"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(h(r).ID) }},
			{Name: "NAME", Value: func(r any) string { return h(r).Name }},
			{Name: "CLUSTER", Value: func(r any) string { return h(r).Cluster }},
			{Name: "TVM", Right: true, Value: func(r any) string { return strconv.Itoa(h(r).Share.RunningVMs) }},
			{Name: "ALLOCATED_CPU", Right: true, Value: func(r any) string { return allocatedCPU(h(r)) }},
			{Name: "ALLOCATED_MEM", Right: true, Value: func(r any) string { return allocatedMem(h(r)) }},
			{Name: "STAT", Value: func(r any) string { return h(r).ShortState() }, Color: stateColor},
			{Name: "STATE", Value: func(r any) string { return client.HostStateName(h(r).State) }},
			{Name: "IM_MAD", Value: func(r any) string { return h(r).IMMad }},
			{Name: "VM_MAD", Value: func(r any) string { return h(r).VMMad }},
			{Name: "CLUSTER_ID", Right: true, Value: func(r any) string { return strconv.Itoa(h(r).ClusterID) }},
			{Name: "REAL_CPU", Right: true, Value: func(r any) string { return realCPU(h(r)) }},
			{Name: "REAL_MEM", Right: true, Value: func(r any) string { return realMem(h(r)) }},
			{Name: "FREE_CPU", Right: true, Value: func(r any) string { return orDash(h(r).Measured("FREE_CPU")) }},
			{Name: "FREE_MEM", Right: true, Value: func(r any) string { return kbOrDash(h(r).Measured("FREE_MEMORY")) }},
		},
	}
}

func stateColor(short string) string {
	switch short {
	case "on":
		return "32"
	case "err":
		return "31"
	case "off", "dsbl":
		return "33"
	}
	return ""
}

// percent is usage over total as onehost list rounds it: down.
func percent(used, total int64) int64 {
	if total <= 0 {
		return 0
	}
	return used * 100 / total
}

// allocatedCPU is "used / max (pct%)", or "-" for a host not probed yet.
func allocatedCPU(h *client.Host) string {
	if h.Share.MaxCPU <= 0 {
		return "-"
	}
	return fmt.Sprintf("%d / %d (%d%%)", h.Share.CPUUsage, h.Share.MaxCPU, percent(h.Share.CPUUsage, h.Share.MaxCPU))
}

func allocatedMem(h *client.Host) string {
	if h.Share.MaxMem <= 0 {
		return "-"
	}
	return fmt.Sprintf("%s / %s (%d%%)", output.HumanKB(h.Share.MemUsage), output.HumanKB(h.Share.MaxMem),
		percent(h.Share.MemUsage, h.Share.MaxMem))
}

// realCPU and realMem are what the last probe measured.
func realCPU(h *client.Host) string {
	used, err := strconv.ParseInt(h.Measured("USED_CPU"), 10, 64)
	if err != nil || h.Share.TotalCPU <= 0 {
		return "-"
	}
	return fmt.Sprintf("%d / %d (%d%%)", used, h.Share.TotalCPU, percent(used, h.Share.TotalCPU))
}

func realMem(h *client.Host) string {
	used, err := strconv.ParseInt(h.Measured("USED_MEMORY"), 10, 64)
	if err != nil || h.Share.TotalMem <= 0 {
		return "-"
	}
	return fmt.Sprintf("%s / %s (%d%%)", output.HumanKB(used), output.HumanKB(h.Share.TotalMem), percent(used, h.Share.TotalMem))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func kbOrDash(s string) string {
	kb, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return "-"
	}
	return output.HumanKB(kb)
}

func lister() *kit.List {
	return &kit.List{
		Res:   kit.Hosts,
		Short: "List hosts (onehost list)",
		Table: hostTable,
		Row:   kit.UnmarshalRow[client.Host],
	}
}
