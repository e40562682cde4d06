package client

import "strings"

// Quota limits: -1 takes the default quota, -2 is unlimited.
const (
	QuotaDefault   = -1
	QuotaUnlimited = -2
)

// Quotas are the four quota blocks of a user or group (xsd/user.xsd,
// group.xsd), and of the default quotas.
type Quotas struct {
	Datastore []DatastoreQuota `xml:"DATASTORE_QUOTA>DATASTORE"`
	Network   []NetworkQuota   `xml:"NETWORK_QUOTA>NETWORK"`
	VM        *VMQuota         `xml:"VM_QUOTA>VM"`
	Image     []ImageQuota     `xml:"IMAGE_QUOTA>IMAGE"`
}

// DatastoreQuota limits the images (count and MB) in one datastore.
type DatastoreQuota struct {
	ID         int     `xml:"ID"`
	Images     float64 `xml:"IMAGES"`
	ImagesUsed float64 `xml:"IMAGES_USED"`
	Size       float64 `xml:"SIZE"`
	SizeUsed   float64 `xml:"SIZE_USED"`
}

// NetworkQuota limits the leases taken from one network.
type NetworkQuota struct {
	ID         int     `xml:"ID"`
	Leases     float64 `xml:"LEASES"`
	LeasesUsed float64 `xml:"LEASES_USED"`
}

// VMQuota limits VMs, their CPU, memory (MB) and system disk (MB), in
// total and for the running ones.
type VMQuota struct {
	CPU                float64 `xml:"CPU"`
	CPUUsed            float64 `xml:"CPU_USED"`
	Memory             float64 `xml:"MEMORY"`
	MemoryUsed         float64 `xml:"MEMORY_USED"`
	RunningCPU         float64 `xml:"RUNNING_CPU"`
	RunningCPUUsed     float64 `xml:"RUNNING_CPU_USED"`
	RunningMemory      float64 `xml:"RUNNING_MEMORY"`
	RunningMemoryUsed  float64 `xml:"RUNNING_MEMORY_USED"`
	RunningVMs         float64 `xml:"RUNNING_VMS"`
	RunningVMsUsed     float64 `xml:"RUNNING_VMS_USED"`
	SystemDiskSize     float64 `xml:"SYSTEM_DISK_SIZE"`
	SystemDiskSizeUsed float64 `xml:"SYSTEM_DISK_SIZE_USED"`
	VMs                float64 `xml:"VMS"`
	VMsUsed            float64 `xml:"VMS_USED"`
}

// DefaultVMQuota is what the CLI shows for a user or group with no VM
// quota entry yet: every limit -1, nothing used.
func DefaultVMQuota() *VMQuota {
	d := float64(QuotaDefault)
	return &VMQuota{CPU: d, Memory: d, RunningCPU: d, RunningMemory: d, RunningVMs: d, SystemDiskSize: d, VMs: d}
}

// ImageQuota limits the VMs using one image.
type ImageQuota struct {
	ID       int     `xml:"ID"`
	RVMs     float64 `xml:"RVMS"`
	RVMsUsed float64 `xml:"RVMS_USED"`
}

// DefaultQuotas is one.userquota.info / one.groupquota.info.
type DefaultQuotas struct {
	Quotas
}

// ParseDefaultQuotas parses <DEFAULT_USER_QUOTAS> or <DEFAULT_GROUP_QUOTAS>.
func ParseDefaultQuotas(raw []byte) (*DefaultQuotas, error) {
	return Unmarshal[DefaultQuotas](raw)
}

// Limit resolves a limit as the CLI shows it: -1 takes the default
// quota's value for the same metric (found by get), and a missing or -1
// default is unlimited (-2).
func Limit(limit float64, def func() (float64, bool)) float64 {
	if limit != QuotaDefault {
		return limit
	}
	if def != nil {
		if v, ok := def(); ok && v != QuotaDefault {
			return v
		}
	}
	return QuotaUnlimited
}

// VMDefault looks a VM metric up in default quotas (nil: none).
func (q *Quotas) VMDefault(metric string) func() (float64, bool) {
	return func() (float64, bool) {
		if q == nil || q.VM == nil {
			return 0, false
		}
		return q.VM.Metric(metric)
	}
}

// Metric returns a VM quota value by its XML name (CPU, RUNNING_VMS_USED...).
func (v *VMQuota) Metric(name string) (float64, bool) {
	m := map[string]float64{
		"CPU": v.CPU, "CPU_USED": v.CPUUsed, "MEMORY": v.Memory, "MEMORY_USED": v.MemoryUsed,
		"RUNNING_CPU": v.RunningCPU, "RUNNING_CPU_USED": v.RunningCPUUsed,
		"RUNNING_MEMORY": v.RunningMemory, "RUNNING_MEMORY_USED": v.RunningMemoryUsed,
		"RUNNING_VMS": v.RunningVMs, "RUNNING_VMS_USED": v.RunningVMsUsed,
		"SYSTEM_DISK_SIZE": v.SystemDiskSize, "SYSTEM_DISK_SIZE_USED": v.SystemDiskSizeUsed,
		"VMS": v.VMs, "VMS_USED": v.VMsUsed,
	}
	x, ok := m[strings.ToUpper(name)]
	return x, ok
}

// DatastoreDefault looks a datastore metric up in default quotas.
func (q *Quotas) DatastoreDefault(id int, metric string) func() (float64, bool) {
	return func() (float64, bool) {
		if q == nil {
			return 0, false
		}
		for _, d := range q.Datastore {
			if d.ID == id {
				if metric == "IMAGES" {
					return d.Images, true
				}
				return d.Size, true
			}
		}
		return 0, false
	}
}

// NetworkDefault looks a network's LEASES up in default quotas.
func (q *Quotas) NetworkDefault(id int) func() (float64, bool) {
	return func() (float64, bool) {
		if q == nil {
			return 0, false
		}
		for _, n := range q.Network {
			if n.ID == id {
				return n.Leases, true
			}
		}
		return 0, false
	}
}

// ImageDefault looks an image's RVMS up in default quotas.
func (q *Quotas) ImageDefault(id int) func() (float64, bool) {
	return func() (float64, bool) {
		if q == nil {
			return 0, false
		}
		for _, i := range q.Image {
			if i.ID == id {
				return i.RVMs, true
			}
		}
		return 0, false
	}
}
