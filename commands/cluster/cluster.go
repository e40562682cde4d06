// Package cluster is the cluster group: onecluster's subcommands.
package cluster

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// NewCmd is the cluster group: onecluster's subcommands.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("cluster", "Manage clusters (onecluster)", "clusters")
	for _, a := range []*kit.Action{
		kit.Delete(kit.Clusters), kit.Rename(kit.Clusters),
		member("addhost", "one.cluster.addhost", kit.Hosts, "Move a host into a cluster (a host is in exactly one)"),
		member("delhost", "one.cluster.delhost", kit.Hosts, "Take a host out of a cluster, back into the default one"),
		member("adddatastore", "one.cluster.adddatastore", kit.Datastores, "Add a datastore to a cluster (it may be in several)"),
		member("deldatastore", "one.cluster.deldatastore", kit.Datastores, "Take a datastore out of a cluster"),
		member("addvnet", "one.cluster.addvnet", kit.VNets, "Add a virtual network to a cluster (it may be in several)"),
		member("delvnet", "one.cluster.delvnet", kit.VNets, "Take a virtual network out of a cluster"),
	} {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(
		newCreateCmd(f),
		(&kit.List{Res: kit.Clusters, Short: "List clusters (onecluster list)", Table: clusterTable,
			Row: kit.UnmarshalRow[client.Cluster]}).Build(f),
		shower().Build(f),
		(&kit.TemplateUpdate{
			Res: kit.Clusters, Use: "update", Short: "Replace or merge (--append) a cluster's template", Method: "one.cluster.update",
			Appendable: true,
			Current:    func(obj *output.Node, _ int) *template.Template { return kit.NodeTemplate(obj.Path("TEMPLATE"), nil) },
		}).Build(f),
	)
	return cmd
}

func member(use, method string, res *kit.Resource, short string) *kit.Action {
	a := kit.Member(kit.Clusters, use, method, res)
	a.Short = short
	return a
}

func newCreateCmd(f *kit.Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:   "create <name>",
		Short: "Create a cluster (onecluster create)",
		Long:  "Create a cluster (onecluster create)." + kit.APIHelp("one.cluster.allocate", ""),
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			c, err := f.Client()
			if err != nil {
				return err
			}
			res, err := c.Call(cmd.Context(), "one.cluster.allocate", args[0])
			if err != nil || c.IsDryRun() {
				return err
			}
			return kit.PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", res)
		},
	}
	kit.AddOutputFlags(cmd, &out)
	return cmd
}

func clusterTable() *output.Table {
	cl := func(r any) *client.Cluster { return r.(*client.Cluster) }
	n := func(ids client.IDs) string { return strconv.Itoa(len(ids.ID)) }
	return &output.Table{
		Default: []string{"ID", "NAME", "HOSTS", "VNETS", "DATASTORES"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(cl(r).ID) }},
			{Name: "NAME", Value: func(r any) string { return cl(r).Name }},
			{Name: "HOSTS", Right: true, Value: func(r any) string { return n(cl(r).Hosts) }},
			{Name: "VNETS", Right: true, Value: func(r any) string { return n(cl(r).VNets) }},
			{Name: "DATASTORES", Right: true, Value: func(r any) string { return n(cl(r).Datastores) }},
		},
	}
}

func shower() *kit.Show {
	return &kit.Show{
		Res:   kit.Clusters,
		Use:   "show",
		Short: "Show a cluster as onecluster show does: its capacity (from its hosts), template, hosts, networks and datastores",
		Render: func(r *kit.Render) error {
			cl, err := client.ParseCluster(r.Raw)
			if err != nil {
				return fmt.Errorf("reading cluster %d: %w", r.ID, err)
			}
			doc := r.Doc
			hosts, err := clusterHosts(r.Ctx, r.Client, cl)
			if err != nil {
				return err
			}
			writeShow(r.Out, cl, doc, hosts)
			return nil
		},
	}
}

// clusterHosts reads the cluster's hosts with one pool call.
func clusterHosts(ctx context.Context, c *client.Client, cl *client.Cluster) ([]*client.Host, error) {
	if len(cl.Hosts.ID) == 0 {
		return nil, nil
	}
	var hosts []*client.Host
	err := c.Objects(ctx, kit.Hosts.Pool, func(_ string, elem []byte) error {
		h, err := client.Unmarshal[client.Host](elem)
		if err == nil && slices.Contains(cl.Hosts.ID, h.ID) {
			hosts = append(hosts, h)
		}
		return err
	})
	return hosts, err
}

func writeShow(w io.Writer, cl *client.Cluster, doc *output.Node, hosts []*client.Host) {
	fmt.Fprintf(w, "%-80s\n", fmt.Sprintf("CLUSTER %d INFORMATION", cl.ID))
	fmt.Fprintf(w, "%-18s: %-20s\n", "ID", strconv.Itoa(cl.ID))
	fmt.Fprintf(w, "%-18s: %-20s\n", "NAME", cl.Name)
	var cpu, cpuUsed, mem, memUsed int64
	for _, h := range hosts {
		cpu, cpuUsed = cpu+h.Share.MaxCPU, cpuUsed+h.Share.CPUUsage
		mem, memUsed = mem+h.Share.MaxMem, memUsed+h.Share.MemUsage
	}
	fmt.Fprintf(w, "\n%-80s\n", "CLUSTER RESOURCES")
	// CPUs in cores, RAM in GB, as onecluster show rounds them
	fmt.Fprintf(w, "TOTAL CPUs: %d\nOCCUPIED CPUs: %d\nAVAILABLE CPUs: %d\n\n", cpu/100, cpuUsed/100, (cpu-cpuUsed)/100)
	const gb = 1024 * 1024
	fmt.Fprintf(w, "TOTAL RAM: %d\nOCCUPIED RAM: %d\nAVAILABLE RAM: %d\n", mem/gb, memUsed/gb, (mem-memUsed)/gb)
	fmt.Fprintf(w, "\n%-80s\n", "CLUSTER TEMPLATE")
	if t := kit.NodeTemplate(doc.Path("TEMPLATE"), nil).String(); t != "" {
		fmt.Fprint(w, t)
		if t[len(t)-1] != '\n' {
			fmt.Fprintln(w)
		}
	}
	for _, part := range []struct {
		title string
		ids   []int
	}{{"HOSTS", cl.Hosts.ID}, {"VNETS", cl.VNets.ID}, {"DATASTORES", cl.Datastores.ID}} {
		fmt.Fprintf(w, "\n%-15s\n", part.title)
		for _, id := range part.ids {
			fmt.Fprintf(w, "%-15s\n", strconv.Itoa(id))
		}
	}
}
