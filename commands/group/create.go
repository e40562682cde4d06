package group

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// defaultResources are what a new group's users may create, as onegroup
// create sets up (Group#create_default_acls).
const defaultResources = "VM+IMAGE+TEMPLATE+DOCUMENT+SECGROUP+VROUTER+VMGROUP+BACKUPJOB"

// newCreateCmd is onegroup create: the group, the ACL rule that lets its
// users create their own objects, and optionally an admin user. Any
// failure after the group exists deletes it again, as onegroup does.
func newCreateCmd(f *kit.Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:   "create [<group-name>]",
		Short: "Create a group, the ACL letting its users create objects, and an optional admin",
		Long: `Create a group (name as argument or --name), then the ACL rule
"@<id> <resources>/* CREATE" (--resources, default ` + defaultResources + `),
then with --admin-user a new user in the group who becomes its admin. The
admin's password is asked on a terminal, or read with --admin-password-file
(- for stdin); --admin-password works but is visible to other users. If a
step fails, the group is deleted again.` + kit.APIHelp("one.group.allocate", ""),
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			c := &kit.Call{Cmd: cmd, F: f}
			name := c.String("name")
			if len(args) == 1 {
				if name != "" && name != args[0] {
					return kit.Usagef("give the group name once: as the argument or with --name")
				}
				name = args[0]
			}
			if name == "" {
				return kit.Usagef("the group needs a name: onectl group create <group-name>")
			}
			res := c.String("resources")
			if res == "" {
				res = defaultResources
			}
			_, resource, rights, _, err := client.ParseACLRule("@0 " + res + "/* CREATE")
			if err != nil {
				return &kit.UsageError{Msg: "--resources: " + err.Error()}
			}
			var adminPW string
			if admin := c.String("admin-user"); admin != "" {
				if adminPW, err = adminPassword(c); err != nil {
					return err
				}
			} else if c.Changed("admin-password") || c.Changed("admin-password-file") || c.Changed("admin-driver") {
				return kit.Usagef("--admin-password and --admin-driver need --admin-user")
			}
			cl, err := f.Client()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			res0, err := cl.Call(ctx, "one.group.allocate", name)
			if err != nil || cl.IsDryRun() {
				return err
			}
			id, _ := kit.ResultInt(res0)
			undo := func(err error) error {
				if _, derr := cl.Call(ctx, "one.group.delete", id); derr != nil {
					return fmt.Errorf("%w (and deleting group %d again failed: %v)", err, id, derr)
				}
				return err
			}
			// the ACL's user part is the new group
			if _, err := cl.Call(ctx, "one.acl.addrule", fmt.Sprintf("%x", client.ACLGroup|uint64(id)), resource, rights); err != nil {
				return undo(err)
			}
			if admin := c.String("admin-user"); admin != "" {
				r, err := cl.Call(ctx, "one.user.allocate", admin, adminPW, c.String("admin-driver"), []int{id})
				if err != nil {
					return undo(err)
				}
				uid, _ := kit.ResultInt(r)
				if _, err := cl.Call(ctx, "one.group.addadmin", id, uid); err != nil {
					return undo(err)
				}
			}
			return kit.PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", res0)
		},
	}
	fs := cmd.Flags()
	fs.String("name", "", "the group's name (instead of the argument)")
	fs.String("resources", "", "what the group's users may create, e.g. VM+IMAGE (default "+defaultResources+")")
	fs.String("admin-user", "", "create this user in the group and make it the group's admin")
	fs.String("admin-password", "", "the admin's password (visible to other users; prefer the prompt or --admin-password-file)")
	fs.String("admin-password-file", "", "read the admin's password from this file (- for stdin)")
	fs.String("admin-driver", "", "the admin's auth driver (default core)")
	kit.AddOutputFlags(cmd, &out)
	return cmd
}

func adminPassword(c *kit.Call) (string, error) {
	switch {
	case c.String("admin-password-file") != "":
		text, err := kit.ReadSource(c.F, c.String("admin-password-file"))
		if err != nil {
			return "", err
		}
		for len(text) > 0 && (text[len(text)-1] == '\n' || text[len(text)-1] == '\r') {
			text = text[:len(text)-1]
		}
		if text == "" {
			return "", &kit.CodedError{Code: kit.ExitRejected, Err: errors.New("the admin's password cannot be empty")}
		}
		return text, nil
	case c.Changed("admin-password"):
		fmt.Fprintln(c.F.IO.ErrOut, "onectl: warning: a password on the command line is visible to other users; use --admin-password-file or the prompt")
		return c.String("admin-password"), nil
	}
	return kit.AskNewSecret(c.F, "Password for "+c.String("admin-user"),
		"--admin-user needs a password: use --admin-password-file <file> (- for stdin), or run on a terminal to be asked")
}
