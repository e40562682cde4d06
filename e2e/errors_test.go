package e2e

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// closedEndpoint is an endpoint where nothing listens.
func closedEndpoint(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/RPC2"
}

// fakeServer answers every request with handler; it is closed when the test
// ends.
func fakeServer(t *testing.T, handler http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv.URL + "/RPC2"
}

// TestTransportErrors: whatever is (or is not) at the endpoint, onectl says
// so in one line and exits 9, promptly.
func TestTransportErrors(t *testing.T) {
	t.Parallel()
	hang := make(chan struct{})
	hanging := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	})
	// Registered after the server's Close, so it runs first and lets the
	// handler return: Close waits for it.
	t.Cleanup(func() { close(hang) })
	cases := []struct {
		name     string
		endpoint string
		extra    []string
		stderr   string
	}{
		{"server down", closedEndpoint(t), nil, "connection refused"},
		{"HTTP 500", fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}), nil, "500"},
		{"garbage 200", fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "this is not XML-RPC at all")
		}), nil, "not XML-RPC"},
		{"HTML 200", fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html><body>Welcome to nginx</body></html>")
		}), nil, ""},
		{"never answers", hanging, []string{"--timeout", "300ms"}, "timed out"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t).withArgs("--endpoint", tc.endpoint, "--user", "oneadmin", "--password", "opennebula")
			r := c.withArgs(tc.extra...).fails(t, 9, "vm", "list")
			line := oneErrorLine(t, r)
			mustContain(t, "stderr", line, strings.TrimSuffix(strings.TrimPrefix(tc.endpoint, "http://"), "/RPC2"), tc.stderr)
			mustNotContain(t, "stderr", line, "opennebula")
			if r.Took > 5*time.Second {
				t.Fatalf("took %s to give up", r.Took)
			}
		})
	}
}

// TestUsageErrors: a bad command line is exit 2 with one line on stderr and
// nothing on stdout, before any server is contacted (the endpoint is dead).
func TestUsageErrors(t *testing.T) {
	t.Parallel()
	bad := writeFile(t, "bad.tmpl", "CPU=\"1\"\nMEMORY=\"64\"\nDISK=[ IMAGE=\"x\"\nNAME=\"y\"\n")
	c := newCLI(t).withArgs("--endpoint", closedEndpoint(t), "--user", "oneadmin", "--password", "opennebula")
	cases := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"unknown command", []string{"vm", "frobnicate", "1"}, "frobnicate"},
		{"unknown top command", []string{"frobnicate"}, "frobnicate"},
		{"unknown flag", []string{"vm", "list", "--frobnicate"}, "--frobnicate"},
		{"unknown shorthand", []string{"vm", "list", "-Z"}, "-Z"},
		{"show without args", []string{"vm", "show"}, ""},
		{"show two args", []string{"vm", "show", "1", "2"}, ""},
		{"rename without name", []string{"vm", "rename", "1"}, "rename"},
		{"poweroff without VM", []string{"vm", "poweroff"}, "poweroff"},
		{"disk-resize non-numeric disk", []string{"vm", "disk-resize", "1", "x", "10G"}, "disk-id"},
		{"bad range reversed", []string{"vm", "poweroff", "5..1"}, "5..1"},
		{"bad range letters", []string{"vm", "poweroff", "1..x"}, "1..x"},
		{"empty list element", []string{"vm", "poweroff", "1,,2"}, ""},
		{"huge range", []string{"vm", "poweroff", "0..100000000"}, "0..100000000"},
		{"unreadable template", []string{"vm", "create", "/nonexistent/e2e.tmpl"}, "/nonexistent/e2e.tmpl"},
		{"malformed template", []string{"vm", "create", bad}, "line 4"},
		{"create without template", []string{"vm", "create"}, ""},
		{"create bad cpu", []string{"vm", "create", "--cpu", "-1", "--memory", "64"}, "--cpu"},
		{"create bad memory", []string{"vm", "create", "--cpu", "1", "--memory", "lots"}, "--memory"},
		{"bad timeout", []string{"vm", "list", "--timeout", "soon"}, "timeout"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := c.fails(t, 2, tc.args...)
			mustContain(t, "stderr", oneErrorLine(t, r), tc.stderr)
			if r.Stdout != "" {
				t.Fatalf("stdout not empty:\n%s", r)
			}
		})
	}
}

// TestServerErrors: what the server refuses maps to its exit code, with
// oned's own message.
func TestServerErrors(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"unknown ID", []string{"vm", "show", "9999"}, 5, "onectl: [one.vm.info] Error getting virtual machine [9999]."},
		{"unknown name", []string{"vm", "show", "no-such-vm"}, 5, "no-such-vm"},
		{"unknown ID action", []string{"vm", "poweroff", "9999"}, 5, "9999"},
		{"unknown image", []string{"vm", "create", "--cpu", "1", "--memory", "64", "--disk", "no-such-image"}, 5, "no-such-image"},
		{"unknown host", []string{"vm", "deploy", "web-1", "no-such-host"}, 5, "no-such-host"},
		{"allocate rejected", []string{"vm", "create", "-"}, 7, "MEMORY"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.withStdin("CPU=\"1\"\n").fails(t, tc.code, tc.args...)
			mustContain(t, "stderr", oneErrorLine(t, r), tc.stderr)
		})
	}
}

// TestWaitTimeout: a --wait that cannot finish in --timeout exits 10 and
// does not overstay.
func TestWaitTimeout(t *testing.T) {
	t.Parallel()
	s := startSim(t, "--delay", "5s")
	c := s.admin(t)
	r := c.fails(t, 10, "vm", "create", "--name", "slow", "--cpu", "0.1", "--memory", "64", "--wait", "--timeout", "200ms")
	createdID(t, r.Stdout)
	mustContain(t, "stderr", oneErrorLine(t, r), "200ms")
	if r.Took > 3*time.Second {
		t.Fatalf("--timeout 200ms took %s", r.Took)
	}
}
