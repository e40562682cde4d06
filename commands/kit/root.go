package kit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Root is the bare `onectl` command: the global flags every command shares
// and the error conventions (flag errors are usage errors; cobra prints
// nothing itself, Run does). The root package adds the groups and tools.
func Root(f *Factory, version string) *cobra.Command {
	root := &cobra.Command{
		Use:   "onectl",
		Short: "Manage an OpenNebula cloud from the command line",
		Long: `onectl manages OpenNebula 6.10 and 7.x clouds (and compatible builds).
Each command maps onto one XML-RPC method of OpenNebula's API; its help says
which method and which permission it needs.

It ships a simulator, so you can try it without a cloud:
  onectl sim tour                         # a private simulator and a tour
  onectl sim serve &                      # http://127.0.0.1:2633/RPC2
  onectl --endpoint http://127.0.0.1:2633/RPC2 --user oneadmin vm list
                                          # asks for the password: opennebula`,
		Version:       version,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &UsageError{Msg: err.Error()}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&f.G.Endpoint, "endpoint", "", "XML-RPC endpoint URL (default: see onectl help environment)")
	pf.StringVar(&f.G.User, "user", "", "user name (its password is asked on a terminal)")
	pf.StringVar(&f.G.Password, "password", "", "password or login token for --user (visible to other local users: prefer the prompt or a context)")
	pf.StringVar(&f.G.Context, "context", "", "context of onectl's config file to use (also $ONECTL_CONTEXT)")
	pf.StringVar(&f.G.ConfigFile, "config", "", "onectl config file (default $XDG_CONFIG_HOME/onectl/config.yaml)")
	pf.DurationVar(&f.G.Timeout, "timeout", 30*time.Second, "time limit for the whole command: its calls, their retries and --wait")
	pf.StringVar(&f.G.CAFile, "ca-file", "", "PEM file of extra certificate authorities for https")
	pf.BoolVar(&f.G.Insecure, "insecure", false, "do not verify the server's TLS certificate")
	pf.BoolVar(&f.G.Debug, "debug", false, "print XML-RPC requests and responses on stderr (session redacted)")
	pf.BoolVar(&f.G.DryRun, "dry-run", false, "print the XML-RPC calls that would be made (session redacted) and call nothing")
	// Global, so scripts can always pass it; only commands that lose data
	// ask, and only on a terminal. No -y: OpenNebula's CLI uses -y for --yaml.
	pf.BoolVar(&f.G.Yes, "yes", false, "never ask for confirmation")
	f.timeoutFlag = pf.Lookup("timeout")
	_ = root.RegisterFlagCompletionFunc("context", CompleteContexts(f))
	return root
}

// Run executes the tree with args and returns the process exit code. It is
// the only place that prints a final error.
func Run(ctx context.Context, f *Factory, root *cobra.Command, args []string) int {
	markRunErrors(root)
	acceptUnderscores(root)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	// Errors from our run functions are all marked (markRunErrors), so an
	// unmarked one is cobra's own complaint about the command line.
	var coded *CodedError
	if ExitCode(err) == ExitError && !errors.As(err, &coded) {
		err = &UsageError{Msg: err.Error()}
	}
	err = f.AuthHint(err)
	var rep *ReportedError
	switch {
	case errors.As(err, &rep):
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(f.IO.ErrOut, "onectl: interrupted")
	default:
		fmt.Fprintln(f.IO.ErrOut, ErrorLine(err))
	}
	return ExitCode(err)
}

// markRunErrors wraps every run function so that an error it returns
// without a kind is marked as a plain failure (exit 1), which keeps it apart
// from cobra's untyped command-line errors (exit 2). Wrapping twice is
// harmless: the outer wrapper sees an already marked error.
func markRunErrors(c *cobra.Command) {
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			err := run(cmd, args)
			if err != nil && ExitCode(err) == ExitError {
				var coded *CodedError
				if !errors.As(err, &coded) {
					return &CodedError{Code: ExitError, Err: err}
				}
			}
			return err
		}
	}
	for _, sub := range c.Commands() {
		markRunErrors(sub)
	}
}

// acceptUnderscores lets every flag, spelled in kebab case, also be given
// in the underscore spelling of OpenNebula's CLI (--no_check_capacity), so
// old scripts keep working. It runs before a command's own normalization
// (user login's --password-stdin), which it keeps.
func acceptUnderscores(c *cobra.Command) {
	for _, fs := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags()} {
		own := fs.GetNormalizeFunc()
		fs.SetNormalizeFunc(func(fs *pflag.FlagSet, name string) pflag.NormalizedName {
			return own(fs, strings.ReplaceAll(name, "_", "-"))
		})
	}
	for _, sub := range c.Commands() {
		acceptUnderscores(sub)
	}
}

// Group is a resource group's command: it only holds subcommands, and an
// unknown subcommand is a usage error (cobra would print help and exit 0).
func Group(use, short string, aliases ...string) *cobra.Command {
	cmd := &cobra.Command{
		Use:     use,
		Aliases: aliases,
		Short:   short,
		Args:    cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return Usagef("unknown command %q for %q; see '%s --help'", args[0], cmd.CommandPath(), cmd.CommandPath())
			}
			return cmd.Help()
		},
	}
	return cmd
}
