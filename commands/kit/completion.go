package kit

import (
	"github.com/spf13/cobra"

	"github.com/onectl/onectl/completions"
)

// CompleteObjects offers the names (and IDs) of res read live from the
// cloud; with states, only VMs in one of those short states (runn, poff...).
func CompleteObjects(f *Factory, res *Resource, many bool, states ...string) cobra.CompletionFunc {
	src := completions.Source{Client: f.Client, Pool: res.Pool, Label: res.Label, Many: many}
	if len(states) > 0 && res.CompleteIn != nil {
		src.Keep = res.CompleteIn(states...)
	}
	return completions.Func(src)
}

// completeAction completes the object argument(s), then each positional
// argument that names an object (a host for deploy, a user for chown...).
func completeAction(f *Factory, a *Action) cobra.CompletionFunc {
	objects := CompleteObjects(f, a.Res, a.Many && len(a.Args) == 0, a.States...)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 || a.Many && len(a.Args) == 0 {
			return objects(cmd, args, toComplete)
		}
		if i := len(args) - 1; i < len(a.Args) {
			if res := a.Args[i].Res; res != nil {
				return CompleteObjects(f, res, false)(cmd, nil, toComplete)
			}
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

// CompleteFlag makes a flag that names an object (--datastore, --disk,
// --nic...) complete live like an object argument.
func CompleteFlag(f *Factory, cmd *cobra.Command, flag string, res *Resource) {
	objects := CompleteObjects(f, res, false)
	// a flag's value does not depend on the positional arguments before it
	_ = cmd.RegisterFlagCompletionFunc(flag, func(cmd *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return objects(cmd, nil, toComplete)
	})
}

// CompleteObjectFlags is CompleteFlag for each flag of a declaration
// (Action.ObjectFlags, VMShapeObjects).
func CompleteObjectFlags(f *Factory, cmd *cobra.Command, flags map[string]*Resource) {
	for name, res := range flags {
		CompleteFlag(f, cmd, name, res)
	}
}
