package commands

import (
	"context"
	"fmt"
	"io"
	"sync"
)

// bulkConcurrency bounds parallel calls of an action on many objects: enough
// to make `terminate 1..500` quick, few enough not to flood oned.
const bulkConcurrency = 8

// forEach runs fn for every ID with bounded concurrency. Each failure is
// printed on its own line as it happens and the others carry on; the result
// only carries the exit code.
func forEach(ctx context.Context, f *Factory, label string, ids []int, fn func(ctx context.Context, id int) error) error {
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
			if err := fn(ctx, id); err != nil {
				if ctx.Err() != nil {
					return // interrupted: reported once, below
				}
				mu.Lock()
				defer mu.Unlock()
				codes = append(codes, ExitCode(err))
				fmt.Fprintln(f.IO.ErrOut, errorLine(fmt.Errorf("%s %d: %w", label, id, err)))
			}
		}(id)
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(codes) > 0 {
		return &reportedError{code: combineCodes(codes)}
	}
	return nil
}

// syncWriter lets the goroutines of a bulk action print results without
// interleaving them.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
