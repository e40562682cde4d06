package kit

import (
	"context"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/template"
)

// AsOwner is the --as-uid/--as-gid flags of the instantiate commands: what
// they create belongs to that user and group (AS_UID and AS_GID in the
// extra template; oned asks MANAGE on the user, USE on the group).
type AsOwner struct{ UID, GID string }

// AddFlags registers the flags on cmd, completed with live names; what
// says what is created ("networks", "VMs").
func (a *AsOwner) AddFlags(f *Factory, cmd *cobra.Command, what string) {
	cmd.Flags().StringVar(&a.UID, "as-uid", "", "owner of the "+what+" (user ID or name)")
	cmd.Flags().StringVar(&a.GID, "as-gid", "", "group of the "+what+" (group ID or name)")
	CompleteObjectFlags(f, cmd, map[string]*Resource{"as-uid": Users, "as-gid": Groups})
}

// Apply resolves the names and sets AS_UID/AS_GID on t.
func (a *AsOwner) Apply(ctx context.Context, f *Factory, t *template.Template) error {
	for _, as := range []struct {
		val, attr string
		res       *Resource
	}{{a.UID, "AS_UID", Users}, {a.GID, "AS_GID", Groups}} {
		if as.val != "" {
			id, err := NewResolver(f, as.res).ID(ctx, as.val)
			if err != nil {
				return err
			}
			t.Set(as.attr, strconv.Itoa(id))
		}
	}
	return nil
}
