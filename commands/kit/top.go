package kit

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// BuildTop builds `top` from a list declaration: on a terminal the list is
// redrawn every --delay until Ctrl-C; without one it is printed once, so
// it is harmless in a script. It takes every flag the list takes.
func (l *List) BuildTop(f *Factory, short string) *cobra.Command {
	top := *l
	top.Short = short
	cmd := top.Build(f)
	cmd.Use = strings.Replace(cmd.Use, "list", "top", 1)
	cmd.Aliases = nil
	delay := cmd.Flags().Duration("delay", 5*time.Second, "time between refreshes")
	list := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if !f.IO.IsStdoutTTY() {
			return list(cmd, args)
		}
		if *delay < 100*time.Millisecond {
			return Usagef("--delay must be at least 100ms")
		}
		f.Endless()
		for {
			fmt.Fprint(f.IO.Out, "\033[H\033[2J")
			fmt.Fprintf(f.IO.Out, "onectl %s: every %s, %s (Ctrl-C to quit)\n\n", cmd.CommandPath()[len("onectl "):], *delay, Now().Format("15:04:05"))
			if err := list(cmd, args); err != nil {
				return err
			}
			select {
			case <-cmd.Context().Done():
				return nil
			case <-time.After(*delay):
			}
		}
	}
	return cmd
}

var sparks = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values as a one-line chart for the monitoring commands,
// scaled between their minimum and maximum onto eight bar heights.
func Sparkline(vals []float64) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	var b strings.Builder
	for _, v := range vals {
		i := 0
		if hi > lo {
			i = int((v - lo) / (hi - lo) * float64(len(sparks)-1))
		}
		b.WriteRune(sparks[i])
	}
	return b.String()
}
