package vm

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/template"
)

// NewCmd is the vm group: onevm's subcommands.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("vm", "Manage virtual machines (onevm)", "vms")
	for _, a := range vmActions() {
		a.Res = kit.VMs
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(
		newVMListCmd(f),
		newVMTopCmd(f),
		vmShower().Build(f),
		vmMonitoringShower().Build(f),
		newVMCreateCmd(f),
		newVMSSHCmd(f),
		newVMPortForwardCmd(f),
		newVMVNCCmd(f),
		newVMCreateChartCmd(f),
		newVMSaveCmd(f),
	)
	for _, s := range vmSnapshotListers() {
		cmd.AddCommand(s.Build(f))
	}
	for _, u := range vmTemplateUpdates() {
		u.Res = kit.VMs
		cmd.AddCommand(u.Build(f))
	}
	return cmd
}

// vmVerb declares one of the 15 one.vm.action verbs: (action, id).
type vmVerb struct {
	Name, Short string
	Wait        *kit.WaitSpec
	hard        bool // has a "-hard" variant
	Destructive bool
	Perm        string
	States      []string // where the action is allowed, for completion
}

func (v vmVerb) action() *kit.Action {
	a := &kit.Action{
		Use:         v.Name,
		Short:       v.Short,
		Method:      "one.vm.action",
		Perm:        v.Perm,
		Many:        true,
		Wait:        v.Wait,
		Destructive: v.Destructive,
		States:      v.States,
	}
	if v.hard {
		a.Flags = func(fs *pflag.FlagSet) {
			fs.Bool("hard", false, "do it at once, without waiting for the guest (one.vm.action \""+v.Name+"-hard\")")
		}
	}
	name := func(c *kit.Call) string {
		if v.hard && c.Bool("hard") {
			return v.Name + "-hard"
		}
		return v.Name
	}
	a.Params = func(c *kit.Call, id int) ([]any, error) { return []any{name(c), id}, nil }
	a.Scheduled = func(c *kit.Call) (string, string) { return name(c), "" }
	return a
}

