package sim

import (
	"strconv"
	"strings"
)

// VM STATE values (include/VirtualMachine.h).
const (
	stInit       = 0
	stPending    = 1
	stHold       = 2
	stActive     = 3
	stStopped    = 4
	stSuspended  = 5
	stDone       = 6
	stPoweroff   = 8
	stUndeployed = 9
)

var vmStateNames = []string{"INIT", "PENDING", "HOLD", "ACTIVE", "STOPPED", "SUSPENDED", "DONE",
	"FAILED", "POWEROFF", "UNDEPLOYED", "CLONING", "CLONING_FAILURE"}

var lcmStateNames = []string{"LCM_INIT", "PROLOG", "BOOT", "RUNNING", "MIGRATE", "SAVE_STOP",
	"SAVE_SUSPEND", "SAVE_MIGRATE", "PROLOG_MIGRATE", "PROLOG_RESUME", "EPILOG_STOP", "EPILOG",
	"SHUTDOWN", "CANCEL", "FAILURE", "CLEANUP_RESUBMIT", "UNKNOWN", "HOTPLUG", "SHUTDOWN_POWEROFF",
	"BOOT_UNKNOWN", "BOOT_POWEROFF", "BOOT_SUSPENDED", "BOOT_STOPPED", "CLEANUP_DELETE",
	"HOTPLUG_SNAPSHOT", "HOTPLUG_NIC", "HOTPLUG_SAVEAS", "HOTPLUG_SAVEAS_POWEROFF",
	"HOTPLUG_SAVEAS_SUSPENDED", "SHUTDOWN_UNDEPLOY", "EPILOG_UNDEPLOY", "PROLOG_UNDEPLOY",
	"BOOT_UNDEPLOY", "HOTPLUG_PROLOG_POWEROFF", "HOTPLUG_EPILOG_POWEROFF", "BOOT_MIGRATE",
	"BOOT_FAILURE", "BOOT_MIGRATE_FAILURE", "PROLOG_MIGRATE_FAILURE", "PROLOG_FAILURE",
	"EPILOG_FAILURE", "EPILOG_STOP_FAILURE", "EPILOG_UNDEPLOY_FAILURE", "PROLOG_MIGRATE_POWEROFF",
	"PROLOG_MIGRATE_POWEROFF_FAILURE", "PROLOG_MIGRATE_SUSPEND", "PROLOG_MIGRATE_SUSPEND_FAILURE",
	"BOOT_UNDEPLOY_FAILURE", "BOOT_STOPPED_FAILURE", "PROLOG_RESUME_FAILURE",
	"PROLOG_UNDEPLOY_FAILURE", "DISK_SNAPSHOT_POWEROFF", "DISK_SNAPSHOT_REVERT_POWEROFF",
	"DISK_SNAPSHOT_DELETE_POWEROFF", "DISK_SNAPSHOT_SUSPENDED", "DISK_SNAPSHOT_REVERT_SUSPENDED",
	"DISK_SNAPSHOT_DELETE_SUSPENDED", "DISK_SNAPSHOT", "DISK_SNAPSHOT_REVERT", "DISK_SNAPSHOT_DELETE",
	"PROLOG_MIGRATE_UNKNOWN", "PROLOG_MIGRATE_UNKNOWN_FAILURE", "DISK_RESIZE",
	"DISK_RESIZE_POWEROFF", "DISK_RESIZE_UNDEPLOYED", "HOTPLUG_NIC_POWEROFF", "HOTPLUG_RESIZE",
	"HOTPLUG_SAVEAS_UNDEPLOYED", "HOTPLUG_SAVEAS_STOPPED", "BACKUP", "BACKUP_POWEROFF", "RESTORE"}

// history is one HISTORY record: a stay of the VM on a host.
type history struct {
	Seq      int
	Hostname string
	HID      int
	CID      int
	STime    int64
	ETime    int64
	VMMad    string
	TMMad    string
	DSID     int
	PSTime   int64
	PETime   int64
	RSTime   int64
	RETime   int64
	ESTime   int64
	EETime   int64
	Action   int
	UID      int
	GID      int
	ReqID    int
}

