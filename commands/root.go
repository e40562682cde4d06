// Package commands holds onectl's cobra tree. Most commands are declarations
// handed to a few builders (list, show, action); only commands that really
// differ have a run function of their own.
package commands

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/iostreams"
)

// Version is set at build time (-ldflags "-X ...commands.Version=...").
var Version = "dev"

// Globals are the flags every command shares.
type Globals struct {
	Endpoint   string
	User       string
	Password   string
	Context    string
	ConfigFile string
	Timeout    time.Duration
	CAFile     string
	Insecure   bool
	Debug      bool
	DryRun     bool
	Yes        bool
}

// Factory gives commands what they need from the outside world, lazily, so a
// command that never talks to a server never reads credentials.
type Factory struct {
	IO   *iostreams.IOStreams
	Env  client.Env
	Home string
	G    Globals

	client      *client.Client
	timeoutFlag *pflag.Flag
}

// Client builds the XML-RPC client from flags, environment and config files.
func (f *Factory) Client() (*client.Client, error) {
	if f.client != nil {
		return f.client, nil
	}
	if f.G.Timeout <= 0 {
		return nil, usageErrorf("--timeout must be positive, e.g. 30s or 5m")
	}
	res, err := client.Resolve(client.Overrides{
		Endpoint:   f.G.Endpoint,
		User:       f.G.User,
		Password:   f.G.Password,
		Context:    f.G.Context,
		ConfigFile: f.G.ConfigFile,
	}, f.Env, f.Home)
	if err != nil {
		return nil, configError(err)
	}
	timeout := f.G.Timeout
	if res.Timeout > 0 && !f.timeoutSet() {
		timeout = res.Timeout
	}
	opts := client.Options{
		Endpoint: res.Endpoint,
		Session:  res.Session,
		Timeout:  timeout,
		CAFile:   firstNonEmpty(f.G.CAFile, res.CAFile),
		CertDir:  res.CertDir,
		Insecure: f.G.Insecure || res.Insecure,
		PageSize: res.PageSize,
	}
	if opts.Insecure && strings.HasPrefix(opts.Endpoint, "https:") {
		fmt.Fprintln(f.IO.ErrOut, "onectl: warning: TLS certificate verification is disabled")
	}
	if f.G.Debug {
		opts.Debug = f.IO.ErrOut
		fmt.Fprintf(f.IO.ErrOut, "onectl: endpoint %s, credentials from %s\n", res.Endpoint, res.Source)
	}
	if f.G.DryRun {
		opts.DryRun = f.IO.Out
	}
	c, err := client.New(opts)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	f.client = c
	return c, nil
}

// timeoutSet is true when --timeout was given explicitly; it then beats
// ONE_XMLRPC_TIMEOUT.
func (f *Factory) timeoutSet() bool { return f.timeoutFlag != nil && f.timeoutFlag.Changed }

// configError keeps missing or broken credentials apart from other config
// mistakes: for a script they are an authentication failure.
func configError(err error) error {
	var cred *client.CredentialsError
	if errors.As(err, &cred) {
		return err
	}
	return &UsageError{Msg: err.Error()}
}

// NewRoot builds the whole command tree.
func NewRoot(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "onectl",
		Short: "Manage an OpenNebula cloud from the command line",
		Long: `onectl manages OpenNebula 6.10 and 7.x clouds (and compatible builds).
Each command maps onto one XML-RPC method of OpenNebula's API; its help says
which method and which permission it needs.

It ships a simulator, so you can try it without a cloud:
  onectl sim serve &                      # http://127.0.0.1:2633/RPC2
  onectl --user oneadmin --password opennebula vm list`,
		Version:       Version,
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
	pf.StringVar(&f.G.Endpoint, "endpoint", "", "XML-RPC endpoint URL (default: $ONE_XMLRPC, config, ~/.one/one_endpoint, http://localhost:2633/RPC2)")
	pf.StringVar(&f.G.User, "user", "", "user name (needs --password)")
	pf.StringVar(&f.G.Password, "password", "", "password or login token for --user")
	pf.StringVar(&f.G.Context, "context", "", "context of onectl's config file to use")
	pf.StringVar(&f.G.ConfigFile, "config", "", "onectl config file (default $XDG_CONFIG_HOME/onectl/config.yaml)")
	pf.DurationVar(&f.G.Timeout, "timeout", 30*time.Second, "time limit for each call to the server, and for --wait")
	pf.StringVar(&f.G.CAFile, "ca-file", "", "PEM file of extra certificate authorities for https")
	pf.BoolVar(&f.G.Insecure, "insecure", false, "do not verify the server's TLS certificate")
	pf.BoolVar(&f.G.Debug, "debug", false, "print XML-RPC requests and responses on stderr (session redacted)")
	pf.BoolVar(&f.G.DryRun, "dry-run", false, "print the XML-RPC calls that would be made (session redacted) and call nothing")
	// Global, so scripts can always pass it; only commands that lose data
	// ask, and only on a terminal. No -y: OpenNebula's CLI uses -y for --yaml.
	pf.BoolVar(&f.G.Yes, "yes", false, "never ask for confirmation")
	f.timeoutFlag = pf.Lookup("timeout")

	root.AddGroup(&cobra.Group{ID: "resources", Title: "Resources:"}, &cobra.Group{ID: "tools", Title: "Tools:"})
	for _, c := range []*cobra.Command{newVMCmd(f)} {
		c.GroupID = "resources"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{newSimCmd(f), newCompletionCmd(f), newManCmd(f)} {
		c.GroupID = "tools"
		root.AddCommand(c)
	}
	root.AddCommand(&cobra.Command{
		Use:   "exit-codes",
		Short: "The exit codes onectl uses",
		Long:  exitCodesHelp(),
	})
	markRunErrors(root)
	return root
}

// Execute runs onectl with args and returns the process exit code. It is the
// only place that prints a final error.
func Execute(ctx context.Context, ios *iostreams.IOStreams, args []string) int {
	f := &Factory{IO: ios, Env: os.Getenv}
	f.Home, _ = os.UserHomeDir()
	return run(ctx, f, args)
}

func run(ctx context.Context, f *Factory, args []string) int {
	root := NewRoot(f)
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
	var rep *reportedError
	switch {
	case errors.As(err, &rep):
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(f.IO.ErrOut, "onectl: interrupted")
	default:
		fmt.Fprintln(f.IO.ErrOut, errorLine(err))
	}
	return ExitCode(err)
}

// markRunErrors wraps every run function so that an error it returns
// without a kind is marked as a plain failure (exit 1), which keeps it apart
// from cobra's untyped command-line errors (exit 2).
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

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// groupCmd is a resource group: it only holds subcommands, and an unknown
// subcommand is a usage error (cobra would print help and exit 0).
func groupCmd(use, short string, aliases ...string) *cobra.Command {
	return &cobra.Command{
		Use:     use,
		Aliases: aliases,
		Short:   short,
		Args:    cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErrorf("unknown command %q for %q; see '%s --help'", args[0], cmd.CommandPath(), cmd.CommandPath())
			}
			return cmd.Help()
		},
	}
}
