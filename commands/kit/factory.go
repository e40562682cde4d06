package kit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/iostreams"
)

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
	endless     bool
	resolved    *client.Resolved // what Client used, for AuthHint
	run         *runState        // shared with ForContext's Factories
	noPrompt    bool             // --all-contexts: several contexts at once, nobody to ask
}

// Endless lifts the whole-command deadline for a command that runs until
// the user stops it (top); each of its calls is still bounded by --timeout.
// Call it before the first Client.
func (f *Factory) Endless() { f.endless = true }

// Client builds the XML-RPC client from flags, environment and config files.
func (f *Factory) Client() (*client.Client, error) {
	if f.client != nil {
		return f.client, nil
	}
	if f.G.Timeout <= 0 {
		return nil, Usagef("--timeout must be positive, e.g. 30s or 5m")
	}
	res, err := f.Resolve()
	if err != nil {
		return nil, err
	}
	timeout := f.G.Timeout
	if res.Timeout > 0 && !f.timeoutSet() {
		timeout = res.Timeout
	}
	opts := client.Options{
		Endpoint: res.Endpoint,
		Session:  res.Session,
		Timeout:  timeout,
		// --timeout bounds the whole command, retries and --wait included;
		// the client is built when the command first needs the server.
		Deadline: deadline(f.endless, timeout),
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
		f.printSources(res)
	}
	if f.G.DryRun {
		opts.DryRun = f.IO.Out
	}
	c, err := client.New(opts)
	if err != nil {
		return nil, Usagef("%s", client.RedactURL(err.Error()))
	}
	f.client = c
	return c, nil
}

// pausedFor gives back to the command's deadline the time spent waiting for
// a person, so a slow answer to a prompt or a long edit does not make the
// next call time out.
func (f *Factory) pausedFor(start time.Time) {
	if f.client != nil {
		f.client.ExtendDeadline(time.Since(start))
	}
}

func deadline(endless bool, timeout time.Duration) time.Time {
	if endless {
		return time.Time{}
	}
	return time.Now().Add(timeout)
}

// timeoutSet is true when --timeout was given explicitly; it then beats
// ONE_XMLRPC_TIMEOUT.
func (f *Factory) timeoutSet() bool { return f.timeoutFlag != nil && f.timeoutFlag.Changed }

// configError keeps missing or broken credentials apart from other config
// mistakes: for a script they are an authentication failure.
func configError(err error) error {
	var cred *client.CredentialsError
	if errors.As(err, &cred) || errors.Is(err, context.Canceled) {
		return err
	}
	return &UsageError{Msg: err.Error()}
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
