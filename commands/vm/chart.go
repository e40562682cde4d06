package vm

import (
	"strings"
	"time"

	"github.com/onectl/onectl/commands/kit"
	"github.com/spf13/cobra"
)

// defaultCharter is OpenNebula's own (onevm.yaml :charters:): suspend after
// two weeks, terminate two weeks later.
var defaultCharter = []string{"suspend=336h", "terminate=336h"}

// newVMCreateChartCmd schedules a chain of actions, each a duration after
// the previous one, as onevm create-chart does with its charters.
func newVMCreateChartCmd(f *kit.Factory) *cobra.Command {
	var charter []string
	cmd := &cobra.Command{
		Use:   "create-chart <vm>",
		Short: "Schedule a chain of actions (a charter): by default suspend in 14 days, terminate 14 days later",
		Long: `Schedule a chain of actions on a VM, each a duration after the one before
(OpenNebula's charters). --chart ACTION=DURATION, repeatable, in order.` + kit.APIHelp("one.vm.schedadd", ""),
		Example: `  onectl vm create-chart web-1
  onectl vm create-chart web-1 --chart poweroff=8h --chart terminate=720h`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			type step struct {
				Action string
				after  time.Duration
			}
			var steps []step
			for _, c := range charter {
				action, d, ok := strings.Cut(c, "=")
				dur, err := time.ParseDuration(d)
				if !ok || action == "" || err != nil || dur <= 0 {
					return kit.Usagef("invalid --chart %q: use ACTION=DURATION, e.g. suspend=336h", c)
				}
				steps = append(steps, step{action, dur})
			}
			ctx := cmd.Context()
			id, c, err := kit.OneObject(ctx, f, kit.VMs, args[0])
			if err != nil {
				return err
			}
			at := kit.Now()
			for _, s := range steps {
				at = at.Add(s.after)
				if _, err := c.Call(ctx, "one.vm.schedadd", id, kit.SchedTemplate(s.Action, at.Unix(), "")); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&charter, "chart", defaultCharter, "ACTION=DURATION, repeatable")
	cmd.ValidArgsFunction = kit.CompleteObjects(f, kit.VMs, false)
	return cmd
}
