package kit

import (
	"strings"

	"github.com/spf13/pflag"
)

// The commands most object types share, as ready declarations: a group
// writes `kit.Chown(kit.Images)` instead of spelling the method and its
// parameters again. Each returns a fresh *Action, so a group may adjust a
// field (Short, Destructive...) before building it.

func api(res *Resource, verb string) string {
	return strings.TrimSuffix(res.Info, ".info") + "." + verb
}

func plural(res *Resource) string { return res.Label + "s" }

// Chown is `chown <objects> <user> [<group>]` (one.X.chown).
func Chown(res *Resource) *Action {
	return &Action{
		Use: "chown", Short: "Change the owner (and group) of " + plural(res), Method: api(res, "chown"), Res: res, Many: true,
		Args: []Arg{{Name: "user", Res: Users}, {Name: "group", Res: Groups, Optional: true}},
		Params: func(c *Call, id int) ([]any, error) {
			return []any{id, c.Arg(0, -1), c.Arg(1, -1)}, nil
		},
	}
}

// Chgrp is `chgrp <objects> <group>` (one.X.chown with user -1).
func Chgrp(res *Resource) *Action {
	return &Action{
		Use: "chgrp", Short: "Change the group of " + plural(res), Method: api(res, "chown"), Res: res, Many: true,
		Args: []Arg{{Name: "group", Res: Groups}},
		Params: func(c *Call, id int) ([]any, error) {
			return []any{id, -1, c.Arg(0, -1)}, nil
		},
	}
}

// Chmod is `chmod <objects> <octet>` (one.X.chmod with nine bits).
func Chmod(res *Resource) *Action {
	return &Action{
		Use: "chmod", Short: "Change the permissions of " + plural(res) + " (octal, e.g. 640)", Method: api(res, "chmod"), Res: res, Many: true,
		Args:   []Arg{{Name: "octet", Kind: ArgOctal}},
		Params: ChmodParams,
	}
}

// Rename is `rename <object> <name>` (one.X.rename).
func Rename(res *Resource) *Action {
	return &Action{
		Use: "rename", Short: "Rename a " + res.Label, Method: api(res, "rename"), Res: res,
		Args:   []Arg{{Name: "name", Kind: ArgString}},
		Params: func(c *Call, id int) ([]any, error) { return []any{id, c.Arg(0, "")}, nil },
	}
}

// Lock is `lock <objects> [--use|--manage|--admin|--all]` (one.X.lock).
func Lock(res *Resource) *Action {
	return &Action{
		Use: "lock", Short: "Lock " + plural(res) + " against actions", Method: api(res, "lock"), Res: res, Many: true,
		Flags: func(fs *pflag.FlagSet) {
			fs.Bool("use", false, "lock every action (level 1, the default)")
			fs.Bool("manage", false, "lock manage and admin actions (level 2)")
			fs.Bool("admin", false, "lock admin actions (level 3)")
			fs.Bool("all", false, "lock everything (level 4)")
		},
		Params: func(c *Call, id int) ([]any, error) {
			level := 1
			switch {
			case c.Bool("manage"):
				level = 2
			case c.Bool("admin"):
				level = 3
			case c.Bool("all"):
				level = 4
			}
			return []any{id, level, false}, nil
		},
	}
}

// Unlock is `unlock <objects>` (one.X.unlock).
func Unlock(res *Resource) *Action {
	return &Action{Use: "unlock", Short: "Unlock " + plural(res), Method: api(res, "unlock"), Res: res, Many: true, Params: IDOnly}
}

// Delete is `delete <objects>` (one.X.delete); it asks first on a terminal.
func Delete(res *Resource) *Action {
	return &Action{Use: "delete", Short: "Delete " + plural(res), Method: api(res, "delete"), Res: res, Many: true, Params: IDOnly, Destructive: true}
}

// Enable is `enable`/`disable <objects>` over a method taking (id, bool),
// such as one.image.enable or one.datastore.enable.
func Enable(res *Resource, on bool) *Action {
	use, verb := "enable", "Enable "
	if !on {
		use, verb = "disable", "Disable "
	}
	return &Action{
		Use: use, Short: verb + plural(res), Method: api(res, "enable"), Res: res, Many: true,
		Params: func(_ *Call, id int) ([]any, error) { return []any{id, on}, nil },
	}
}

// Member is an add/del command that puts objects of one type into (or takes
// them out of) another: `cluster addhost <cluster> <host>` is
// Member(kit.Clusters, "addhost", "one.cluster.addhost", kit.Hosts).
func Member(res *Resource, use, method string, member *Resource) *Action {
	return &Action{
		Use: use, Short: strings.ToUpper(use[:1]) + use[1:] + ": a " + member.Label + " and a " + res.Label, Method: method, Res: res,
		Args:   []Arg{{Name: member.Noun, Res: member}},
		Params: IDAndArgs,
	}
}
