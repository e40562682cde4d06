// Package backupjob is the backupjob group: onebackupjob's subcommands.
package backupjob

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// NewCmd is the backupjob group: onebackupjob's subcommands.
func NewCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("backupjob", "Manage backup jobs (onebackupjob)", "backupjobs")
	res := kit.BackupJobs
	for _, a := range []*kit.Action{
		kit.Delete(res), kit.Chown(res), kit.Chgrp(res), kit.Chmod(res), kit.Rename(res), kit.Lock(res), kit.Unlock(res),
		{
			Use: "backup", Short: "Back up the job's VMs now, or at --schedule", Method: "one.backupjob.backup", Res: res, Many: true,
			Long:      "The job's VMs are backed up one after another (EXECUTION=SEQUENTIAL) or together (PARALLEL), higher PRIORITY jobs first. With --schedule the backup is added as a scheduled action instead, repeating with --weekly, --monthly, --yearly or --hourly.",
			Params:    kit.IDOnly,
			Flags:     kit.RepeatFlags,
			Scheduled: func(*kit.Call) (string, string) { return "backup", "" },
		},
		{Use: "cancel", Short: "Cancel the pending and running VM backups of jobs", Method: "one.backupjob.cancel", Res: res, Many: true, Params: kit.IDOnly},
		{Use: "retry", Short: "Back up again the VMs whose backup failed", Method: "one.backupjob.retry", Res: res, Many: true, Params: kit.IDOnly},
		{
			Use: "priority", Short: "Set the priority of jobs (0-99, higher runs first; above 49 needs ADMIN)", Method: "one.backupjob.priority",
			Res: res, Many: true, Args: []kit.Arg{{Name: "priority", Kind: kit.ArgInt}}, Params: kit.IDAndArgs,
			Check: func(c *kit.Call) error {
				if p := c.Arg(0, 0).(int); p > 99 {
					return kit.Usagef("<priority> must be between 0 and 99, not %d", p)
				}
				return nil
			},
		},
		{
			Use: "sched-delete", Short: "Delete a scheduled backup of a job", Method: "one.backupjob.scheddelete", Res: res,
			Args: []kit.Arg{{Name: "sched-id", Kind: kit.ArgInt}}, Params: kit.IDAndArgs,
		},
	} {
		cmd.AddCommand(a.Build(f))
	}
	cmd.AddCommand(
		newCreateCmd(f),
		(&kit.List{Res: res, Short: "List backup jobs (onebackupjob list)", Table: jobTable, Whose: true,
			Row: kit.UnmarshalRow[client.BackupJob]}).Build(f),
		shower().Build(f),
		(&kit.TemplateUpdate{
			Res: res, Use: "update", Short: "Replace or merge (--append) a backup job's template", Method: "one.backupjob.update",
			Appendable: true,
			Current: func(obj *output.Node, _ int) *template.Template {
				t := kit.NodeTemplate(obj.Path("TEMPLATE"), nil)
				t.Del("SCHED_ACTION")
				return t
			},
		}).Build(f),
		(&kit.TemplateUpdate{
			Res: res, Use: "sched-update", Short: "Change a scheduled backup of a job (TIME, REPEAT, DAYS, END_TYPE, END_VALUE)",
			Method: "one.backupjob.schedupdate", Sub: "sched-id",
			Current: func(obj *output.Node, sub int) *template.Template {
				return kit.VectorWithID(obj.Path("TEMPLATE"), "SCHED_ACTION", "ID", sub)
			},
		}).Build(f),
	)
	return cmd
}

func jobTable() *output.Table {
	j := func(r any) *client.BackupJob { return r.(*client.BackupJob) }
	return &output.Table{
		Default: []string{"ID", "USER", "GROUP", "PRIO", "NAME", "LAST", "VMS"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(j(r).ID) }},
			{Name: "USER", Value: func(r any) string { return j(r).UName }},
			{Name: "GROUP", Value: func(r any) string { return j(r).GName }},
			{Name: "PRIO", Value: func(r any) string { return strconv.Itoa(j(r).Priority) }},
			{Name: "NAME", Value: func(r any) string { return j(r).Name }},
			{Name: "LAST", Value: func(r any) string { return lastTime(j(r).LastTime) }},
			{Name: "VMS", Value: func(r any) string { return j(r).Template.Get("BACKUP_VMS") }},
			{Name: "MODE", Value: func(r any) string { return j(r).Template.Get("MODE") }},
			{Name: "EXECUTION", Value: func(r any) string { return j(r).Template.Get("EXECUTION") }},
			{Name: "LOCK", Value: func(r any) string { return kit.LockName(j(r).Lock) }},
		},
	}
}

