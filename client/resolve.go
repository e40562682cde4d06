package client

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Overrides are the connection flags given on the command line.
type Overrides struct {
	Endpoint, User, Password, Context, ConfigFile string // ConfigFile "" = default path
	// AskPassword asks for a password (echo off) when a user name comes
	// without one; nil when nobody can be asked (no terminal), which makes
	// the missing password an error instead.
	AskPassword func(prompt string) (string, error)
}

// Env looks up an environment variable: os.Getenv in production, a map in
// tests.
type Env func(string) string

// Resolved is where to connect and as whom, and where each came from.
type Resolved struct {
	Endpoint, Session string
	Timeout           time.Duration // context timeout or ONE_XMLRPC_TIMEOUT, else 0 (the command's default decides)
	CertDir           string        // ONE_CERT_DIR
	CAFile            string        // from the context's ca-file
	Insecure          bool          // ONE_DISABLE_SSL_VERIFY or the context's insecure
	PageSize          int           // context page-size or ONE_POOL_PAGE_SIZE; 0 = no paging
	Source            string        // where the credentials came from, for --debug
	EndpointSource    string        // where the endpoint came from, for --debug
	Context           string        // the context in use, "" if none
	ContextFrom       string        // how it was chosen: --context, ONECTL_CONTEXT or current-context
	Token             bool          // the credentials are the context's login token
	TokenExpires      string        // the context's token-expires, when Token
	ConfigFile        string        // onectl's config file (read or not, existing or not)
	// Warnings are one line each about files holding a secret that others
	// can read; the caller prints each file's once per run.
	Warnings []string
}

// systemOneDir is oneadmin's home on a front-end; a variable so tests can
// point it elsewhere.
var systemOneDir = "/var/lib/one/.one"

// Resolve finds the endpoint and the credentials. A flag overrides its own
// item; everything else comes from one place, the first of: a context chosen
// explicitly (--context, ONECTL_CONTEXT), OpenNebula's environment
// (ONE_XMLRPC or ONE_AUTH set, resolved as OpenNebula's CLI does), the
// config file's current context, ~/.one (then oneadmin's). Taking the
// endpoint from one place and the credentials from another would send one
// cloud's password to another cloud.
func Resolve(o Overrides, env Env, home string) (Resolved, error) {
	if env == nil {
		env = func(string) string { return "" }
	}
	r := Resolved{ConfigFile: o.ConfigFile}
	if r.ConfigFile == "" {
		r.ConfigFile = DefaultConfigPath(env, home)
	}
	var cfg *ConfigFile
	load := func() (*ConfigFile, error) {
		if cfg == nil {
			c, err := loadConfigAt(o.ConfigFile != "", r.ConfigFile)
			if err != nil {
				return nil, err
			}
			if c.HasSecret() {
				r.warn(OpenPermWarning(r.ConfigFile))
			}
			cfg = c
		}
		return cfg, nil
	}

	ctx, from, err := chooseContext(o, env, r.ConfigFile, load)
	if err != nil {
		return r, err
	}
	if ctx != nil {
		r.Context, r.ContextFrom = ctx.Name, from
		err = r.fromContext(o, ctx, home)
	} else {
		err = r.fromOne(o, env, home)
	}
	if err != nil {
		return r, err
	}
	return r, r.knobs(env, ctx, from != "current-context")
}

// chooseContext picks the context whose endpoint and credentials apply, or
// nil when flags or OpenNebula's environment or files do; from says how it
// was chosen.
func chooseContext(o Overrides, env Env, path string, load func() (*ConfigFile, error)) (*ContextEntry, string, error) {
	name, from := o.Context, "--context"
	if name == "" {
		if v, ok := lookup(env, "ONECTL_CONTEXT"); ok {
			name, from = strings.TrimSpace(v), "ONECTL_CONTEXT"
		}
	}
	if name != "" {
		c, err := load()
		if err != nil {
			return nil, "", err
		}
		e, ok := c.Context(name)
		if !ok {
			if from == "ONECTL_CONTEXT" {
				return nil, "", fmt.Errorf("ONECTL_CONTEXT: %w", c.UnknownContext(name))
			}
			return nil, "", c.UnknownContext(name)
		}
		return e, from, nil
	}
	_, envEndpoint := lookup(env, "ONE_XMLRPC")
	_, envAuth := lookup(env, "ONE_AUTH")
	if envEndpoint || envAuth || (o.Endpoint != "" && o.User != "") {
		return nil, "", nil
	}
	c, err := load()
	if err != nil || c.CurrentContext == "" {
		return nil, "", err
	}
	e, ok := c.Context(c.CurrentContext)
	if !ok {
		return nil, "", fmt.Errorf("config file %s: current-context %q is not defined (%s)", path, c.CurrentContext, c.knownList())
	}
	return e, "current-context", nil
}

