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
}

// Env looks up an environment variable: os.Getenv in production, a map in
// tests.
type Env func(string) string

// Resolved is where to connect and as whom.
type Resolved struct {
	Endpoint, Session string
	Timeout           time.Duration // ONE_XMLRPC_TIMEOUT, else 0 (the command's default decides)
	CertDir           string        // ONE_CERT_DIR
	CAFile            string        // from the context's ca-file
	Insecure          bool          // ONE_DISABLE_SSL_VERIFY or the context's insecure
	PageSize          int           // ONE_POOL_PAGE_SIZE; 0 = no paging
	Source            string        // where the credentials came from, for --debug
	Context           string        // the context used, "" if none
}

// systemOneDir is oneadmin's home on a front-end; a variable so tests can
// point it elsewhere.
var systemOneDir = "/var/lib/one/.one"

// Resolve finds the endpoint and credentials the way OpenNebula's CLI does,
// with onectl's contexts slotted in after the environment. For each item
// the first match wins.
func Resolve(o Overrides, env Env, home string) (Resolved, error) {
	if env == nil {
		env = func(string) string { return "" }
	}
	var r Resolved
	ctx, err := pickContext(o, env, home)
	if err != nil {
		return r, err
	}
	if ctx != nil {
		r.Context = ctx.Name
	}
	if r.Endpoint, err = resolveEndpoint(o, env, home, ctx); err != nil {
		return r, err
	}
	// The context's TLS settings belong to its endpoint, not to one given
	// by a flag or ONE_XMLRPC.
	if ctx != nil && ctx.Endpoint != "" && r.Endpoint == ctx.Endpoint {
		r.Insecure = ctx.Insecure
		r.CAFile = expandHome(ctx.CAFile, home)
	}
	if r.Session, r.Source, err = resolveSession(o, env, home, ctx); err != nil {
		return r, err
	}

	if v := env("ONE_XMLRPC_TIMEOUT"); v != "" {
		secs, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || secs < 0 {
			return r, fmt.Errorf("ONE_XMLRPC_TIMEOUT=%q: want a number of seconds", v)
		}
		r.Timeout = time.Duration(secs * float64(time.Second))
	}
	r.CertDir = env("ONE_CERT_DIR")
	if v := strings.ToLower(strings.TrimSpace(env("ONE_DISABLE_SSL_VERIFY"))); v != "" && v != "0" && v != "false" && v != "no" {
		r.Insecure = true
	}
	r.PageSize = DefaultPageSize
	if v, ok := lookup(env, "ONE_POOL_PAGE_SIZE"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 2 {
			n = 0
		}
		r.PageSize = n
	}
	return r, nil
}

// lookup treats an empty variable as unset, like the Ruby CLI.
func lookup(env Env, name string) (string, bool) {
	v := env(name)
	return v, v != ""
}

// pickContext returns the --context or current-context entry, or nil when
// no context applies.
func pickContext(o Overrides, env Env, home string) (*ContextEntry, error) {
	path := o.ConfigFile
	if path == "" {
		path = DefaultConfigPath(env, home)
	} else if _, err := os.Stat(path); err != nil {
		// An explicit --config that is missing is a typo, not "no config".
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}
	cfg := &ConfigFile{}
	if path != "" {
		var err error
		if cfg, err = LoadConfig(path); err != nil {
			return nil, err
		}
	}
	name := o.Context
	if name == "" {
		name = cfg.CurrentContext
	}
	if name == "" {
		return nil, nil
	}
	ctx, ok := cfg.Context(name)
	if !ok {
		if o.Context != "" {
			return nil, fmt.Errorf("unknown context %q (%s)", name, cfg.knownList())
		}
		return nil, fmt.Errorf("config file %s: current-context %q is not defined (%s)", path, name, cfg.knownList())
	}
	return ctx, nil
}

func resolveEndpoint(o Overrides, env Env, home string, ctx *ContextEntry) (string, error) {
	if o.Endpoint != "" {
		return o.Endpoint, nil
	}
	if v, ok := lookup(env, "ONE_XMLRPC"); ok {
		return strings.TrimSpace(v), nil
	}
	if ctx != nil && ctx.Endpoint != "" {
		return ctx.Endpoint, nil
	}
	for _, dir := range oneDirs(home) {
		p := filepath.Join(dir, "one_endpoint")
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("endpoint file %s: %w", p, err)
		}
		if ep := strings.TrimSpace(string(data)); ep != "" {
			return ep, nil
		}
	}
	return DefaultEndpoint, nil
}

func resolveSession(o Overrides, env Env, home string, ctx *ContextEntry) (session, source string, err error) {
	switch {
	case o.User != "" && o.Password == "":
		return "", "", errors.New("--user needs --password")
	case o.User == "" && o.Password != "":
		return "", "", errors.New("--password needs --user")
	case o.User != "":
		return o.User + ":" + o.Password, "flags", nil
	}
	if p, ok := lookup(env, "ONE_AUTH"); ok {
		s, err := readAuthFile(p, true)
		return s, "ONE_AUTH=" + p, credentials(err)
	}
	if ctx != nil {
		src := "context " + ctx.Name
		switch {
		case ctx.AuthFile != "":
			s, err := readAuthFile(expandHome(ctx.AuthFile, home), true)
			return s, src, credentials(err)
		case ctx.User != "" && ctx.Password != "":
			return ctx.User + ":" + ctx.Password, src, nil
		case ctx.User != "":
			return "", "", credentials(fmt.Errorf("context %q: user %q needs a password or an auth-file", ctx.Name, ctx.User))
		}
	}
	for i, dir := range oneDirs(home) {
		p := filepath.Join(dir, "one_auth")
		s, err := readAuthFile(p, false)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		src := p
		if i == 0 && home != "" {
			src = "~/.one/one_auth"
		}
		return s, src, credentials(err)
	}
	return "", "", credentials(errors.New("no credentials: set ONE_AUTH, create ~/.one/one_auth or pass --user/--password"))
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
