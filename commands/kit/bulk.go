package kit

import (
	"bytes"
	"context"
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
// the exit code.
func ForEach(ctx context.Context, f *Factory, label string, ids []int, fn func(ctx context.Context, id int, out io.Writer) error) error {
	var (
		mu    sync.Mutex
		codes []int
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
			if err != nil {
				codes = append(codes, ExitCode(err))
				fmt.Fprintln(f.IO.ErrOut, ErrorLine(fmt.Errorf("%s %d: %w", label, id, err)))
			}
		}(id)
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(codes) > 0 {
		return &ReportedError{Code: CombineCodes(codes)}
	}
	return nil
}
