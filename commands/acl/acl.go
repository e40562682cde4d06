// Package acl is the acl group: oneacl's subcommands.
package acl

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// NewCmd is the acl group.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("acl", "Manage access control rules (oneacl)")
	cmd.AddCommand(
		(&kit.List{Res: kit.ACLs, Short: "List the ACL rules decoded as oneacl list shows them",
			Table: aclTable, Row: kit.UnmarshalRow[client.ACL]}).Build(f),
		newCreateCmd(f),
		(&kit.Action{Use: "delete", Method: "one.acl.delrule", Res: kit.ACLs, Many: true, Params: kit.IDOnly,
			Destructive: true, Short: "Delete ACL rules"}).Build(f),
	)
	return cmd
}

// aclTable has oneacl list's columns.
func aclTable() *output.Table {
	a := func(r any) *client.ACL { return r.(*client.ACL) }
	return &output.Table{
		Default: []string{"ID", "USER", "RES_VHNIUTGDCOZSvRMAPtB", "RID", "OPE_UMAC", "ZONE"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(a(r).ID) }},
			{Name: "USER", Right: true, Value: func(r any) string { return a(r).UserStr() }},
			{Name: "RES_VHNIUTGDCOZSvRMAPtB", Right: true, Value: func(r any) string { return a(r).ResourceLetters() }},
			{Name: "RID", Right: true, Value: func(r any) string { return a(r).ResourceID() }},
			{Name: "OPE_UMAC", Right: true, Value: func(r any) string { return a(r).RightsStr() }},
			{Name: "ZONE", Right: true, Value: func(r any) string { return a(r).ZoneStr() }},
			{Name: "STRING", Value: func(r any) string { return a(r).String }},
		},
	}
}

var hexRe = regexp.MustCompile(`^(0[xX])?[0-9a-fA-F]+$`)

// newCreateCmd is oneacl create: a rule string, or its hex masks.
func newCreateCmd(f *kit.Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:   "create <rule> | create <user> <resource> <rights> [<zone>]",
		Short: `Create an ACL rule, e.g. "#5 IMAGE+NET/@103 USE+MANAGE #0"`,
		Long: `Create an ACL rule from oneacl's syntax, in one argument:

  <user> <resource> <rights> [<zone>]
  user:     #<user id>, @<group id> or *
  resource: TYPE[+TYPE...]/<ids>, ids #<id>, @<group id>, %<cluster id> or *
            (VM HOST NET IMAGE USER TEMPLATE GROUP DATASTORE CLUSTER DOCUMENT
             ZONE SECGROUP VDC VROUTER MARKETPLACE MARKETPLACEAPP VMGROUP
             VNTEMPLATE BACKUPJOB)
  rights:   USE, MANAGE, ADMIN, CREATE joined by +
  zone:     #<zone id> or * (default: the server's zone)

or from the four masks in hex as separate arguments. A rule that does not
parse is a usage error naming the part that is wrong.` + kit.APIHelp("one.acl.addrule", ""),
		Example: `  onectl acl create "#5 IMAGE+NET/@103 USE+MANAGE #0"
  onectl acl create 0x100000005 0xc200000067 0x3`,
		Args: func(_ *cobra.Command, args []string) error {
			if n := len(args); n != 1 && n != 3 && n != 4 {
				return kit.Usagef("give one rule string or three or four hex masks, not %d arguments", n)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			var params []any
			if len(args) == 1 {
				u, r, rt, z, err := client.ParseACLRule(args[0])
				if err != nil {
					return &kit.UsageError{Msg: err.Error()}
				}
				params = []any{u, r, rt}
				if z != "" {
					params = append(params, z)
				}
			} else {
				for i, a := range args {
					if !hexRe.MatchString(a) {
						return kit.Usagef("%s mask %q is not hexadecimal", []string{"user", "resource", "rights", "zone"}[i], a)
					}
					params = append(params, a)
				}
			}
			c, err := f.Client()
			if err != nil {
				return err
			}
			res, err := c.Call(cmd.Context(), "one.acl.addrule", params...)
			if err != nil || c.IsDryRun() {
				return err
			}
			if err := kit.PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", res); err != nil {
				return fmt.Errorf("printing the new rule's ID: %w", err)
			}
			return nil
		},
	}
	kit.AddOutputFlags(cmd, &out)
	return cmd
}
