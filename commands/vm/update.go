package vm

import (
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

func vmTemplateUpdates() []*kit.TemplateUpdate {
	return []*kit.TemplateUpdate{
		{
			Use: "update", Short: "Replace or merge (--append) the user template of a VM", Method: "one.vm.update",
			Appendable: true,
			Current: func(obj *output.Node, _ int) *template.Template {
				return kit.NodeTemplate(obj.Path("USER_TEMPLATE"), nil)
			},
		},
		{
			Use: "updateconf", Short: "Update the configuration of a VM (OS, FEATURES, INPUT, GRAPHICS, VIDEO, RAW, CONTEXT, CPU_MODEL, BACKUP_CONFIG)", Method: "one.vm.updateconf",
			Appendable: true,
			Current: func(obj *output.Node, _ int) *template.Template {
				return kit.NodeTemplate(obj.Path("TEMPLATE"), []string{"OS", "FEATURES", "INPUT", "GRAPHICS", "VIDEO", "RAW", "CONTEXT", "CPU_MODEL", "BACKUP_CONFIG"})
			},
		},
		{
			Use: "nic-update", Short: "Update the attributes of a NIC of a VM", Method: "one.vm.updatenic",
			Sub: "nic-id", Appendable: true,
			Current: func(obj *output.Node, nic int) *template.Template {
				return kit.VectorWithID(obj.Path("TEMPLATE"), "NIC", "NIC_ID", nic)
			},
		},
		{
			Use: "sched-update", Aliases: []string{"update-chart"}, Short: "Update a scheduled action of a VM", Method: "one.vm.schedupdate",
			Sub: "sched-id",
			Current: func(obj *output.Node, id int) *template.Template {
				return kit.VectorWithID(obj.Path("TEMPLATE"), "SCHED_ACTION", "ID", id)
			},
		},
	}
}
