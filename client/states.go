package client

import "strconv"

// VM STATE values (include/VirtualMachine.h VmState).
const (
	VMInit           = 0
	VMPending        = 1
	VMHold           = 2
	VMActive         = 3
	VMStopped        = 4
	VMSuspended      = 5
	VMDone           = 6
	VMFailed         = 7
	VMPoweroff       = 8
	VMUndeployed     = 9
	VMCloning        = 10
	VMCloningFailure = 11
)

// LCM_STATE values onectl refers to by name (LcmState); the full list is
// in lcmStates.
const (
	LCMInit          = 0
	LCMProlog        = 1
	LCMBoot          = 2
	LCMRunning       = 3
	LCMMigrate       = 4
	LCMSaveStop      = 5
	LCMSaveSuspend   = 6
	LCMSaveMigrate   = 7
	LCMPrologMigrate = 8
	LCMPrologResume  = 9
	LCMEpilogStop    = 10
	LCMEpilog        = 11
	LCMShutdown      = 12
	LCMUnknown       = 16
	LCMHotplug       = 17
	LCMShutdownPoff  = 18
	LCMBootFailure   = 36
	LCMBackup        = 69
	LCMRestore       = 71
)

type stateName struct{ name, short string }

var vmStates = []stateName{
	{"INIT", "init"}, {"PENDING", "pend"}, {"HOLD", "hold"}, {"ACTIVE", "actv"},
	{"STOPPED", "stop"}, {"SUSPENDED", "susp"}, {"DONE", "done"}, {"FAILED", "fail"},
	{"POWEROFF", "poff"}, {"UNDEPLOYED", "unde"}, {"CLONING", "clon"}, {"CLONING_FAILURE", "fail"},
}

var lcmStates = []stateName{
	{"LCM_INIT", "init"}, {"PROLOG", "prol"}, {"BOOT", "boot"}, {"RUNNING", "runn"},
	{"MIGRATE", "migr"}, {"SAVE_STOP", "save"}, {"SAVE_SUSPEND", "save"}, {"SAVE_MIGRATE", "save"},
	{"PROLOG_MIGRATE", "migr"}, {"PROLOG_RESUME", "prol"}, {"EPILOG_STOP", "epil"}, {"EPILOG", "epil"},
	{"SHUTDOWN", "shut"}, {"CANCEL", "shut"}, {"FAILURE", "fail"}, {"CLEANUP_RESUBMIT", "clea"},
	{"UNKNOWN", "unkn"}, {"HOTPLUG", "hotp"}, {"SHUTDOWN_POWEROFF", "shut"}, {"BOOT_UNKNOWN", "boot"},
	{"BOOT_POWEROFF", "boot"}, {"BOOT_SUSPENDED", "boot"}, {"BOOT_STOPPED", "boot"}, {"CLEANUP_DELETE", "clea"},
	{"HOTPLUG_SNAPSHOT", "snap"}, {"HOTPLUG_NIC", "hotp"}, {"HOTPLUG_SAVEAS", "hotp"}, {"HOTPLUG_SAVEAS_POWEROFF", "hotp"},
	{"HOTPLUG_SAVEAS_SUSPENDED", "hotp"}, {"SHUTDOWN_UNDEPLOY", "shut"}, {"EPILOG_UNDEPLOY", "epil"}, {"PROLOG_UNDEPLOY", "prol"},
	{"BOOT_UNDEPLOY", "boot"}, {"HOTPLUG_PROLOG_POWEROFF", "hotp"}, {"HOTPLUG_EPILOG_POWEROFF", "hotp"}, {"BOOT_MIGRATE", "boot"},
	{"BOOT_FAILURE", "fail"}, {"BOOT_MIGRATE_FAILURE", "fail"}, {"PROLOG_MIGRATE_FAILURE", "fail"}, {"PROLOG_FAILURE", "fail"},
	{"EPILOG_FAILURE", "fail"}, {"EPILOG_STOP_FAILURE", "fail"}, {"EPILOG_UNDEPLOY_FAILURE", "fail"}, {"PROLOG_MIGRATE_POWEROFF", "migr"},
	{"PROLOG_MIGRATE_POWEROFF_FAILURE", "fail"}, {"PROLOG_MIGRATE_SUSPEND", "migr"}, {"PROLOG_MIGRATE_SUSPEND_FAILURE", "fail"}, {"BOOT_UNDEPLOY_FAILURE", "fail"},
	{"BOOT_STOPPED_FAILURE", "fail"}, {"PROLOG_RESUME_FAILURE", "fail"}, {"PROLOG_UNDEPLOY_FAILURE", "fail"}, {"DISK_SNAPSHOT_POWEROFF", "snap"},
	{"DISK_SNAPSHOT_REVERT_POWEROFF", "snap"}, {"DISK_SNAPSHOT_DELETE_POWEROFF", "snap"}, {"DISK_SNAPSHOT_SUSPENDED", "snap"}, {"DISK_SNAPSHOT_REVERT_SUSPENDED", "snap"},
	{"DISK_SNAPSHOT_DELETE_SUSPENDED", "snap"}, {"DISK_SNAPSHOT", "snap"}, {"DISK_SNAPSHOT_REVERT", "snap"}, {"DISK_SNAPSHOT_DELETE", "snap"},
	{"PROLOG_MIGRATE_UNKNOWN", "migr"}, {"PROLOG_MIGRATE_UNKNOWN_FAILURE", "fail"}, {"DISK_RESIZE", "drsz"}, {"DISK_RESIZE_POWEROFF", "drsz"},
	{"DISK_RESIZE_UNDEPLOYED", "drsz"}, {"HOTPLUG_NIC_POWEROFF", "hotp"}, {"HOTPLUG_RESIZE", "hotp"}, {"HOTPLUG_SAVEAS_UNDEPLOYED", "hotp"},
	{"HOTPLUG_SAVEAS_STOPPED", "hotp"}, {"BACKUP", "back"}, {"BACKUP_POWEROFF", "back"}, {"RESTORE", "rest"},
}

