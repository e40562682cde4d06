package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onectl/onectl/client"
)

// TestFaultMatrix: each fault the simulator injects, against a read
// (vm list), a write (vm create) and a --wait (vm poweroff --wait). Every
// fault fires on every matching call, so the outcome never depends on
// chance or on the machine's speed. Reads are tried maxTries times, writes
// once; a failure is one line saying what happened and exit 9. A --wait
// polls on through failures until --timeout, then exits 10 naming the last
// failure. --timeout is generous (the number of tries must not depend on
// speed) except around hangs and waits, which must end by it.
func TestFaultMatrix(t *testing.T) {
	t.Parallel()
	const maxTries = 5
	cases := []struct {
		fault    string
		says     string // in the error line
		acted    bool   // the write reached the simulator
		waitCode int
	}{
		{"latency=50ms", "", true, 0},
		{"slow-body=100ms", "", true, 0},
		{"reset=1", "connection reset by the server", false, 10},
		{"reset-after=1", "connection reset by the server", true, 10},
		{"http500=1", "HTTP 500 Internal Server Error", false, 10},
		{"garbage=1", "response is not XML-RPC", true, 10},
		{"truncate=1", "response truncated", true, 10},
		{"hang=1", "timed out", false, 10},
	}
	for _, tc := range cases {
		kind := strings.SplitN(tc.fault, "=", 2)[0]
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			s := startSim(t, "--fault", "one.vmpool.info:"+tc.fault, "--fault", "one.vm.allocate:"+tc.fault, "--fault", "one.vm.info:"+tc.fault)
			long := s.admin(t).withArgs("--timeout", "60s")
			short := s.admin(t).withArgs("--timeout", "2s")
			c := long
			if kind == "hang" {
				c = short
			}
			raw := rawClient(t, s.Endpoint)
			faults := func(method string) int { return strings.Count(s.stderr.String(), "sim: fault "+kind+" "+method+"\n") }
			fails := tc.says != ""

			// read
			if !fails {
				mustContain(t, "vm list", c.ok(t, "vm", "list"), "NAME")
			} else {
				line := oneErrorLine(t, c.fails(t, 9, "vm", "list"))
				mustContain(t, "vm list", line, s.Endpoint, tc.says)
				want := maxTries
				if kind == "hang" {
					want = 1
				} else {
					mustContain(t, "vm list", line, fmt.Sprintf("(tried %d times)", maxTries))
				}
				if got := faults("one.vmpool.info"); got != want {
					t.Errorf("vm list: %d tries reached the simulator, want %d", got, want)
				}
			}

			// write
			name := "fault-" + kind
			if !fails {
				c.ok(t, "vm", "create", "--name", name, "--cpu", "0.1", "--memory", "64")
			} else {
				line := oneErrorLine(t, c.fails(t, 9, "vm", "create", "--name", name, "--cpu", "0.1", "--memory", "64"))
				mustContain(t, "vm create", line, tc.says, "one.vm.allocate was sent once and not repeated")
				if got := faults("one.vm.allocate"); got != 1 {
					t.Errorf("vm create: the simulator saw %d tries, want exactly 1", got)
				}
			}
			pool, err := raw.CallString(context.Background(), "one.vmpool.infoextended", -2, -1, -1, -1)
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(pool, "<NAME>"+name+"</NAME>"); n != map[bool]int{true: 1, false: 0}[tc.acted] {
				t.Errorf("vm create through %s made %d VMs, want acted=%v", tc.fault, n, tc.acted)
			}

			// --wait: the action goes through, the polls meet the fault.
			id, err := raw.CallInt(context.Background(), "one.template.instantiate", 0, "w", false, "", false)
			if err != nil {
				t.Fatal(err)
			}
			if err := running(raw, id); err != nil {
				t.Fatal(err)
			}
			r := short.run(t, "vm", "poweroff", itoa(id), "--wait")
			if r.Code != tc.waitCode {
				t.Fatalf("poweroff --wait through %s: exit %d, want %d\n%s", tc.fault, r.Code, tc.waitCode, r)
			}
			if tc.waitCode != 0 {
				line := oneErrorLine(t, r)
				mustContain(t, "poweroff --wait", line, "POWEROFF", tc.says)
				if r.Took > 2*time.Second+3*time.Second {
					t.Errorf("--timeout 2s, but --wait took %s", r.Took)
				}
			}
		})
	}
}

