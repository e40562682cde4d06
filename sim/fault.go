package sim

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FaultHelp documents the --fault syntax; the serve command shows it.
const FaultHelp = `--fault injects failures between the client and the simulated oned, to test
scripts (and onectl) against a misbehaving network or proxy. Each --fault is
a rule: an optional method pattern (a glob, e.g. one.vm.* or
one.vmpool.info) and a colon, then comma-separated settings:
  latency=DUR      delay every answer by DUR
  slow-body=DUR    send every answer in small pieces spread over DUR
  reset=P          reset the connection before the call is run
  reset-after=P    run the call, then reset the connection (the answer is lost)
  http500=P        answer HTTP 500 without running the call
  garbage=P        run the call, answer bytes that are not XML-RPC
  truncate=P       run the call, send only the first half of the answer
  hang=P           never answer (until the client gives up)
  seed=N           seed of the random draws (default 1), for repeatable runs
P is a probability from 0 to 1 (1 = every matching call). Rules are tried
in order; the first fault drawn wins. Each injected fault is logged on
stderr as one line "sim: fault KIND METHOD".`

// faultKinds in the order they are drawn: those before the call is run,
// then those after.
var faultKinds = []string{"hang", "reset", "http500", "reset-after", "garbage", "truncate"}

func faultBefore(kind string) bool {
	return kind == "hang" || kind == "reset" || kind == "http500"
}

type faultRule struct {
	pattern  string // glob over the method name; "" matches every call
	latency  time.Duration
	slowBody time.Duration
	prob     map[string]float64
}

// Faults wraps the simulator's HTTP handler and injects failures.
type Faults struct {
	rules []faultRule

	mu  sync.Mutex
	rng *rand.Rand
	log io.Writer

	stop     chan struct{} // closed by Close: hung calls return
	stopOnce sync.Once
}

// ParseFaults reads --fault rules (see FaultHelp). No rules gives nil.
func ParseFaults(specs []string) (*Faults, error) {
	if len(specs) == 0 {
		return nil, nil
	}
	f := &Faults{stop: make(chan struct{})}
	seed := uint64(1)
	for _, spec := range specs {
		r := faultRule{prob: map[string]float64{}}
		settings := spec
		if pat, rest, ok := strings.Cut(spec, ":"); ok {
			if _, err := path.Match(pat, "x"); err != nil || pat == "" {
				return nil, fmt.Errorf("invalid --fault %q: bad method pattern %q", spec, pat)
			}
			r.pattern, settings = pat, rest
		}
		if strings.TrimSpace(settings) == "" {
			return nil, fmt.Errorf("invalid --fault %q: no settings", spec)
		}
		for _, kv := range strings.Split(settings, ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
			if !ok {
				return nil, fmt.Errorf("invalid --fault %q: %q is not KEY=VALUE", spec, kv)
			}
			switch k {
			case "latency", "slow-body":
				d, err := time.ParseDuration(v)
				if err != nil || d < 0 || d > time.Hour {
					return nil, fmt.Errorf("invalid --fault %q: %s must be a duration from 0 to 1h", spec, k)
				}
				if k == "latency" {
					r.latency = d
				} else {
					r.slowBody = d
				}
			case "seed":
				n, err := strconv.ParseUint(v, 10, 64)
				if err != nil {
					return nil, fmt.Errorf("invalid --fault %q: seed must be a non-negative integer", spec)
				}
				seed = n
			default:
				if !knownFault(k) {
					return nil, fmt.Errorf("invalid --fault %q: unknown setting %q", spec, k)
				}
				p, err := strconv.ParseFloat(v, 64)
				if err != nil || !(p >= 0 && p <= 1) {
					return nil, fmt.Errorf("invalid --fault %q: %s must be a probability from 0 to 1", spec, k)
				}
				r.prob[k] = p
			}
		}
		f.rules = append(f.rules, r)
	}
	f.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return f, nil
}

