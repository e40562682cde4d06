package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onectl/onectl/client"
)

// TestKillUnderLoad: kill -9 of `sim serve --state` while many clients
// create VMs loses none of the creates it acknowledged, and never gives an
// acknowledged ID to another VM. The kill comes after a fixed number of
// acknowledgements, not after a time, so a slow machine only makes the
// test slower.
func TestKillUnderLoad(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "sim.json")
	const (
		rounds    = 3
		workers   = 16
		killAfter = 40 // acknowledged creates per round before kill -9
		perWorker = 200
	)
	acked := map[int]string{} // VM ID -> name, over all rounds
	for round := 0; round < rounds; round++ {
		s := startSim(t, "--state", state)
		c := rawClient(t, s.Endpoint)
		checkAcked(t, c, acked, round)

		var (
			mu     sync.Mutex
			n      int
			killed = make(chan struct{})
			once   sync.Once
			wg     sync.WaitGroup
		)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < perWorker; i++ {
					name := fmt.Sprintf("kill-r%d-w%d-%d", round, w, i)
					id, err := c.CallInt(context.Background(), "one.vm.allocate", "NAME=\""+name+"\"\nCPU=\"0.1\"\nMEMORY=\"16\"", false)
					if err != nil {
						select {
						case <-killed:
							return // the simulator is gone, as planned
						default:
						}
						t.Errorf("create before the kill: %v", err)
						return
					}
					// Reads mixed in, so the kill also lands between reads.
					_, _ = c.CallString(context.Background(), "one.vm.info", id, false)
					mu.Lock()
					if prev, dup := acked[id]; dup {
						t.Errorf("ID %d acknowledged for %s and again for %s", id, prev, name)
					}
					acked[id] = name
					n++
					if n == killAfter {
						once.Do(func() { close(killed); s.kill() })
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		once.Do(func() { close(killed); s.kill() })
		t.Logf("kill %d: %d creates acknowledged so far", round+1, len(acked))
		if t.Failed() {
			return
		}
	}
	s := startSim(t, "--state", state)
	checkAcked(t, rawClient(t, s.Endpoint), acked, rounds)
}

func rawClient(t *testing.T, endpoint string) *client.Client {
	t.Helper()
	c, err := client.New(client.Options{Endpoint: endpoint, Session: "oneadmin:opennebula", Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkAcked asserts every acknowledged VM is there under its name, and
// that the next ID handed out is above all of them.
func checkAcked(t *testing.T, c *client.Client, acked map[int]string, round int) {
	t.Helper()
	pool, err := c.CallString(context.Background(), "one.vmpool.info", -2, -1, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	lost, maxID := 0, -1
	for id, name := range acked {
		maxID = max(maxID, id)
		if !strings.Contains(pool, fmt.Sprintf("<VM><ID>%d</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME><GNAME>oneadmin</GNAME><NAME>%s</NAME>", id, name)) {
			lost++
			if lost <= 5 {
				t.Errorf("after kill %d: acknowledged VM %d (%s) is missing or changed", round, id, name)
			}
		}
	}
	if lost > 0 {
		t.Fatalf("after kill %d: %d of %d acknowledged creates lost", round, lost, len(acked))
	}
	id, err := c.CallInt(context.Background(), "one.vm.allocate", fmt.Sprintf("NAME=\"probe-%d\"\nCPU=\"0.1\"\nMEMORY=\"16\"", round), false)
	if err != nil {
		t.Fatal(err)
	}
	if id <= maxID {
		t.Fatalf("after kill %d: new VM got ID %d, not above the acknowledged %d", round, id, maxID)
	}
	acked[id] = fmt.Sprintf("probe-%d", round)
}