// Obsolete host states 1, 5, 6, 7 keep their Ruby names so old data still
// renders.
var hostStates = []stateName{
	{"INIT", "init"}, {"MONITORING_MONITORED", "update"}, {"MONITORED", "on"}, {"ERROR", "err"},
	{"DISABLED", "dsbl"}, {"MONITORING_ERROR", "retry"}, {"MONITORING_INIT", "init"}, {"MONITORING_DISABLED", "dsbl"},
	{"OFFLINE", "off"},
}

var imageStates = []stateName{
	{"INIT", "init"}, {"READY", "rdy"}, {"USED", "used"}, {"DISABLED", "disa"}, {"LOCKED", "lock"},
	{"ERROR", "err"}, {"CLONE", "clon"}, {"DELETE", "dele"}, {"USED_PERS", "used"}, {"LOCKED_USED", "lock"},
	{"LOCKED_USED_PERS", "lock"},
}

var datastoreStates = []stateName{{"READY", "on"}, {"DISABLED", "off"}}

var vnetStates = []stateName{
	{"INIT", "init"}, {"READY", "rdy"}, {"LOCK_CREATE", "lock"}, {"LOCK_DELETE", "lock"},
	{"DONE", "done"}, {"ERROR", "err"}, {"UPDATE_FAILURE", "fail"},
}

// lookupState never fails: an unknown value (a newer oned) renders as its
// number rather than breaking a listing.
func lookupState(table []stateName, v int, short bool) string {
	if v < 0 || v >= len(table) {
		return strconv.Itoa(v)
	}
	if short {
		return table[v].short
	}
	return table[v].name
}

// VMStateName returns the STATE name, e.g. "ACTIVE".
func VMStateName(state int) string { return lookupState(vmStates, state, false) }

// LCMStateName returns the LCM_STATE name, e.g. "RUNNING".
func LCMStateName(lcm int) string { return lookupState(lcmStates, lcm, false) }

// VMShortState is the CLI's 4-letter state: the LCM short name while the
// VM is ACTIVE, the VM state's short name otherwise.
func VMShortState(state, lcm int) string {
	if state == VMActive {
		return lookupState(lcmStates, lcm, true)
	}
	return lookupState(vmStates, state, true)
}

// HostStateName returns the host STATE name, e.g. "MONITORED".
func HostStateName(state int) string { return lookupState(hostStates, state, false) }

// HostShortState returns the CLI's short host state, e.g. "on".
func HostShortState(state int) string { return lookupState(hostStates, state, true) }

// ImageStateName returns the image STATE name, e.g. "READY".
func ImageStateName(state int) string { return lookupState(imageStates, state, false) }

// ImageShortState returns the CLI's short image state, e.g. "rdy".
func ImageShortState(state int) string { return lookupState(imageStates, state, true) }

// DatastoreStateName returns the datastore STATE name, e.g. "READY".
func DatastoreStateName(state int) string { return lookupState(datastoreStates, state, false) }

// DatastoreShortState returns the CLI's short datastore state, e.g. "on".
func DatastoreShortState(state int) string { return lookupState(datastoreStates, state, true) }

// VNetStateName returns the virtual network STATE name, e.g. "READY".
func VNetStateName(state int) string { return lookupState(vnetStates, state, false) }

// VNetShortState returns the CLI's short virtual network state, e.g. "rdy".
func VNetShortState(state int) string { return lookupState(vnetStates, state, true) }

var imageTypes = []string{"OS", "CDROM", "DATABLOCK", "KERNEL", "RAMDISK", "CONTEXT", "BACKUP", "FILESYSTEM"}

// ImageTypeName returns the image TYPE name, e.g. "DATABLOCK".
func ImageTypeName(t int) string {
	if t < 0 || t >= len(imageTypes) {
		return strconv.Itoa(t)
	}
	return imageTypes[t]
}

var datastoreTypes = []stateName{{"IMAGE_DS", "img"}, {"SYSTEM_DS", "sys"}, {"FILE_DS", "fil"}, {"BACKUP_DS", "bck"}}

// DatastoreTypeName returns the datastore TYPE name, e.g. "SYSTEM_DS".
func DatastoreTypeName(t int) string { return lookupState(datastoreTypes, t, false) }

// DatastoreShortType returns the CLI's short datastore type, e.g. "sys".
func DatastoreShortType(t int) string { return lookupState(datastoreTypes, t, true) }
