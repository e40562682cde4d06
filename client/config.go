package client

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// ConfigFile is onectl's own configuration: named contexts, each an
// endpoint with its credentials.
type ConfigFile struct {
	CurrentContext string         `yaml:"current-context,omitempty"`
	Contexts       []ContextEntry `yaml:"contexts,omitempty"`
}

// ContextEntry is one named cloud and account. Password, Token and
// AuthFile are alternatives: a context authenticates one way.
type ContextEntry struct {
	Name     string `yaml:"name"`
	Endpoint string `yaml:"endpoint,omitempty"`
	User     string `yaml:"user,omitempty"`
	Password string `yaml:"password,omitempty"`
	// Token is a login token from one.user.login (onectl user login).
	Token string `yaml:"token,omitempty"`
	// TokenExpires is when Token stops working (RFC 3339), "" for never or
	// unknown; it only makes the hint after a refused token more precise.
	TokenExpires string `yaml:"token-expires,omitempty"`
	AuthFile     string `yaml:"auth-file,omitempty"`
	Insecure     bool   `yaml:"insecure,omitempty"`
	CAFile       string `yaml:"ca-file,omitempty"`
	// PageSize is the pool page size for this cloud (like
	// ONE_POOL_PAGE_SIZE); 0 = not set.
	PageSize int `yaml:"page-size,omitempty"`
	// Timeout is the per-call time limit for this cloud, a Go duration
	// ("45s", "2m"); "" = not set.
	Timeout string `yaml:"timeout,omitempty"`
}

// HasSecret reports whether the entry itself holds a password or token.
func (c *ContextEntry) HasSecret() bool { return c.Password != "" || c.Token != "" }

// CallTimeout parses Timeout; 0 when unset.
func (c *ContextEntry) CallTimeout() (time.Duration, error) {
	if c.Timeout == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(c.Timeout)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("context %q: timeout %q: want a positive duration such as 30s or 2m", c.Name, c.Timeout)
	}
	return d, nil
}

// DefaultConfigPath is $XDG_CONFIG_HOME/onectl/config.yaml, falling back to
// $HOME/.config/onectl/config.yaml. It returns "" when neither is known.
func DefaultConfigPath(env Env, home string) string {
	if env != nil {
		if x := env("XDG_CONFIG_HOME"); x != "" {
			return filepath.Join(x, "onectl", "config.yaml")
		}
	}
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".config", "onectl", "config.yaml")
}

// LoadConfig reads a config file. A missing file gives an empty config and
// no error, so commands that create contexts can start from nothing.
func LoadConfig(path string) (*ConfigFile, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &ConfigFile{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}
	var cfg ConfigFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	// Unknown keys are errors: a misspelt "pasword" must not silently
	// fall back to other credentials.
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config file %s: %v", path, err)
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("config file %s: %v", path, err)
	}
	return &cfg, nil
}

func (c *ConfigFile) validate() error {
	seen := map[string]bool{}
	for i, ctx := range c.Contexts {
		if ctx.Name == "" {
			return fmt.Errorf("context #%d has no name", i+1)
		}
		if seen[ctx.Name] {
			return fmt.Errorf("context %q is defined twice", ctx.Name)
		}
		seen[ctx.Name] = true
		n := 0
		for _, v := range []string{ctx.Password, ctx.Token, ctx.AuthFile} {
			if v != "" {
				n++
			}
		}
		if n > 1 {
			return fmt.Errorf("context %q: password, token and auth-file are exclusive", ctx.Name)
		}
		if ctx.PageSize < 0 {
			return fmt.Errorf("context %q: page-size must not be negative", ctx.Name)
		}
		if _, err := ctx.CallTimeout(); err != nil {
			return err
		}
	}
	return nil
}

// Context returns the named context.
func (c *ConfigFile) Context(name string) (*ContextEntry, bool) {
	for i := range c.Contexts {
		if c.Contexts[i].Name == name {
			return &c.Contexts[i], true
		}
	}
	return nil, false
}

// Names lists the context names, sorted.
func (c *ConfigFile) Names() []string {
	names := make([]string, len(c.Contexts))
	for i, ctx := range c.Contexts {
		names[i] = ctx.Name
	}
	sort.Strings(names)
	return names
}

// Save writes the config atomically with mode 0600, since it may hold
// passwords and tokens.
func (c *ConfigFile) Save(path string) error {
	if err := c.validate(); err != nil {
		return err
	}
	data, err := yaml.Marshal(c)
	if err != nil {
		return err
	}
	if err := WriteSecretFile(path, data); err != nil {
		return fmt.Errorf("config file %s: %w", path, unwrapPathErr(err))
	}
	return nil
}

// HasSecret reports whether any context holds a password or token, which
// makes the file itself secret.
func (c *ConfigFile) HasSecret() bool {
	for i := range c.Contexts {
		if c.Contexts[i].HasSecret() {
			return true
		}
	}
	return false
}

// Rename renames a context, following current-context along.
func (c *ConfigFile) Rename(from, to string) error {
	ctx, ok := c.Context(from)
	if !ok {
		return c.UnknownContext(from)
	}
	if _, taken := c.Context(to); taken && from != to {
		return fmt.Errorf("context %q already exists", to)
	}
	ctx.Name = to
	if c.CurrentContext == from {
		c.CurrentContext = to
	}
	return nil
}

// Delete removes a context; deleting the current one leaves none current.
func (c *ConfigFile) Delete(name string) error {
	for i := range c.Contexts {
		if c.Contexts[i].Name == name {
			c.Contexts = append(c.Contexts[:i], c.Contexts[i+1:]...)
			if c.CurrentContext == name {
				c.CurrentContext = ""
			}
			return nil
		}
	}
	return c.UnknownContext(name)
}

// UnknownContextError is a context name the config file does not define.
type UnknownContextError struct{ Name, Known string }

func (e *UnknownContextError) Error() string {
	return fmt.Sprintf("unknown context %q (%s)", e.Name, e.Known)
}

// UnknownContext is the error for a context name that is not defined.
func (c *ConfigFile) UnknownContext(name string) error {
	return &UnknownContextError{Name: name, Known: c.knownList()}
}

// knownList renders the context names for error messages.
func (c *ConfigFile) knownList() string {
	if len(c.Contexts) == 0 {
		return "no contexts are defined"
	}
	return "known: " + strings.Join(c.Names(), ", ")
}
