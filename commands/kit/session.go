package kit

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
)

// runState is what one run of onectl shares between its Factory and the
// per-context Factories of --all-contexts.
type runState struct {
	mu     sync.Mutex
	warned map[string]bool
}

func (f *Factory) state() *runState {
	if f.run == nil {
		f.run = &runState{warned: map[string]bool{}}
	}
	return f.run
}

// warnOnce prints a warning the first time it comes up in a run, as ssh
// does for a key file others can read: once is a hint, ten times is noise.
func (s *runState) warnOnce(w io.Writer, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.warned[msg] {
		return
	}
	s.warned[msg] = true
	fmt.Fprintln(w, "onectl: "+msg)
}

// Resolve finds this run's endpoint and credentials (client.Resolve: flags,
// then --context/ONECTL_CONTEXT, then OpenNebula's environment, then the
// active context, then ~/.one) and asks for a missing password when a
// person can answer. Files holding a secret that others can read are
// warned about once per run.
func (f *Factory) Resolve() (client.Resolved, error) {
	o := client.Overrides{
		Endpoint:   f.G.Endpoint,
		User:       f.G.User,
		Password:   f.G.Password,
		Context:    f.G.Context,
		ConfigFile: f.G.ConfigFile,
	}
	if f.IO.CanPrompt() && !f.noPrompt {
		o.AskPassword = func(prompt string) (string, error) { return AskSecret(f, prompt) }
	}
	res, err := client.Resolve(o, f.Env, f.Home)
	for _, w := range res.Warnings {
		f.state().warnOnce(f.IO.ErrOut, w)
	}
	if err != nil {
		return res, configError(err)
	}
	f.resolved = &res
	return res, nil
}

// printSources is --debug's account of where the endpoint and the
// credentials came from; never the secret itself.
func (f *Factory) printSources(res client.Resolved) {
	user, _, _ := strings.Cut(res.Session, ":")
	fmt.Fprintf(f.IO.ErrOut, "onectl: endpoint %s (from %s)\n", client.RedactURL(res.Endpoint), res.EndpointSource)
	fmt.Fprintf(f.IO.ErrOut, "onectl: credentials of user %s (from %s)\n", user, res.Source)
}

// ForContext is a Factory for the same run bound to one context of the
// config file (--all-contexts): it never prompts, since several contexts are
// read at once, and shares the run's once-only warnings.
func (f *Factory) ForContext(name string) *Factory {
	g := f.G
	g.Context, g.Endpoint, g.User, g.Password = name, "", "", ""
	return &Factory{IO: f.IO, Env: f.Env, Home: f.Home, G: g, timeoutFlag: f.timeoutFlag, run: f.state(), noPrompt: true}
}

// ConfigPath is onectl's config file: --config, else the default.
func (f *Factory) ConfigPath() string {
	if f.G.ConfigFile != "" {
		return f.G.ConfigFile
	}
	return client.DefaultConfigPath(f.Env, f.Home)
}

// LoadConfig reads onectl's config file (a missing default file is an empty
// config; a missing --config file is a usage error) and warns once when it
// holds a secret others can read.
func (f *Factory) LoadConfig() (*client.ConfigFile, string, error) {
	path := f.ConfigPath()
	if path == "" {
		return nil, "", Usagef("no config file: set HOME, XDG_CONFIG_HOME or --config")
	}
	if f.G.ConfigFile != "" {
		if _, err := os.Stat(path); err != nil {
			return nil, path, Usagef("config file %s does not exist", path)
		}
	}
	cfg, err := client.LoadConfig(path)
	if err != nil {
		return nil, path, Usagef("%v", err)
	}
	if cfg.HasSecret() {
		if w := client.OpenPermWarning(path); w != "" {
			f.state().warnOnce(f.IO.ErrOut, w)
		}
	}
	return cfg, path, nil
}

// AuthHint adds, to an authentication failure with a login token, how to
// get a new one: tokens expire, and the bare "User couldn't be
// authenticated" does not say so.
func (f *Factory) AuthHint(err error) error {
	r := f.resolved
	if err == nil || r == nil || !client.IsCode(err, client.CodeAuthentication) {
		return err
	}
	if !r.Token {
		// An auth file written by `oneuser login` or `onectl user login`
		// holds user:token; oned's tokens are 64 hex digits.
		if _, secret, _ := strings.Cut(r.Session, ":"); r.Context == "" && client.LooksLikeToken(secret) {
			return &hintError{err: err, hint: "the login token in " + r.Source + " may have expired; log in again with 'onectl user login --force'"}
		}
		return err
	}
	why := "has expired or was revoked"
	if exp, perr := time.Parse(time.RFC3339, r.TokenExpires); perr == nil && exp.Before(time.Now()) {
		why = "expired at " + r.TokenExpires
	}
	login := "onectl user login"
	if r.ContextFrom != "current-context" {
		login = "onectl --context " + r.Context + " user login"
	}
	return &hintError{err: err, hint: fmt.Sprintf("the login token of context %s %s; log in again with '%s'", r.Context, why, login)}
}

type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() + " (" + e.hint + ")" }
func (e *hintError) Unwrap() error { return e.err }

// CompleteContexts offers the context names of the config file, for
// --context and the context commands; a broken config offers nothing.
func CompleteContexts(f *Factory) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		cfg, err := client.LoadConfig(f.ConfigPath())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return cfg.Names(), cobra.ShellCompDirectiveNoFileComp
	}
}
