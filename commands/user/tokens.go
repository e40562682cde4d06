package user

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
)

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// whoseTokens reads the user named by args[0] (a name or ID), or the
// caller when there is none.
func whoseTokens(ctx context.Context, f *kit.Factory, args []string) (*client.User, *client.Client, error) {
	id := -1
	if len(args) > 0 {
		var err error
		if id, err = kit.NewResolver(f, kit.Users).ID(ctx, args[0]); err != nil {
			return nil, nil, err
		}
	}
	cl, err := f.Client()
	if err != nil {
		return nil, nil, err
	}
	raw, err := cl.CallString(ctx, "one.user.info", id)
	if err != nil || cl.IsDryRun() {
		return nil, cl, err
	}
	u, err := client.ParseUser([]byte(raw))
	return u, cl, err
}

// newTokenCreateCmd is oneuser token-create: a login token from
// one.user.login. oneuser prints the token; onectl never prints a secret,
// so the token goes to an auth file (as token-set writes them) and the
// export line naming that file is printed instead.
func newTokenCreateCmd(f *kit.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token-create [<username>]",
		Short: "Create a login token (yours when no user is given) in an auth file",
		Long: `Create a login token with one.user.login. --time sets its life in seconds
(-1: it never expires), --group scopes it to one group (EGID).

oneuser token-create prints the token; onectl never prints a secret: it
writes "user:token" to ~/.one/<hash>.token (mode 0600), as token-set does,
and prints "export ONE_AUTH=<file>; export ONE_EGID=<egid>" to paste into
a shell. ` + "`onectl user login`" + ` keeps a token in a context instead.` + kit.APIHelp("one.user.login", ""),
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c := &kit.Call{Cmd: cmd, F: f}
			valid := c.Int("time")
			if valid == 0 || valid < -1 {
				return kit.Usagef("--time is a number of seconds, or -1 for a token that never expires")
			}
			egid := -1
			if g := c.String("group"); g != "" {
				id, err := kit.NewResolver(f, kit.Groups).ID(ctx, g)
				if err != nil {
					return err
				}
				egid = id
			}
			name := ""
			if len(args) > 0 {
				name = args[0]
			} else {
				u, _, err := whoseTokens(ctx, f, nil)
				if err != nil || u == nil {
					return err
				}
				name = u.Name
			}
			cl, err := f.Client()
			if err != nil {
				return err
			}
			tok, err := cl.CallString(ctx, "one.user.login", name, "", valid, egid)
			if err != nil || cl.IsDryRun() {
				return err
			}
			return writeAuthFile(f, name+":"+tok, egid)
		},
	}
	cmd.Flags().Int("time", 36000, "seconds the token lives (-1: never expires)")
	cmd.Flags().String("group", "", "scope the token to this group (ID or name)")
	_ = cmd.RegisterFlagCompletionFunc("group", kit.CompleteObjects(f, kit.Groups, false))
	return cmd
}

// findTokens returns the user's tokens matching a prefix or a group (-1:
// the global ones), the longest-lived first.
func findTokens(u *client.User, prefix string, group *int, expired bool) []client.LoginToken {
	var out []client.LoginToken
	now := kit.Now().Unix()
	for _, t := range u.LoginTokens {
		if prefix != "" && !strings.HasPrefix(t.Token, prefix) {
			continue
		}
		if group != nil && t.EGID != *group {
			continue
		}
		if !expired && t.ExpirationTime != -1 && t.ExpirationTime <= now {
			continue
		}
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].ExpirationTime, out[j].ExpirationTime
		return a == -1 && b != -1 || b != -1 && a > b
	})
	return out
}

// authFile is where token-set keeps a token: ~/.one/<hash>.token.
func authFile(f *kit.Factory, auth string) string {
	return filepath.Join(f.Home, ".one", sha(auth)[:16]+".token")
}

// writeAuthFile keeps user:token in its auth file (0600) and prints the
// lines that make it the session of a shell.
func writeAuthFile(f *kit.Factory, auth string, egid int) error {
	path := authFile(f, auth)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(auth), 0o600); err != nil {
		return err
	}
	_, err := fmt.Fprintf(f.IO.Out, "export ONE_AUTH=%s; export ONE_EGID=%d\n", path, egid)
	return err
}

