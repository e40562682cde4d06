package client

import (
	"encoding/xml"
	"fmt"
)

// Host is one.host.info's <HOST> (xsd/host.xsd).
type Host struct {
	XMLName    xml.Name  `xml:"HOST"`
	ID         int       `xml:"ID"`
	Name       string    `xml:"NAME"`
	State      int       `xml:"STATE"`
	PrevState  int       `xml:"PREV_STATE"`
	IMMad      string    `xml:"IM_MAD"`
	VMMad      string    `xml:"VM_MAD"`
	ClusterID  int       `xml:"CLUSTER_ID"`
	Cluster    string    `xml:"CLUSTER"`
	Share      HostShare `xml:"HOST_SHARE"`
	VMs        IDs       `xml:"VMS"`
	Template   Template  `xml:"TEMPLATE"`
	Monitoring Template  `xml:"MONITORING"`
}

// ShortState is the CLI's short host state ("on", "off", "dsbl" ...).
func (h *Host) ShortState() string { return HostShortState(h.State) }

// HostShare is the capacity oned accounts for a host. Memory is in KiB,
// CPU in percent of one core (a 16-core host has 1600).
type HostShare struct {
	MemUsage   int64          `xml:"MEM_USAGE"`
	CPUUsage   int64          `xml:"CPU_USAGE"`
	TotalMem   int64          `xml:"TOTAL_MEM"`
	TotalCPU   int64          `xml:"TOTAL_CPU"`
	MaxMem     int64          `xml:"MAX_MEM"`
	MaxCPU     int64          `xml:"MAX_CPU"`
	RunningVMs int            `xml:"RUNNING_VMS"`
	VMsThread  int            `xml:"VMS_THREAD"`
	Datastores HostDatastores `xml:"DATASTORES"`
	PCIDevices []Attribute    `xml:"PCI_DEVICES>PCI"`
	NUMANodes  []Attribute    `xml:"NUMA_NODES>NODE"`
}

// HostDatastores is HOST_SHARE/DATASTORES (sizes in MiB).
type HostDatastores struct {
	DiskUsage int64         `xml:"DISK_USAGE"`
	DS        []HostDSShare `xml:"DS"`
	FreeDisk  int64         `xml:"FREE_DISK"`
	MaxDisk   int64         `xml:"MAX_DISK"`
	UsedDisk  int64         `xml:"USED_DISK"`
}

// HostDSShare is the usage of one system datastore on a host.
type HostDSShare struct {
	ID      int   `xml:"ID"`
	FreeMB  int64 `xml:"FREE_MB"`
	TotalMB int64 `xml:"TOTAL_MB"`
	UsedMB  int64 `xml:"USED_MB"`
}

// HostPool is one.hostpool.info's <HOST_POOL>.
type HostPool struct {
	XMLName xml.Name `xml:"HOST_POOL"`
	Hosts   []Host   `xml:"HOST"`
}

// ParseHost parses a <HOST> document.
func ParseHost(raw []byte) (*Host, error) { return Unmarshal[Host](raw) }

// ParseHostPool parses a <HOST_POOL> document.
func ParseHostPool(raw []byte) (*HostPool, error) { return Unmarshal[HostPool](raw) }

// Measured returns a value of the last probe's MONITORING/CAPACITY
// (FREE_CPU, USED_MEMORY...), or "" when the host has not been probed.
func (h *Host) Measured(name string) string {
	for _, c := range h.Monitoring.All("CAPACITY") {
		return c.Get(name)
	}
	return ""
}

// MonitoredAt is the time of the last probe (unix seconds), 0 if none.
func (h *Host) MonitoredAt() int64 {
	var t int64
	fmt.Sscan(h.Monitoring.Get("TIMESTAMP"), &t)
	return t
}

// PCI is one device of HOST_SHARE/PCI_DEVICES.
type PCI struct {
	Address      string `xml:"ADDRESS"`
	ShortAddress string `xml:"SHORT_ADDRESS"`
	Type         string `xml:"TYPE"`
	DeviceName   string `xml:"DEVICE_NAME"`
	VMID         int    `xml:"VMID"`
}

// PCIs reads the host's PCI devices.
func (h *Host) PCIs() []PCI {
	out := make([]PCI, 0, len(h.Share.PCIDevices))
	for _, a := range h.Share.PCIDevices {
		p := PCI{Address: a.Get("ADDRESS"), ShortAddress: a.Get("SHORT_ADDRESS"), Type: a.Get("TYPE"),
			DeviceName: a.Get("DEVICE_NAME"), VMID: -1}
		fmt.Sscan(a.Get("VMID"), &p.VMID)
		out = append(out, p)
	}
	return out
}
