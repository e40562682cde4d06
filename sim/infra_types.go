package sim

// Object types of hooks, backup jobs and VM groups, numbered apart from
// the list in errors.go (as the marketplaces' are) and named through
// catalogTypes.
const (
	obHook objType = 300 + iota
	obBackupJob
	obVMGroup
)

func init() {
	catalogTypes[obHook] = [2]string{"HOOK", "hook"}
	catalogTypes[obBackupJob] = [2]string{"BACKUPJOB", "backup job"}
	catalogTypes[obVMGroup] = [2]string{"VMGROUP", "vm group"}
}
