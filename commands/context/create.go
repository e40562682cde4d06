package context

import (
	"net/url"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
)

type createOpts struct {
	passwordStdin bool
	authFile      string
	pageSize      int
	use, force    bool
}

func newCreateCmd(f *kit.Factory) *cobra.Command {
	o := &createOpts{}
	cmd := &cobra.Command{
		Use:   "create <name>",
		Short: "Add a context: an endpoint and the credentials to use there",
		Long: `Add a context to onectl's config file. The global flags --endpoint, --user,
--ca-file, --insecure and --timeout give its settings.

The secret never needs to be on the command line: on a terminal, what is
missing is asked for (the password with echo off); in a script, pipe the
password with --password-stdin, or point at an OpenNebula auth file
(user:password or user:token) with --auth-file.`,
		Example: `  onectl context create prod --endpoint https://one.example.com:2633/RPC2 --user ops
  pass show one/lab | onectl context create lab --endpoint http://10.0.0.5:2633/RPC2 --user oneadmin --password-stdin
  onectl context create front --endpoint http://front:2633/RPC2 --auth-file ~/.one/front_auth --use`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCreate(cmd, f, o, args[0])
		},
	}
	fs := cmd.Flags()
	fs.BoolVar(&o.passwordStdin, "password-stdin", false, "read the password (or login token) from stdin")
	fs.StringVar(&o.authFile, "auth-file", "", "take the credentials from this OpenNebula auth file (user:password or user:token) at each run")
	fs.IntVar(&o.pageSize, "page-size", 0, "pool page size for this cloud (like ONE_POOL_PAGE_SIZE)")
	fs.BoolVar(&o.use, "use", false, "make it the active context")
	fs.BoolVar(&o.force, "force", false, "replace a context of the same name")
	return cmd
}

func runCreate(cmd *cobra.Command, f *kit.Factory, o *createOpts, name string) error {
	if err := validName(name); err != nil {
		return err
	}
	if o.pageSize < 0 {
		return kit.Usagef("--page-size must not be negative")
	}
	if o.authFile != "" && (f.G.User != "" || f.G.Password != "" || o.passwordStdin) {
		return kit.Usagef("--auth-file holds the user and the secret: it excludes --user, --password and --password-stdin")
	}
	if o.passwordStdin && f.G.Password != "" {
		return kit.Usagef("--password and --password-stdin exclude each other")
	}
	cfg, path, err := f.LoadConfig()
	if err != nil {
		return err
	}
	if _, exists := cfg.Context(name); exists && !o.force {
		return kit.Usagef("context %q already exists; use --force to replace it", name)
	}
	e := client.ContextEntry{
		Name:     name,
		Endpoint: f.G.Endpoint,
		User:     f.G.User,
		Password: f.G.Password,
		AuthFile: absPath(o.authFile),
		CAFile:   absPath(f.G.CAFile),
		Insecure: f.G.Insecure,
		PageSize: o.pageSize,
	}
	if fl := cmd.Flags().Lookup("timeout"); fl != nil && fl.Changed {
		if f.G.Timeout <= 0 {
			return kit.Usagef("--timeout must be positive, e.g. 30s or 5m")
		}
		e.Timeout = f.G.Timeout.String()
	}
	if err := fillMissing(f, o, &e); err != nil {
		return err
	}
	if err := checkEndpoint(e.Endpoint); err != nil {
		return err
	}
	replaced := false
	for i := range cfg.Contexts {
		if cfg.Contexts[i].Name == name {
			cfg.Contexts[i], replaced = e, true
		}
	}
	if !replaced {
		cfg.Contexts = append(cfg.Contexts, e)
	}
	if o.use {
		cfg.CurrentContext = name
	}
	if err := save(cfg, path); err != nil {
		return err
	}
	verb := "created"
	if replaced {
		verb = "replaced"
	}
	if o.use {
		say(f, "Context %q %s in %s, and in use.", name, verb, path)
	} else {
		say(f, "Context %q %s in %s.", name, verb, path)
	}
	return nil
}

// fillMissing asks for what the flags left out, when a person can answer;
// a script gets a usage error that names the flag instead.
func fillMissing(f *kit.Factory, o *createOpts, e *client.ContextEntry) error {
	prompt := f.IO.CanPrompt()
	var err error
	if e.Endpoint == "" {
		if !prompt {
			return kit.Usagef("--endpoint is required")
		}
		if e.Endpoint, err = kit.AskInput(f, "Endpoint", client.DefaultEndpoint); err != nil {
			return err
		}
	}
	if e.AuthFile != "" {
		if !fileExists(expand(f, e.AuthFile)) {
			return kit.Usagef("--auth-file %s does not exist", e.AuthFile)
		}
		return nil
	}
	if e.User == "" {
		if !prompt {
			return kit.Usagef("--user is required (or --auth-file)")
		}
		if e.User, err = kit.AskInput(f, "User", ""); err != nil {
			return err
		}
		if e.User == "" {
			return kit.Usagef("a context needs a user")
		}
	}
	switch {
	case o.passwordStdin:
		e.Password, err = readSecret(f.IO.In)
		return err
	case e.Password != "":
		return nil
	case !prompt:
		return kit.Usagef("no password: pipe it with --password-stdin, use --auth-file, or run on a terminal to be asked")
	}
	if e.Password, err = kit.AskSecret(f, "Password for "+e.User); err != nil {
		return err
	}
	if e.Password == "" {
		return kit.Usagef("no password given")
	}
	return nil
}

func expand(f *kit.Factory, p string) string {
	if len(p) > 1 && p[:2] == "~/" && f.Home != "" {
		return f.Home + p[1:]
	}
	return p
}

// checkEndpoint refuses what the client would refuse at each later run.
func checkEndpoint(ep string) error {
	u, err := url.Parse(ep)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return kit.Usagef("invalid endpoint %q: want http(s)://host:port/RPC2", client.RedactURL(ep))
	}
	return nil
}
