package user

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// renderUser prints a user as oneuser show does: the summary, the login
// tokens, the template and the usage & quota tables.
func renderUser(r *kit.Render) error {
	return writeUser(r, func(u *client.User) map[int]string { return groupNames(r, u) })
}

func writeUser(r *kit.Render, names func(*client.User) map[int]string) error {
	u, err := client.ParseUser(r.Raw)
	if err != nil {
		return fmt.Errorf("reading user %d: %w", r.ID, err)
	}
	doc := r.Doc
	w := r.Out
	fmt.Fprintf(w, "%-80s\n", fmt.Sprintf("USER %d INFORMATION", u.ID))
	field(w, "ID", strconv.Itoa(u.ID))
	field(w, "NAME", u.Name)
	field(w, "GROUP", u.GName)
	if len(u.Groups.ID) > 1 {
		ids := make([]string, len(u.Groups.ID))
		for i, g := range u.Groups.ID {
			ids[i] = strconv.Itoa(g)
		}
		field(w, "SECONDARY GROUPS", strings.Join(ids, ","))
	}
	field(w, "PASSWORD", u.Password)
	field(w, "AUTH_DRIVER", u.AuthDriver)
	enabled := "No"
	if u.Enabled == 1 {
		enabled = "Yes"
	}
	field(w, "ENABLED", enabled)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-80s\n", "TOKENS")
	if len(u.LoginTokens) > 0 {
		names := names(u)
		fmt.Fprintf(w, "%7s %-5s %-10s %-20s\n", "ID", "EGID", "EGROUP", "EXPIRATION")
		for _, t := range u.LoginTokens {
			egid, eg := strconv.Itoa(t.EGID), t.EGID
			if t.EGID == -1 {
				egid, eg = "*"+strconv.Itoa(u.GID), u.GID
			}
			gname, ok := names[eg]
			if !ok {
				gname = "-"
			}
			line := fmt.Sprintf("%-7.7s %-5.5s %-10.10s %-20.20s", t.Token, egid, gname, expiration(t.ExpirationTime))
			fmt.Fprintln(w, strings.TrimRight(line, " "))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-80s\n", "USER TEMPLATE")
	if s := kit.NodeTemplate(doc.Child("TEMPLATE"), nil).String(); s != "" {
		fmt.Fprintln(w, s)
	}
	output.WriteQuotas(w, &u.Quotas, &u.DefaultQuotas, u.ID)
	return nil
}

func field(w io.Writer, k, v string) { fmt.Fprintf(w, "%-16s: %-20s\n", k, v) }

// groupNames names the groups of the user's tokens with one pool call
// (oneuser show asks one.group.info per token); a failure leaves "-".
func groupNames(r *kit.Render, u *client.User) map[int]string {
	names := map[int]string{}
	raw, err := r.Client.CallString(r.Ctx, "one.grouppool.info")
	if err != nil {
		return names
	}
	if p, err := client.ParseGroupPool([]byte(raw)); err == nil {
		for _, g := range p.Groups {
			names[g.ID] = g.Name
		}
	}
	return names
}

func expiration(t int64) string {
	switch {
	case t == -1:
		return "forever"
	case !kit.Now().Before(time.Unix(t, 0)):
		return "expired"
	}
	return time.Unix(t, 0).Format("2006-01-02 15:04:05 -0700")
}

// quotaTables is `user quota --show`: the quota part of oneuser show.
func quotaTables(raw []byte, w io.Writer) error {
	u, err := client.ParseUser(raw)
	if err != nil {
		return err
	}
	output.WriteQuotas(w, &u.Quotas, &u.DefaultQuotas, u.ID)
	return nil
}
