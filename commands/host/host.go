// Package host is the host group: onehost's subcommands.
package host

import (
	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// NewCmd is the host group: onehost's subcommands.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("host", "Manage hosts (onehost)", "hosts")
	for _, a := range []*kit.Action{
		kit.Delete(kit.Hosts), kit.Rename(kit.Hosts),
		status("enable", "Enable hosts: the scheduler may place VMs on them again", 0, "MONITORED"),
		status("disable", "Disable hosts: still monitored, the scheduler places nothing new on them (deploy by hand still works)", 1, "DISABLED"),
		status("offline", "Set hosts offline: not monitored, and no VM may be deployed on them", 2, "OFFLINE"),
	} {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(
		newCreateCmd(f),
		lister().Build(f),
		kit.Top(f, lister(), "Show hosts, refreshed every few seconds (onehost top)"),
		shower().Build(f),
		monitoringShower().Build(f),
		newFlushCmd(f),
		newImportVMCmd(f),
		newForceUpdateCmd(f, "forceupdate", "Make hosts be probed again now (onehost forceupdate)", ""),
		newForceUpdateCmd(f, "sync", "Probe hosts again, as after a sync (onehost sync)", syncHelp),
		(&kit.TemplateUpdate{
			Res: kit.Hosts, Use: "update", Short: "Replace or merge (--append) a host's template", Method: "one.host.update",
			Appendable: true,
			Current:    func(obj *output.Node, _ int) *template.Template { return kit.NodeTemplate(obj.Path("TEMPLATE"), nil) },
		}).Build(f),
	)
	return cmd
}

// status is enable/disable/offline: one.host.status with its code.
func status(use, short string, code int, state string) *kit.Action {
	return &kit.Action{
		Use: use, Short: short, Method: "one.host.status", Res: kit.Hosts, Many: true,
		Params: func(_ *kit.Call, id int) ([]any, error) { return []any{id, code}, nil },
		Wait:   kit.Until(state),
	}
}

const syncHelp = `OpenNebula's onehost sync copies the frontend's probe and driver scripts
(/var/lib/one/remotes) to the hosts with rsync or ssh; it makes no XML-RPC
call. onectl does not run on the frontend and copies nothing: it does what
a sync leads to, which is the hosts being probed again with what they have
now. Each host named (or every host, or those of --cluster) is set offline
and enabled again (one.host.status 2, then 0), so it goes back to INIT and
is MONITORED again after its next probe.`
