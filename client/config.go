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

	"gopkg.in/yaml.v3"
)

// ConfigFile is onectl's own configuration: named contexts, each an
// endpoint with its credentials.
type ConfigFile struct {
	CurrentContext string         `yaml:"current-context,omitempty"`
	Contexts       []ContextEntry `yaml:"contexts,omitempty"`
}

// ContextEntry is one named cloud. Password and AuthFile are alternatives.
type ContextEntry struct {
	Name     string `yaml:"name"`
	Endpoint string `yaml:"endpoint,omitempty"`
	User     string `yaml:"user,omitempty"`
	Password string `yaml:"password,omitempty"`
	AuthFile string `yaml:"auth-file,omitempty"`
	Insecure bool   `yaml:"insecure,omitempty"`
	CAFile   string `yaml:"ca-file,omitempty"`
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
		if ctx.Password != "" && ctx.AuthFile != "" {
			return fmt.Errorf("context %q: password and auth-file are exclusive", ctx.Name)
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

// Save writes the config atomically (temporary file in the same directory,
// then rename) with mode 0600, since it may hold passwords.
func (c *ConfigFile) Save(path string) error {
	if err := c.validate(); err != nil {
		return err
	}
	data, err := yaml.Marshal(c)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".config-*.yaml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// knownList renders the context names for error messages.
func (c *ConfigFile) knownList() string {
	if len(c.Contexts) == 0 {
		return "no contexts are defined"
	}
	return "known: " + strings.Join(c.Names(), ", ")
}