// ContextInUse names the context a command would take its endpoint and
// credentials from, and how it was chosen; "" when none (flags, OpenNebula's
// environment or ~/.one apply). Nothing is read but the config file.
func ContextInUse(o Overrides, env Env, home string) (name, from string, err error) {
	if env == nil {
		env = func(string) string { return "" }
	}
	path := o.ConfigFile
	if path == "" {
		path = DefaultConfigPath(env, home)
	}
	ctx, from, err := chooseContext(o, env, path, func() (*ConfigFile, error) { return loadConfigAt(o.ConfigFile != "", path) })
	if err != nil || ctx == nil {
		return "", "", err
	}
	return ctx.Name, from, nil
}

func (r *Resolved) warn(w string) {
	if w != "" {
		r.Warnings = append(r.Warnings, w)
	}
}

// loadConfigAt reads the config file; an explicit --config that is missing
// is a typo, not "no config".
func loadConfigAt(explicit bool, path string) (*ConfigFile, error) {
	if path == "" {
		return &ConfigFile{}, nil
	}
	if explicit {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("config file %s: %w", path, unwrapPathErr(err))
		}
	}
	return LoadConfig(path)
}

// flagSession gives the credentials of --user/--password, asking for a
// missing password when someone can answer.
func flagSession(o Overrides) (string, bool, error) {
	switch {
	case o.User == "" && o.Password == "":
		return "", false, nil
	case o.User == "":
		return "", false, errors.New("--password needs --user")
	case o.Password != "":
		return o.User + ":" + o.Password, true, nil
	case o.AskPassword == nil:
		return "", false, errors.New("--user needs --password (or a terminal to ask for it)")
	}
	pw, err := o.AskPassword("Password for " + o.User)
	if err != nil {
		return "", false, err
	}
	if pw == "" {
		return "", false, credentials(errors.New("no password given"))
	}
	return o.User + ":" + pw, true, nil
}

// fromContext takes endpoint and credentials from a context, except what
// a flag gives.
func (r *Resolved) fromContext(o Overrides, ctx *ContextEntry, home string) error {
	src := "context " + ctx.Name
	switch {
	case o.Endpoint != "":
		r.Endpoint, r.EndpointSource = o.Endpoint, "--endpoint"
	case ctx.Endpoint != "":
		r.Endpoint, r.EndpointSource = ctx.Endpoint, src
	default:
		r.Endpoint, r.EndpointSource = DefaultEndpoint, src+" (default endpoint)"
	}
	// The context's TLS settings belong to its endpoint, not to one given
	// by a flag.
	if o.Endpoint == "" {
		r.Insecure = ctx.Insecure
		r.CAFile = expandHome(ctx.CAFile, home)
	}
	sess, ok, err := flagSession(o)
	if err != nil || ok {
		r.Session, r.Source = sess, "flags (--user)"
		return err
	}
	r.Source = src
	switch {
	case ctx.AuthFile != "":
		p := expandHome(ctx.AuthFile, home)
		s, err := readAuthFile(p, true)
		if err != nil {
			return credentials(err)
		}
		r.warn(OpenPermWarning(p))
		r.Session, r.Source = s, src+" (auth-file "+p+")"
	case ctx.User != "" && ctx.Token != "":
		r.Session, r.Token, r.TokenExpires = ctx.User+":"+ctx.Token, true, ctx.TokenExpires
		r.Source = src + " (login token)"
	case ctx.User != "" && ctx.Password != "":
		r.Session = ctx.User + ":" + ctx.Password
	case ctx.User != "" && o.AskPassword != nil:
		pw, err := o.AskPassword("Password for " + ctx.User + " (context " + ctx.Name + ")")
		if err != nil {
			return err
		}
		r.Session = ctx.User + ":" + pw
	case ctx.User != "":
		return credentials(fmt.Errorf("context %q: user %q has no password, token or auth-file (run 'onectl --context %s user login' on a terminal)", ctx.Name, ctx.User, ctx.Name))
	default:
		return credentials(fmt.Errorf("context %q has no credentials (set them with 'onectl context create %s --force ...')", ctx.Name, ctx.Name))
	}
	return nil
}

// fromOne resolves the way OpenNebula's CLI does: ONE_XMLRPC, then
// ~/.one/one_endpoint; ONE_AUTH, then ~/.one/one_auth; oneadmin's ~/.one
// last.
func (r *Resolved) fromOne(o Overrides, env Env, home string) error {
	var err error
	if r.Endpoint, r.EndpointSource, err = oneEndpoint(o, env, home); err != nil {
		return err
	}
	sess, ok, err := flagSession(o)
	if err != nil || ok {
		r.Session, r.Source = sess, "flags (--user)"
		return err
	}
	if p, ok := lookup(env, "ONE_AUTH"); ok {
		s, err := readAuthFile(p, true)
		if err != nil {
			return credentials(err)
		}
		r.warn(OpenPermWarning(p))
		r.Session, r.Source = s, "ONE_AUTH="+p
		return nil
	}
	for i, dir := range oneDirs(home) {
		p := filepath.Join(dir, "one_auth")
		s, err := readAuthFile(p, false)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return credentials(err)
		}
		r.warn(OpenPermWarning(p))
		r.Session, r.Source = s, p
		if i == 0 && home != "" {
			r.Source = "~/.one/one_auth"
		}
		return nil
	}
	return credentials(errors.New("no credentials: set ONE_AUTH, create ~/.one/one_auth, create a context (onectl context create) or pass --user"))
}

