package client

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onectl/onectl/sim"
)

// lockedLog collects the simulator's fault lines.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.b.String(), s)
}

// faultySim serves one simulator twice: behind the given faults, and
// directly, so a test can look at what really happened.
func faultySim(t *testing.T, specs ...string) (faulty, direct *Client, log *lockedLog) {
	t.Helper()
	s, err := sim.New(sim.Options{Seed: "demo", Delay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	f, err := sim.ParseFaults(specs)
	if err != nil {
		t.Fatal(err)
	}
	log = &lockedLog{}
	fs := httptest.NewServer(f.Wrap(s, log))
	ds := httptest.NewServer(s)
	t.Cleanup(func() { f.Close(); fs.Close(); ds.Close(); s.Close() })
	session := func(o *Options) { o.Session = "oneadmin:opennebula"; o.Timeout = 2 * time.Second }
	return newTestClient(t, fs.URL+"/RPC2", session), newTestClient(t, ds.URL+"/RPC2", session), log
}

func vmCount(t *testing.T, c *Client) int {
	t.Helper()
	pool, err := c.CallString(bg, "one.vmpool.info", -2, -1, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(pool, "<VM>")
}

// TestFaultMatrix: every injected fault against a read and a write. Reads
// are retried up to maxAttempts, writes are sent once (they may have acted)
// and the error says so, and no fault makes a second VM. Faults fire with
// probability 1 on one method, so nothing depends on chance or speed.
func TestFaultMatrix(t *testing.T) {
	const create = "NAME=\"m\"\nCPU=\"0.1\"\nMEMORY=\"16\""
	cases := []struct {
		fault string
		kind  TransportKind
		acted bool // a write got through to the simulator
		msg   string
	}{
		{"latency=30ms", -1, true, ""},
		{"slow-body=40ms", -1, true, ""},
		{"reset=1", KindReset, false, "connection reset by the server"},
		{"reset-after=1", KindReset, true, "connection reset by the server"},
		{"http500=1", KindHTTP, false, "HTTP 500 Internal Server Error"},
		{"garbage=1", KindNotXMLRPC, true, "response is not XML-RPC"},
		{"truncate=1", KindTruncated, true, "response truncated"},
		{"hang=1", KindTimeout, false, "timed out after 300ms"},
	}
	for _, tc := range cases {
		name := strings.SplitN(tc.fault, "=", 2)[0]
		t.Run(name+"/read", func(t *testing.T) {
			t.Parallel()
			faulty, _, log := faultySim(t, "one.vm.info:"+tc.fault)
			faulty.timeout = 300 * time.Millisecond
			doc, err := faulty.CallString(bg, "one.vm.info", 0, false)
			if tc.kind < 0 {
				if err != nil || !strings.HasPrefix(doc, "<VM>") {
					t.Fatalf("read through %s: %q, %v", tc.fault, doc, err)
				}
				return
			}
			te := faultError(t, err, tc.kind, tc.msg)
			want := maxAttempts
			if tc.kind == KindTimeout {
				want = 1 // the one try used the whole time
			}
			if te.Attempts != want || log.count("sim: fault ") != want {
				t.Errorf("tries: client %d, simulator saw %d faults, want %d", te.Attempts, log.count("sim: fault "), want)
			}
			if te.Unsure || (want > 1 && !strings.Contains(err.Error(), "(tried 5 times)")) {
				t.Errorf("read error line: %q", err)
			}
		})
		t.Run(name+"/write", func(t *testing.T) {
			t.Parallel()
			faulty, direct, log := faultySim(t, "one.vm.allocate:"+tc.fault)
			faulty.timeout = 300 * time.Millisecond
			before := vmCount(t, direct)
			_, err := faulty.CallInt(bg, "one.vm.allocate", create, false)
			after := vmCount(t, direct)
			if tc.acted != (after == before+1) || after > before+1 {
				t.Errorf("VMs %d -> %d, want one more: %v", before, after, tc.acted)
			}
			if tc.kind < 0 {
				if err != nil {
					t.Fatalf("write through %s: %v", tc.fault, err)
				}
				return
			}
			te := faultError(t, err, tc.kind, tc.msg)
			if te.Attempts != 1 || log.count("sim: fault ") != 1 {
				t.Errorf("write sent %d times (simulator saw %d), want once", te.Attempts, log.count("sim: fault "))
			}
			if !te.Unsure || !strings.Contains(err.Error(), "one.vm.allocate was sent once and not repeated") {
				t.Errorf("write error line does not warn that it may have acted: %q", err)
			}
		})
	}
}

func faultError(t *testing.T, err error, kind TransportKind, msg string) *TransportError {
	t.Helper()
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %T %v, want *TransportError", err, err)
	}
	if te.Kind != kind || !strings.Contains(err.Error(), msg) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("kind %d, line %q; want kind %d saying %q", te.Kind, err, kind, msg)
	}
	return te
}

// TestReadRetriedThroughFlakyServer: a read that fails now and then
// succeeds within its tries. The fault draws are seeded, so the same tries
// fail on every run.
func TestReadRetriedThroughFlakyServer(t *testing.T) {
	faulty, _, log := faultySim(t, "one.vm*:reset=0.15,http500=0.1,truncate=0.05,seed=7")
	for i := 0; i < 30; i++ {
		if _, err := faulty.CallString(bg, "one.vm.info", 0, false); err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
	}
	if log.count("sim: fault ") == 0 {
		t.Fatal("no fault was injected: the test proves nothing")
	}
}

// TestWholeCallDeadline: retries stop when the deadline comes, even when
// tries remain.
func TestWholeCallDeadline(t *testing.T) {
	faulty, _, _ := faultySim(t, "one.vm.info:http500=1,latency=40ms")
	faulty.backoff = func(int) time.Duration { return 50 * time.Millisecond }
	faulty.deadline = &deadline{t: time.Now().Add(120 * time.Millisecond)}
	_, err := faulty.CallString(context.Background(), "one.vm.info", 0, false)
	var te *TransportError
	if !errors.As(err, &te) || te.Attempts >= maxAttempts {
		t.Fatalf("err %v: retries went on past the deadline", err)
	}
}

// TestExtendDeadline: time given back (a prompt, an editor) lets a call
// run that the original deadline would have refused.
func TestExtendDeadline(t *testing.T) {
	_, direct, _ := faultySim(t)
	direct.deadline = &deadline{t: time.Now().Add(-time.Second)}
	if _, err := direct.CallString(bg, "one.vm.info", 0, false); err == nil {
		t.Fatal("a call after the deadline succeeded")
	}
	direct.ExtendDeadline(time.Minute)
	if _, err := direct.CallString(bg, "one.vm.info", 0, false); err != nil {
		t.Fatalf("after ExtendDeadline: %v", err)
	}
}
