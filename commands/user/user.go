// Package user is the user group: oneuser's subcommands.
package user

import (
	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// NewCmd is the user group.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("user", "Manage users, their groups, passwords, tokens and quotas (oneuser)")
	cmd.AddCommand(
		(&kit.List{Res: kit.Users, Short: "List users with their VM usage and quotas (oneuser list)",
			Table: userTable, NewRow: func() func([]byte) (any, error) { return newPool().Row }, Whole: true}).Build(f),
		(&kit.Show{Res: kit.Users, Use: "show", Self: true, Render: renderUser,
			Decrypt: true,
			Short:   "Show a user (yourself when omitted): groups, tokens, template, usage and quotas"}).Build(f),
		(&kit.TemplateUpdate{Res: kit.Users, Use: "update", Method: "one.user.update", Appendable: true,
			Short: "Replace or merge the template of a user",
			Current: func(doc *output.Node, _ int) *template.Template {
				return kit.NodeTemplate(doc.Child("TEMPLATE"), nil)
			}}).Build(f),
		kit.QuotaUpdate(f, kit.Users, "one.user.quota", quotaTables),
		kit.DefaultQuota(f, kit.Users, "one.userquota.info", "one.userquota.update"),
		newLoginCmd(f),
		newCreateCmd(f),
		newEncodeCmd(f),
		newKeyCmd(f),
		newPasswdSearchCmd(f),
		newTokenCreateCmd(f),
		newTokenSetCmd(f),
		newTokenDeleteCmd(f),
		newTokenDeleteAllCmd(f),
	)
	member := func(use, method, short string) *kit.Action {
		return &kit.Action{Use: use, Method: method, Res: kit.Users, Many: true, Short: short,
			Args: []kit.Arg{{Name: "group", Res: kit.Groups}}, Params: kit.IDAndArgs}
	}
	for _, a := range []*kit.Action{
		kit.Delete(kit.Users),
		kit.Enable(kit.Users, true),
		kit.Enable(kit.Users, false),
		kit.BatchQuota(kit.Users, "one.user.quota"),
		member("chgrp", "one.user.chgrp", "Change the primary group of users"),
		member("addgroup", "one.user.addgroup", "Add users to a secondary group"),
		member("delgroup", "one.user.delgroup", "Remove users from a secondary group"),
		passwdAction(),
		chauthAction(),
		umaskAction(),
	} {
		cmd.AddCommand(a.Build(f))
	}
	return cmd
}
