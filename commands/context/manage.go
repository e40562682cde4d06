package context

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

func newListCmd(f *kit.Factory) *cobra.Command {
	var o output.Options
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List the contexts; * marks the active one (secrets are never shown)",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := kit.ValidateOutput(&o); err != nil {
				return err
			}
			if err := contextTable().CheckColumns(o.Columns); err != nil {
				return kit.Usagef("%v", err)
			}
			cfg, _, err := f.LoadConfig()
			if err != nil {
				return err
			}
			views := []view{}
			for _, name := range cfg.Names() {
				e, _ := cfg.Context(name)
				views = append(views, viewOf(cfg, e))
			}
			return printViews(f, o, false, views)
		},
	}
	kit.AddOutputFlags(cmd, &o)
	return cmd
}

func newShowCmd(f *kit.Factory) *cobra.Command {
	var o output.Options
	cmd := &cobra.Command{
		Use:               "show [<name>]",
		ValidArgsFunction: kit.CompleteContexts(f),
		Short:             "Show a context (default: the one in use); secrets are shown as their kind only",
		Args:              cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := kit.ValidateOutput(&o); err != nil {
				return err
			}
			cfg, _, err := f.LoadConfig()
			if err != nil {
				return err
			}
			name := ""
			if len(args) == 1 {
				name = args[0]
			} else if name, err = inUse(f); err != nil {
				return err
			}
			e, ok := cfg.Context(name)
			if !ok {
				return notFound(cfg, name)
			}
			return printViews(f, o, true, []view{viewOf(cfg, e)})
		},
	}
	kit.AddOutputFlags(cmd, &o)
	return cmd
}

func newUseCmd(f *kit.Factory) *cobra.Command {
	return &cobra.Command{
		Use:               "use <name>",
		ValidArgsFunction: kit.CompleteContexts(f),
		Short:             "Make a context the active one",
		Args:              cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, path, err := f.LoadConfig()
			if err != nil {
				return err
			}
			if _, ok := cfg.Context(args[0]); !ok {
				return notFound(cfg, args[0])
			}
			cfg.CurrentContext = args[0]
			if err := save(cfg, path); err != nil {
				return err
			}
			say(f, "Switched to context %q.", args[0])
			if env := envOverrides(f); len(env) > 0 {
				say(f, "onectl: note: %s is set and comes before the active context (see 'onectl help environment')", strings.Join(env, " and "))
			}
			return nil
		},
	}
}

func newRenameCmd(f *kit.Factory) *cobra.Command {
	return &cobra.Command{
		Use:               "rename <old> <new>",
		ValidArgsFunction: kit.CompleteContexts(f),
		Short:             "Rename a context (the active one stays active)",
		Args:              cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := validName(args[1]); err != nil {
				return err
			}
			cfg, path, err := f.LoadConfig()
			if err != nil {
				return err
			}
			if _, ok := cfg.Context(args[0]); !ok {
				return notFound(cfg, args[0])
			}
			if err := cfg.Rename(args[0], args[1]); err != nil {
				return kit.Usagef("%v", err)
			}
			if err := save(cfg, path); err != nil {
				return err
			}
			say(f, "Context %q renamed to %q.", args[0], args[1])
			return nil
		},
	}
}

func newDeleteCmd(f *kit.Factory) *cobra.Command {
	return &cobra.Command{
		Use:               "delete <name>...",
		ValidArgsFunction: kit.CompleteContexts(f),
		Short:             "Delete contexts and the credentials they hold",
		Long: `Delete contexts and the credentials they hold (an auth file they point at is
left alone). On a terminal it asks first; --yes does not ask.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, path, err := f.LoadConfig()
			if err != nil {
				return err
			}
			for _, name := range args {
				if _, ok := cfg.Context(name); !ok {
					return notFound(cfg, name)
				}
			}
			if err := kit.Confirm(f, fmt.Sprintf("Delete context %s and its credentials?", strings.Join(args, ", "))); err != nil {
				return err
			}
			for _, name := range args {
				if err := cfg.Delete(name); err != nil {
					return notFound(cfg, name)
				}
			}
			if err := save(cfg, path); err != nil {
				return err
			}
			say(f, "Deleted context %s.", strings.Join(args, ", "))
			return nil
		},
	}
}

func newCurrentCmd(f *kit.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "current",
		Short: "Print the name of the context in use",
		Long: `Print the name of the context the next command would use: --context,
ONECTL_CONTEXT, or the active context, unless OpenNebula's environment
(ONE_XMLRPC, ONE_AUTH) comes first. Exit 1 when none is in use.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			name, err := inUse(f)
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, name)
			return nil
		},
	}
}

// inUse is the context a command would use now, or an error saying what
// is used instead.
func inUse(f *kit.Factory) (string, error) {
	name, _, err := client.ContextInUse(client.Overrides{
		Endpoint: f.G.Endpoint, User: f.G.User, Context: f.G.Context, ConfigFile: f.G.ConfigFile,
	}, f.Env, f.Home)
	var unknown *client.UnknownContextError
	switch {
	case errors.As(err, &unknown):
		return "", &kit.CodedError{Code: kit.ExitNotFound, Err: err}
	case err != nil:
		return "", kit.Usagef("%v", err)
	}
	if name == "" {
		why := "no active context"
		if env := envOverrides(f); len(env) > 0 {
			why = "OpenNebula's environment (" + strings.Join(env, ", ") + ") is in use"
		} else if f.G.Endpoint != "" && f.G.User != "" {
			why = "--endpoint and --user are in use"
		}
		return "", &kit.CodedError{Code: kit.ExitError, Err: errors.New("no context in use: " + why)}
	}
	return name, nil
}
