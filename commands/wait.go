package commands

import (
	"context"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/onectl/onectl/client"
)

// vmState is what --wait needs of a VM.
type vmState struct {
	State int `xml:"STATE"`
	LCM   int `xml:"LCM_STATE"`
	// SchedMessage says why the scheduler has not placed a PENDING VM.
	SchedMessage string `xml:"USER_TEMPLATE>SCHED_MESSAGE"`
}

// why adds the scheduler's reason to a message about a pending VM.
func (s vmState) why() string {
	if s.State == client.VMPending && s.SchedMessage != "" {
		return " (scheduler: " + s.SchedMessage + ")"
	}
	return ""
}

// name is the state as OpenNebula's CLI shows it: the LCM state while the
// VM is ACTIVE, the VM state otherwise.
func (s vmState) name() string {
	if s.State == client.VMActive {
		return client.LCMStateName(s.LCM)
	}
	return client.VMStateName(s.State)
}

func (s vmState) failed() bool {
	if s.State == 7 || s.State == 11 { // FAILED, CLONING_FAILURE
		return true
	}
	return s.State == client.VMActive && strings.HasSuffix(client.LCMStateName(s.LCM), "_FAILURE")
}

// settled is true when the VM is in no transient state: a hotplug, snapshot
// or resize has finished.
func (s vmState) settled() bool {
	if s.State != client.VMActive {
		return s.State != 0 && s.State != 10 // INIT, CLONING
	}
	n := client.LCMStateName(s.LCM)
	return n == "RUNNING" || n == "UNKNOWN"
}

// waitSpec says what an action leads to. A nil spec means the command has no
// --wait.
type waitSpec struct {
	states []string // any of these names ends the wait; empty = settled
}

func waitFor(states ...string) *waitSpec { return &waitSpec{states: states} }

var waitSettled = &waitSpec{}

func (w *waitSpec) reached(s vmState) bool {
	if len(w.states) == 0 {
		return s.settled()
	}
	n := s.name()
	for _, want := range w.states {
		if n == want {
			return true
		}
	}
	return false
}

func (w *waitSpec) describe() string {
	if len(w.states) == 0 {
		return "a stable state"
	}
	return strings.Join(w.states, " or ")
}

// pollInterval starts short, so the simulator's quick transitions finish
// quickly, and backs off so a real cloud is not hammered.
func pollInterval(attempt int) time.Duration {
	d := 100 * time.Millisecond << min(attempt, 4)
	return min(d, time.Second)
}

// waitVM polls one VM until it reaches the spec's state, enters a failure
// state (exit 6) or --timeout runs out (exit 10). alone is false when other
// VMs are waited for at the same time: one progress line cannot show them
// all, so none is drawn.
func waitVM(ctx context.Context, f *Factory, id int, w *waitSpec, alone bool) error {
	c, err := f.Client()
	if err != nil {
		return err
	}
	if c.IsDryRun() {
		return nil
	}
	deadline := time.Now().Add(f.G.Timeout)
	start := time.Now()
	progress := alone && f.IO.ShowProgress()
	defer func() {
		if progress {
			fmt.Fprint(f.IO.ErrOut, "\r\033[K")
		}
	}()
	for attempt := 0; ; attempt++ {
		raw, err := c.CallString(ctx, "one.vm.info", id)
		if err != nil {
			return err
		}
		var s vmState
		if err := xml.Unmarshal([]byte(raw), &s); err != nil {
			return fmt.Errorf("reading VM %d: %w", id, err)
		}
		if w.reached(s) {
			return nil
		}
		if s.failed() {
			return &CodedError{Code: ExitState, Err: fmt.Errorf("entered %s while waiting for %s", s.name(), w.describe())}
		}
		if progress {
			fmt.Fprintf(f.IO.ErrOut, "\r\033[Kvm %d: %s%s, waiting for %s (%s)", id, s.name(), s.why(), w.describe(), time.Since(start).Round(time.Second))
		}
		sleep := pollInterval(attempt)
		if time.Now().Add(sleep).After(deadline) {
			return &CodedError{Code: ExitTimeout, Err: fmt.Errorf("still %s%s after %s, waiting for %s", s.name(), s.why(), f.G.Timeout, w.describe())}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(sleep):
		}
	}
}
