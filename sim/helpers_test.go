package sim

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	admin = "oneadmin:opennebula"
	alice = "alice:alice"
	delay = 15 * time.Millisecond
)

// newSim starts a simulator whose clock the test drives (unless o brings
// its own): time moves only in waitState and advance, so no transient state
// is skipped however loaded the machine is.
func newSim(t *testing.T, o Options) *Server {
	t.Helper()
	if o.Delay == 0 {
		o.Delay = delay
	}
	var clk *testClock
	if o.Now == nil {
		clk = &testClock{t: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)}
		o.Now = clk.now
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	if clk != nil {
		clocks.Store(s, clk)
	}
	t.Cleanup(func() { s.Close(); clocks.Delete(s) })
	return s
}

// testClock is a simulator clock that moves only when told to.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// clocks maps each test simulator to its clock.
var clocks sync.Map

// advance moves a test simulator's clock, or waits as long on a simulator
// that runs on the wall clock.
func advance(s *Server, d time.Duration) {
	if c, ok := clocks.Load(s); ok {
		c.(*testClock).advance(d)
		return
	}
	time.Sleep(d)
}

type b bool // boolean parameter marker
type i8 int64

func encodeCall(method string, args ...any) string {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0"?><methodCall><methodName>` + method + `</methodName><params>`)
	for _, a := range args {
		sb.WriteString("<param><value>")
		switch x := a.(type) {
		case string:
			sb.WriteString("<string>" + html.EscapeString(x) + "</string>")
		case int:
			sb.WriteString("<i4>" + strconv.Itoa(x) + "</i4>")
		case i8:
			sb.WriteString("<i8>" + strconv.FormatInt(int64(x), 10) + "</i8>")
		case []int:
			sb.WriteString("<array><data>")
			for _, n := range x {
				sb.WriteString("<value><i4>" + strconv.Itoa(n) + "</i4></value>")
			}
			sb.WriteString("</data></array>")
		case b:
			if x {
				sb.WriteString("<boolean>1</boolean>")
			} else {
				sb.WriteString("<boolean>0</boolean>")
			}
		}
		sb.WriteString("</value></param>")
	}
	sb.WriteString("</params></methodCall>")
	return sb.String()
}

type resp struct {
	raw   string
	ok    bool
	str   string // result or error message
	num   int    // int result or error code
	objID int
	n     int // elements in the array
	fault bool
}

var valRe = regexp.MustCompile(`<value><(boolean|string|i4|i8)>([^<]*)</(?:boolean|string|i4|i8)></value>`)

func parseResp(t *testing.T, raw string) resp {
	t.Helper()
	r := resp{raw: raw}
	if strings.Contains(raw, "<fault>") {
		r.fault = true
		m := valRe.FindAllStringSubmatch(raw, -1)
		r.num, _ = strconv.Atoi(m[0][2])
		r.str = html.UnescapeString(m[1][2])
		return r
	}
	m := valRe.FindAllStringSubmatch(raw, -1)
	r.n = len(m)
	r.ok = m[0][2] == "1"
	if r.ok {
		if m[1][1] == "string" {
			r.str = html.UnescapeString(m[1][2])
		} else {
			r.num, _ = strconv.Atoi(m[1][2])
		}
		return r
	}
	r.str = html.UnescapeString(m[1][2])
	r.num, _ = strconv.Atoi(m[2][2])
	r.objID, _ = strconv.Atoi(m[3][2])
	return r
}

func try(t *testing.T, s *Server, method string, args ...any) resp {
	t.Helper()
	return parseResp(t, string(s.Handle([]byte(encodeCall(method, args...)))))
}

// must calls and fails the test on an error answer.
func must(t *testing.T, s *Server, method string, args ...any) resp {
	t.Helper()
	r := try(t, s, method, args...)
	if !r.ok {
		t.Fatalf("%s%v: %s (code %d)", method, args[1:], r.str, r.num)
	}
	return r
}

func wantErr(t *testing.T, r resp, code int, msg string) {
	t.Helper()
	if r.ok || r.fault {
		t.Fatalf("want error %d %q, got %+v", code, msg, r)
	}
	if r.num != code || r.str != msg {
		t.Fatalf("want error %d %q, got %d %q", code, msg, r.num, r.str)
	}
	if r.n != 5 {
		t.Fatalf("failure array has %d elements, want 5", r.n)
	}
}

var stateRe = regexp.MustCompile(`<VM><ID>\d+</ID>.*?<STATE>(\d+)</STATE><LCM_STATE>(\d+)</LCM_STATE>`)

func vmState(t *testing.T, s *Server, id int) (int, int) {
	t.Helper()
	r := must(t, s, "one.vm.info", admin, id)
	m := stateRe.FindStringSubmatch(r.str)
	st, _ := strconv.Atoi(m[1])
	lcm, _ := strconv.Atoi(m[2])
	return st, lcm
}

// waitState moves the simulator's clock in small steps until the VM
// reaches state/lcm; it fails after 200 steps (about 60 transient states),
// counted in simulated time, not the machine's.
func waitState(t *testing.T, s *Server, id, state, lcm int) {
	t.Helper()
	for step := 0; ; step++ {
		st, l := vmState(t, s, id)
		if st == state && l == lcm {
			return
		}
		if step == 200 {
			t.Fatalf("VM %d stuck in %d/%d, want %d/%d", id, st, l, state, lcm)
		}
		advance(s, delay/3)
	}
}

func action(t *testing.T, s *Server, act string, id int) {
	t.Helper()
	must(t, s, "one.vm.action", admin, act, id)
}

func sprintf(f string, a ...any) string { return fmt.Sprintf(f, a...) }
