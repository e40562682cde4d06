package kit

import (
	"context"
	"fmt"

	"github.com/onectl/onectl/client"
)

// AlreadyError is the outcome of an action on an object that was already
// where the action leads (poweroff on a powered-off VM): a success, so that
// "make these VMs off" is quiet and exits 0 when they are. ForEach counts
// it as done-before and, on a terminal, says so.
type AlreadyError struct {
	State string // where the object already is, as its status names it
}

func (e *AlreadyError) Error() string { return "already " + e.State }

// already decides, after a call failed, whether the object was already
// where the action leads. Only a wrong-state refusal (exit 6) qualifies:
// an object that is missing, forbidden or locked still fails. The answer
// comes from Action.Already, else, for actions without arguments, from
// the object's status and the action's Wait states.
func (a *Action) already(ctx context.Context, c *Call, cl *client.Client, id int, callErr error) *AlreadyError {
	if ExitCode(callErr) != ExitState {
		return nil
	}
	if a.Already != nil {
		state, ok, err := a.Already(ctx, c, id)
		if err != nil || !ok {
			return nil
		}
		return &AlreadyError{State: state}
	}
	// The state alone says the object is there only for actions that
	// take nothing but the object: a VM running on host01 is not "already"
	// deployed to host02.
	if a.Wait == nil || len(a.Wait.States) == 0 || a.Res.Status == nil || len(a.Args) > 0 {
		return nil
	}
	raw, err := cl.Reader().CallString(ctx, a.Res.Info, id)
	if err != nil {
		return nil
	}
	s, err := a.Res.Status([]byte(raw))
	if err != nil || !a.Wait.reached(s) {
		return nil
	}
	return &AlreadyError{State: s.Name}
}

// bulkTally counts the outcomes of a bulk action for its summary line.
type bulkTally struct{ done, already, failed int }

func (t bulkTally) String() string {
	return fmt.Sprintf("%d done, %d already there, %d failed", t.done, t.already, t.failed)
}
