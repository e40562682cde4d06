package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestHostileServer: an answer of deeply nested arrays is one line and
// exit 9, not a Go trace.
func TestHostileServer(t *testing.T) {
	t.Parallel()
	depth := 100000
	body := "<?xml version=\"1.0\"?><methodResponse><params><param><value>" + strings.Repeat("<array><data><value>", depth) +
		"<i4>1</i4>" + strings.Repeat("</value></data></array>", depth) + "</value></param></params></methodResponse>"
	ep := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		io.WriteString(w, body)
	})
	r := newCLI(t).withArgs("--endpoint", ep, "--user", "oneadmin", "--password", "x").fails(t, 9, "vm", "show", "1")
	mustContain(t, "stderr", oneErrorLine(t, r), "nested deeper than 64")
}

// TestBadNumbers: numbers nobody could mean are usage errors before
// anything is sent (the endpoint is dead: reaching it would be exit 9).
func TestBadNumbers(t *testing.T) {
	t.Parallel()
	c := newCLI(t).withArgs("--endpoint", closedEndpoint(t), "--user", "oneadmin", "--password", "opennebula")
	manyRanges := make([]string, 0, 3000)
	for i := 0; i < 3000; i++ {
		manyRanges = append(manyRanges, "0..99998")
	}
	cases := [][]string{
		{"vm", "create", "--name", "x", "--cpu", "NaN", "--memory", "64"},
		{"vm", "create", "--name", "x", "--cpu", "Inf", "--memory", "64"},
		{"vm", "create", "--name", "x", "--cpu", "-1", "--memory", "64"},
		{"vm", "create", "--name", "x", "--cpu", "1", "--memory", "NaN"},
		{"vm", "create", "--name", "x", "--cpu", "1", "--memory", "-Inf"},
		{"vm", "create", "--name", "x", "--cpu", "1", "--memory", "99999999999999G"},
		{"vm", "create", "--name", "x", "--cpu", "1", "--memory", "64", "--vcpu", "-2"},
		{"vm", "create", "--name", "x", "--cpu", "1", "--memory", "64", "--vcpu", "99999999999"},
		{"vm", "show", "2147483648"},
		{"vm", "show", "99999999999999999999"},
		{"vm", "poweroff", "0..2147483648"},
		{"vm", "disk-resize", "0", "0", "NaN"},
		{"vm", "disk-detach", "0", "4294967296"},
		{"vm", "disk-saveas", "0", "0", "img", "--snapshot", "99999999999"},
		{"vm", "resize", "0", "--cpu", "NaN"},
		{"vm", "resize", "0", "--memory", "Inf"},
		append([]string{"vm", "poweroff"}, manyRanges...),
	}
	for _, args := range cases {
		r := c.fails(t, 2, args...)
		oneErrorLine(t, r)
		if r.Took > 10*time.Second {
			t.Errorf("%s: took %s to refuse", strings.Join(args[:min(len(args), 5)], " "), r.Took)
		}
	}
}

// TestBadFaultSpec: a --fault the simulator cannot read is a usage error
// before it listens.
func TestBadFaultSpec(t *testing.T) {
	t.Parallel()
	for _, spec := range []string{"reset=2", "boom=1", "latency=soon", "[:reset=1", "hang"} {
		r := newCLI(t).fails(t, 2, "sim", "serve", "--listen", "127.0.0.1:0", "--fault", spec)
		mustContain(t, "sim serve --fault "+spec, oneErrorLine(t, r), "invalid --fault")
	}
}
