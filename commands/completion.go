package commands

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
)

var shells = []string{"bash", "zsh", "fish", "powershell"}

const installHelp = `  bash:        source <(onectl completion bash)
  zsh:         onectl completion zsh > "${fpath[1]}/_onectl"
  fish:        onectl completion fish | source
  powershell:  onectl completion powershell | Out-String | Invoke-Expression`

func newCompletionCmd(f *kit.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		Long: `Print a shell completion script. Completion knows your objects: it asks
the cloud for the names of VMs, hosts, images... as you type (reusing an
answer for a few seconds, giving up after two, and completing nothing when
the cloud cannot be reached); and the values of --context, --state, -o,
--sort, --list and --filter.

` + installHelp,
		ValidArgs: shells,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 || len(args) == 1 && !slices.Contains(shells, args[0]) {
				return kit.Usagef("onectl completion takes one shell: %s", strings.Join(shells, ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				// Which shells, and how to load each: what a person asking
				// `onectl completion` wants to know.
				_, err := fmt.Fprintf(f.IO.Out, "onectl completion <shell>, for one of: %s\n\n%s\n", strings.Join(shells, ", "), installHelp)
				return err
			}
			root := cmd.Root()
			out := f.IO.Out
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(out, true)
			case "zsh":
				return root.GenZshCompletion(out)
			case "fish":
				return root.GenFishCompletion(out, true)
			default:
				return root.GenPowerShellCompletionWithDesc(out)
			}
		},
	}
	return cmd
}
