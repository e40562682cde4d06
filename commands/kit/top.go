package kit

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// Top builds `top` from a list declaration: the list, refreshed every
// --delay on a terminal; without one it prints the list once, so it is
// harmless in a script.
func Top(f *Factory, l *List) *cobra.Command {
	cmd := l.Build(f)
	cmd.Use = strings.Replace(cmd.Use, "list", "top", 1)
	cmd.Aliases = nil
	delay := cmd.Flags().Duration("delay", 5*time.Second, "time between refreshes")
	list := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if !f.IO.IsStdoutTTY() {
			return list(cmd, args)
		}
		if *delay < 100*time.Millisecond {
			return Usagef("--delay must be at least 100ms")
		}
		f.Endless()
		for {
			fmt.Fprint(f.IO.Out, "\033[H\033[2J")
			fmt.Fprintf(f.IO.Out, "onectl %s: every %s, %s (Ctrl-C to quit)\n\n", cmd.CommandPath()[len(cmd.Root().Name())+1:],
				*delay, Now().Format("15:04:05"))
			if err := list(cmd, args); err != nil {
				return err
			}
			select {
			case <-cmd.Context().Done():
				return nil
			case <-time.After(*delay):
			}
		}
	}
	return cmd
}
