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

The first line on stdout is the endpoint, so scripts can start it on port 0
and read where it listens. Stop it with Ctrl-C or SIGTERM.`,
		Example: `  onectl sim serve &
  export ONE_XMLRPC=http://127.0.0.1:2633/RPC2
  onectl --user oneadmin --password opennebula vm list`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if seed != "demo" && seed != "empty" {
				return kit.Usagef("invalid --seed %q: use demo or empty", seed)
			}
			if delay <= 0 {
				return kit.Usagef("--delay must be positive")
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
			return serveUntilDone(cmd.Context(), f, s, ln)
		},
	}
	serve.Flags().StringVar(&listen, "listen", "127.0.0.1:2633", "address to listen on (port 0 picks a free one)")
	serve.Flags().StringVar(&seed, "seed", "demo", "initial objects: demo or empty")
	serve.Flags().StringVar(&state, "state", "", "file that keeps every object across restarts")
	serve.Flags().DurationVar(&delay, "delay", time.Second, "how long each transient VM state (PROLOG, BOOT, EPILOG...) lasts")
	cmd.AddCommand(serve, newSimTourCmd(f))
	return cmd
}

func serveUntilDone(ctx context.Context, f *kit.Factory, s *sim.Server, ln net.Listener) error {
	mux := http.NewServeMux()
	mux.Handle("/RPC2", s)
	mux.Handle("/", s)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(f.IO.Out, "http://%s/RPC2\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
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
