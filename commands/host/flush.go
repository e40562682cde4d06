package host

import (
	"context"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
)

// newFlushCmd is onehost flush: disable the hosts, then ask the scheduler
// to move each of their VMs elsewhere (resched).
func newFlushCmd(f *kit.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "flush <host>...",
		Short: "Disable hosts and move their VMs to other hosts (onehost flush)",
		Long: `Disable hosts and move their VMs to other hosts (onehost flush).

Each host is disabled (one.host.status 1), so the scheduler places nothing
new on it, and every VM on it is flagged for rescheduling (one.vm.action
resched): the scheduler migrates it to another host that has room.

<host> is an ID, a name, a range (1..5) or a list (1,3,7..9).` + kit.APIHelp("one.host.status", "") + kit.APIHelp("one.vm.action", ""),
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: kit.CompleteObjects(f, kit.Hosts, true),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ids, err := kit.NewResolver(f, kit.Hosts).IDs(ctx, args)
			if err != nil {
				return err
			}
			if err := kit.Confirm(f, "flush host "+kit.JoinInts(ids)+" (disable it and move its VMs away)?"); err != nil {
				return err
			}
			c, err := f.Client()
			if err != nil {
				return err
			}
			return kit.ForEach(ctx, f, "host", ids, func(ctx context.Context, id int, _ io.Writer) error {
				if _, err := c.Call(ctx, "one.host.status", id, 1); err != nil {
					return err
				}
				if c.IsDryRun() {
					return nil
				}
				raw, err := c.CallString(ctx, "one.host.info", id)
				if err != nil {
					return err
				}
				h, err := client.ParseHost([]byte(raw))
				if err != nil {
					return err
				}
				for _, vm := range h.VMs.ID {
					if _, err := c.Call(ctx, "one.vm.action", "resched", vm); err != nil {
						return err
					}
				}
				return nil
			})
		},
	}
	return cmd
}

// newForceUpdateCmd is onehost forceupdate (and the sync stand-in): each
// host is set offline and enabled again, so it is probed anew.
func newForceUpdateCmd(f *kit.Factory, use, short, long string) *cobra.Command {
	var cluster string
	if long == "" {
		long = `Each host named, or every host (of --cluster), is set offline and enabled
again (one.host.status 2, then 0): it goes back to INIT and is MONITORED
again after its next probe.`
	}
	cmd := &cobra.Command{
		Use:               use + " [<host>...]",
		Short:             short,
		Long:              short + ".\n\n" + long + kit.APIHelp("one.host.status", ""),
		ValidArgsFunction: kit.CompleteObjects(f, kit.Hosts, true),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ids, err := hostsOf(ctx, f, args, cluster)
			if err != nil {
				return err
			}
			c, err := f.Client()
			if err != nil {
				return err
			}
			return kit.ForEach(ctx, f, "host", ids, func(ctx context.Context, id int, _ io.Writer) error {
				if _, err := c.Call(ctx, "one.host.status", id, 2); err != nil {
					return err
				}
				_, err := c.Call(ctx, "one.host.status", id, 0)
				return err
			})
		},
	}
	cmd.Flags().StringVarP(&cluster, "cluster", "c", "", "only the hosts of this cluster (ID or name)")
	_ = cmd.RegisterFlagCompletionFunc("cluster", kit.CompleteObjects(f, kit.Clusters, false))
	return cmd
}

// hostsOf resolves the host arguments, or takes every host (of the
// cluster) when there are none.
func hostsOf(ctx context.Context, f *kit.Factory, args []string, cluster string) ([]int, error) {
	cid := -1
	if cluster != "" {
		id, err := kit.NewResolver(f, kit.Clusters).ID(ctx, cluster)
		if err != nil {
			return nil, err
		}
		cid = id
	}
	var ids []int
	if len(args) > 0 {
		var err error
		if ids, err = kit.NewResolver(f, kit.Hosts).IDs(ctx, args); err != nil || cid < 0 {
			return ids, err
		}
	}
	if f.G.DryRun && len(args) == 0 {
		return nil, kit.Usagef("--dry-run calls nothing, so it cannot list the hosts: name them")
	}
	c, err := f.Client()
	if err != nil {
		return nil, err
	}
	var out []int
	err = c.Objects(ctx, kit.Hosts.Pool, func(_ string, elem []byte) error {
		h, err := client.Unmarshal[client.Host](elem)
		if err != nil {
			return err
		}
		if (cid < 0 || h.ClusterID == cid) && (len(args) == 0 || slices.Contains(ids, h.ID)) {
			out = append(out, h.ID)
		}
		return nil
	})
	return out, err
}
