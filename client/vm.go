package client

import "encoding/xml"

// VM is one.vm.info's <VM> (xsd/vm.xsd). Pool listings carry a subset of
// the same elements, so VMPool reuses this type.
type VM struct {
	XMLName xml.Name `xml:"VM"`
	Owned
	LastPoll      int64             `xml:"LAST_POLL"`
	State         int               `xml:"STATE"`
	LCMState      int               `xml:"LCM_STATE"`
	PrevState     int               `xml:"PREV_STATE"`
	PrevLCMState  int               `xml:"PREV_LCM_STATE"`
	Resched       int               `xml:"RESCHED"`
	STime         int64             `xml:"STIME"`
	ETime         int64             `xml:"ETIME"`
	DeployID      string            `xml:"DEPLOY_ID"`
	Monitoring    Template          `xml:"MONITORING"`
	SchedActions  Template          `xml:"SCHED_ACTIONS"`
	Template      VMTemplateSection `xml:"TEMPLATE"`
	UserTemplate  Template          `xml:"USER_TEMPLATE"`
	History       []History         `xml:"HISTORY_RECORDS>HISTORY"`
	DiskSnapshots []DiskSnapshots   `xml:"SNAPSHOTS"`
	Backups       *VMBackups        `xml:"BACKUPS"`
}

// ShortState is the 4-letter state the CLI's list shows.
func (v *VM) ShortState() string { return VMShortState(v.State, v.LCMState) }

// StateName is "RUNNING" for an ACTIVE VM, else the VM state name.
func (v *VM) StateName() string {
	if v.State == VMActive {
		return LCMStateName(v.LCMState)
	}
	return VMStateName(v.State)
}

// LastHistory is the most recent placement, or nil if the VM never ran.
func (v *VM) LastHistory() *History {
	if len(v.History) == 0 {
		return nil
	}
	return &v.History[len(v.History)-1]
}

// VMTemplateSection is a VM's TEMPLATE: the attributes onectl reads by
// name, plus everything in Attrs/Raw. CPU, VCPU and MEMORY stay strings as
// in the schema (CPU is fractional; users may write odd values).
type VMTemplateSection struct {
	Raw            string       `xml:",innerxml"`
	CPU            string       `xml:"CPU"`
	VCPU           string       `xml:"VCPU"`
	Memory         string       `xml:"MEMORY"`
	Disks          []VMDisk     `xml:"DISK"`
	NICs           []VMNIC      `xml:"NIC"`
	NICAliases     []VMNIC      `xml:"NIC_ALIAS"`
	Snapshots      []VMSnapshot `xml:"SNAPSHOT"`
	Graphics       *Attribute   `xml:"GRAPHICS"`
	Context        *Attribute   `xml:"CONTEXT"`
	OS             *Attribute   `xml:"OS"`
	TemplateID     string       `xml:"TEMPLATE_ID"`
	TMMadSystem    string       `xml:"TM_MAD_SYSTEM"`
	AutomaticReqs  string       `xml:"AUTOMATIC_REQUIREMENTS"`
	SchedActionRaw []Attribute  `xml:"SCHED_ACTION"`
	Attrs          []Attribute  `xml:",any"` // everything not named above
}

// VMDisk is one TEMPLATE/DISK. Attrs keeps the attributes not named here.
type VMDisk struct {
	DiskID      string      `xml:"DISK_ID"`
	Image       string      `xml:"IMAGE"`
	ImageID     string      `xml:"IMAGE_ID"`
	ImageUName  string      `xml:"IMAGE_UNAME"`
	Datastore   string      `xml:"DATASTORE"`
	DatastoreID string      `xml:"DATASTORE_ID"`
	Size        string      `xml:"SIZE"`
	Target      string      `xml:"TARGET"`
	Type        string      `xml:"TYPE"`
	Persistent  string      `xml:"PERSISTENT"`
	Save        string      `xml:"SAVE"`
	Clone       string      `xml:"CLONE"`
	ReadOnly    string      `xml:"READONLY"`
	Format      string      `xml:"FORMAT"`
	Source      string      `xml:"SOURCE"`
	Attrs       []Attribute `xml:",any"`
}