// monSample is one monitoring record of a VM.
type monSample struct {
	Timestamp   int64
	CPU         float64
	Memory      int64 // KB
	NetRX       int64
	NetTX       int64
	DiskRdBytes int64
	DiskWrBytes int64
	DiskRdIOPS  int64
	DiskWrIOPS  int64
}

// transition is the pending end of a transient state: at Due (unix nanos)
// the VM leaves its current LCM state (see next()).
type transition struct {
	Due   int64
	Image int // image made by disk-saveas, made READY at the end
}

type diskSnap struct {
	ID       int
	Name     string
	Date     int64
	Parent   int
	Size     int64
	Children []int
}

type diskSnaps struct {
	DiskID  int
	Current int
	Next    int
	Snaps   []*diskSnap
}

// VM is a virtual machine.
type VM struct {
	base
	State        int
	LCM          int
	PrevState    int
	PrevLCM      int
	Resched      int
	STime        int64
	ETime        int64
	DeployID     string
	LastPoll     int64
	Template     *tmpl
	UserTemplate *tmpl
	History      []*history
	Mon          []monSample
	Next         *transition
	DiskSnaps    []*diskSnaps
	BackupIDs    []int
	NextSched    int
	NextSnapshot int
}

func (v *VM) stateStr() string {
	if v.State == stActive {
		return lcmStateNames[v.LCM]
	}
	return vmStateNames[v.State]
}

func (v *VM) lastHistory() *history {
	if len(v.History) == 0 {
		return nil
	}
	return v.History[len(v.History)-1]
}

// hid is the host the VM sits on, or -1.
func (v *VM) hid() int {
	if h := v.lastHistory(); h != nil {
		return h.HID
	}
	return -1
}

func (v *VM) cpu() float64 {
	f, _ := strconv.ParseFloat(v.Template.str("CPU"), 64)
	return f
}

func (v *VM) memoryMB() int64 {
	n, _ := strconv.ParseInt(v.Template.str("MEMORY"), 10, 64)
	return n
}

func (h *history) xml(oid int) string {
	i := strconv.Itoa
	l := func(n int64) string { return strconv.FormatInt(n, 10) }
	return "<HISTORY>" + el("OID", oid) + "<SEQ>" + i(h.Seq) + "</SEQ>" + el("HOSTNAME", h.Hostname) +
		"<HID>" + i(h.HID) + "</HID><CID>" + i(h.CID) + "</CID><STIME>" + l(h.STime) + "</STIME><ETIME>" +
		l(h.ETime) + "</ETIME>" + elc("VM_MAD", h.VMMad) + elc("TM_MAD", h.TMMad) + "<DS_ID>" + i(h.DSID) +
		"</DS_ID><PSTIME>" + l(h.PSTime) + "</PSTIME><PETIME>" + l(h.PETime) + "</PETIME><RSTIME>" +
		l(h.RSTime) + "</RSTIME><RETIME>" + l(h.RETime) + "</RETIME><ESTIME>" + l(h.ESTime) +
		"</ESTIME><EETIME>" + l(h.EETime) + "</EETIME><ACTION>" + i(h.Action) + "</ACTION><UID>" +
		i(h.UID) + "</UID><GID>" + i(h.GID) + "</GID><REQUEST_ID>" + i(h.ReqID) + "</REQUEST_ID></HISTORY>"
}

func (m monSample) xml(vmid int) string {
	f := strconv.FormatFloat(m.CPU, 'f', -1, 64)
	l := func(n int64) string { return strconv.FormatInt(n, 10) }
	return "<MONITORING>" + elc("CPU", f) + elc("DISKRDBYTES", l(m.DiskRdBytes)) +
		elc("DISKRDIOPS", l(m.DiskRdIOPS)) + elc("DISKWRBYTES", l(m.DiskWrBytes)) +
		elc("DISKWRIOPS", l(m.DiskWrIOPS)) + elc("ID", strconv.Itoa(vmid)) +
		elc("MEMORY", l(m.Memory)) + elc("NETRX", l(m.NetRX)) + elc("NETTX", l(m.NetTX)) +
		elc("TIMESTAMP", l(m.Timestamp)) + "</MONITORING>"
}

