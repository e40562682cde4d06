package commands

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/sim"
)

// tourSteps is what a newcomer sees first: the main job, end to end.
var tourSteps = []string{
	"vm list",
	"vm create --name tour-vm --cpu 0.5 --memory 512M --disk alpine-3.20 --nic private --wait",
	"vm list --filter STAT=runn",
	"vm show tour-vm",
	"vm poweroff tour-vm --wait",
	"vm disk-attach tour-vm --size 1G --wait",
	"vm resume tour-vm --wait",
	"vm snapshot-create tour-vm before-upgrade --wait",
	"vm list --list ID,NAME,STAT,IP,HOST",
	"vm terminate tour-vm --yes --wait",
	"vm list --state done --no-header -o csv --list ID,NAME,STAT",
	"template instantiate ubuntu --name tour-db --memory 1G --wait",
	"vnet reserve public --name tour-resv --size 4",
	"vnet show tour-resv",
	"--user alice --password alice user quota alice --show",
	"vm show 9999",
	"--user alice --password alice vm list",
	"--user alice --password alice vm terminate 0",
}

func newSimTourCmd(f *kit.Factory) *cobra.Command {
	var delay time.Duration
	cmd := &cobra.Command{
		Use:   "tour",
		Short: "Start a private simulator and run a short tour of onectl against it",
		Long: `Start a simulator on a free loopback port and run a short tour of onectl
against it, printing each command and what it printed. Nothing is left
running afterwards.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := sim.New(sim.Options{Seed: "demo", Delay: delay})
			if err != nil {
				return err
			}
			defer s.Close()
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return err
			}
			srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
			go srv.Serve(ln)
			defer srv.Close()
			endpoint := fmt.Sprintf("http://%s/RPC2", ln.Addr())
			fmt.Fprintf(f.IO.Out, "# simulator at %s (oneadmin / opennebula)\n", endpoint)
			return runTour(cmd.Context(), f, endpoint)
		},
	}
	cmd.Flags().DurationVar(&delay, "delay", 150*time.Millisecond, "length of each transient VM state")
	return cmd
}

func runTour(ctx context.Context, f *kit.Factory, endpoint string) error {
	for _, step := range tourSteps {
		fmt.Fprintf(f.IO.Out, "\n$ onectl %s\n", step)
		args := strings.Fields(step)
		if !strings.HasPrefix(step, "--user") {
			args = append([]string{"--user", "oneadmin", "--password", "opennebula"}, args...)
		}
		args = append([]string{"--endpoint", endpoint}, args...)
		// Each step is a fresh command tree, as if typed at a shell.
		sub := &kit.Factory{IO: f.IO, Env: func(string) string { return "" }, Home: f.Home}
		if code := run(ctx, sub, args); code != 0 {
			fmt.Fprintf(f.IO.Out, "(exit code %d)\n", code)
		}
	}
	return nil
}