func knownFault(k string) bool {
	for _, x := range faultKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Close releases calls held by hang faults.
func (f *Faults) Close() {
	if f != nil {
		f.stopOnce.Do(func() { close(f.stop) })
	}
}

// Wrap returns h behind the faults; each injected fault is logged to log.
// Without faults (nil) it is h itself.
func (f *Faults) Wrap(h http.Handler, log io.Writer) http.Handler {
	if f == nil {
		return h
	}
	f.log = log
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { f.serve(h, w, r) })
}

// plan is what happens to one call.
type plan struct {
	latency, slowBody time.Duration
	fault             string
}

// decide draws the fault for one call. Every matching rule draws every
// kind it sets, in a fixed order, so a seed replays the same sequence.
func (f *Faults) decide(method string) plan {
	f.mu.Lock()
	defer f.mu.Unlock()
	var p plan
	for _, r := range f.rules {
		if r.pattern != "" {
			if ok, _ := path.Match(r.pattern, method); !ok {
				continue
			}
		}
		p.latency += r.latency
		p.slowBody = max(p.slowBody, r.slowBody)
		for _, k := range faultKinds {
			prob, set := r.prob[k]
			if !set {
				continue
			}
			if hit := f.rng.Float64() < prob; hit && p.fault == "" {
				p.fault = k
			}
		}
	}
	return p
}

func (f *Faults) logf(format string, args ...any) {
	if f.log == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	fmt.Fprintf(f.log, format, args...)
}

func (f *Faults) serve(h http.Handler, w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		h.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err != nil {
		return
	}
	method := callName(body)
	p := f.decide(method)
	if p.latency > 0 && !f.sleep(r, p.latency) {
		return
	}
	if p.fault != "" && faultBefore(p.fault) {
		f.logf("sim: fault %s %s\n", p.fault, method)
		switch p.fault {
		case "hang":
			select {
			case <-r.Context().Done():
			case <-f.stop:
			}
			resetConn(w)
		case "reset":
			resetConn(w)
		case "http500":
			http.Error(w, "Internal Server Error (injected fault)", http.StatusInternalServerError)
		}
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(rec, r)
	out := rec.body.Bytes()
	if p.fault != "" {
		f.logf("sim: fault %s %s\n", p.fault, method)
	}
	switch p.fault {
	case "reset-after":
		resetConn(w)
		return
	case "garbage":
		out = []byte("\x00\x1b[0m<<<garbage from a broken proxy>>>\r\n")
	case "truncate":
		// The length promises the whole answer; only half arrives.
		writeRaw(w, rec.status, rec.header, out, len(out)/2)
		return
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	if p.slowBody <= 0 || len(out) == 0 {
		w.WriteHeader(rec.status)
		w.Write(out)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(rec.status)
	const pieces = 20
	step := max(1, (len(out)+pieces-1)/pieces)
	for i := 0; i < len(out); i += step {
		if i > 0 && !f.sleep(r, p.slowBody/pieces) {
			return
		}
		w.Write(out[i:min(i+step, len(out))])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
	}
}

// sleep waits d unless the client leaves or the faults are closed.
func (f *Faults) sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-f.stop:
	}
	return false
}

// callName finds the method name without parsing the whole call.
func callName(body []byte) string {
	const open, closing = "<methodName>", "</methodName>"
	i := bytes.Index(body, []byte(open))
	if i < 0 {
		return "?"
	}
	rest := body[i+len(open):]
	j := bytes.Index(rest, []byte(closing))
	if j < 0 || j > 200 {
		return "?"
	}
	return strings.TrimSpace(string(rest[:j]))
}

// resetConn drops the connection with a TCP reset (no FIN), as a crashed
// proxy or a middlebox would.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// writeRaw writes an HTTP/1.1 answer by hand, promising the whole body but
// sending only n bytes of it, then closes the connection.
func writeRaw(w http.ResponseWriter, status int, header http.Header, body []byte, n int) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
		status, http.StatusText(status), header.Get("Content-Type"), len(body))
	buf.Write(body[:n])
	buf.Flush()
}

// recorder keeps the simulator's answer so a fault can mangle it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(code int)        { r.status = code }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }
