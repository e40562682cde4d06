package commands

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/man"
)

func newManCmd(f *kit.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "man <dir>",
		Short: "Write a man page for every onectl command into <dir>",
		Long: `Write a man page for every onectl command into <dir>, e.g.
  onectl man /usr/local/share/man/man1 && man onectl-vm-deploy`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := man.Generate(cmd.Root(), args[0], time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "wrote %d man pages to %s\n", len(files), args[0])
			return nil
		},
	}
}
