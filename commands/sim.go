package commands

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/sim"
)

func newSimCmd(f *kit.Factory) *cobra.Command {
	cmd := kit.Group("sim", "An OpenNebula-compatible simulator, to try onectl and test scripts without a cloud")
	var (
		listen, seed, state string
		delay               time.Duration
		faults              []string
	)
	serve := &cobra.Command{
		Use:   "serve",
		Short: "Serve the OpenNebula XML-RPC API from a simulated cloud",
		Long: `Serve the OpenNebula XML-RPC API at http://<listen>/RPC2 from a simulated
cloud that behaves like oned 6.10: same envelopes, error codes, VM state
machine, scheduler and permissions.

--seed demo (the default) starts with hosts, datastores, images, a network,
templates, a few VMs and two users:
  oneadmin / opennebula   (administrator)
  alice    / alice        (regular user in group users)

--seed scale:N starts an empty cloud filled with N VMs (mostly RUNNING,
some POWEROFF, PENDING and HOLD) and, in proportion, users (user0,
user1... with their name as password), hosts, images and networks, to try
onectl on a large cloud; demo,scale:N adds them to the demo.

The first line on stdout is the endpoint, so scripts can start it on port 0
and read where it listens. Stop it with Ctrl-C or SIGTERM.

With --state, an answer is sent only once what it reflects is on disk, so
killing the simulator at any moment loses nothing it acknowledged.

` + sim.FaultHelp,
		Example: `  onectl sim serve &
  export ONE_XMLRPC=http://127.0.0.1:2633/RPC2
  onectl --user oneadmin --password opennebula vm list

  # a flaky network, and a VM pool that always answers HTTP 500
  onectl sim serve --fault latency=200ms,reset=0.1,truncate=0.02 --fault one.vmpool.*:http500=1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, _, err := sim.ParseSeed(seed); err != nil {
				return kit.Usagef("invalid --seed %q: use demo, empty, scale:N or demo,scale:N", seed)
			}
			if delay <= 0 {
				return kit.Usagef("--delay must be positive")
			}
			fl, err := sim.ParseFaults(faults)
			if err != nil {
				return kit.Usagef("%v", err)
			}
			s, err := sim.New(sim.Options{Seed: seed, StateFile: state, Delay: delay})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				s.Close()
				return fmt.Errorf("cannot listen on %s: %w", listen, err)
			}
			s.SetEndpoint("http://" + ln.Addr().String() + "/RPC2")
			return serveUntilDone(cmd.Context(), f, s, ln, fl)
		},
	}
	serve.Flags().StringVar(&listen, "listen", "127.0.0.1:2633", "address to listen on (port 0 picks a free one)")
	serve.Flags().StringVar(&seed, "seed", "demo", "initial objects: demo, empty, scale:N (N VMs with users, hosts, images and networks to match) or demo,scale:N")
	serve.Flags().StringVar(&state, "state", "", "file that keeps every object across restarts")
	serve.Flags().StringArrayVar(&faults, "fault", nil, "inject failures: [METHOD-GLOB:]latency=DUR,reset=P,... (repeatable; see above)")
	serve.Flags().DurationVar(&delay, "delay", time.Second, "how long each transient VM state (PROLOG, BOOT, EPILOG...) lasts")
	cmd.AddCommand(serve, newSimTourCmd(f))
	return cmd
}

func serveUntilDone(ctx context.Context, f *kit.Factory, s *sim.Server, ln net.Listener, faults *sim.Faults) error {
	var h http.Handler = s
	if faults != nil {
		h = faults.Wrap(s, f.IO.ErrOut)
		defer faults.Close()
	}
	mux := http.NewServeMux()
	mux.Handle("/RPC2", h)
	mux.Handle("/", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(f.IO.Out, "http://%s/RPC2\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
		faults.Close() // hung calls end, so shutdown need not wait for them
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = srv.Shutdown(shutdown)
	case err = <-errc:
	}
	if cerr := s.Close(); cerr != nil && err == nil {
		err = cerr
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
