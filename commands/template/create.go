package template

import (
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/commands/kit"
	tpl "github.com/onectl/onectl/template"
)

func creator() *kit.Create {
	var shape kit.VMShape
	return &kit.Create{
		Res: kit.Templates, Method: "one.template.allocate",
		Short: "Register a template from a file, stdin, or flags",
		Long: `Register a VM template from a file, a template on stdin (-), or flags
(--name --cpu --vcpu --memory --disk --nic), the flags winning over the
file. The template needs a NAME.`,
		Example: `  onectl template create --name small --cpu 0.5 --memory 512M --disk alpine-3.20 --nic private
  onectl template create web.tmpl`,
		Flags: func(fs *pflag.FlagSet) {
			shape.AddFlags(fs)
			fs.Lookup("name").Usage = "name of the template"
		},
		FromFlags: func(c *kit.Call, t *tpl.Template) error { return shape.Apply(c.Cmd.Context(), c.F, t) },
		Complete:  map[string]*kit.Resource{"disk": kit.Images, "nic": kit.VNets},
	}
}
