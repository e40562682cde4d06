// Package commands assembles onectl's cobra tree: the resource groups (one
// package each under commands/, written over commands/kit), the tools (sim,
// completion, man) and the help topics. It holds no command logic of its
// own; see commands/README.md for how a group is added.
package commands

import (
	"context"
	"os"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/acl"
	"github.com/onectl/onectl/commands/api"
	"github.com/onectl/onectl/commands/backupjob"
	"github.com/onectl/onectl/commands/cluster"
	ctxcmd "github.com/onectl/onectl/commands/context"
	"github.com/onectl/onectl/commands/datastore"
	"github.com/onectl/onectl/commands/group"
	"github.com/onectl/onectl/commands/hook"
	"github.com/onectl/onectl/commands/host"
	"github.com/onectl/onectl/commands/image"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/commands/market"
	"github.com/onectl/onectl/commands/marketapp"
	"github.com/onectl/onectl/commands/secgroup"
	"github.com/onectl/onectl/commands/template"
	"github.com/onectl/onectl/commands/user"
	"github.com/onectl/onectl/commands/vdc"
	vercmd "github.com/onectl/onectl/commands/version"
	"github.com/onectl/onectl/commands/vm"
	"github.com/onectl/onectl/commands/vmgroup"
	"github.com/onectl/onectl/commands/vnet"
	"github.com/onectl/onectl/commands/vntemplate"
	"github.com/onectl/onectl/commands/vrouter"
	"github.com/onectl/onectl/commands/zone"
	"github.com/onectl/onectl/iostreams"
	"github.com/onectl/onectl/version"
)

// Version, when set at build time (-ldflags "-X ...commands.Version=..."),
// replaces the version package's; builds stamp the version package now
// (version, commit, date), see the Makefile and goreleaser.yaml.
var Version = ""

// versionLine is what `onectl --version` prints after "onectl version".
func versionLine() string { return buildInfo().String() }

// buildInfo is this build's version, commit and date (`onectl version`).
func buildInfo() version.Info {
	i := version.Get()
	if Version != "" {
		i.Version = Version
	}
	return i
}

// groups are the resource groups, in the order `onectl --help` lists them.
var groups = []func(*kit.Factory) *cobra.Command{
	vm.NewCmd,
	user.NewCmd,
	template.NewCmd,
	image.NewCmd,
	datastore.NewCmd,
	market.NewCmd,
	marketapp.NewCmd,
	vnet.NewCmd,
	secgroup.NewCmd,
	vntemplate.NewCmd,
	vrouter.NewCmd,
	host.NewCmd,
	cluster.NewCmd,
	hook.NewCmd,
	backupjob.NewCmd,
	vmgroup.NewCmd,
	group.NewCmd,
	acl.NewCmd,
	vdc.NewCmd,
	zone.NewCmd,
}

// NewRoot builds the whole command tree.
func NewRoot(f *kit.Factory) *cobra.Command {
	root := kit.Root(f, versionLine())
	root.AddGroup(&cobra.Group{ID: "resources", Title: "Resources:"}, &cobra.Group{ID: "tools", Title: "Tools:"})
	for _, g := range groups {
		c := g(f)
		c.GroupID = "resources"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{newSimCmd(f), newCompletionCmd(f), newManCmd(f), api.NewCmd(f), vercmd.NewCmd(f, buildInfo)} {
		c.GroupID = "tools"
		root.AddCommand(c)
	}
	contexts := ctxcmd.NewCmd(f)
	contexts.GroupID = "tools"
	root.AddCommand(contexts, newEnvironmentHelp())
	root.AddCommand(&cobra.Command{
		Use:   "exit-codes",
		Short: "The exit codes onectl uses",
		Long:  kit.ExitCodesHelp(),
	})
	return root
}

// Execute runs onectl with args and returns the process exit code.
func Execute(ctx context.Context, ios *iostreams.IOStreams, args []string) int {
	f := &kit.Factory{IO: ios, Env: os.Getenv}
	f.Home, _ = os.UserHomeDir()
	return run(ctx, f, args)
}

func run(ctx context.Context, f *kit.Factory, args []string) int {
	return kit.Run(ctx, f, NewRoot(f), args)
}
