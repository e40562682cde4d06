package output

import (
	"fmt"
	"io"

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
