package zone

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// newServerSyncCmd is the nearest honest twin of onezone serversync, which
// copies oned.conf, other config files and optionally the database from
// another server over ssh and restarts services. onectl does none of that:
// it compares the two servers' configuration through the API and lists
// what differs, so an operator knows what the copy would change.
func newServerSyncCmd(f *kit.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "serversync <server>",
		Short: "Compare this server's configuration with another's (onectl copies nothing)",
		Long: `Compare one.system.config of the server onectl talks to with that of
<server> (a host name, host:port, or a full http(s) URL; the port defaults
to 2633), with the same credentials, and list the attributes that differ.

onezone serversync copies oned.conf and other files (and with --db the
database) from <server> over ssh and restarts services; onectl works only
through the XML-RPC API, so it copies nothing and restarts nothing: use
the list to see what such a sync would change.` + kit.APIHelp("one.system.config", ""),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			remote := args[0]
			if !strings.Contains(remote, "://") {
				if !strings.Contains(remote, ":") {
					remote += ":2633"
				}
				remote = "http://" + remote + "/RPC2"
			}
			local, err := f.Client()
			if err != nil {
				return err
			}
			g := f.G
			g.Endpoint = remote
			other, err := (&kit.Factory{IO: f.IO, Env: f.Env, Home: f.Home, G: g}).Client()
			if err != nil {
				return err
			}
			here, err := local.CallString(ctx, "one.system.config")
			if err != nil || local.IsDryRun() {
				return err
			}
			there, err := other.CallString(ctx, "one.system.config")
			if err != nil {
				return err
			}
			a, err := flatConfig(here)
			if err != nil {
				return err
			}
			b, err := flatConfig(there)
			if err != nil {
				return err
			}
			keys := map[string]bool{}
			for k := range a {
				keys[k] = true
			}
			for k := range b {
				keys[k] = true
			}
			var diff []string
			for k := range keys {
				if a[k] != b[k] {
					diff = append(diff, k)
				}
			}
			sort.Strings(diff)
			out := f.IO.Out
			if len(diff) == 0 {
				fmt.Fprintf(out, "The configuration of %s matches this server's.\n", remote)
				return nil
			}
			fmt.Fprintf(out, "%-40s %-25s %s\n", "ATTRIBUTE", "HERE", "THERE")
			for _, k := range diff {
				fmt.Fprintf(out, "%-40s %-25s %s\n", k, orDash(a[k]), orDash(b[k]))
			}
			return nil
		},
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// flatConfig turns OPENNEBULA_CONFIGURATION into PATH=value pairs; a
// repeated element keeps every value, joined.
func flatConfig(doc string) (map[string]string, error) {
	n, err := output.ParseXML([]byte(doc))
	if err != nil {
		return nil, fmt.Errorf("reading the configuration: %w", err)
	}
	flat := map[string]string{}
	var walk func(prefix string, n *output.Node)
	walk = func(prefix string, n *output.Node) {
		if len(n.Children) == 0 {
			if v, ok := flat[prefix]; ok {
				flat[prefix] = v + ", " + strings.TrimSpace(n.Text)
			} else {
				flat[prefix] = strings.TrimSpace(n.Text)
			}
			return
		}
		for _, ch := range n.Children {
			p := ch.Name
			if prefix != "" {
				p = prefix + "/" + ch.Name
			}
			walk(p, ch)
		}
	}
	walk("", n)
	return flat, nil
}
