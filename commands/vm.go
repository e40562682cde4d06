package commands

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/template"
)

func newVMCmd(f *Factory) *cobra.Command {
	cmd := groupCmd("vm", "Manage virtual machines (onevm)", "vms")
	for _, a := range vmActions() {
		a.res = vmRes
		cmd.AddCommand(a.build(f))
	}
	cmd.AddCommand(
		newVMListCmd(f),
		newVMTopCmd(f),
		vmShower().build(f),
		vmMonitoringShower().build(f),
		newVMCreateCmd(f),
		newVMSSHCmd(f),
		newVMPortForwardCmd(f),
		newVMVNCCmd(f),
		newVMCreateChartCmd(f),
		newVMSaveCmd(f),
	)
	for _, s := range vmSnapshotListers() {
		cmd.AddCommand(s.build(f))
	}
	for _, u := range vmTemplateUpdates() {
		u.res = vmRes
		cmd.AddCommand(u.build(f))
	}
	return cmd
}

// vmVerb declares one of the 15 one.vm.action verbs: (action, id).
type vmVerb struct {
	name, short string
	wait        *waitSpec
	hard        bool // has a "-hard" variant
	destructive bool
	perm        string
	states      []string // where the action is allowed, for completion
}

func (v vmVerb) action() *action {
	a := &action{
		use:         v.name,
		short:       v.short,
		method:      "one.vm.action",
		perm:        v.perm,
		many:        true,
		wait:        v.wait,
		destructive: v.destructive,
		states:      v.states,
	}
	if v.hard {
		a.flags = func(fs *pflag.FlagSet) {
			fs.Bool("hard", false, "do it at once, without waiting for the guest (one.vm.action \""+v.name+"-hard\")")
		}
	}
	name := func(c *call) string {
		if v.hard && c.Bool("hard") {
			return v.name + "-hard"
		}
		return v.name
	}
	a.params = func(c *call, id int) ([]any, error) { return []any{name(c), id}, nil }
	a.scheduled = func(c *call) (string, string) { return name(c), "" }
	return a
}

