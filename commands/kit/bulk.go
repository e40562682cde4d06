package kit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// bulkConcurrency bounds parallel calls of an action on many objects: enough
// to make `terminate 1..500` quick, few enough not to flood oned.
const bulkConcurrency = 8

// ForEach runs fn for every ID with bounded concurrency. What fn writes to
// out reaches stdout whole once fn returns; each failure is printed on its
// own line as it happens and the others carry on; the result only carries
// the exit code. An *AlreadyError from fn is a success: on a terminal it
// is said ("vm 5: already POWEROFF"), off one it is silent, so a cron job
// stays quiet. On a terminal, several IDs end with a summary line. When
// some succeeded and some failed, a last stderr line names both sets, so a
// script or a person knows what to retry.
func ForEach(ctx context.Context, f *Factory, label string, ids []int, fn func(ctx context.Context, id int, out io.Writer) error) error {
	var (
		mu    sync.Mutex
		codes []int
		done  = map[int]bool{}
		tally bulkTally
		wg    sync.WaitGroup
		sem   = make(chan struct{}, bulkConcurrency)
	)
	for _, id := range ids {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			defer func() { <-sem }()
			var out bytes.Buffer
			err := fn(ctx, id, &out)
			if err != nil && ctx.Err() != nil {
				return // interrupted: reported once, below
			}
			mu.Lock()
			defer mu.Unlock()
			f.IO.Out.Write(out.Bytes())
			var already *AlreadyError
			switch {
			case errors.As(err, &already):
				tally.already++
				done[id] = true
				if f.IO.IsStderrTTY() {
					fmt.Fprintf(f.IO.ErrOut, "%s %d: %s\n", label, id, already)
				}
			case err != nil:
				tally.failed++
				codes = append(codes, ExitCode(err))
				fmt.Fprintln(f.IO.ErrOut, ErrorLine(fmt.Errorf("%s %d: %w", label, id, err)))
			default:
				tally.done++
				done[id] = true
			}
		}(id)
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(ids) > 1 && f.IO.IsStderrTTY() {
		fmt.Fprintf(f.IO.ErrOut, "%s: %s\n", label, tally)
	}
	if len(codes) > 0 {
		if len(done) > 0 {
			var ok, failed []int
			for _, id := range ids {
				if done[id] {
					ok = append(ok, id)
				} else {
					failed = append(failed, id)
				}
			}
			fmt.Fprintf(f.IO.ErrOut, "onectl: %s: done for %s; failed for %s\n", label, JoinInts(ok), JoinInts(failed))
		}
		return &ReportedError{Code: CombineCodes(codes)}
	}
	return nil
}
