package commands

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/template"
)

// scheduleFlag is onevm's --schedule: instead of acting now, add a
// scheduled action to the VM (one.vm.schedadd) for oned to run later.
func scheduleFlag(fs *pflag.FlagSet) {
	fs.String("schedule", "", "do it later instead: +30m, +3600 (seconds), an epoch, or a time like 2026-12-01T22:00:00Z")
}

// parseSchedule turns the user's time into the epoch oned expects.
func parseSchedule(s string, from time.Time) (int64, error) {
	s = strings.TrimSpace(s)
	if rel, ok := strings.CutPrefix(s, "+"); ok {
		if secs, err := strconv.ParseInt(rel, 10, 64); err == nil && secs >= 0 {
			return from.Unix() + secs, nil
		}
		d, err := time.ParseDuration(rel)
		if err != nil || d < 0 {
			return 0, fmt.Errorf("invalid --schedule %q: use +30m, +3600, an epoch or a date", s)
		}
		return from.Add(d).Unix(), nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
		return n, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t.Unix(), nil
		}
	}
	return 0, fmt.Errorf("invalid --schedule %q: use +30m, +3600, an epoch or a date", s)
}

// schedTemplate is the SCHED_ACTION one.vm.schedadd takes.
func schedTemplate(action string, at int64, args string) string {
	pairs := []template.Pair{{Name: "ACTION", Value: action}, {Name: "TIME", Value: strconv.FormatInt(at, 10)}}
	if args != "" {
		pairs = append(pairs, template.Pair{Name: "ARGS", Value: args})
	}
	t := &template.Template{}
	t.Add(template.Attr{Name: "SCHED_ACTION", Vector: pairs})
	return t.String()
}

// defaultCharter is OpenNebula's own (onevm.yaml :charters:): suspend after
// two weeks, terminate two weeks later.
var defaultCharter = []string{"suspend=336h", "terminate=336h"}

// newVMCreateChartCmd schedules a chain of actions, each a duration after
// the previous one, as onevm create-chart does with its charters.
func newVMCreateChartCmd(f *Factory) *cobra.Command {
	var charter []string
	cmd := &cobra.Command{
		Use:   "create-chart <vm>",
		Short: "Schedule a chain of actions (a charter): by default suspend in 14 days, terminate 14 days later",
		Long: `Schedule a chain of actions on a VM, each a duration after the one before
(OpenNebula's charters). --chart ACTION=DURATION, repeatable, in order.` + apiHelp("one.vm.schedadd", ""),
		Example: `  onectl vm create-chart web-1
  onectl vm create-chart web-1 --chart poweroff=8h --chart terminate=720h`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			type step struct {
				action string
				after  time.Duration
			}
			var steps []step
			for _, c := range charter {
				action, d, ok := strings.Cut(c, "=")
				dur, err := time.ParseDuration(d)
				if !ok || action == "" || err != nil || dur <= 0 {
					return usageErrorf("invalid --chart %q: use ACTION=DURATION, e.g. suspend=336h", c)
				}
				steps = append(steps, step{action, dur})
			}
			ctx := cmd.Context()
			id, c, err := oneObject(ctx, f, vmRes, args[0])
			if err != nil {
				return err
			}
			at := now()
			for _, s := range steps {
				at = at.Add(s.after)
				if _, err := c.Call(ctx, "one.vm.schedadd", id, schedTemplate(s.action, at.Unix(), "")); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&charter, "chart", defaultCharter, "ACTION=DURATION, repeatable")
	cmd.ValidArgsFunction = completeObjects(f, vmRes, false)
	return cmd
}
