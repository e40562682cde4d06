package commands

import (
	"github.com/onectl/onectl/commands/kit"
	"github.com/spf13/cobra"
)

func newCompletionCmd(f *kit.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		Long: `Print a shell completion script. Completion knows your objects: it asks
the cloud for the names of VMs, hosts, images... as you type.

  bash:  source <(onectl completion bash)
  zsh:   onectl completion zsh > "${fpath[1]}/_onectl"
  fish:  onectl completion fish | source`,
		ValidArgs: []string{"bash", "zsh", "fish", "powershell"},
		Args:      cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
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