func oneEndpoint(o Overrides, env Env, home string) (string, string, error) {
	if o.Endpoint != "" {
		return o.Endpoint, "--endpoint", nil
	}
	if v, ok := lookup(env, "ONE_XMLRPC"); ok {
		return strings.TrimSpace(v), "ONE_XMLRPC", nil
	}
	for i, dir := range oneDirs(home) {
		p := filepath.Join(dir, "one_endpoint")
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", "", fmt.Errorf("endpoint file %s: %w", p, unwrapPathErr(err))
		}
		if ep := strings.TrimSpace(string(data)); ep != "" {
			if i == 0 && home != "" {
				p = "~/.one/one_endpoint"
			}
			return ep, p, nil
		}
	}
	return DefaultEndpoint, "default", nil
}

// knobs fills the settings that are not endpoint or credentials, in the
// same order: an explicitly chosen context, then the environment, then
// the current context.
func (r *Resolved) knobs(env Env, ctx *ContextEntry, explicit bool) error {
	var ctxTimeout time.Duration
	if ctx != nil {
		var err error
		if ctxTimeout, err = ctx.CallTimeout(); err != nil {
			return err
		}
	}
	if ctxTimeout > 0 && explicit {
		r.Timeout = ctxTimeout
	} else if v := env("ONE_XMLRPC_TIMEOUT"); v != "" {
		secs, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || secs < 0 {
			return fmt.Errorf("ONE_XMLRPC_TIMEOUT=%q: want a number of seconds", v)
		}
		r.Timeout = time.Duration(secs * float64(time.Second))
	} else {
		r.Timeout = ctxTimeout
	}
	r.CertDir = env("ONE_CERT_DIR")
	if v := strings.ToLower(strings.TrimSpace(env("ONE_DISABLE_SSL_VERIFY"))); v != "" && v != "0" && v != "false" && v != "no" {
		r.Insecure = true
	}
	ctxPage := 0
	if ctx != nil {
		ctxPage = ctx.PageSize
	}
	r.PageSize = DefaultPageSize
	if v, ok := lookup(env, "ONE_POOL_PAGE_SIZE"); ok && !(explicit && ctxPage > 0) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 2 {
			n = 0
		}
		r.PageSize = n
	} else if ctxPage > 0 {
		r.PageSize = ctxPage
		if ctxPage < 2 {
			r.PageSize = 0
		}
	}
	return nil
}

// lookup treats an empty variable as unset, like the Ruby CLI.
func lookup(env Env, name string) (string, bool) {
	v := env(name)
	return v, v != ""
}

// AuthFilePath is where OpenNebula's CLI keeps credentials and where
// `oneuser login` stores its token: $ONE_AUTH, else ~/.one/one_auth.
func AuthFilePath(env Env, home string) string {
	if env != nil {
		if v, ok := lookup(env, "ONE_AUTH"); ok {
			return v
		}
	}
	if home == "" {
		return filepath.Join(systemOneDir, "one_auth")
	}
	return filepath.Join(home, ".one", "one_auth")
}

// oneDirs lists ~/.one then oneadmin's ~/.one, the places the Ruby CLI
// looks for one_auth and one_endpoint.
func oneDirs(home string) []string {
	var dirs []string
	if home != "" {
		dirs = append(dirs, filepath.Join(home, ".one"))
	}
	return append(dirs, systemOneDir)
}

// readAuthFile returns the first line of a one_auth file. When required is
// false a missing file is reported as fs.ErrNotExist so callers can move
// on; every other problem is an error naming the file.
func readAuthFile(path string, required bool) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		if !required && errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		return "", fmt.Errorf("auth file %s: %w", path, unwrapPathErr(err))
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := ""
	if sc.Scan() {
		line = strings.TrimSpace(sc.Text())
	}
	if err := sc.Err(); err != nil {
		return "", fmt.Errorf("auth file %s: %w", path, err)
	}
	if line == "" {
		return "", fmt.Errorf("auth file %s is empty", path)
	}
	if user, _, ok := strings.Cut(line, ":"); !ok || user == "" {
		return "", fmt.Errorf("auth file %s: first line must be user:password or user:token", path)
	}
	return line, nil
}

// unwrapPathErr drops the *PathError wrapper, whose text would repeat the
// path already in the message.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func expandHome(p, home string) string {
	if home != "" && (p == "~" || strings.HasPrefix(p, "~/")) {
		return filepath.Join(home, p[1:])
	}
	return p
}

// LooksLikeToken reports whether a session secret has the shape of oned's
// login tokens (64 hex digits in 6.10, a SHA-256; 40 in older releases), for
// auth files written by `oneuser login` that do not say what they hold.
func LooksLikeToken(s string) bool {
	if len(s) != 64 && len(s) != 40 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}