// xml is the full body of one.vm.info and vmpool.infoextended, in
// vm.xsd's sequence.
func (st *state) vmXML(v *VM) string {
	var b strings.Builder
	b.WriteString("<VM>")
	b.WriteString(st.head(&v.base) + v.Perms.xml())
	b.WriteString(el("LAST_POLL", v.LastPoll) + el("STATE", v.State) + el("LCM_STATE", v.LCM) +
		el("PREV_STATE", v.PrevState) + el("PREV_LCM_STATE", v.PrevLCM) + el("RESCHED", v.Resched) +
		el("STIME", v.STime) + el("ETIME", v.ETime) + el("DEPLOY_ID", v.DeployID))
	b.WriteString(v.Lock.xml())
	if len(v.Mon) > 0 && v.State != stDone {
		s := v.Mon[len(v.Mon)-1].xml(v.ID)
		b.WriteString(s)
	} else {
		b.WriteString("<MONITORING></MONITORING>")
	}
	var schedIDs []int
	for _, a := range v.Template.vectors("SCHED_ACTION") {
		if n, err := strconv.Atoi(vget(a, "ID")); err == nil {
			schedIDs = append(schedIDs, n)
		}
	}
	b.WriteString(idsXML("SCHED_ACTIONS", schedIDs))
	// SCHED_ACTION goes last inside TEMPLATE, as oned appends it there.
	body := v.Template.clone()
	body.del("SCHED_ACTION")
	b.WriteString("<TEMPLATE>")
	body.writeBody(&b)
	for _, a := range v.Template.vectors("SCHED_ACTION") {
		one := &tmpl{A: []*attr{a}}
		one.writeBody(&b)
	}
	b.WriteString("</TEMPLATE>")
	b.WriteString(v.UserTemplate.xml("USER_TEMPLATE"))
	if len(v.History) == 0 {
		b.WriteString("<HISTORY_RECORDS/>")
	} else {
		b.WriteString("<HISTORY_RECORDS>")
		for _, h := range v.History {
			b.WriteString(h.xml(v.ID))
		}
		b.WriteString("</HISTORY_RECORDS>")
	}
	for _, ds := range v.DiskSnaps {
		b.WriteString(ds.xml())
	}
	b.WriteString("<BACKUPS><BACKUP_CONFIG/>" + idsXML("BACKUP_IDS", v.BackupIDs) + "</BACKUPS>")
	b.WriteString("</VM>")
	return b.String()
}

func (d *diskSnaps) xml() string {
	var b strings.Builder
	b.WriteString("<SNAPSHOTS><ALLOW_ORPHANS>NO</ALLOW_ORPHANS>" + el("CURRENT_BASE", d.Current) +
		el("DISK_ID", d.DiskID) + el("NEXT_SNAPSHOT", d.Next))
	for _, s := range d.Snaps {
		b.WriteString("<SNAPSHOT>")
		if s.ID == d.Current {
			b.WriteString("<ACTIVE>YES</ACTIVE>")
		}
		if len(s.Children) > 0 {
			parts := make([]string, len(s.Children))
			for i, c := range s.Children {
				parts[i] = strconv.Itoa(c)
			}
			b.WriteString(el("CHILDREN", strings.Join(parts, ",")))
		}
		b.WriteString(el("DATE", s.Date) + el("ID", s.ID) + el("NAME", s.Name) + el("PARENT", s.Parent) +
			el("SIZE", s.Size) + "</SNAPSHOT>")
	}
	b.WriteString("</SNAPSHOTS>")
	return b.String()
}

