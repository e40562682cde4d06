// Package image is the image group: oneimage's subcommands.
package image

import (
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	tpl "github.com/onectl/onectl/template"
)

// NewCmd is the image group: oneimage's subcommands.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("image", "Manage images (oneimage)", "images")
	for _, a := range actions() {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(
		lister().Build(f),
		kit.Top(f, lister(), "Show images, refreshed every few seconds (oneimage top)"),
		shower().Build(f),
		creator().Build(f),
		newCloneCmd(f),
		newOrphansCmd(f),
		newRestoreCmd(f),
		(&kit.TemplateUpdate{
			Res: kit.Images, Use: "update", Short: "Replace or merge (--append) the template of an image",
			Method: "one.image.update", Appendable: true,
			Current: func(obj *output.Node, _ int) *tpl.Template { return kit.NodeTemplate(obj.Path("TEMPLATE"), nil) },
		}).Build(f),
	)
	return cmd
}

func actions() []*kit.Action {
	del := kit.Delete(kit.Images)
	del.Flags = func(fs *pflag.FlagSet) {
		fs.Bool("force", false, "remove the image even if the datastore cannot delete its file (a LOCKED image needs ADMIN)")
	}
	del.Params = func(c *kit.Call, id int) ([]any, error) { return []any{id, c.Bool("force")}, nil }
	persistent := func(use, short string, on bool) *kit.Action {
		return &kit.Action{Use: use, Short: short, Method: "one.image.persistent", Res: kit.Images, Many: true,
			Params: func(_ *kit.Call, id int) ([]any, error) { return []any{id, on}, nil }}
	}
	snap := func(use, short, method string, destructive bool) *kit.Action {
		return &kit.Action{Use: use, Short: short, Method: method, Res: kit.Images, Destructive: destructive,
			Args: []kit.Arg{{Name: "snapshot-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs,
			Wait: kit.Until("READY", "USED", "USED_PERS")}
	}
	return []*kit.Action{
		kit.Chown(kit.Images), kit.Chgrp(kit.Images), kit.Chmod(kit.Images),
		kit.Rename(kit.Images), kit.Lock(kit.Images), kit.Unlock(kit.Images), del,
		kit.Enable(kit.Images, true), kit.Enable(kit.Images, false),
		persistent("persistent", "Make images persistent: one VM at a time, changes kept", true),
		persistent("nonpersistent", "Make images non-persistent: each VM gets a copy", false),
		{
			Use: "chtype", Short: "Change the type of images (OS, CDROM, DATABLOCK, KERNEL, RAMDISK, CONTEXT)",
			Method: "one.image.chtype", Res: kit.Images, Many: true,
			Args:   []kit.Arg{{Name: "type", Kind: kit.ArgString}},
			Params: kit.IDAndArgs,
		},
		snap("snapshot-delete", "Delete a snapshot of an image", "one.image.snapshotdelete", true),
		snap("snapshot-revert", "Make a snapshot the image's current content", "one.image.snapshotrevert", true),
		snap("snapshot-flatten", "Flatten an image to a snapshot, dropping the others", "one.image.snapshotflatten", true),
	}
}

var typeShort = []string{"OS", "CD", "DB", "KL", "RD", "CX", "BK", "FS"}

// imageTypeBackup is TYPE 6, BACKUP (BK).
const imageTypeBackup = 6

func shortType(t int) string {
	if t >= 0 && t < len(typeShort) {
		return typeShort[t]
	}
	return strconv.Itoa(t)
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// imageTable has oneimage list's columns first.
func imageTable() *output.Table {
	im := func(r any) *client.Image { return r.(*client.Image) }
	return &output.Table{
		Default: []string{"ID", "USER", "GROUP", "NAME", "DATASTORE", "SIZE", "TYPE", "PER", "STAT", "RVMS"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(im(r).ID) }},
			{Name: "USER", Value: func(r any) string { return im(r).UName }},
			{Name: "GROUP", Value: func(r any) string { return im(r).GName }},
			{Name: "NAME", Value: func(r any) string { return im(r).Name }},
			{Name: "DATASTORE", Value: func(r any) string { return im(r).Datastore }},
			{Name: "SIZE", Right: true, Value: func(r any) string { return output.HumanMB(im(r).Size) }},
			{Name: "TYPE", Value: func(r any) string { return shortType(im(r).Type) }},
			{Name: "PER", Right: true, Value: func(r any) string { return yesNo(im(r).Persistent == 1) }},
			{Name: "STAT", Value: func(r any) string { return client.ImageShortState(im(r).State) }, Color: stateColor},
			{Name: "RVMS", Right: true, Value: func(r any) string { return strconv.Itoa(im(r).RunningVMs) }},
			{Name: "UID", Right: true, Value: func(r any) string { return strconv.Itoa(im(r).UID) }},
			{Name: "GID", Right: true, Value: func(r any) string { return strconv.Itoa(im(r).GID) }},
			{Name: "STATE", Value: func(r any) string { return client.ImageStateName(im(r).State) }},
			{Name: "LOCK", Value: func(r any) string { return kit.LockName(im(r).Lock) }},
			{Name: "REGTIME", Right: true, Value: func(r any) string { return kit.ShowTime(im(r).RegTime) }},
			{Name: "DATASTORE_ID", Right: true, Value: func(r any) string { return strconv.Itoa(im(r).DatastoreID) }},
		},
	}
}

func stateColor(short string) string {
	switch short {
	case "rdy", "used":
		return "32"
	case "err":
		return "31"
	case "lock", "clon", "dele", "disa":
		return "33"
	}
	return ""
}

func lister() *kit.List {
	return &kit.List{
		Res: kit.Images, Short: "List images (oneimage list)", Whose: true,
		Table: imageTable, Row: kit.UnmarshalRow[client.Image],
		States: client.ImageStateNames(),
		Flags: func(fs *pflag.FlagSet) {
			fs.Bool("backup", false, "only backup images (TYPE BK), as oneimage list --backup")
		},
		Keep: func(c *kit.Call, row any) bool {
			return !c.Bool("backup") || row.(*client.Image).Type == imageTypeBackup
		},
	}
}