func lastTime(t int64) string {
	if t <= 0 {
		return "-"
	}
	return time.Unix(t, 0).Format("01/02/06 15:04")
}

func newCreateCmd(f *kit.Factory) *cobra.Command {
	var (
		out                     output.Options
		name, description, vms  string
		mode, schedule, execOpt string
		keep                    int
	)
	cmd := &cobra.Command{
		Use:   "create [<file>]",
		Short: "Create a backup job from a template file, stdin, or flags (onebackupjob create)",
		Long: `Create a backup job from a template file (- for stdin), or from flags:
--name, --vms (BACKUP_VMS), --keep (KEEP_LAST), --mode, --execution. With
--schedule (and --weekly, --monthly, --yearly or --hourly, --end) a
scheduled backup is added to the new job.` + kit.APIHelp("one.backupjob.allocate", ""),
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			c := &kit.Call{Cmd: cmd, F: f}
			var text string
			if len(args) == 1 {
				src, err := kit.ReadSource(f, args[0])
				if err != nil {
					return err
				}
				if _, err := kit.ParseTemplate(src, "in "+args[0]); err != nil {
					return err
				}
				text = src
			} else {
				if name == "" {
					return kit.Usagef("give a template file, or at least --name")
				}
				t := &template.Template{}
				t.Set("NAME", name)
				for _, kv := range [][2]string{{"DESCRIPTION", description}, {"BACKUP_VMS", vms}, {"MODE", strings.ToUpper(mode)}, {"EXECUTION", strings.ToUpper(execOpt)}} {
					if kv[1] != "" {
						t.Set(kv[0], kv[1])
					}
				}
				if c.Changed("keep") {
					t.Set("KEEP_LAST", strconv.Itoa(keep))
				}
				text = t.String()
			}
			var sched string
			if schedule != "" {
				at, err := kit.ParseSchedule(schedule, kit.Now())
				if err != nil {
					return &kit.UsageError{Msg: err.Error()}
				}
				repeat, err := kit.RepeatPairs(c)
				if err != nil {
					return err
				}
				sched = kit.SchedTemplateWith("backup", at, "", repeat)
			}
			cl, err := f.Client()
			if err != nil {
				return err
			}
			res, err := cl.Call(cmd.Context(), "one.backupjob.allocate", text)
			if err != nil || cl.IsDryRun() {
				return err
			}
			if err := kit.PrintResult(&output.Printer{Opts: out, Out: f.IO.Out}, "ID", res); err != nil {
				return err
			}
			if id, ok := kit.ResultInt(res); ok && sched != "" {
				_, err = cl.Call(cmd.Context(), "one.backupjob.schedadd", id, sched)
			}
			return err
		},
	}
	fs := cmd.Flags()
	kit.AddOutputFlags(cmd, &out)
	fs.StringVar(&name, "name", "", "name of the job")
	fs.StringVar(&description, "description", "", "description of the job")
	fs.StringVar(&vms, "vms", "", "the VMs to back up, by ID: 1,2,3 (BACKUP_VMS)")
	fs.IntVar(&keep, "keep", 0, "backups to keep per VM (KEEP_LAST)")
	fs.StringVar(&mode, "mode", "", "FULL or INCREMENT (MODE)")
	fs.StringVar(&execOpt, "execution", "", "SEQUENTIAL or PARALLEL (EXECUTION)")
	fs.StringVar(&schedule, "schedule", "", "also schedule a backup: +30m, +3600 (seconds), an epoch, or a time like 2026-12-01T22:00:00Z")
	kit.RepeatFlags(fs)
	_ = cmd.RegisterFlagCompletionFunc("vms", kit.CompleteObjects(f, kit.VMs, true))
	return cmd
}

func shower() *kit.Show {
	return &kit.Show{
		Res:   kit.BackupJobs,
		Use:   "show",
		Short: "Show a backup job as onebackupjob show does: last run, the state of its VMs' backups, template and scheduled backups",
		Flags: func(*pflag.FlagSet) {},
		Render: func(r *kit.Render) error {
			j, err := client.ParseBackupJob(r.Raw)
			if err != nil {
				return fmt.Errorf("reading backup job %d: %w", r.ID, err)
			}
			doc := r.Doc
			return writeShow(r.Out, j, doc)
		},
	}
}

