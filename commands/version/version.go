// Package version is `onectl version`: onectl's own build and the
// server's OpenNebula version, and whether the two are known to work
// together.
package version

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	buildinfo "github.com/onectl/onectl/version"
)

// Report is what `onectl version -o json|yaml` prints.
type Report struct {
	Onectl     Client  `json:"onectl" yaml:"onectl"`
	Server     *Server `json:"server,omitempty" yaml:"server,omitempty"`
	Compatible string  `json:"compatible,omitempty" yaml:"compatible,omitempty"`
	Note       string  `json:"note,omitempty" yaml:"note,omitempty"`
}

type Client struct {
	Version string `json:"version" yaml:"version"`
	Commit  string `json:"commit" yaml:"commit"`
	Date    string `json:"date" yaml:"date"`
	Dirty   bool   `json:"dirty,omitempty" yaml:"dirty,omitempty"`
	Go      string `json:"go" yaml:"go"`
}

type Server struct {
	Endpoint string `json:"endpoint" yaml:"endpoint"`
	Version  string `json:"version" yaml:"version"`
}

// NewCmd builds `onectl version`; build gives this binary's version,
// commit and date (the version package's, stamped at build time).
func NewCmd(f *kit.Factory, build func() buildinfo.Info) *cobra.Command {
	var (
		out        output.Options
		clientOnly bool
	)
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Show onectl's version and the server's, and whether they work together",
		Long: `Show onectl's version, commit and build date, the OpenNebula version of the
server (one.system.version), and whether onectl is known to work with it:
yes for OpenNebula 6.10 and 7.x, no for older releases, untested for newer.

With --client, only onectl's own build is shown and nothing is called.` + kit.APIHelp("one.system.version", ""),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			if out.Format == output.FormatXML || out.Format == output.FormatCSV {
				return kit.Usagef("onectl version prints table, json or yaml, not %s", out.Format)
			}
			b := build()
			rep := Report{Onectl: Client{Version: b.Version, Commit: b.Commit, Date: b.Date, Dirty: b.Dirty, Go: runtime.Version()}}
			var callErr error
			if !clientOnly {
				c, err := f.Client()
				if err != nil {
					return err
				}
				v, err := c.CallString(cmd.Context(), "one.system.version")
				switch {
				case err != nil:
					callErr = err
				case c.IsDryRun():
					return nil
				default:
					rep.Server = &Server{Endpoint: c.Endpoint(), Version: v}
					rep.Compatible, rep.Note = Compatibility(v)
				}
			}
			if err := write(f.IO.Out, out.Format, rep); err != nil {
				return err
			}
			return callErr
		},
	}
	kit.AddOutputFlags(cmd, &out)
	cmd.Flags().BoolVar(&clientOnly, "client", false, "show only onectl's own version; call nothing")
	return cmd
}

// Compatibility says whether onectl is known to work with an OpenNebula
// version: "yes" (6.10, 7.x), "no" (older) or "untested" (newer, or not
// a version number), with why.
func Compatibility(v string) (string, string) {
	parts := strings.SplitN(strings.TrimSpace(v), ".", 3)
	major, err1 := strconv.Atoi(parts[0])
	minor := 0
	var err2 error
	if len(parts) > 1 {
		minor, err2 = strconv.Atoi(parts[1])
	}
	switch {
	case err1 != nil || err2 != nil:
		return "untested", fmt.Sprintf("%q is not an OpenNebula version number", v)
	case major < 6 || major == 6 && minor < 10:
		return "no", "onectl needs OpenNebula 6.10 or later; its API differs before that"
	case major == 6 || major == 7:
		return "yes", "onectl is built and tested against OpenNebula 6.10 and 7.x"
	}
	return "untested", "onectl is tested against OpenNebula 6.10 and 7.x; this server is newer"
}

func write(w io.Writer, format string, r Report) error {
	switch format {
	case output.FormatJSON:
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	case output.FormatYAML:
		var b strings.Builder
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(r); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "---\n%s", b.String())
		return err
	}
	fmt.Fprintf(w, "onectl:     %s\n", r.Onectl.Version)
	fmt.Fprintf(w, "commit:     %s\n", r.Onectl.Commit)
	fmt.Fprintf(w, "built:      %s (%s)\n", r.Onectl.Date, r.Onectl.Go)
	if r.Server != nil {
		fmt.Fprintf(w, "server:     OpenNebula %s at %s\n", r.Server.Version, r.Server.Endpoint)
		fmt.Fprintf(w, "compatible: %s: %s\n", r.Compatible, r.Note)
	}
	return nil
}
