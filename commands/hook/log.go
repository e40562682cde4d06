package hook

import (
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// newLogCmd is onehook log: the execution records of every hook (or one),
// filtered by time and result (one.hooklog.info).
func newLogCmd(f *kit.Factory) *cobra.Command {
	var (
		out             output.Options
		since, until    string
		hookID          string
		success, failed bool
	)
	cmd := &cobra.Command{
		Use:   "log",
		Short: "Show the hook execution log (onehook log)",
		Long: `Show the hook execution log (onehook log): every execution of every hook,
or of --hook-id, between --since and --until, only the successful ones
(--success) or the failed ones (--error). Only members of the oneadmin group
may read it.

--since and --until take an epoch, a date (2026-11-29, 11/29/26) or a time
(2026-11-29T10:00:00Z).

` + simNote + kit.APIHelp("one.hooklog.info", ""),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := kit.ValidateOutput(&out); err != nil {
				return err
			}
			if out.Format == output.FormatCSV {
				return kit.Usagef("onehook log prints table, json, yaml or xml, not csv")
			}
			if success && failed {
				return kit.Usagef("--success and --error exclude each other")
			}
			min, max := -1, -1
			var err error
			if since != "" {
				if min, err = parseWhen("--since", since); err != nil {
					return err
				}
			}
			if until != "" {
				if max, err = parseWhen("--until", until); err != nil {
					return err
				}
			}
			rc := 0
			if success {
				rc = 1
			} else if failed {
				rc = -1
			}
			ctx := cmd.Context()
			hid := -1
			if hookID != "" {
				if hid, err = kit.NewResolver(f, kit.Hooks).ID(ctx, hookID); err != nil {
					return err
				}
			}
			c, err := f.Client()
			if err != nil {
				return err
			}
			raw, err := c.CallString(ctx, "one.hooklog.info", min, max, hid, rc)
			if err != nil || c.IsDryRun() {
				return err
			}
			if out.Format != output.FormatTable {
				return (&output.Printer{Opts: out, Out: f.IO.Out}).Print([]byte(raw), nil, nil)
			}
			log, err := client.ParseHookLog([]byte(raw))
			if err != nil {
				return err
			}
			return logTable(f.IO.Out, log.Executions, true)
		},
	}
	fs := cmd.Flags()
	kit.AddOutputFlags(cmd, &out)
	fs.StringVar(&since, "since", "", "only executions at or after this time")
	fs.StringVar(&until, "until", "", "only executions at or before this time")
	fs.StringVar(&hookID, "hook-id", "", "only the executions of this hook (ID or name)")
	fs.BoolVar(&success, "success", false, "only successful executions")
	fs.BoolVar(&failed, "error", false, "only failed executions")
	_ = cmd.RegisterFlagCompletionFunc("hook-id", kit.CompleteObjects(f, kit.Hooks, false))
	return cmd
}

// parseWhen reads a time for --since/--until as a unix epoch.
func parseWhen(flag, s string) (int, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return n, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02", "01/02/06", "01/02/2006"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return int(t.Unix()), nil
		}
	}
	return 0, kit.Usagef("invalid %s %q: use an epoch, a date like 2026-11-29 or 11/29/26, or 2026-11-29T10:00:00Z", flag, s)
}