// newTokenSetCmd is oneuser token-set: pick one of your tokens, write it
// to an auth file and print the export line that makes it the session.
func newTokenSetCmd(f *kit.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token-set [<username>]",
		Short: "Write one of your tokens to an auth file and print the export line for it",
		Long: `Choose a valid token with exactly one of --token <prefix>, --group
<group> (the longest-lived token scoped to it) or --global (the
longest-lived unscoped one), write "user:token" to ~/.one/<hash>.token
(mode 0600) and print "export ONE_AUTH=<file>; export ONE_EGID=<egid>" to
paste into a shell.` + kit.APIHelp("one.user.info", ""),
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c := &kit.Call{Cmd: cmd, F: f}
			n := kit.BoolInt(c.String("token") != "") + kit.BoolInt(c.String("group") != "") + kit.BoolInt(c.Bool("global"))
			if n != 1 {
				return kit.Usagef("give exactly one of --token <prefix>, --group <group>, --global")
			}
			var group *int
			if c.Bool("global") {
				g := -1
				group = &g
			}
			if g := c.String("group"); g != "" {
				id, err := kit.NewResolver(f, kit.Groups).ID(ctx, g)
				if err != nil {
					return err
				}
				group = &id
			}
			u, _, err := whoseTokens(ctx, f, args)
			if err != nil || u == nil {
				return err
			}
			toks := findTokens(u, c.String("token"), group, false)
			switch {
			case len(toks) == 0:
				return &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("no valid tokens found")}
			case c.String("token") != "" && len(toks) > 1:
				return &kit.CodedError{Code: kit.ExitRejected, Err: fmt.Errorf("more than one token starting with %q found", c.String("token"))}
			}
			return writeAuthFile(f, u.Name+":"+toks[0].Token, toks[0].EGID)
		},
	}
	cmd.Flags().String("token", "", "the token that starts with this")
	cmd.Flags().String("group", "", "the longest-lived token scoped to this group")
	cmd.Flags().Bool("global", false, "the longest-lived token not scoped to a group")
	_ = cmd.RegisterFlagCompletionFunc("group", kit.CompleteObjects(f, kit.Groups, false))
	cmd.ValidArgsFunction = kit.CompleteObjects(f, kit.Users, false)
	return cmd
}

// newTokenDeleteCmd is oneuser token-delete: expire one token (found by
// prefix, expired ones too) and remove its auth file if token-set wrote one.
func newTokenDeleteCmd(f *kit.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "token-delete [<username>] <token>",
		Short: "Delete one login token (given by a unique prefix)",
		Long:  "Delete one login token, given by a unique prefix, and the auth file token-set wrote for it." + kit.APIHelp("one.user.login", ""),
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			prefix := args[len(args)-1]
			u, cl, err := whoseTokens(ctx, f, args[:len(args)-1])
			if err != nil || u == nil {
				return err
			}
			toks := findTokens(u, prefix, nil, true)
			switch {
			case len(toks) == 0:
				return &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("no tokens found starting with %q", prefix)}
			case len(toks) > 1:
				return &kit.CodedError{Code: kit.ExitRejected, Err: fmt.Errorf("more than one token starting with %q found", prefix)}
			}
			if _, err := cl.Call(ctx, "one.user.login", u.Name, toks[0].Token, 0); err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, "Token removed.")
			path := authFile(f, u.Name+":"+toks[0].Token)
			if err := os.Remove(path); err == nil {
				fmt.Fprintln(f.IO.ErrOut, "Removing "+path)
			}
			return nil
		},
	}
}

// newTokenDeleteAllCmd is oneuser token-delete-all <username>.
func newTokenDeleteAllCmd(f *kit.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "token-delete-all <username>",
		Short: "Delete every login token of a user",
		Long:  "Delete every login token of a user; the argument is the user's name, as for oneuser." + kit.APIHelp("one.user.login", ""),
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := strconv.Atoi(args[0]); err == nil {
				return kit.Usagef("the argument is the user name, not the ID")
			}
			cl, err := f.Client()
			if err != nil {
				return err
			}
			_, err = cl.Call(cmd.Context(), "one.user.login", args[0], "", 0)
			return err
		},
	}
}
