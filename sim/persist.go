package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// loadState reads a state file; a missing file is not an error.
func loadState(path string) (*state, bool, error) {
	if path == "" {
		return nil, false, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	st := newState()
	if err := json.Unmarshal(data, st); err != nil {
		return nil, false, fmt.Errorf("sim: state file %s: %w", path, err)
	}
	st.reindex()
	st.seedZones() // what a state file from before zones, ACLs and VDCs lacks
	st.seedAccess()
	return st, true, nil
}

// saver writes the state file at most once per interval, atomically
// (temp file in the same directory, fsync, rename), so a crash never
// leaves a half-written file.
type saver struct {
	path     string
	interval time.Duration
	snap     func() ([]byte, error)

	mu      sync.Mutex
	timer   *time.Timer
	pending bool
	busy    bool // a timer's write is running
	closed  bool
	err     error
	writing sync.Mutex
}

func newSaver(path string, interval time.Duration, snap func() ([]byte, error)) *saver {
	return &saver{path: path, interval: interval, snap: snap}
}

// schedule asks for a save soon; calls within the interval coalesce, and
// calls during a write set one pending save that the writer arms when it
// is done: there is never more than one write waiting, however long a
// write of a large state takes.
func (sv *saver) schedule() {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if sv.closed || sv.pending {
		return
	}
	sv.pending = true
	if !sv.busy {
		sv.timer = time.AfterFunc(sv.interval, sv.flush)
	}
}

func (sv *saver) flush() {
	sv.mu.Lock()
	if !sv.pending || sv.busy {
		sv.mu.Unlock()
		return
	}
	sv.pending = false
	sv.busy = true
	sv.mu.Unlock()
	err := sv.snapAndWrite()
	sv.mu.Lock()
	sv.busy = false
	if err != nil {
		sv.err = err
	}
	if sv.pending && !sv.closed {
		sv.timer = time.AfterFunc(sv.interval, sv.flush)
	}
	sv.mu.Unlock()
}

// snapAndWrite takes the snapshot under the write lock, so saves land in
// the order their snapshots were taken.
func (sv *saver) snapAndWrite() error {
	sv.writing.Lock()
	defer sv.writing.Unlock()
	data, err := sv.snap()
	if err != nil {
		return err
	}
	return sv.writeLocked(data)
}

func (sv *saver) write(data []byte) error {
	sv.writing.Lock()
	defer sv.writing.Unlock()
	return sv.writeLocked(data)
}

func (sv *saver) writeLocked(data []byte) error {
	dir := filepath.Dir(sv.path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(sv.path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, sv.path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// close stops the timer and writes the final state; it returns the first
// error any save met.
func (sv *saver) close() error {
	sv.mu.Lock()
	sv.closed = true
	if sv.timer != nil {
		sv.timer.Stop()
	}
	sv.pending = false
	prev := sv.err
	sv.mu.Unlock()
	err := sv.snapAndWrite()
	if prev != nil {
		return prev
	}
	return err
}