// running waits (bounded) until the simulator's scheduler has deployed a
// fresh VM and it runs.
func running(c *client.Client, id int) error {
	for i := 0; i < 500; i++ {
		doc, err := c.CallString(context.Background(), "one.vmpool.infoextended", -2, id, id, -1)
		if err != nil {
			return err
		}
		if strings.Contains(doc, "<LCM_STATE>3</LCM_STATE>") {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("VM %d never ran", id)
}

// TestWaitThroughFlakyPolls: polls that fail now and then do not end a
// --wait; the seed makes the same polls fail on every run.
func TestWaitThroughFlakyPolls(t *testing.T) {
	t.Parallel()
	s := startSim(t, "--fault", "one.vm.info:reset=0.4,http500=0.3,truncate=0.2,seed=11")
	c := s.admin(t)
	raw := rawClient(t, s.Endpoint)
	for i := 0; i < 3; i++ {
		id, err := raw.CallInt(context.Background(), "one.vm.allocate", "NAME=\"flaky\"\nCPU=\"0.1\"\nMEMORY=\"16\"", false)
		if err != nil {
			t.Fatal(err)
		}
		if err := running(raw, id); err != nil {
			t.Fatal(err)
		}
		c.ok(t, "vm", "poweroff", itoa(id), "--wait")
	}
	if !strings.Contains(s.stderr.String(), "sim: fault ") {
		t.Fatal("no fault was injected: the test proves nothing")
	}
}

// TestWaitBoundedByTimeout: --timeout bounds the whole command, the action
// and the wait together.
func TestWaitBoundedByTimeout(t *testing.T) {
	t.Parallel()
	s := startSim(t, "--delay", "1h", "--fault", "one.vm.allocate:latency=3s")
	r := s.admin(t).fails(t, 10, "vm", "create", "--name", "slow", "--cpu", "0.1", "--memory", "64", "--wait", "--timeout", "4s")
	mustContain(t, "vm create --wait", oneErrorLine(t, r), "after 4s")
	// Before, the wait got its own 4s after the 3s action: over 7s.
	if r.Took > 6500*time.Millisecond {
		t.Errorf("--timeout 4s, but the command took %s", r.Took)
	}
}

// TestCreateMultipleFailsPartWay: when a create fails part way, the line
// names the VMs that exist, and they are exactly the ones on stdout.
func TestCreateMultipleFailsPartWay(t *testing.T) {
	t.Parallel()
	// Seeded: the first two creates pass, the third meets HTTP 500.
	s := startSim(t, "--fault", "one.vm.allocate:http500=0.5,seed=4")
	r := s.admin(t).fails(t, 9, "vm", "create", "--name", "multi", "--cpu", "0.1", "--memory", "64", "--multiple", "6")
	line := oneErrorLine(t, r)
	ids := idLineRE.FindAllStringSubmatch(r.Stdout, -1)
	if len(ids) == 0 || len(ids) == 6 {
		t.Fatalf("want a failure part way, got %d created:\n%s", len(ids), r)
	}
	var names []string
	for _, m := range ids {
		names = append(names, m[1])
	}
	mustContain(t, "vm create --multiple", line, fmt.Sprintf("created %d of 6 VMs (%s)", len(ids), strings.Join(names, ",")), "HTTP 500")
	pool, err := rawClient(t, s.Endpoint).CallString(context.Background(), "one.vmpool.infoextended", -2, -1, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(pool, "<NAME>multi"); n != len(ids) {
		t.Fatalf("%d VMs named multi exist, the command reported %d", n, len(ids))
	}
}
