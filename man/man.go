// Package man writes a man page for every command of a cobra tree, in roff,
// so `man onectl-vm-deploy` works after packaging.
package man

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Generate writes <dir>/<command-path-with-dashes>.1 for root and every
// visible command below it. date fixes the footer for reproducible builds.
func Generate(root *cobra.Command, dir string, date time.Time) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	var walk func(c *cobra.Command) error
	walk = func(c *cobra.Command) error {
		if !c.IsAvailableCommand() && c != root {
			return nil
		}
		name := strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1"
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, Page(c, date), 0o644); err != nil {
			return err
		}
		written = append(written, path)
		for _, sub := range c.Commands() {
			if err := walk(sub); err != nil {
				return err
			}
		}
		return nil
	}
	return written, walk(root)
}

// Page renders one command's man page.
func Page(c *cobra.Command, date time.Time) []byte {
	var b bytes.Buffer
	title := strings.ToUpper(strings.ReplaceAll(c.CommandPath(), " ", "-"))
	fmt.Fprintf(&b, ".TH %q 1 %q \"onectl\" \"onectl manual\"\n", title, date.Format("2006-01-02"))
	b.WriteString(".SH NAME\n")
	fmt.Fprintf(&b, "%s \\- %s\n", escape(strings.ReplaceAll(c.CommandPath(), " ", "-")), escape(c.Short))
	b.WriteString(".SH SYNOPSIS\n")
	fmt.Fprintf(&b, ".B %s\n", escape(c.UseLine()))
	if long := c.Long; long != "" {
		b.WriteString(".SH DESCRIPTION\n")
		paragraphs(&b, long)
	}
	if c.HasAvailableLocalFlags() {
		b.WriteString(".SH OPTIONS\n")
		flags(&b, c.NonInheritedFlags())
	}
	if c.HasAvailableInheritedFlags() {
		b.WriteString(".SH GLOBAL OPTIONS\n")
		flags(&b, c.InheritedFlags())
	}
	if c.Example != "" {
		b.WriteString(".SH EXAMPLES\n.nf\n")
		b.WriteString(escape(c.Example) + "\n.fi\n")
	}
	var see []string
	if c.HasParent() {
		see = append(see, strings.ReplaceAll(c.Parent().CommandPath(), " ", "-")+"(1)")
	}
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			see = append(see, strings.ReplaceAll(sub.CommandPath(), " ", "-")+"(1)")
		}
	}
	if len(see) > 0 {
		sort.Strings(see)
		b.WriteString(".SH SEE ALSO\n")
		b.WriteString(escape(strings.Join(see, ", ")) + "\n")
	}
	return b.Bytes()
}

// paragraphs keeps indented lines (examples inside long help) verbatim.
func paragraphs(b *bytes.Buffer, text string) {
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if strings.HasPrefix(para, "  ") || strings.Contains(para, "\n  ") {
			b.WriteString(".PP\n.nf\n" + escape(para) + "\n.fi\n")
			continue
		}
		b.WriteString(".PP\n" + escape(para) + "\n")
	}
}

func flags(b *bytes.Buffer, fs *pflag.FlagSet) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name := "\\-\\-" + f.Name
		if f.Shorthand != "" {
			name = "\\-" + f.Shorthand + ", " + name
		}
		if f.Value.Type() != "bool" {
			name += " " + f.Value.Type()
		}
		fmt.Fprintf(b, ".TP\n.B %s\n%s", name, escape(f.Usage))
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" {
			fmt.Fprintf(b, " (default %s)", escape(f.DefValue))
		}
		b.WriteString("\n")
	})
}

// escape protects roff's special characters: backslashes, leading dots and
// quotes, and hyphens (which roff would otherwise typeset as dashes).
func escape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}
