package commands

import (
	"github.com/spf13/cobra"

	"github.com/onectl/onectl/completions"
)

// completeObjects offers the names (and IDs) of res read live from the
// cloud; with states, only VMs in one of those short states (runn, poff...).
func completeObjects(f *Factory, res *resource, many bool, states ...string) cobra.CompletionFunc {
	src := completions.Source{Client: f.Client, Pool: res.pool, Label: res.label, Many: many}
	if len(states) > 0 {
		src.Keep = completions.VMIn(states...)
	}
	return completions.Func(src)
}

// completeAction completes the object argument(s), then each positional
// argument that names an object (a host for deploy, a user for chown...).
func completeAction(f *Factory, a *action) cobra.CompletionFunc {
	objects := completeObjects(f, a.res, a.many && len(a.args) == 0, a.states...)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 || a.many && len(a.args) == 0 {
			return objects(cmd, args, toComplete)
		}
		if i := len(args) - 1; i < len(a.args) {
			if res := argResources[a.args[i].kind]; res != nil {
				return completeObjects(f, res, false)(cmd, nil, toComplete)
			}
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
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
