package sim

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestParseFaults(t *testing.T) {
	f, err := ParseFaults([]string{"latency=200ms,reset=0.1,http500=0.05,garbage=0.02,truncate=0.02,slow-body=1s,hang=0.01", "one.vm.*:reset-after=1,seed=9"})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.rules) != 2 || f.rules[1].pattern != "one.vm.*" || f.rules[0].prob["reset"] != 0.1 || f.rules[0].slowBody.String() != "1s" {
		t.Errorf("rules = %+v", f.rules)
	}
	if p := f.decide("one.vm.info"); p.fault != "reset-after" && p.fault == "" {
		t.Errorf("one.vm.info: fault %q, want one drawn", p.fault)
	}
	if p := f.decide("one.hostpool.info"); p.fault == "reset-after" {
		t.Error("a one.vm.* rule fired on one.hostpool.info")
	}
	if f, err := ParseFaults(nil); f != nil || err != nil {
		t.Errorf("no rules: %v %v", f, err)
	}
	for _, bad := range []string{"", "reset", "reset=2", "reset=NaN", "reset=-0.1", "latency=x", "latency=-1s", "latency=2h", "boom=1", "[:reset=1", ":reset=1", "one.vm.info:", "seed=-1"} {
		if _, err := ParseFaults([]string{bad}); err == nil || !strings.HasPrefix(err.Error(), "invalid --fault") {
			t.Errorf("ParseFaults(%q) = %v, want an invalid --fault error", bad, err)
		}
	}
}

// TestFaultSeedRepeats: the same seed gives the same faults in the same order.
func TestFaultSeedRepeats(t *testing.T) {
	draw := func() string {
		f, err := ParseFaults([]string{"reset=0.3,http500=0.3,seed=42"})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i := 0; i < 50; i++ {
			b.WriteString(f.decide("one.vm.info").fault + ",")
		}
		return b.String()
	}
	a, b := draw(), draw()
	if a != b || !strings.Contains(a, "reset") || !strings.Contains(a, "http500") {
		t.Errorf("draws differ or miss a kind:\n%s\n%s", a, b)
	}
}

// TestHostileCalls: a call nested too deep or too large is refused with a
// fault, before authentication, without exhausting the stack or memory.
func TestHostileCalls(t *testing.T) {
	s := newSim(t, Options{})
	deep := `<?xml version="1.0"?><methodCall><methodName>one.vm.info</methodName><params><param><value>` +
		strings.Repeat("<array><data><value>", 500000) + "<i4>1</i4>" + strings.Repeat("</value></data></array>", 500000) +
		"</value></param></params></methodCall>"
	r := parseResp(t, string(s.Handle([]byte(deep))))
	if !r.fault || r.num != -503 || !strings.Contains(r.str, "Nested data structure too deep") {
		t.Errorf("deep call: %+v", r)
	}
	// 64 levels are fine (xmlrpc-c's own limit), so the check is not too eager.
	ok := `<methodCall><methodName>one.vm.info</methodName><params><param><value><string>` + admin + `</string></value></param><param><value>` +
		strings.Repeat("<array><data><value>", 63) + "<i4>1</i4>" + strings.Repeat("</value></data></array>", 63) +
		"</value></param></params></methodCall>"
	if r := parseResp(t, string(s.Handle([]byte(ok)))); r.fault && r.num == -503 {
		t.Errorf("63 nested arrays refused as too deep: %+v", r)
	}

	ts := httptest.NewServer(s)
	defer ts.Close()
	big := strings.NewReader("<methodCall>" + strings.Repeat("x", maxRequestBody) + "</methodCall>")
	resp, err := http.Post(ts.URL, "text/xml", big)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = io.Copy(&b, resp.Body)
	if rr := parseResp(t, b.String()); !rr.fault || rr.num != -509 || !strings.Contains(rr.str, "too large") {
		t.Errorf("oversized call: %+v", rr)
	}
}
