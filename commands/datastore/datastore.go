// Package datastore is the datastore group: onedatastore's subcommands.
package datastore

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	tpl "github.com/onectl/onectl/template"
)

// NewCmd is the datastore group: onedatastore's subcommands.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("datastore", "Manage datastores (onedatastore)", "datastores", "ds")
	for _, a := range []*kit.Action{
		kit.Chown(kit.Datastores), kit.Chgrp(kit.Datastores), kit.Chmod(kit.Datastores),
		kit.Rename(kit.Datastores), kit.Delete(kit.Datastores),
		kit.Enable(kit.Datastores, true), kit.Enable(kit.Datastores, false),
	} {
		if a.Use == "enable" || a.Use == "disable" {
			a.Short += " (system datastores only)"
		}
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(
		lister().Build(f),
		shower().Build(f),
		creator().Build(f),
		(&kit.TemplateUpdate{
			Res: kit.Datastores, Use: "update", Short: "Replace or merge (--append) the template of a datastore",
			Method: "one.datastore.update", Appendable: true,
			Current: func(obj *output.Node, _ int) *tpl.Template { return kit.NodeTemplate(obj.Path("TEMPLATE"), nil) },
		}).Build(f),
	)
	return cmd
}

// avail is onedatastore's AVA column: the free share in percent, "-"
// when the datastore reports no capacity.
func avail(d *client.Datastore) string {
	if d.TotalMB <= 0 {
		return "-"
	}
	return strconv.FormatInt(d.FreeMB*100/d.TotalMB, 10) + "%"
}

func ids(x client.IDs) string {
	s := make([]string, len(x.ID))
	for i, id := range x.ID {
		s[i] = strconv.Itoa(id)
	}
	return strings.Join(s, ",")
}

// dsTable has onedatastore list's columns first.
func dsTable() *output.Table {
	d := func(r any) *client.Datastore { return r.(*client.Datastore) }
	return &output.Table{
		Default: []string{"ID", "NAME", "SIZE", "AVA", "CLUSTERS", "IMAGES", "TYPE", "DS", "TM", "STAT"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(d(r).ID) }},
			{Name: "NAME", Value: func(r any) string { return d(r).Name }},
			{Name: "SIZE", Right: true, Value: func(r any) string { return output.HumanMB(d(r).TotalMB) }},
			{Name: "AVA", Right: true, Value: func(r any) string { return avail(d(r)) }},
			{Name: "CLUSTERS", Value: func(r any) string { return ids(d(r).Clusters) }},
			{Name: "IMAGES", Right: true, Value: func(r any) string { return strconv.Itoa(len(d(r).Images.ID)) }},
			{Name: "TYPE", Value: func(r any) string { return client.DatastoreShortType(d(r).Type) }},
			{Name: "DS", Value: func(r any) string { return d(r).DSMad }},
			{Name: "TM", Value: func(r any) string { return d(r).TMMad }},
			{Name: "STAT", Value: func(r any) string { return client.DatastoreShortState(d(r).State) }},
			{Name: "USER", Value: func(r any) string { return d(r).UName }},
			{Name: "GROUP", Value: func(r any) string { return d(r).GName }},
			{Name: "FREE", Right: true, Value: func(r any) string { return output.HumanMB(d(r).FreeMB) }},
			{Name: "USED", Right: true, Value: func(r any) string { return output.HumanMB(d(r).UsedMB) }},
		},
	}
}

func lister() *kit.List {
	return &kit.List{Res: kit.Datastores, Short: "List datastores (onedatastore list)", Table: dsTable, Row: kit.UnmarshalRow[client.Datastore], States: client.DatastoreStateNames()}
}

func shower() *kit.Show {
	return &kit.Show{
		Res: kit.Datastores, Use: "show", Short: "Show a datastore, its capacity and its images",
		Decrypt: true,
		Render: func(r *kit.Render) error {
			doc := r.Doc
			d, err := client.ParseDatastore(r.Raw)
			if err != nil {
				return err
			}
			w := r.Out
			kit.Section(w, fmt.Sprintf("DATASTORE %d INFORMATION", d.ID))
			kit.Field(w, "ID", strconv.Itoa(d.ID))
			kit.Field(w, "NAME", d.Name)
			kit.Field(w, "USER", d.UName)
			kit.Field(w, "GROUP", d.GName)
			kit.Field(w, "CLUSTERS", ids(d.Clusters))
			kit.Field(w, "TYPE", strings.TrimSuffix(client.DatastoreTypeName(d.Type), "_DS"))
			kit.Field(w, "DS_MAD", d.DSMad)
			kit.Field(w, "TM_MAD", d.TMMad)
			kit.Field(w, "BASE PATH", d.BasePath)
			kit.Field(w, "DISK_TYPE", diskType(d.DiskType))
			kit.Field(w, "STATE", client.DatastoreStateName(d.State))
			fmt.Fprintln(w)
			kit.Section(w, "DATASTORE CAPACITY")
			kit.Field(w, "TOTAL:", output.HumanMB(d.TotalMB))
			kit.Field(w, "FREE:", output.HumanMB(d.FreeMB))
			kit.Field(w, "USED:", output.HumanMB(d.UsedMB))
			limit := d.Template.Get("LIMIT_MB")
			if limit == "" {
				limit = "-"
			}
			kit.Field(w, "LIMIT:", limit)
			kit.PermsSection(w, d.Permissions)
			kit.TemplateSection(w, "DATASTORE TEMPLATE", doc, "TEMPLATE")
			if len(d.Images.ID) > 0 {
				fmt.Fprintln(w)
				fmt.Fprintf(w, "%-15s\n", "IMAGES")
				for _, id := range d.Images.ID {
					fmt.Fprintf(w, "%-15d\n", id)
				}
			}
			return nil
		},
	}
}

var diskTypes = []string{"FILE", "CD_ROM", "BLOCK", "RBD", "RBD_CDROM", "GLUSTER", "GLUSTER_CDROM", "SHEEPDOG", "SHEEPDOG_CDROM", "ISCSI"}

func diskType(t int) string {
	if t >= 0 && t < len(diskTypes) {
		return diskTypes[t]
	}
	return strconv.Itoa(t)
}

func creator() *kit.Create {
	return &kit.Create{
		Res: kit.Datastores, Method: "one.datastore.allocate",
		Short: "Create a datastore from a template file or stdin",
		Long: `Create a datastore from a template (NAME, TYPE = IMAGE_DS | SYSTEM_DS |
FILE_DS | BACKUP_DS, DS_MAD, TM_MAD...) in a file or on stdin (-), in the
default cluster or --cluster.`,
		Example: `  printf 'NAME=fast\nTYPE=IMAGE_DS\nDS_MAD=fs\nTM_MAD=ssh\n' | onectl datastore create -`,
		Flags: func(fs *pflag.FlagSet) {
			fs.String("cluster", "", "cluster to put the datastore in (default: the default cluster)")
		},
		Params: func(c *kit.Call, text string) ([]any, error) {
			cid := -1
			if s := c.String("cluster"); s != "" {
				var err error
				if cid, err = kit.NewResolver(c.F, kit.Clusters).ID(c.Cmd.Context(), s); err != nil {
					return nil, err
				}
			}
			return []any{text, cid}, nil
		},
		Complete: map[string]*kit.Resource{"cluster": kit.Clusters},
	}
}