// vmShortXML is the body vmpool.info returns (VirtualMachine::to_xml_short
// as read back from the database, hence the CDATA in HISTORY).
func (st *state) vmShortXML(v *VM) string {
	var b strings.Builder
	b.WriteString("<VM>" + st.head(&v.base) + el("LAST_POLL", v.LastPoll) +
		el("STATE", v.State) + el("LCM_STATE", v.LCM) + el("RESCHED", v.Resched) + el("STIME", v.STime) +
		el("ETIME", v.ETime) + el("DEPLOY_ID", v.DeployID))
	if v.Lock != nil {
		b.WriteString("<LOCK><LOCKED>" + strconv.Itoa(v.Lock.Locked) + "</LOCKED></LOCK>")
	}
	b.WriteString("<TEMPLATE>" + el("CPU", v.Template.str("CPU")) + el("MEMORY", v.Template.str("MEMORY")) +
		el("VCPU", v.Template.str("VCPU")))
	for _, d := range v.Template.vectors("DISK") {
		b.WriteString("<DISK>")
		for _, n := range []string{"DISK_ID", "DATASTORE", "DATASTORE_ID", "IMAGE", "IMAGE_ID", "SIZE", "TYPE",
			"CLONE", "CLONE_TARGET", "LN_TARGET", "DISK_SNAPSHOT_TOTAL_SIZE"} {
			b.WriteString(el(n, vget(d, n)))
		}
		b.WriteString("</DISK>")
	}
	for _, n := range v.Template.vectors("NIC") {
		b.WriteString("<NIC>")
		for _, k := range []string{"IP", "EXTERNAL_IP", "IP6", "IP6_ULA", "IP6_LINK", "IP6_GLOBAL",
			"NETWORK_MODE", "SCHED_REQUIREMENTS", "SCHED_RANK"} {
			if x := vget(n, k); x != "" {
				b.WriteString(el(k, x))
			}
		}
		for _, k := range []string{"MAC", "NETWORK", "NETWORK_ID", "NIC_ID", "SECURITY_GROUPS"} {
			b.WriteString(el(k, vget(n, k)))
		}
		b.WriteString("</NIC>")
	}
	for _, g := range v.Template.vectors("GRAPHICS") {
		one := &tmpl{A: []*attr{g}}
		one.writeBody(&b)
	}
	b.WriteString("</TEMPLATE>")
	if len(v.Mon) > 0 && v.State != stDone {
		m := v.Mon[len(v.Mon)-1]
		b.WriteString("<MONITORING>" + el("CPU", strconv.FormatFloat(m.CPU, 'f', -1, 64)) +
			el("MEMORY", m.Memory) + el("STATE", "") + "</MONITORING>")
	} else {
		b.WriteString("<MONITORING/>")
	}
	b.WriteString("<USER_TEMPLATE>")
	ut := v.UserTemplate
	for _, n := range []string{"LABELS", "ERROR", "SCHED_MESSAGE"} {
		if x := ut.str(n); x != "" {
			b.WriteString(el(n, x))
		}
	}
	for _, n := range []string{"SCHED_RANK", "SCHED_DS_RANK", "SCHED_REQUIREMENTS", "SCHED_DS_REQUIREMENTS", "USER_PRIORITY"} {
		if x, ok := ut.get(n); ok {
			b.WriteString(el(n, x))
		}
	}
	b.WriteString("</USER_TEMPLATE>")
	if h := v.lastHistory(); h != nil {
		b.WriteString("<HISTORY_RECORDS><HISTORY>" + el("OID", v.ID) + el("SEQ", h.Seq) + elc("HOSTNAME", h.Hostname) +
			el("HID", h.HID) + el("CID", h.CID) + el("DS_ID", h.DSID) + elc("VM_MAD", h.VMMad) +
			elc("TM_MAD", h.TMMad) + elc("ACTION", strconv.Itoa(h.Action)) + "</HISTORY></HISTORY_RECORDS>")
	} else {
		b.WriteString("<HISTORY_RECORDS/>")
	}
	b.WriteString("</VM>")
	return b.String()
}