// VMNIC is one TEMPLATE/NIC or NIC_ALIAS.
type VMNIC struct {
	NICID     string      `xml:"NIC_ID"`
	Network   string      `xml:"NETWORK"`
	NetworkID string      `xml:"NETWORK_ID"`
	Bridge    string      `xml:"BRIDGE"`
	IP        string      `xml:"IP"`
	IP6       string      `xml:"IP6"`
	IP6Global string      `xml:"IP6_GLOBAL"`
	IP6ULA    string      `xml:"IP6_ULA"`
	MAC       string      `xml:"MAC"`
	Model     string      `xml:"MODEL"`
	VNMad     string      `xml:"VN_MAD"`
	AliasID   string      `xml:"ALIAS_ID"`
	Parent    string      `xml:"PARENT"`
	ParentID  string      `xml:"PARENT_ID"`
	SecGroups string      `xml:"SECURITY_GROUPS"`
	Attrs     []Attribute `xml:",any"`
}

// VMSnapshot is a system snapshot (TEMPLATE/SNAPSHOT).
type VMSnapshot struct {
	Action         string `xml:"ACTION"`
	Active         string `xml:"ACTIVE"`
	HypervisorID   string `xml:"HYPERVISOR_ID"`
	Name           string `xml:"NAME"`
	SnapshotID     string `xml:"SNAPSHOT_ID"`
	SystemDiskSize string `xml:"SYSTEM_DISK_SIZE"`
	Time           string `xml:"TIME"`
}

// History is one HISTORY_RECORDS/HISTORY entry: a stay on one host.
type History struct {
	OID       int    `xml:"OID"`
	Seq       int    `xml:"SEQ"`
	Hostname  string `xml:"HOSTNAME"`
	HID       int    `xml:"HID"`
	CID       int    `xml:"CID"`
	STime     int64  `xml:"STIME"`
	ETime     int64  `xml:"ETIME"`
	VMMad     string `xml:"VM_MAD"`
	TMMad     string `xml:"TM_MAD"`
	DSID      int    `xml:"DS_ID"`
	PSTime    int64  `xml:"PSTIME"`
	PETime    int64  `xml:"PETIME"`
	RSTime    int64  `xml:"RSTIME"`
	RETime    int64  `xml:"RETIME"`
	ESTime    int64  `xml:"ESTIME"`
	EETime    int64  `xml:"EETIME"`
	Action    int    `xml:"ACTION"`
	UID       int    `xml:"UID"`
	GID       int    `xml:"GID"`
	RequestID string `xml:"REQUEST_ID"`
}

// DiskSnapshots is the snapshot tree of one disk (VM/SNAPSHOTS).
type DiskSnapshots struct {
	AllowOrphans string         `xml:"ALLOW_ORPHANS"`
	CurrentBase  int            `xml:"CURRENT_BASE"`
	DiskID       int            `xml:"DISK_ID"`
	NextSnapshot int            `xml:"NEXT_SNAPSHOT"`
	Snapshots    []DiskSnapshot `xml:"SNAPSHOT"`
}

// DiskSnapshot is one node of a disk snapshot tree.
type DiskSnapshot struct {
	Active   string `xml:"ACTIVE"`
	Children string `xml:"CHILDREN"`
	Date     int64  `xml:"DATE"`
	ID       int    `xml:"ID"`
	Name     string `xml:"NAME"`
	Parent   int    `xml:"PARENT"`
	Size     int64  `xml:"SIZE"`
}

// VMBackups is VM/BACKUPS.
type VMBackups struct {
	Config    Template `xml:"BACKUP_CONFIG"`
	BackupIDs IDs      `xml:"BACKUP_IDS"`
}

// VMPool is one.vmpool.info's <VM_POOL>.
type VMPool struct {
	XMLName xml.Name `xml:"VM_POOL"`
	VMs     []VM     `xml:"VM"`
}

// MonitoringData is one.vm.monitoring's <MONITORING_DATA>; each record
// is kept generic since probes add their own keys.
type MonitoringData struct {
	XMLName    xml.Name   `xml:"MONITORING_DATA"`
	Monitoring []Template `xml:"MONITORING"`
}

// ParseVM parses a <VM> document.
func ParseVM(raw []byte) (*VM, error) { return Unmarshal[VM](raw) }

// ParseVMPool parses a <VM_POOL> document.
func ParseVMPool(raw []byte) (*VMPool, error) { return Unmarshal[VMPool](raw) }

// ParseMonitoringData parses a <MONITORING_DATA> document.
func ParseMonitoringData(raw []byte) (*MonitoringData, error) {
	return Unmarshal[MonitoringData](raw)
}
