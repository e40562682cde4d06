package user

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// newCreateCmd is `user create <username> [<password>]`: one.user.allocate
// with the groups of --group (the first is the primary one).
func newCreateCmd(f *kit.Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:   "create <username> [<password>]",
		Short: "Create a user (the password is asked on a terminal)",
		Long: `Create a user. The password is asked twice with echo off on a terminal,
or read with --read-file (a file, or - for stdin); for the ssh and x509
drivers it is derived from the RSA private key (--ssh --key) or is the
certificate subject (--x509 --cert). A <password> argument works too but is visible to other
users of the machine. Without --group the user joins your group (users,
when you are in oneadmin's).` + kit.APIHelp("one.user.allocate", ""),
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			ctx := cmd.Context()
			c := &kit.Call{Cmd: cmd, F: f}
			var gids []int
			for _, g := range splitList(c.String("group")) {
				id, err := kit.NewResolver(f, kit.Groups).ID(ctx, g)
				if err != nil {
					return err
				}
				gids = append(gids, id)
			}
			var arg any
			if len(args) > 1 {
				arg = args[1]
			}
			driver := driverFor(c)
			pw, err := passwordFor(c, arg, driver == "public")
			if err != nil {
				return err
			}
			cl, err := f.Client()
			if err != nil {
				return err
			}
			params := []any{args[0], pw, driver}
			if len(gids) > 0 {
				params = append(params, gids)
			}
			res, err := cl.Call(ctx, "one.user.allocate", params...)
			if err != nil || cl.IsDryRun() {
				return err
			}
			return kit.PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", res)
		},
	}
	fs := cmd.Flags()
	passwordFlags(fs)
	fs.String("driver", "", "auth driver (default core): core, public, ssh, x509, ldap, server_cipher, server_x509")
	fs.String("group", "", "groups (IDs or names, comma separated); the first is the primary group")
	kit.AddOutputFlags(cmd, &out)
	_ = cmd.RegisterFlagCompletionFunc("group", kit.CompleteObjects(f, kit.Groups, true))
	return cmd
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// newEncodeCmd is oneuser encode: user and password URL-escaped and
// joined by ":", as some auth files and URLs want them. Nothing is sent.
func newEncodeCmd(f *kit.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:         "encode <username> [<password>]",
		Annotations: map[string]string{kit.Local: "yes"},
		Short:       "Print username:password URL-escaped (local; nothing is sent)",
		Long: `Print <username>:<password> with both parts URL-escaped, as oneuser
encode does, for an auth file. Without <password> it is asked on a terminal
or read with --read-file. Nothing is sent to the server. Since the output
is a secret, it is never shown on a terminal: redirect it to a file.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.IO.IsStdoutTTY() {
				return kit.Usagef("encode prints a password: redirect its output to a file (onectl user encode %s > auth)", args[0])
			}
			c := &kit.Call{Cmd: cmd, F: f}
			var arg any
			if len(args) > 1 {
				arg = args[1]
			}
			pw, err := passwordFor(c, arg, false)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(f.IO.Out, url.QueryEscape(args[0])+":"+url.QueryEscape(pw))
			return err
		},
	}
	passwordFlags(cmd.Flags())
	return cmd
}

// newPasswdSearchCmd is oneuser passwdsearch: the users of an auth driver
// whose stored password is the one given (a public key, a certificate
// subject; for core, the SHA-256 hash).
func newPasswdSearchCmd(f *kit.Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:   "passwdsearch <driver> <password>",
		Short: "Find the users of an auth driver with a given stored password",
		Long: `List the users whose AUTH_DRIVER is <driver> and whose stored PASSWORD is
<password> (for core users that is the SHA-256 hash; with --sha256 the
hash of <password> is searched).` + kit.APIHelp("one.userpool.info", ""),
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			c := &kit.Call{Cmd: cmd, F: f}
			want := args[1]
			if c.Bool("sha256") {
				want = sha(want)
			}
			cl, err := f.Client()
			if err != nil {
				return err
			}
			raw, err := cl.CallString(cmd.Context(), "one.userpool.info")
			if err != nil || cl.IsDryRun() {
				return err
			}
			_, elems, err := client.SplitPool([]byte(raw))
			if err != nil {
				return err
			}
			reader := newPool()
			var rows []any
			var doc strings.Builder
			doc.WriteString("<USER_POOL>")
			for _, e := range elems {
				row, err := reader.Row(e)
				if err != nil {
					return err
				}
				if u, ok := row.(*userRow); ok && u.Obj.AuthDriver == args[0] && u.Obj.Password == want {
					rows = append(rows, u)
					doc.Write(e)
				}
			}
			doc.WriteString("</USER_POOL>")
			p := &output.Printer{Opts: out, Out: f.IO.Out}
			return p.Print([]byte(doc.String()), userTable(), rows)
		},
	}
	cmd.Flags().Bool("sha256", false, "search for the SHA-256 of <password>")
	kit.AddOutputFlags(cmd, &out)
	return cmd
}
