// Package context is the `onectl context` group: named clouds and accounts
// kept in onectl's config file, so switching cloud never means logging out
// and in again. (The root imports it as ctxcmd, beside the standard
// library's context.)
package context

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
)

// NewCmd is the context group.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("context", "Named clouds and accounts in onectl's config file", "contexts", "ctx")
	cmd.Long = `A context is a named endpoint with its credentials (password, login token
or auth file) and settings (CA file, insecure, page size, timeout), kept in
onectl's config file (mode 0600). 'context use' makes one active;
--context NAME or ONECTL_CONTEXT=NAME picks one for a single run. See
'onectl help environment' for the order in which onectl looks for an
endpoint and credentials.`
	cmd.AddCommand(newCreateCmd(f), newListCmd(f), newUseCmd(f), newShowCmd(f),
		newRenameCmd(f), newDeleteCmd(f), newCurrentCmd(f))
	return cmd
}

// notFound is the error for a context the config file does not define.
func notFound(cfg *client.ConfigFile, name string) error {
	return &kit.CodedError{Code: kit.ExitNotFound, Err: cfg.UnknownContext(name)}
}

// save writes the config file (0600, atomically).
func save(cfg *client.ConfigFile, path string) error {
	if err := cfg.Save(path); err != nil {
		return &kit.CodedError{Code: kit.ExitError, Err: err}
	}
	return nil
}

// validName keeps names usable as a flag value, a YAML key and a table
// cell.
func validName(name string) error {
	switch {
	case name == "":
		return kit.Usagef("a context needs a name")
	case strings.HasPrefix(name, "-"):
		return kit.Usagef("invalid context name %q: it must not start with '-'", name)
	case strings.ContainsAny(name, " \t\r\n/\\"):
		return kit.Usagef("invalid context name %q: no spaces or slashes", name)
	}
	return nil
}

// absPath makes a path from the command line absolute, since the config is
// read from any directory later; "~/..." is kept for the reader to expand.
func absPath(p string) string {
	if p == "" || strings.HasPrefix(p, "~") || filepath.IsAbs(p) {
		return p
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// readSecret reads a secret from stdin: the whole input, less the trailing
// newline that `echo` and here-strings add.
func readSecret(in io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(in, 1<<16))
	if err != nil {
		return "", err
	}
	s := strings.TrimRight(string(data), "\r\n")
	if s == "" {
		return "", kit.Usagef("no secret on stdin")
	}
	if strings.ContainsAny(s, "\r\n") {
		return "", kit.Usagef("the secret on stdin must be one line")
	}
	return s, nil
}

// envOverrides names the variables that come before the active context, so
// `context use` can say why it may not take effect.
func envOverrides(f *kit.Factory) []string {
	var set []string
	for _, k := range []string{"ONECTL_CONTEXT", "ONE_XMLRPC", "ONE_AUTH"} {
		if f.Env != nil && f.Env(k) != "" {
			set = append(set, k)
		}
	}
	return set
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return !errors.Is(err, os.ErrNotExist)
}

func say(f *kit.Factory, format string, a ...any) {
	fmt.Fprintf(f.IO.ErrOut, format+"\n", a...)
}
