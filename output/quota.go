package output

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/onectl/onectl/client"
)

// WriteQuotas writes the usage & quota tables of a user or group as
// oneuser/onegroup show end with them (OneQuotaHelper#format_quota):
// every limit as "used / limit", -1 resolved through the default quotas
// and an unlimited one shown as "-". id 0 (oneadmin) gets no VM table
// when it has no VM quota, as in the CLI.
func WriteQuotas(w io.Writer, q *client.Quotas, def *client.Quotas, id int) {
	title := func(s string) { fmt.Fprintf(w, "\n%-80s\n\n", s) }
	title("VMS USAGE & QUOTAS")
	vm := q.VM
	if vm == nil && id != 0 {
		vm = client.DefaultVMQuota()
	}
	lim := func(metric string) float64 {
		v, _ := vm.Metric(metric)
		return client.Limit(v, def.VMDefault(metric))
	}
	if vm != nil {
		fmt.Fprintf(w, "%17s %20s %20s %20s\n", "VMS", "MEMORY", "CPU", "SYSTEM_DISK_SIZE")
		fmt.Fprintf(w, "%17s %20s %20s %20s\n", countPair(vm.VMsUsed, lim("VMS"), 7),
			mbPair(vm.MemoryUsed, lim("MEMORY")), cpuPair(vm.CPUUsed, lim("CPU")),
			mbPair(vm.SystemDiskSizeUsed, lim("SYSTEM_DISK_SIZE")))
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%-80s\n\n", "VMS USAGE & QUOTAS - RUNNING")
	if vm != nil {
		fmt.Fprintf(w, "%17s %20s %20s\n", "RUNNING VMS", "RUNNING MEMORY", "RUNNING CPU")
		fmt.Fprintf(w, "%17s %20s %20s\n", countPair(vm.RunningVMsUsed, lim("RUNNING_VMS"), 7),
			mbPair(vm.RunningMemoryUsed, lim("RUNNING_MEMORY")), cpuPair(vm.RunningCPUUsed, lim("RUNNING_CPU")))
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%-80s\n\n", "DATASTORE USAGE & QUOTAS")
	if len(q.Datastore) > 0 {
		fmt.Fprintf(w, "%12s %20s %19s\n", "ID", "IMAGES", "SIZE")
		for _, d := range q.Datastore {
			fmt.Fprintf(w, "%12d %20s %19s\n", d.ID,
				countPair(d.ImagesUsed, client.Limit(d.Images, def.DatastoreDefault(d.ID, "IMAGES")), 8),
				mbPair(d.SizeUsed, client.Limit(d.Size, def.DatastoreDefault(d.ID, "SIZE"))))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%-80s\n\n", "NETWORK USAGE & QUOTAS")
	if len(q.Network) > 0 {
		fmt.Fprintf(w, "%12s %20s\n", "ID", "LEASES")
		for _, n := range q.Network {
			fmt.Fprintf(w, "%12d %20s\n", n.ID, countPair(n.LeasesUsed, client.Limit(n.Leases, def.NetworkDefault(n.ID)), 8))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%-80s\n\n", "IMAGE USAGE & QUOTAS")
	if len(q.Image) > 0 {
		fmt.Fprintf(w, "%12s %20s\n", "ID", "RUNNING VMS")
		for _, i := range q.Image {
			fmt.Fprintf(w, "%12d %20s\n", i.ID, countPair(i.RVMsUsed, client.Limit(i.RVMs, def.ImageDefault(i.ID)), 8))
		}
	}
}

func countPair(used, limit float64, width int) string {
	if limit == client.QuotaUnlimited {
		return fmt.Sprintf("%*d / %*s", width, int64(used), width, "-")
	}
	return fmt.Sprintf("%*d / %*d", width, int64(used), width, int64(limit))
}

func mbPair(used, limit float64) string {
	if limit == client.QuotaUnlimited {
		return fmt.Sprintf("%8s / %8s", HumanMB(int64(used)), "-")
	}
	return fmt.Sprintf("%8s / %8s", HumanMB(int64(used)), HumanMB(int64(limit)))
}

func cpuPair(used, limit float64) string {
	if limit == client.QuotaUnlimited {
		return fmt.Sprintf("%8.2f / %8s", used, "-")
	}
	return fmt.Sprintf("%8.2f / %8.2f", used, limit)
}

// QuotaCell is a "used / limit" cell of oneuser/onegroup list (VMS,
// MEMORY, CPU columns): "-" alone when the object has no VM quota entry
// at all (oneadmin), limit "-" when unlimited.
func QuotaCell(vm *client.VMQuota, def *client.Quotas, metric string, format func(float64) string) string {
	if vm == nil {
		return "-"
	}
	used, _ := vm.Metric(metric + "_USED")
	l, _ := vm.Metric(metric)
	l = client.Limit(l, def.VMDefault(metric))
	ls := "-"
	if l != client.QuotaUnlimited {
		ls = format(l)
	}
	return format(used) + " / " + ls
}

// QuotaTemplate renders quota blocks as the text the CLI puts in the
// editor for `quota` (template_like_str of each block), which is also a
// template one.user.quota accepts.
func QuotaTemplate(q *client.Quotas) string {
	var b strings.Builder
	vec := func(name string, kv ...string) {
		b.WriteString(name + "=[\n")
		for i := 0; i < len(kv); i += 2 {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString("  " + kv[i] + "=\"" + kv[i+1] + "\"")
		}
		b.WriteString(" ]\n")
	}
	for _, d := range q.Datastore {
		vec("DATASTORE", "ID", strconv.Itoa(d.ID), "IMAGES", num(d.Images), "IMAGES_USED", num(d.ImagesUsed),
			"SIZE", num(d.Size), "SIZE_USED", num(d.SizeUsed))
	}
	if v := q.VM; v != nil {
		vec("VM", "CPU", num(v.CPU), "CPU_USED", num(v.CPUUsed), "MEMORY", num(v.Memory), "MEMORY_USED", num(v.MemoryUsed),
			"RUNNING_CPU", num(v.RunningCPU), "RUNNING_CPU_USED", num(v.RunningCPUUsed),
			"RUNNING_MEMORY", num(v.RunningMemory), "RUNNING_MEMORY_USED", num(v.RunningMemoryUsed),
			"RUNNING_VMS", num(v.RunningVMs), "RUNNING_VMS_USED", num(v.RunningVMsUsed),
			"SYSTEM_DISK_SIZE", num(v.SystemDiskSize), "SYSTEM_DISK_SIZE_USED", num(v.SystemDiskSizeUsed),
			"VMS", num(v.VMs), "VMS_USED", num(v.VMsUsed))
	}
	for _, n := range q.Network {
		vec("NETWORK", "ID", strconv.Itoa(n.ID), "LEASES", num(n.Leases), "LEASES_USED", num(n.LeasesUsed))
	}
	for _, i := range q.Image {
		vec("IMAGE", "ID", strconv.Itoa(i.ID), "RVMS", num(i.RVMs), "RVMS_USED", num(i.RVMsUsed))
	}
	return b.String()
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