func vmActions() []*action {
	manage, admin := "VM:MANAGE", "VM:ADMIN"
	return []*action{
		vmVerb{name: "terminate", short: "Terminate VMs: shut down and delete them", wait: waitFor("DONE"), hard: true, destructive: true, perm: manage}.action(),
		vmVerb{name: "undeploy", short: "Shut down VMs and free their hosts, keeping their disks", wait: waitFor("UNDEPLOYED"), hard: true, perm: manage, states: []string{"runn", "poff"}}.action(),
		vmVerb{name: "poweroff", short: "Power off VMs, keeping them on their hosts", wait: waitFor("POWEROFF"), hard: true, perm: manage, states: []string{"runn"}}.action(),
		vmVerb{name: "reboot", short: "Reboot running VMs", wait: waitFor("RUNNING"), hard: true, perm: manage, states: []string{"runn"}}.action(),
		vmVerb{name: "hold", short: "Hold pending VMs so the scheduler leaves them alone", wait: waitFor("HOLD"), perm: manage, states: []string{"pend"}}.action(),
		vmVerb{name: "release", short: "Release held VMs to the scheduler", wait: waitFor("PENDING", "PROLOG", "BOOT", "RUNNING"), perm: manage, states: []string{"hold"}}.action(),
		vmVerb{name: "stop", short: "Stop VMs: save their state and free their hosts", wait: waitFor("STOPPED"), perm: manage, states: []string{"runn"}}.action(),
		vmVerb{name: "suspend", short: "Suspend VMs, keeping their state on the host", wait: waitFor("SUSPENDED"), perm: manage, states: []string{"runn"}}.action(),
		vmVerb{name: "resume", short: "Resume stopped, suspended, undeployed or powered-off VMs", wait: waitFor("RUNNING"), perm: manage, states: []string{"poff", "susp", "stop", "unde"}}.action(),
		vmVerb{name: "resched", short: "Ask the scheduler to move VMs to another host", perm: admin, states: []string{"runn", "poff"}}.action(),
		vmVerb{name: "unresched", short: "Clear the reschedule flag of VMs", perm: admin, states: []string{"runn", "poff"}}.action(),
		{
			use: "deploy", short: "Deploy VMs on a host (admin)", method: "one.vm.deploy", many: true,
			args: []arg{{name: "host", kind: argHost}, {name: "datastore", kind: argDatastore, optional: true}},
			flags: func(fs *pflag.FlagSet) {
				fs.Bool("enforce", false, "refuse if the host lacks capacity")
			},
			params: func(c *call, id int) ([]any, error) {
				return []any{id, c.Arg(0, -1), c.Bool("enforce"), c.Arg(1, -1), ""}, nil
			},
			wait: waitFor("RUNNING"), states: []string{"pend", "hold", "stop", "unde"},
		},
		{
			use: "migrate", short: "Migrate VMs to another host (admin)", method: "one.vm.migrate", many: true,
			args: []arg{{name: "host", kind: argHost}, {name: "datastore", kind: argDatastore, optional: true}},
			flags: func(fs *pflag.FlagSet) {
				fs.Bool("live", false, "live migration: the VM keeps running")
				fs.Bool("enforce", false, "refuse if the host lacks capacity")
				fs.Bool("poff", false, "migrate by powering off the VM")
				fs.Bool("poff-hard", false, "migrate by powering off the VM at once")
			},
			check: func(c *call) error {
				if c.Bool("live") && (c.Bool("poff") || c.Bool("poff-hard")) || c.Bool("poff") && c.Bool("poff-hard") {
					return usageErrorf("--live, --poff and --poff-hard exclude each other")
				}
				return nil
			},
			params: func(c *call, id int) ([]any, error) {
				kind := 0
				if c.Bool("poff") {
					kind = 1
				} else if c.Bool("poff-hard") {
					kind = 2
				}
				return []any{id, c.Arg(0, -1), c.Bool("live"), c.Bool("enforce"), c.Arg(1, -1), kind}, nil
			},
			wait: waitSettled, states: []string{"runn", "poff", "susp", "unkn"},
		},
		{
			use: "recover", short: "Recover VMs stuck in a failure or transient state (admin)", method: "one.vm.recover", many: true,
			long: "Exactly one of --success, --failure, --retry, --delete, --recreate, --delete-db.",
			flags: func(fs *pflag.FlagSet) {
				for _, o := range recoverOps {
					fs.Bool(o.flag, false, o.help)
				}
			},
			check: func(c *call) error {
				_, err := recoverOp(c)
				return err
			},
			params: func(c *call, id int) ([]any, error) {
				op, err := recoverOp(c)
				return []any{id, op}, err
			},
			wait:        waitSettled,
			destructive: true,
		},
		{
			use: "lock", short: "Lock VMs against actions", method: "one.vm.lock", many: true,
			flags: func(fs *pflag.FlagSet) {
				fs.Bool("use", false, "lock every action (level 1, the default)")
				fs.Bool("manage", false, "lock manage and admin actions (level 2)")
				fs.Bool("admin", false, "lock admin actions (level 3)")
				fs.Bool("all", false, "lock everything (level 4)")
			},
			params: func(c *call, id int) ([]any, error) {
				level := 1
				switch {
				case c.Bool("manage"):
					level = 2
				case c.Bool("admin"):
					level = 3
				case c.Bool("all"):
					level = 4
				}
				return []any{id, level, false}, nil
			},
		},
		{use: "unlock", short: "Unlock VMs", method: "one.vm.unlock", many: true, params: idOnly},
		{
			use: "chown", short: "Change the owner (and group) of VMs", method: "one.vm.chown", many: true,
			args: []arg{{name: "user", kind: argUser}, {name: "group", kind: argGroup, optional: true}},
			params: func(c *call, id int) ([]any, error) {
				return []any{id, c.Arg(0, -1), c.Arg(1, -1)}, nil
			},
		},
		{
			use: "chgrp", short: "Change the group of VMs", method: "one.vm.chown", many: true,
			args: []arg{{name: "group", kind: argGroup}},
			params: func(c *call, id int) ([]any, error) {
				return []any{id, -1, c.Arg(0, -1)}, nil
			},
		},
		{
			use: "chmod", short: "Change the permissions of VMs (octal, e.g. 640)", method: "one.vm.chmod", many: true,
			args:   []arg{{name: "octet", kind: argOctal}},
			params: chmodParams,
		},
		{
			use: "rename", short: "Rename a VM", method: "one.vm.rename",
			args:   []arg{{name: "name", kind: argString}},
			params: func(c *call, id int) ([]any, error) { return []any{id, c.Arg(0, "")}, nil },
		},
		{
			use: "resize", short: "Change the CPU, VCPU or memory of a VM", method: "one.vm.resize",
			flags: func(fs *pflag.FlagSet) {
				fs.String("cpu", "", "new CPU (physical CPU share, e.g. 0.5)")
				fs.Int("vcpu", 0, "new number of virtual CPUs")
				fs.String("memory", "", "new memory (MB, or with units: 512M, 2G)")
				fs.Bool("enforce", false, "refuse if the host lacks capacity")
				fs.String("file", "", "capacity template file (- for stdin)")
			},
			check: func(c *call) error { _, err := resizeTemplate(c); return err },
			params: func(c *call, id int) ([]any, error) {
				t, err := resizeTemplate(c)
				return []any{id, t, c.Bool("enforce")}, err
			},
			wait: waitSettled,
		},
		{
			use: "disk-attach", short: "Attach a disk to a VM", method: "one.vm.attach",
			flags:  diskAttachFlags,
			params: func(c *call, id int) ([]any, error) { t, err := diskTemplate(c); return []any{id, t}, err },
			wait:   waitSettled,
		},
		{
			use: "disk-detach", short: "Detach a disk from a VM", method: "one.vm.detach",
			args: []arg{{name: "disk-id", kind: argInt}}, params: idAndArgs, wait: waitSettled, destructive: true,
		},
		{
			use: "disk-resize", short: "Grow a disk of a VM (size in MB or with units: 10G)", method: "one.vm.diskresize",
			args: []arg{{name: "disk-id", kind: argInt}, {name: "size", kind: argSizeMB}},
			params: func(c *call, id int) ([]any, error) {
				return []any{id, c.Arg(0, 0), fmt.Sprint(c.Arg(1, 0))}, nil
			},
			wait: waitSettled,
		},
		{
			use: "disk-saveas", short: "Save a disk of a VM as a new image", method: "one.vm.disksaveas",
			args: []arg{{name: "disk-id", kind: argInt}, {name: "image-name", kind: argString}},
			flags: func(fs *pflag.FlagSet) {
				fs.String("type", "", "type of the new image (OS, DATABLOCK, CDROM...)")
				fs.Int("snapshot", -1, "save this disk snapshot instead of the current state")
			},
			params: func(c *call, id int) ([]any, error) {
				return []any{id, c.Arg(0, 0), c.Arg(1, ""), c.String("type"), c.Int("snapshot")}, nil
			},
			result: "ID", wait: waitSettled,
		},
		{
			use: "disk-snapshot-create", short: "Snapshot a disk of a VM", method: "one.vm.disksnapshotcreate",
			args: []arg{{name: "disk-id", kind: argInt}, {name: "name", kind: argString}}, params: idAndArgs,
			result: "ID", wait: waitSettled,
		},
		{
			use: "disk-snapshot-revert", short: "Revert a disk of a VM to a snapshot", method: "one.vm.disksnapshotrevert",
			args: []arg{{name: "disk-id", kind: argInt}, {name: "snapshot-id", kind: argInt}}, params: idAndArgs,
			wait: waitSettled, destructive: true,
		},
		{
			use: "disk-snapshot-delete", short: "Delete a disk snapshot of a VM", method: "one.vm.disksnapshotdelete",
			args: []arg{{name: "disk-id", kind: argInt}, {name: "snapshot-id", kind: argInt}}, params: idAndArgs,
			wait: waitSettled, destructive: true,
		},
		{
			use: "disk-snapshot-rename", short: "Rename a disk snapshot of a VM", method: "one.vm.disksnapshotrename",
			args:   []arg{{name: "disk-id", kind: argInt}, {name: "snapshot-id", kind: argInt}, {name: "name", kind: argString}},
			params: idAndArgs,
		},
		{
			use: "nic-attach", short: "Attach a network interface to a VM", method: "one.vm.attachnic",
			flags:  nicAttachFlags,
			params: func(c *call, id int) ([]any, error) { t, err := nicTemplate(c); return []any{id, t}, err },
			wait:   waitSettled,
		},
		{
			use: "nic-detach", short: "Detach a network interface from a VM", method: "one.vm.detachnic",
			args: []arg{{name: "nic-id", kind: argInt}}, params: idAndArgs, wait: waitSettled,
		},
		{
			use: "snapshot-create", short: "Take a system snapshot of VMs", method: "one.vm.snapshotcreate", many: true,
			args:      []arg{{name: "name", kind: argString, optional: true}},
			params:    func(c *call, id int) ([]any, error) { return []any{id, c.Arg(0, "")}, nil },
			scheduled: func(c *call) (string, string) { return "snapshot-create", c.Arg(0, "").(string) },
			result:    "ID", wait: waitSettled,
		},
		{
			use: "snapshot-revert", short: "Revert a VM to a system snapshot", method: "one.vm.snapshotrevert",
			args: []arg{{name: "snapshot-id", kind: argInt}}, params: idAndArgs, wait: waitSettled, destructive: true,
		},
		{
			use: "snapshot-delete", short: "Delete a system snapshot of a VM", method: "one.vm.snapshotdelete",
			args: []arg{{name: "snapshot-id", kind: argInt}}, params: idAndArgs, wait: waitSettled, destructive: true,
		},
		{
			use: "backup", short: "Back up a VM to a backup datastore", method: "one.vm.backup",
			flags: func(fs *pflag.FlagSet) {
				fs.String("datastore", "", "backup datastore (ID or name; default: the VM's configured one)")
				fs.Bool("reset", false, "start a new incremental backup chain")
			},
			params: func(c *call, id int) ([]any, error) {
				ds := -1
				if c.Changed("datastore") {
					v, err := readArg(c.cmd.Context(), c.f, arg{name: "datastore", kind: argDatastore}, c.String("datastore"))
					if err != nil {
						return nil, err
					}
					ds = v.(int)
				}
				return []any{id, ds, c.Bool("reset")}, nil
			},
			wait: waitSettled,
		},
		{use: "backup-cancel", short: "Cancel a running backup of a VM", method: "one.vm.backupcancel", params: idOnly},
		{
			use: "restore", short: "Restore a powered-off VM from a backup image (admin)", method: "one.vm.restore",
			args: []arg{{name: "image", kind: argImage}},
			flags: func(fs *pflag.FlagSet) {
				fs.Int("disk-id", -1, "restore only this disk")
				fs.Int("increment", -1, "restore this increment (default: the last)")
			},
			params: func(c *call, id int) ([]any, error) {
				return []any{id, c.Arg(0, -1), c.Int("increment"), c.Int("disk-id")}, nil
			},
			wait: waitSettled, destructive: true,
		},
		{
			use: "sg-attach", short: "Attach a security group to a NIC of a VM", method: "one.vm.attachsg",
			args: []arg{{name: "nic-id", kind: argInt}, {name: "secgroup-id", kind: argInt}}, params: idAndArgs,
		},
		{
			use: "sg-detach", short: "Detach a security group from a NIC of a VM", method: "one.vm.detachsg",
			args: []arg{{name: "nic-id", kind: argInt}, {name: "secgroup-id", kind: argInt}}, params: idAndArgs,
		},
		{
			use: "pci-attach", short: "Attach a PCI device to a powered-off VM", method: "one.vm.attachpci",
			flags: func(fs *pflag.FlagSet) {
				fs.String("pci", "", "short address of the device (e.g. 00:06.0)")
				fs.String("pci-vendor", "", "vendor ID")
				fs.String("pci-device", "", "device ID")
				fs.String("pci-class", "", "class ID")
				fs.String("file", "", "PCI template file (- for stdin)")
			},
			params: func(c *call, id int) ([]any, error) { t, err := pciTemplate(c); return []any{id, t}, err },
		},
		{
			use: "pci-detach", short: "Detach a PCI device from a powered-off VM", method: "one.vm.detachpci",
			args: []arg{{name: "pci-id", kind: argInt}}, params: idAndArgs,
		},
		{
			use: "backupmode", short: "Set the backup mode of a VM: FULL or INCREMENT", method: "one.vm.updateconf",
			args: []arg{{name: "mode", kind: argString}},
			check: func(c *call) error {
				if m := strings.ToUpper(c.Arg(0, "").(string)); m != "FULL" && m != "INCREMENT" {
					return usageErrorf("<mode> must be FULL or INCREMENT, not %q", c.Arg(0, ""))
				}
				return nil
			},
			params: func(c *call, id int) ([]any, error) {
				t := &template.Template{}
				t.Add(template.Attr{Name: "BACKUP_CONFIG", Vector: []template.Pair{{Name: "MODE", Value: strings.ToUpper(c.Arg(0, "").(string))}}})
				// Merge, so the rest of BACKUP_CONFIG stays as it is.
				return []any{id, t.String(), 1}, nil
			},
		},
		{
			use: "sched-delete", aliases: []string{"delete-chart"}, short: "Delete a scheduled action of a VM", method: "one.vm.scheddelete",
			args: []arg{{name: "sched-id", kind: argInt}}, params: idAndArgs,
		},
	}
}

func idOnly(_ *call, id int) ([]any, error) { return []any{id}, nil }

// idAndArgs sends the VM ID followed by the positional args in order.
func idAndArgs(c *call, id int) ([]any, error) { return append([]any{id}, c.args...), nil }

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

func recoverOp(c *call) (int, error) {
	op := -1
	for _, o := range recoverOps {
		if c.Bool(o.flag) {
			if op >= 0 {
				return 0, usageErrorf("give exactly one of --success, --failure, --retry, --delete, --recreate, --delete-db")
			}
			op = o.op
		}
	}
	if op < 0 {
		return 0, usageErrorf("give one of --success, --failure, --retry, --delete, --recreate, --delete-db")
	}
	return op, nil
}

// chmodParams turns an octet like 640 into the nine bits one.X.chmod takes.
func chmodParams(c *call, id int) ([]any, error) {
	oct := c.Arg(0, "").(string)
	params := []any{id}
	for _, ch := range oct {
		d := int(ch - '0')
		params = append(params, d>>2&1, d>>1&1, d&1)
	}
	return params, nil
}
