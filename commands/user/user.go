// Package user is the user group: oneuser's subcommands.
package user

import (
	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
)

// NewCmd is the user group.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("user", "Manage users (oneuser)")
	cmd.AddCommand(newLoginCmd(f))
	return cmd
}
