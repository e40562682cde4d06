// Package vnet is the vnet group: onevnet's subcommands, over one.vn.*.
package vnet

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// NewCmd is the vnet group.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("vnet", "Manage virtual networks, their address ranges and leases (onevnet)")
	del := kit.Delete(kit.VNets)
	del.Long = "A network with leases in use (VMs, holds, reservations) is refused. oned deletes it in the\nbackground: it goes LOCK_DELETE, then away."
	for _, a := range []*kit.Action{
		kit.Chown(kit.VNets), kit.Chgrp(kit.VNets), kit.Chmod(kit.VNets), kit.Rename(kit.VNets),
		kit.Lock(kit.VNets), kit.Unlock(kit.VNets), del,
		{
			Use: "rmar", Short: "Remove an address range", Method: "one.vn.rm_ar", Res: kit.VNets,
			Long:  "A range with leases in use is refused unless --force.",
			Args:  []kit.Arg{{Name: "ar-id", Kind: kit.ArgInt}},
			Flags: func(fs *pflag.FlagSet) { fs.Bool("force", false, "remove the range even with leases in use") },
			Params: func(c *kit.Call, id int) ([]any, error) {
				return []any{id, c.Arg(0, 0), c.Bool("force")}, nil
			},
			Destructive: true,
		},
		{
			Use: "free", Short: "Free a reserved address range: its addresses go back to the parent network",
			Method: "one.vn.free_ar", Res: kit.VNets, Args: []kit.Arg{{Name: "ar-id", Kind: kit.ArgInt}},
			Params: kit.IDAndArgs, Destructive: true,
		},
		leaseAction("hold", "Hold an address: no VM gets it until it is released", "one.vn.hold"),
		leaseAction("release", "Release a held address", "one.vn.release"),
		{
			Use: "recover", Short: "Recover a network stuck in LOCK_CREATE, LOCK_DELETE, ERROR or UPDATE_FAILURE",
			Method: "one.vn.recover", Res: kit.VNets, Many: true,
			Long: "--success ends the driver action as done, --failure as failed (ERROR), --delete drops the\nnetwork, --retry retries a failed update.",
			Flags: func(fs *pflag.FlagSet) {
				fs.Bool("success", false, "the pending driver action succeeded")
				fs.Bool("failure", false, "the pending driver action failed")
				fs.Bool("delete", false, "delete the network")
				fs.Bool("retry", false, "retry a failed update")
			},
			Check: func(c *kit.Call) error {
				if _, err := recoverOp(c); err != nil {
					return err
				}
				return nil
			},
			Params: func(c *kit.Call, id int) ([]any, error) {
				op, err := recoverOp(c)
				return []any{id, op}, err
			},
			Wait: kit.Settled,
		},
	} {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand((&kit.List{
		Res: kit.VNets, Short: "List virtual networks (onevnet list)", Whose: true,
		Table: vnetTable, Row: kit.UnmarshalRow[client.VNet],
	}).Build(f))
	cmd.AddCommand(shower().Build(f))
	cmd.AddCommand((&kit.TemplateUpdate{
		Res: kit.VNets, Use: "update", Short: "Replace or merge the template of a virtual network",
		Method: "one.vn.update", Appendable: true,
		Current: func(n *output.Node, _ int) *template.Template { return kit.NodeTemplate(n.Child("TEMPLATE"), nil) },
	}).Build(f))
	cmd.AddCommand(newCreateCmd(f), newAddARCmd(f), newUpdateARCmd(f), newReserveCmd(f),
		newAddLeasesCmd(f), newRmLeasesCmd(f), newOrphansCmd(f))
	return cmd
}

func recoverOp(c *kit.Call) (int, error) {
	op, n := -1, 0
	for i, name := range []string{"failure", "success", "delete", "retry"} {
		if c.Bool(name) {
			op, n = i, n+1
		}
	}
	if n != 1 {
		return 0, kit.Usagef("give exactly one of --success, --failure, --delete, --retry")
	}
	return op, nil
}

// leaseAction is hold or release: one address, by IP, IPv6 or MAC, in any
// range or the one --address-range names.
func leaseAction(use, short, method string) *kit.Action {
	return &kit.Action{
		Use: use, Short: short, Method: method, Res: kit.VNets,
		Args: []kit.Arg{{Name: "address", Kind: kit.ArgString}},
		Long: "<address> is an IPv4, IPv6 or MAC address.",
		Flags: func(fs *pflag.FlagSet) {
			fs.IntP("address-range", "a", -1, "look for the address in this address range only")
		},
		Check: func(c *kit.Call) error {
			_, err := leaseAttr(c.Arg(0, "").(string))
			return err
		},
		Params: func(c *kit.Call, id int) ([]any, error) {
			name, _ := leaseAttr(c.Arg(0, "").(string))
			l := "LEASES=[" + name + "=\"" + c.Arg(0, "").(string) + "\""
			if ar := c.Int("address-range"); ar >= 0 {
				l += ", AR_ID=\"" + strconv.Itoa(ar) + "\""
			}
			return []any{id, l + "]"}, nil
		},
	}
}

// leaseAttr says how an address is named in a LEASES or reservation
// template: IP, IP6 or MAC.
func leaseAttr(addr string) (string, error) {
	switch {
	case isMAC(addr):
		return "MAC", nil
	case isIP4(addr):
		return "IP", nil
	case isIP6(addr):
		return "IP6", nil
	}
	return "", kit.Usagef("%q is not an IPv4, IPv6 or MAC address", addr)
}

func vnetTable() *output.Table {
	v := func(r any) *client.VNet { return r.(*client.VNet) }
	return &output.Table{
		Default: []string{"ID", "USER", "GROUP", "NAME", "CLUSTERS", "BRIDGE", "STATE", "LEASES", "OUTD", "ERRO"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).ID) }},
			{Name: "USER", Value: func(r any) string { return v(r).UName }},
			{Name: "GROUP", Value: func(r any) string { return v(r).GName }},
			{Name: "NAME", Value: func(r any) string { return v(r).Name }},
			{Name: "CLUSTERS", Value: func(r any) string { return joinIDs(v(r).Clusters.ID) }},
			{Name: "BRIDGE", Value: func(r any) string { return v(r).Bridge }},
			{Name: "STATE", Value: func(r any) string { return v(r).ShortState() }},
			{Name: "LEASES", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).UsedLeases) }},
			{Name: "OUTD", Right: true, Value: func(r any) string { return strconv.Itoa(len(v(r).OutdatedVMs.ID)) }},
			{Name: "ERRO", Right: true, Value: func(r any) string { return strconv.Itoa(len(v(r).ErrorVMs.ID)) }},
			{Name: "UID", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).UID) }},
			{Name: "GID", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).GID) }},
			{Name: "VN_MAD", Value: func(r any) string { return v(r).VNMad }},
			{Name: "PARENT", Right: true, Value: func(r any) string { return v(r).ParentNetworkID }},
			{Name: "SIZE", Right: true, Value: func(r any) string { return strconv.Itoa(arSize(v(r))) }},
			{Name: "LOCK", Value: func(r any) string { return kit.LockName(v(r).Lock) }},
		},
	}
}

func arSize(v *client.VNet) int {
	n := 0
	for _, ar := range v.ARs {
		s, _ := strconv.Atoi(ar.Size)
		n += s
	}
	return n
}

func joinIDs(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(id)
	}
	return strings.Join(s, ",")
}
