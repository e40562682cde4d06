package kit

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/completions"
	"github.com/onectl/onectl/iostreams"
)

// Status is what --wait reads of an object (Resource.Status).
type Status struct {
	Name    string // the state as OpenNebula's CLI shows it: RUNNING, READY...
	Failed  bool   // a failure state: waiting further is pointless
	Settled bool   // in no transient state (a hotplug or snapshot finished)
	Why     string // why it is not moving, shown after the state
}

// WaitSpec says what an action leads to. A nil spec means the command has
// no --wait.
type WaitSpec struct {
	States []string // any of these names ends the wait; empty = settled
}

// Until is the spec of an action that ends in one of states.
func Until(states ...string) *WaitSpec { return &WaitSpec{States: states} }

// Settled is the spec of an action that ends when the object is stable
// again (resize, disk attach, snapshot...).
var Settled = &WaitSpec{}

func (w *WaitSpec) reached(s Status) bool {
	if len(w.States) == 0 {
		return s.Settled
	}
	for _, want := range w.States {
		if s.Name == want {
			return true
		}
	}
	return false
}

func (w *WaitSpec) describe() string {
	if len(w.States) == 0 {
		return "a stable state"
	}
	return strings.Join(w.States, " or ")
}

// pollInterval starts short, so the simulator's quick transitions finish
// quickly, and backs off so a real cloud is not hammered.
func pollInterval(attempt int) time.Duration {
	d := 100 * time.Millisecond << min(attempt, 4)
	return min(d, time.Second)
}

// WaitObject polls one object until it reaches the spec's state, enters a
// failure state (exit 6) or --timeout runs out (exit 10). alone is false
// when other objects are waited for at the same time: one progress line
// cannot show them all, so none is drawn.
func WaitObject(ctx context.Context, f *Factory, res *Resource, id int, w *WaitSpec, alone bool) error {
	c, err := f.Client()
	if err != nil {
		return err
	}
	if c.IsDryRun() {
		return nil
	}
	deadline, ok := c.Deadline()
	if !ok {
		deadline = time.Now().Add(f.G.Timeout)
	}
	start := time.Now()
	progress := alone && f.IO.ShowProgress()
	defer func() {
		if progress {
			fmt.Fprint(f.IO.ErrOut, "\r\033[K")
		}
	}()
	// fault is the last failure that was not the deadline itself: when the
	// deadline cuts a poll short, that is what went wrong, and where the
	// deadline falls must not change what is reported.
	var fault error
	for attempt := 0; ; attempt++ {
		s, err := pollOnce(ctx, c, res, id)
		var te *client.TransportError
		switch {
		case errors.As(err, &te):
			// The client retried this poll already; the object may still
			// get there, so keep polling while time remains.
			if !te.Timeout {
				fault = err
			}
		case err != nil:
			return err
		case w.reached(s):
			return nil
		case s.Failed:
			return &CodedError{Code: ExitState, Err: fmt.Errorf("entered %s%s while waiting for %s", s.Name, s.Why, w.describe())}
		case progress:
			// Cut to the terminal: a wrapped line would stack up on every
			// refresh, since \r only returns to the start of the last row.
			line := fmt.Sprintf("%s %d: %s%s, waiting for %s (%s)", res.Noun, id, s.Name, s.Why, w.describe(), time.Since(start).Round(time.Second))
			fmt.Fprint(f.IO.ErrOut, "\r\033[K"+iostreams.CutToWidth(line, f.IO.TerminalWidth()-1))
		}
		sleep := pollInterval(attempt)
		// Out of time is exit 10 however the last poll went: where the
		// deadline falls (during a poll or between two) is chance, the
		// outcome must not be.
		if err != nil && te.Timeout || time.Now().Add(sleep).After(deadline) {
			if err != nil {
				if fault == nil {
					fault = err
				}
				return &CodedError{Code: ExitTimeout, Err: fmt.Errorf("gave up waiting for %s after %s; the last poll failed: %w", w.describe(), f.G.Timeout, fault)}
			}
			return &CodedError{Code: ExitTimeout, Err: fmt.Errorf("still %s%s after %s, waiting for %s", s.Name, s.Why, f.G.Timeout, w.describe())}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(sleep):
		}
	}
}

func pollOnce(ctx context.Context, c *client.Client, res *Resource, id int) (Status, error) {
	raw, err := c.CallString(ctx, res.Info, id)
	if err != nil {
		return Status{}, err
	}
	s, err := res.Status([]byte(raw))
	if err != nil {
		return Status{}, fmt.Errorf("reading %s %d: %w", res.Label, id, err)
	}
	return s, nil
}

// vmStatus reads a VM's state as onevm shows it: the LCM state while the VM
// is ACTIVE, the VM state otherwise, with the scheduler's reason for a
// pending VM.
func vmStatus(raw []byte) (Status, error) {
	var v struct {
		State        int    `xml:"STATE"`
		LCM          int    `xml:"LCM_STATE"`
		SchedMessage string `xml:"USER_TEMPLATE>SCHED_MESSAGE"`
	}
	if err := xml.Unmarshal(raw, &v); err != nil {
		return Status{}, err
	}
	s := Status{Name: client.VMStateName(v.State)}
	if v.State == client.VMActive {
		s.Name = client.LCMStateName(v.LCM)
		s.Failed = strings.HasSuffix(s.Name, "_FAILURE")
		s.Settled = s.Name == "RUNNING" || s.Name == "UNKNOWN"
	} else {
		s.Failed = v.State == 7 || v.State == 11  // FAILED, CLONING_FAILURE
		s.Settled = v.State != 0 && v.State != 10 // INIT, CLONING
	}
	if v.State == client.VMPending && v.SchedMessage != "" {
		s.Why = " (scheduler: " + v.SchedMessage + ")"
	}
	return s, nil
}

var vmIn = completions.VMIn
