package sim

import (
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// However many changes come while a (slow) save is being written, one
// more save follows it, never a queue of them.
func TestSaverKeepsOnePendingWrite(t *testing.T) {
	started := make(chan int, 10)
	release := make(chan struct{})
	var mu sync.Mutex
	snaps := 0
	sv := newSaver(filepath.Join(t.TempDir(), "state.json"), time.Millisecond, func() ([]byte, error) {
		mu.Lock()
		snaps++
		n := snaps
		mu.Unlock()
		started <- n
		<-release
		return []byte("{}"), nil
	})
	sv.schedule()
	if n := <-started; n != 1 {
		t.Fatalf("first snapshot is #%d", n)
	}
	for i := 0; i < 5; i++ {
		sv.schedule() // changes during the write, each given time to fire
		time.Sleep(3 * time.Millisecond)
	}
	release <- struct{}{}
	if n := <-started; n != 2 {
		t.Fatalf("second snapshot is #%d", n)
	}
	release <- struct{}{}
	// wait until the saver is idle: no write running, none pending
	deadline := time.Now().Add(10 * time.Second)
	for {
		sv.mu.Lock()
		idle := !sv.busy && !sv.pending
		sv.mu.Unlock()
		if idle {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("saver never became idle")
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case n := <-started:
		t.Fatalf("snapshot #%d after the burst was saved", n)
	default:
	}
	close(release)
	if err := sv.close(); err != nil {
		t.Fatal(err)
	}
}