func joinIDs(ids client.IDs) string {
	s := make([]string, len(ids.ID))
	for i, id := range ids.ID {
		s[i] = strconv.Itoa(id)
	}
	return strings.Join(s, ",")
}

func writeShow(w io.Writer, j *client.BackupJob, doc *output.Node) error {
	fmt.Fprintf(w, "%-80s\n", fmt.Sprintf("BACKUP JOB %d INFORMATION", j.ID))
	kit.Field(w, "ID", strconv.Itoa(j.ID))
	kit.Field(w, "NAME", j.Name)
	kit.Field(w, "USER", j.UName)
	kit.Field(w, "GROUP", j.GName)
	kit.Field(w, "LOCK", kit.LockName(j.Lock))
	fmt.Fprintf(w, "%-80s\n", "PERMISSIONS")
	kit.PermsFields(w, j.Permissions)

	fmt.Fprintf(w, "\n%-80s\n", "LAST BACKUP JOB EXECUTION INFORMATION")
	last := "-"
	if j.LastTime > 0 {
		last = time.Unix(j.LastTime, 0).Format("01/02 15:04:05")
	}
	kit.Field(w, "TIME", last)
	d := time.Duration(j.LastDuration) * time.Second
	kit.Field(w, "DURATION", fmt.Sprintf("%3dd %02dh%02dm%02ds", int(d.Hours())/24, int(d.Hours())%24, int(d.Minutes())%60, int(d.Seconds())%60))

	fmt.Fprintf(w, "\n%-80s\n", "VIRTUAL MACHINE BACKUP STATUS")
	kit.Field(w, "UPDATED", joinIDs(j.Updated))
	kit.Field(w, "OUTDATED", joinIDs(j.Outdated))
	kit.Field(w, "ONGOING", joinIDs(j.BackingUp))
	kit.Field(w, "ERROR", joinIDs(j.Errors))

	fmt.Fprintf(w, "\n%-80s\n", "TEMPLATE CONTENTS")
	t := kit.NodeTemplate(doc.Path("TEMPLATE"), nil)
	t.Del("SCHED_ACTION")
	if s := t.String(); s != "" {
		fmt.Fprint(w, strings.TrimSuffix(s, "\n")+"\n")
	}
	scheds := doc.Path("TEMPLATE").All("SCHED_ACTION")
	if len(scheds) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\n%-80s\n", "SCHEDULED ACTIONS")
	rows := make([]any, len(scheds))
	for i, s := range scheds {
		rows[i] = s
	}
	v := func(r any, name string) string { return r.(*output.Node).Value(name) }
	return (&output.Printer{Opts: output.Options{Format: output.FormatTable}, Out: w}).Table(&output.Table{Columns: []output.Column{
		{Name: "ID", Right: true, Value: func(r any) string { return v(r, "ID") }},
		{Name: "ACTION", Value: func(r any) string { return v(r, "ACTION") }},
		{Name: "SCHEDULED", Value: func(r any) string { return epoch(v(r, "TIME"), "01/02 15:04") }},
		{Name: "REPEAT", Value: func(r any) string { return repeatText(v(r, "REPEAT"), v(r, "DAYS")) }},
		{Name: "END", Value: func(r any) string { return endText(v(r, "END_TYPE"), v(r, "END_VALUE")) }},
		{Name: "DONE", Value: func(r any) string { return epoch(v(r, "DONE"), "01/02 15:04") }},
		{Name: "MESSAGE", Value: func(r any) string { return v(r, "MESSAGE") }},
	}}, rows)
}

func epoch(s, layout string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return "-"
	}
	return time.Unix(n, 0).Format(layout)
}

func repeatText(repeat, days string) string {
	switch repeat {
	case "0":
		return "Weekly " + days
	case "1":
		return "Monthly " + days
	case "2":
		return "Yearly " + days
	case "3":
		return "Each " + days + " hours"
	}
	return "-"
}

func endText(endType, value string) string {
	switch endType {
	case "0":
		return "None"
	case "1":
		return "After " + value + " times"
	case "2":
		return "On " + epoch(value, "01/02/06")
	}
	return "-"
}