func vmActions() []*kit.Action {
	manage, admin := "VM:MANAGE", "VM:ADMIN"
	return []*kit.Action{
		vmVerb{Name: "terminate", Short: "Terminate VMs: shut down and delete them", Wait: kit.Until("DONE"), hard: true, Destructive: true, Perm: manage}.action(),
		vmVerb{Name: "undeploy", Short: "Shut down VMs and free their hosts, keeping their disks", Wait: kit.Until("UNDEPLOYED"), hard: true, Perm: manage, States: []string{"runn", "poff"}}.action(),
		vmVerb{Name: "poweroff", Short: "Power off VMs, keeping them on their hosts", Wait: kit.Until("POWEROFF"), hard: true, Perm: manage, States: []string{"runn"}}.action(),
		vmVerb{Name: "reboot", Short: "Reboot running VMs", Wait: kit.Until("RUNNING"), hard: true, Perm: manage, States: []string{"runn"}}.action(),
		vmVerb{Name: "hold", Short: "Hold pending VMs so the scheduler leaves them alone", Wait: kit.Until("HOLD"), Perm: manage, States: []string{"pend"}}.action(),
		vmVerb{Name: "release", Short: "Release held VMs to the scheduler", Wait: kit.Until("PENDING", "PROLOG", "BOOT", "RUNNING"), Perm: manage, States: []string{"hold"}}.action(),
		vmVerb{Name: "stop", Short: "Stop VMs: save their state and free their hosts", Wait: kit.Until("STOPPED"), Perm: manage, States: []string{"runn"}}.action(),
		vmVerb{Name: "suspend", Short: "Suspend VMs, keeping their state on the host", Wait: kit.Until("SUSPENDED"), Perm: manage, States: []string{"runn"}}.action(),
		vmVerb{Name: "resume", Short: "Resume stopped, suspended, undeployed or powered-off VMs", Wait: kit.Until("RUNNING"), Perm: manage, States: []string{"poff", "susp", "stop", "unde"}}.action(),
		vmVerb{Name: "resched", Short: "Ask the scheduler to move VMs to another host", Perm: admin, States: []string{"runn", "poff"}}.action(),
		vmVerb{Name: "unresched", Short: "Clear the reschedule flag of VMs", Perm: admin, States: []string{"runn", "poff"}}.action(),
		{
			Use: "deploy", Short: "Deploy VMs on a host (admin)", Method: "one.vm.deploy", Many: true,
			Args: []kit.Arg{{Name: "host", Res: kit.Hosts}, {Name: "datastore", Res: kit.Datastores, Optional: true}},
			Flags: func(fs *pflag.FlagSet) {
				fs.Bool("enforce", false, "refuse if the host lacks capacity")
			},
			Params: func(c *kit.Call, id int) ([]any, error) {
				return []any{id, c.Arg(0, -1), c.Bool("enforce"), c.Arg(1, -1), ""}, nil
			},
			Wait: kit.Until("RUNNING"), States: []string{"pend", "hold", "stop", "unde"},
		},
		{
			Use: "migrate", Short: "Migrate VMs to another host (admin)", Method: "one.vm.migrate", Many: true,
			Args: []kit.Arg{{Name: "host", Res: kit.Hosts}, {Name: "datastore", Res: kit.Datastores, Optional: true}},
			Flags: func(fs *pflag.FlagSet) {
				fs.Bool("live", false, "live migration: the VM keeps running")
				fs.Bool("enforce", false, "refuse if the host lacks capacity")
				fs.Bool("poff", false, "migrate by powering off the VM")
				fs.Bool("poff-hard", false, "migrate by powering off the VM at once")
			},
			Check: func(c *kit.Call) error {
				if c.Bool("live") && (c.Bool("poff") || c.Bool("poff-hard")) || c.Bool("poff") && c.Bool("poff-hard") {
					return kit.Usagef("--live, --poff and --poff-hard exclude each other")
				}
				return nil
			},
			Params: func(c *kit.Call, id int) ([]any, error) {
				kind := 0
				if c.Bool("poff") {
					kind = 1
				} else if c.Bool("poff-hard") {
					kind = 2
				}
				return []any{id, c.Arg(0, -1), c.Bool("live"), c.Bool("enforce"), c.Arg(1, -1), kind}, nil
			},
			Wait: kit.Settled, States: []string{"runn", "poff", "susp", "unkn"},
		},
		{
			Use: "recover", Short: "Recover VMs stuck in a failure or transient state (admin)", Method: "one.vm.recover", Many: true,
			Long: "Exactly one of --success, --failure, --retry, --delete, --recreate, --delete-db.",
			Flags: func(fs *pflag.FlagSet) {
				for _, o := range recoverOps {
					fs.Bool(o.flag, false, o.help)
				}
			},
			Check: func(c *kit.Call) error {
				_, err := recoverOp(c)
				return err
			},
			Params: func(c *kit.Call, id int) ([]any, error) {
				op, err := recoverOp(c)
				return []any{id, op}, err
			},
			Wait:        kit.Settled,
			Destructive: true,
		},
		kit.Lock(kit.VMs),
		kit.Unlock(kit.VMs),
		kit.Chown(kit.VMs),
		kit.Chgrp(kit.VMs),
		kit.Chmod(kit.VMs),
		kit.Rename(kit.VMs),
		{
			Use: "resize", Short: "Change the CPU, VCPU or memory of a VM", Method: "one.vm.resize",
			Flags: func(fs *pflag.FlagSet) {
				fs.String("cpu", "", "new CPU (physical CPU share, e.g. 0.5)")
				fs.Int("vcpu", 0, "new number of virtual CPUs")
				fs.String("memory", "", "new memory (MB, or with units: 512M, 2G)")
				fs.Bool("enforce", false, "refuse if the host lacks capacity")
				fs.String("file", "", "capacity template file (- for stdin)")
			},
			Check: func(c *kit.Call) error { _, err := resizeTemplate(c); return err },
			Params: func(c *kit.Call, id int) ([]any, error) {
				t, err := resizeTemplate(c)
				return []any{id, t, c.Bool("enforce")}, err
			},
			Wait: kit.Settled,
		},
		{
			Use: "disk-attach", Short: "Attach a disk to a VM", Method: "one.vm.attach",
			Flags:       diskAttachFlags,
			ObjectFlags: map[string]*kit.Resource{"image": kit.Images},
			Params:      func(c *kit.Call, id int) ([]any, error) { t, err := diskTemplate(c); return []any{id, t}, err },
			Wait:        kit.Settled,
		},
		{
			Use: "disk-detach", Short: "Detach a disk from a VM", Method: "one.vm.detach",
			Args: []kit.Arg{{Name: "disk-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs, Wait: kit.Settled, Destructive: true,
		},
		{
			Use: "disk-resize", Short: "Grow a disk of a VM (size in MB or with units: 10G)", Method: "one.vm.diskresize",
			Args: []kit.Arg{{Name: "disk-id", Kind: kit.ArgInt}, {Name: "size", Kind: kit.ArgSizeMB}},
			Params: func(c *kit.Call, id int) ([]any, error) {
				return []any{id, c.Arg(0, 0), fmt.Sprint(c.Arg(1, 0))}, nil
			},
			Wait: kit.Settled,
		},
		{
			Use: "disk-saveas", Short: "Save a disk of a VM as a new image", Method: "one.vm.disksaveas",
			Args: []kit.Arg{{Name: "disk-id", Kind: kit.ArgInt}, {Name: "image-name", Kind: kit.ArgString}},
			Flags: func(fs *pflag.FlagSet) {
				fs.String("type", "", "type of the new image (OS, DATABLOCK, CDROM...)")
				fs.Int("snapshot", -1, "save this disk snapshot instead of the current state")
			},
			Params: func(c *kit.Call, id int) ([]any, error) {
				return []any{id, c.Arg(0, 0), c.Arg(1, ""), c.String("type"), c.Int("snapshot")}, nil
			},
			Result: "ID", Wait: kit.Settled,
		},
		{
			Use: "disk-snapshot-create", Short: "Snapshot a disk of a VM", Method: "one.vm.disksnapshotcreate",
			Args: []kit.Arg{{Name: "disk-id", Kind: kit.ArgInt}, {Name: "name", Kind: kit.ArgString}}, Params: kit.IDAndArgs,
			Result: "ID", Wait: kit.Settled,
		},
		{
			Use: "disk-snapshot-revert", Short: "Revert a disk of a VM to a snapshot", Method: "one.vm.disksnapshotrevert",
			Args: []kit.Arg{{Name: "disk-id", Kind: kit.ArgInt}, {Name: "snapshot-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs,
			Wait: kit.Settled, Destructive: true,
		},
		{
			Use: "disk-snapshot-delete", Short: "Delete a disk snapshot of a VM", Method: "one.vm.disksnapshotdelete",
			Args: []kit.Arg{{Name: "disk-id", Kind: kit.ArgInt}, {Name: "snapshot-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs,
			Wait: kit.Settled, Destructive: true,
		},
		{
			Use: "disk-snapshot-rename", Short: "Rename a disk snapshot of a VM", Method: "one.vm.disksnapshotrename",
			Args:   []kit.Arg{{Name: "disk-id", Kind: kit.ArgInt}, {Name: "snapshot-id", Kind: kit.ArgInt}, {Name: "name", Kind: kit.ArgString}},
			Params: kit.IDAndArgs,
		},
		{
			Use: "nic-attach", Short: "Attach a network interface to a VM", Method: "one.vm.attachnic",
			Flags:       nicAttachFlags,
			ObjectFlags: map[string]*kit.Resource{"network": kit.VNets},
			Params:      func(c *kit.Call, id int) ([]any, error) { t, err := nicTemplate(c); return []any{id, t}, err },
			Wait:        kit.Settled,
		},
		{
			Use: "nic-detach", Short: "Detach a network interface from a VM", Method: "one.vm.detachnic",
			Args: []kit.Arg{{Name: "nic-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs, Wait: kit.Settled,
		},
		{
			Use: "snapshot-create", Short: "Take a system snapshot of VMs", Method: "one.vm.snapshotcreate", Many: true,
			Args:      []kit.Arg{{Name: "name", Kind: kit.ArgString, Optional: true}},
			Params:    func(c *kit.Call, id int) ([]any, error) { return []any{id, c.Arg(0, "")}, nil },
			Scheduled: func(c *kit.Call) (string, string) { return "snapshot-create", c.Arg(0, "").(string) },
			Result:    "ID", Wait: kit.Settled,
		},
		{
			Use: "snapshot-revert", Short: "Revert a VM to a system snapshot", Method: "one.vm.snapshotrevert",
			Args: []kit.Arg{{Name: "snapshot-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs, Wait: kit.Settled, Destructive: true,
		},
		{
			Use: "snapshot-delete", Short: "Delete a system snapshot of a VM", Method: "one.vm.snapshotdelete",
			Args: []kit.Arg{{Name: "snapshot-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs, Wait: kit.Settled, Destructive: true,
		},
		{
			Use: "backup", Short: "Back up a VM to a backup datastore", Method: "one.vm.backup",
			ObjectFlags: map[string]*kit.Resource{"datastore": kit.Datastores},
			Flags: func(fs *pflag.FlagSet) {
				fs.String("datastore", "", "backup datastore (ID or name; default: the VM's configured one)")
				fs.Bool("reset", false, "start a new incremental backup chain")
			},
			Params: func(c *kit.Call, id int) ([]any, error) {
				ds := -1
				if c.Changed("datastore") {
					v, err := kit.ReadArg(c.Cmd.Context(), c.F, kit.Arg{Name: "datastore", Res: kit.Datastores}, c.String("datastore"))
					if err != nil {
						return nil, err
					}
					ds = v.(int)
				}
				return []any{id, ds, c.Bool("reset")}, nil
			},
			Wait: kit.Settled,
		},
		{Use: "backup-cancel", Short: "Cancel a running backup of a VM", Method: "one.vm.backupcancel", Params: kit.IDOnly},
		{
			Use: "restore", Short: "Restore a powered-off VM from a backup image (admin)", Method: "one.vm.restore",
			Args: []kit.Arg{{Name: "image", Res: kit.Images}},
			Flags: func(fs *pflag.FlagSet) {
				fs.Int("disk-id", -1, "restore only this disk")
				fs.Int("increment", -1, "restore this increment (default: the last)")
			},
			Params: func(c *kit.Call, id int) ([]any, error) {
				return []any{id, c.Arg(0, -1), c.Int("increment"), c.Int("disk-id")}, nil
			},
			Wait: kit.Settled, Destructive: true,
		},
		{
			Use: "sg-attach", Short: "Attach a security group to a NIC of a VM", Method: "one.vm.attachsg",
			Args: []kit.Arg{{Name: "nic-id", Kind: kit.ArgInt}, {Name: "secgroup-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs,
		},
		{
			Use: "sg-detach", Short: "Detach a security group from a NIC of a VM", Method: "one.vm.detachsg",
			Args: []kit.Arg{{Name: "nic-id", Kind: kit.ArgInt}, {Name: "secgroup-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs,
		},
		{
			Use: "pci-attach", Short: "Attach a PCI device to a powered-off VM", Method: "one.vm.attachpci",
			Flags: func(fs *pflag.FlagSet) {
				fs.String("pci", "", "short address of the device (e.g. 00:06.0)")
				fs.String("pci-vendor", "", "vendor ID")
				fs.String("pci-device", "", "device ID")
				fs.String("pci-class", "", "class ID")
				fs.String("file", "", "PCI template file (- for stdin)")
			},
			Params: func(c *kit.Call, id int) ([]any, error) { t, err := pciTemplate(c); return []any{id, t}, err },
		},
		{
			Use: "pci-detach", Short: "Detach a PCI device from a powered-off VM", Method: "one.vm.detachpci",
			Args: []kit.Arg{{Name: "pci-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs,
		},
		{
			Use: "backupmode", Short: "Set the backup mode of a VM: FULL or INCREMENT", Method: "one.vm.updateconf",
			Args: []kit.Arg{{Name: "mode", Kind: kit.ArgString}},
			Check: func(c *kit.Call) error {
				if m := strings.ToUpper(c.Arg(0, "").(string)); m != "FULL" && m != "INCREMENT" {
					return kit.Usagef("<mode> must be FULL or INCREMENT, not %q", c.Arg(0, ""))
				}
				return nil
			},
			Params: func(c *kit.Call, id int) ([]any, error) {
				t := &template.Template{}
				t.Add(template.Attr{Name: "BACKUP_CONFIG", Vector: []template.Pair{{Name: "MODE", Value: strings.ToUpper(c.Arg(0, "").(string))}}})
				// Merge, so the rest of BACKUP_CONFIG stays as it is.
				return []any{id, t.String(), 1}, nil
			},
		},
		{
			Use: "sched-delete", Aliases: []string{"delete-chart"}, Short: "Delete a scheduled action of a VM", Method: "one.vm.scheddelete",
			Args: []kit.Arg{{Name: "sched-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs,
		},
	}
}

var recoverOps = []struct {
	flag string
	op   int
	help string
}{
	{"failure", 0, "recover as if the pending operation failed"},
	{"success", 1, "recover as if the pending operation succeeded"},
	{"retry", 2, "retry the last failed operation"},
	{"delete", 3, "delete the VM from any state"},
	{"recreate", 4, "delete the VM and submit it again as PENDING"},
	{"delete-db", 5, "drop the VM from the database without calling drivers"},
}

func recoverOp(c *kit.Call) (int, error) {
	op := -1
	for _, o := range recoverOps {
		if c.Bool(o.flag) {
			if op >= 0 {
				return 0, kit.Usagef("give exactly one of --success, --failure, --retry, --delete, --recreate, --delete-db")
			}
			op = o.op
		}
	}
	if op < 0 {
		return 0, kit.Usagef("give one of --success, --failure, --retry, --delete, --recreate, --delete-db")
	}
	return op, nil
}
