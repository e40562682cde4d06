package user

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
)

// defaultTokenTime is oneuser login's default token lifetime (10 hours).
const defaultTokenTime = 36000

type loginOpts struct {
	time          int
	group         string
	force         bool
	stdinPassword bool
}

func newLoginCmd(f *kit.Factory) *cobra.Command {
	o := &loginOpts{}
	cmd := &cobra.Command{
		Use:   "login [<user>]",
		Short: "Trade a password for a login token and keep the token (oneuser login)",
		Long: `Ask the server for a login token and keep it, so the password need not be
stored: in the context in use (replacing its password), or, when no context
is in use, in $ONE_AUTH or ~/.one/one_auth as 'oneuser login' does (--force
replaces an existing file).

The password comes from --stdin-password, else from the credentials in use
when they hold one, else it is asked on the terminal with echo off. It is
never needed on the command line, and the token is never printed.` + kit.APIHelp("one.user.login", "USER:MANAGE"),
		Example: `  onectl user login                       # renew the token of the context in use
  onectl --context lab user login alice   # asks for alice's password
  pass show one/alice | onectl user login alice --stdin-password --time 3600`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			return runLogin(cmd, f, o, name)
		},
	}
	fs := cmd.Flags()
	fs.IntVar(&o.time, "time", defaultTokenTime, "token lifetime in seconds; -1 for a token that never expires")
	fs.StringVar(&o.group, "group", "", "group (ID or name) the token is scoped to")
	fs.BoolVar(&o.force, "force", false, "replace an existing auth file without asking")
	fs.BoolVar(&o.stdinPassword, "stdin-password", false, "read the password from stdin")
	// OpenNebula spells it --stdin_password (every flag takes underscores,
	// kit.Run); docker and gh say --password-stdin. Accept all three.
	fs.SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "password-stdin" {
			name = "stdin-password"
		}
		return pflag.NormalizedName(name)
	})
	return cmd
}

func runLogin(cmd *cobra.Command, f *kit.Factory, o *loginOpts, name string) error {
	if o.time == 0 || o.time < -1 {
		return kit.Usagef("--time must be a number of seconds, or -1 for a token that never expires")
	}
	if err := choosePassword(f, o, name); err != nil {
		return err
	}
	cl, err := f.Client()
	if err != nil {
		return err
	}
	if name == "" {
		name = cl.User()
	}
	ctx := cmd.Context()
	egid := -1
	if o.group != "" {
		if egid, err = kit.NewResolver(f, kit.Groups).ID(ctx, o.group); err != nil {
			return err
		}
	}
	token, err := cl.CallString(ctx, "one.user.login", name, "", o.time, egid)
	if err != nil || cl.IsDryRun() {
		return err
	}
	if token == "" {
		return errors.New("[one.user.login] the server returned no token")
	}
	expires := ""
	if o.time > 0 {
		expires = time.Now().Add(time.Duration(o.time) * time.Second).UTC().Format(time.RFC3339)
	}
	return store(f, o, name, token, expires)
}

// choosePassword decides what login authenticates with. A login token in
// use and another user's token both need a password, asked on the
// terminal or read from stdin; otherwise the credentials in use are used
// as they are.
func choosePassword(f *kit.Factory, o *loginOpts, name string) error {
	if o.stdinPassword {
		if f.G.Password != "" {
			return kit.Usagef("--password and --stdin-password exclude each other")
		}
		pw, err := readPassword(f.IO.In)
		if err != nil {
			return err
		}
		return setUser(f, name, pw)
	}
	if f.G.User != "" && f.G.Password != "" {
		// Explicit credentials are the session even for another user's
		// token: an administrator may issue one (USER:MANAGE).
		return nil
	}
	res, err := f.Resolve()
	current, secret, _ := strings.Cut(res.Session, ":")
	// A token cannot renew itself once it has expired, so a token in use
	// (a context's, or one an auth file seems to hold) means asking.
	needAsk := err != nil || res.Token || client.LooksLikeToken(secret) || (name != "" && name != current)
	if !needAsk {
		return nil
	}
	if name == "" {
		name = current
	}
	if name == "" {
		if err != nil {
			return err
		}
		return kit.Usagef("name the user: onectl user login <user>")
	}
	if !f.IO.CanPrompt() {
		if err != nil {
			return err
		}
		return kit.Usagef("logging in as %s needs the password: pipe it with --stdin-password, or run on a terminal to be asked", name)
	}
	pw, aerr := kit.AskSecret(f, "Password for "+name)
	if aerr != nil {
		return aerr
	}
	return setUser(f, name, pw)
}

// setUser makes the next Client use name and pw, with the endpoint still
// taken from the place in use.
func setUser(f *kit.Factory, name, pw string) error {
	if pw == "" {
		return kit.Usagef("no password given")
	}
	if name == "" {
		res, err := f.Resolve()
		if err != nil {
			return kit.Usagef("name the user: onectl user login <user>")
		}
		name, _, _ = strings.Cut(res.Session, ":")
	}
	f.G.User, f.G.Password = name, pw
	return nil
}

func readPassword(in io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(in, 1<<16))
	if err != nil {
		return "", err
	}
	pw := strings.TrimRight(string(data), "\r\n")
	if pw == "" {
		return "", kit.Usagef("--stdin-password: nothing on stdin")
	}
	return pw, nil
}

// store keeps the token where the credentials in use came from: the
// context, or OpenNebula's auth file.
func store(f *kit.Factory, o *loginOpts, name, token, expires string) error {
	ctxName, _, err := client.ContextInUse(client.Overrides{
		Endpoint: f.G.Endpoint, User: f.G.User, Context: f.G.Context, ConfigFile: f.G.ConfigFile,
	}, f.Env, f.Home)
	if err != nil {
		return kit.Usagef("%v", err)
	}
	until := "never expires"
	if expires != "" {
		until = "valid until " + expires
	}
	if ctxName != "" && f.G.Endpoint == "" {
		cfg, path, err := f.LoadConfig()
		if err != nil {
			return err
		}
		e, ok := cfg.Context(ctxName)
		if !ok {
			return cfg.UnknownContext(ctxName)
		}
		e.User, e.Token, e.TokenExpires = name, token, expires
		e.Password, e.AuthFile = "", ""
		if err := cfg.Save(path); err != nil {
			return err
		}
		fmt.Fprintf(f.IO.ErrOut, "Logged in as %s: token stored in context %s (%s).\n", name, ctxName, until)
		return nil
	}
	path := client.AuthFilePath(f.Env, f.Home)
	if _, err := os.Stat(path); err == nil && !o.force {
		if !f.IO.CanPrompt() {
			return kit.Usagef("%s exists: use --force to replace it with the token", path)
		}
		if err := kit.Confirm(f, "Replace "+path+" with the token?"); err != nil {
			return err
		}
	}
	if err := client.WriteSecretFile(path, []byte(name+":"+token+"\n")); err != nil {
		return fmt.Errorf("auth file %s: %w", path, err)
	}
	fmt.Fprintf(f.IO.ErrOut, "Logged in as %s: token stored in %s (%s).\n", name, path, until)
	return nil
}
