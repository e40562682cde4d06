package commands

import (
	"context"
	"strconv"
	"time"

	"github.com/spf13/cobra"
)

// completeObjects offers the names (and IDs) of the objects a command acts
// on, read live from the cloud. Completion must never hang a shell, so it
// gets a short deadline and stays silent on any error.
func completeObjects(f *Factory, res *resource) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if res == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		if len(args) > 0 && !acceptsMore(cmd) {
			return nil, cobra.ShellCompDirectiveDefault
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		c, err := f.Client()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		_ = c.Pages(ctx, res.pool, func(page []byte) error {
			return eachIDName(page, func(id int, name string) {
				out = append(out, name+"\t"+res.label+" "+strconv.Itoa(id))
			})
		})
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// acceptsMore: commands whose usage ends in "..." take any number of objects.
func acceptsMore(cmd *cobra.Command) bool {
	u := cmd.Use
	return len(u) > 3 && u[len(u)-3:] == "..."
}

func newCompletionCmd(f *Factory) *cobra.Command {
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
