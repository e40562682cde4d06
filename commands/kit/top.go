package kit

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/iostreams"
)

// BuildTop turns a list declaration into its `top`: the same columns,
// filters, --state and --sort, refreshed every --delay. On a terminal it
// takes the screen (q quits with exit 0, Ctrl-C with 130, and the terminal
// is given back either way); off one it prints one snapshot per interval
// until interrupted, so `top > log` records the cloud.
func (l *List) BuildTop(f *Factory) *cobra.Command {
	o := &listOpts{top: true}
	cmd := l.build(f, o)
	cmd.Use = strings.Replace(cmd.Use, "list", "top", 1)
	cmd.Aliases = nil
	cmd.Short = strings.Replace(l.Short, " list)", " top)", 1)
	if cmd.Short == l.Short {
		cmd.Short = l.Short + ", refreshed every few seconds"
	}
	cmd.Long = cmd.Short + ". On a terminal, q quits." + APIHelp(l.Res.Pool.Method, "")
	delay := cmd.Flags().Duration("delay", 5*time.Second, "time between refreshes")
	list := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if *delay < 100*time.Millisecond {
			return Usagef("--delay must be at least 100ms")
		}
		if f.G.DryRun {
			return list(cmd, args)
		}
		f.Endless()
		if !f.IO.IsStdoutTTY() || !f.IO.IsStdinTTY() {
			return snapshots(cmd, f, args, list, *delay)
		}
		return l.screen(cmd, f, args, list, *delay)
	}
	return cmd
}

// snapshots prints the list every delay, a blank line between two.
func snapshots(cmd *cobra.Command, f *Factory, args []string, list func(*cobra.Command, []string) error, delay time.Duration) error {
	ctx := cmd.Context()
	for first := true; ; first = false {
		if !first {
			fmt.Fprintln(f.IO.Out)
		}
		if err := list(cmd, args); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
	}
}

func (l *List) screen(cmd *cobra.Command, f *Factory, args []string, list func(*cobra.Command, []string) error, delay time.Duration) error {
	ctx := cmd.Context()
	// The first frame is drawn before the screen is taken, so a bad flag
	// or an unreachable cloud is an ordinary one-line error.
	frame, err := renderFrame(cmd, f, args, list)
	if err != nil {
		return err
	}
	sc, err := f.IO.StartScreen()
	if err != nil {
		return fmt.Errorf("top needs a terminal: %w", err)
	}
	defer sc.Close()
	title := fmt.Sprintf("onectl %s %s", l.Res.Noun, "top")
	for {
		head := fmt.Sprintf("%s: every %s, %s. q quits", title, delay, Now().Format("15:04:05"))
		sc.Draw(head + "\n\n" + frame)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case k := <-sc.Keys():
			switch k {
			case 'q', 'Q', iostreams.KeyEOF:
				return nil
			case iostreams.KeyInterrupt:
				return context.Canceled
			}
			// Any other key refreshes now.
		case <-time.After(delay):
		}
		// A failed refresh is shown in place of the rows; top goes on, as
		// the cloud may come back.
		if frame, err = renderFrame(cmd, f, args, list); err != nil {
			frame = ErrorLine(err) + "\n"
		}
	}
}

// renderFrame runs the list into a buffer, with the terminal's colours.
func renderFrame(cmd *cobra.Command, f *Factory, args []string, list func(*cobra.Command, []string) error) (string, error) {
	var buf bytes.Buffer
	saved := f.IO
	f.IO = saved.WithOut(&buf)
	defer func() { f.IO = saved }()
	err := list(cmd, args)
	return buf.String(), err
}

// Top is BuildTop with a one-line help of its own, for a group that
// declares its list once and builds both commands from it.
func Top(f *Factory, l *List, short string) *cobra.Command {
	cmd := l.BuildTop(f)
	cmd.Short = short
	cmd.Long = short + ". On a terminal, q quits." + APIHelp(l.Res.Pool.Method, "")
	return cmd
}
