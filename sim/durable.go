package sim

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// committer makes a change durable before it is acknowledged: an answer
// leaves Handle only once a snapshot that includes every change made so
// far is fsync'd and renamed into place, so kill -9 at any moment loses
// nothing a client saw and never hands out an ID a client saw twice.
//
// Commits are grouped: while one snapshot is being written, the calls that
// change state meanwhile wait together for the next one, so under load the
// number of writes stays near the rate the disk allows, not the call rate.
type committer struct {
	sv   *saver
	snap func() ([]byte, uint64, error) // state and its generation, taken under the server lock

	gen     atomic.Uint64 // bumped under the server lock by every change
	durable atomic.Uint64 // the generation on disk

	mu         sync.Mutex
	cond       *sync.Cond
	committing bool
	failedGen  uint64 // generations up to this one met failErr
	failErr    error
}

func newCommitter(sv *saver, snap func() ([]byte, uint64, error)) *committer {
	c := &committer{sv: sv, snap: snap}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// changed records a change; the caller holds the server lock.
func (c *committer) changed() { c.gen.Add(1) }

// wait returns once everything changed before it was called is on disk.
// The first waiter to find no write under way writes for all.
func (c *committer) wait() error {
	target := c.gen.Load()
	if c.durable.Load() >= target {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.durable.Load() < target {
		if c.failErr != nil && target <= c.failedGen {
			return c.failErr
		}
		if c.committing {
			c.cond.Wait()
			continue
		}
		c.committing = true
		c.mu.Unlock()
		g, err := c.commit()
		c.mu.Lock()
		c.committing = false
		if err != nil {
			c.failedGen, c.failErr = g, err
		} else if g > c.durable.Load() {
			c.durable.Store(g)
		}
		c.cond.Broadcast()
	}
	return nil
}

// commit writes one snapshot under the saver's write lock, so it and the
// saver's background writes land in the order they were taken.
func (c *committer) commit() (uint64, error) {
	c.sv.writing.Lock()
	defer c.sv.writing.Unlock()
	data, g, err := c.snap()
	if err != nil {
		return c.gen.Load(), err
	}
	if err := c.sv.writeLocked(data); err != nil {
		return g, fmt.Errorf("cannot save the state: %w", err)
	}
	// The rename itself must survive a power cut, not only the data.
	if d, err := os.Open(filepath.Dir(c.sv.path)); err == nil {
		err = d.Sync()
		d.Close()
		if err != nil {
			return g, fmt.Errorf("cannot save the state: %w", err)
		}
	}
	return g, nil
}
