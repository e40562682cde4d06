package e2e

import (
	"bufio"
	"bytes"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// simProc is `onectl sim serve` running as a child process.
type simProc struct {
	t        testing.TB
	Endpoint string
	cmd      *exec.Cmd
	exited   chan struct{} // closed once the process is reaped
	waitErr  error         // valid after exited is closed
	stderr   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// simDelay keeps transient states short: a --wait then takes a few polls.
const simDelay = "20ms"

var endpointRE = regexp.MustCompile(`^http://127\.0\.0\.1:\d+/RPC2$`)

// startSim starts a demo simulator on a free port; it is killed when the
// test ends. extra flags (--state, --delay) are appended.
func startSim(t testing.TB, extra ...string) *simProc {
	t.Helper()
	args := append([]string{"sim", "serve", "--listen", "127.0.0.1:0", "--seed", "demo", "--delay", simDelay}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Env = cleanEnv(t.TempDir())
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &simProc{t: t, cmd: cmd, exited: make(chan struct{}), stderr: &syncBuffer{}}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting simulator: %v", err)
	}
	first := make(chan string, 1)
	go func() {
		br := bufio.NewReader(stdout)
		line, _ := br.ReadString('\n')
		first <- strings.TrimSpace(line)
		_, _ = io.Copy(io.Discard, br)
	}()
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() { s.kill() })
	select {
	case line := <-first:
		if !endpointRE.MatchString(line) {
			t.Fatalf("simulator's first stdout line is %q, want http://127.0.0.1:PORT/RPC2; stderr:\n%s", line, s.stderr)
		}
		s.Endpoint = line
	case <-time.After(15 * time.Second):
		t.Fatalf("simulator printed no endpoint within 15s; stderr:\n%s", s.stderr)
	}
	return s
}

func (s *simProc) kill() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Kill()
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
	}
}

// stop ends the simulator the polite way (SIGTERM) and requires a clean exit,
// as a user stopping it with Ctrl-C expects its state to be saved.
func (s *simProc) stop() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		s.t.Fatalf("signalling simulator: %v", err)
	}
	select {
	case <-s.exited:
		if s.waitErr != nil {
			s.t.Fatalf("simulator exited with %v after SIGTERM; stderr:\n%s", s.waitErr, s.stderr)
		}
	case <-time.After(10 * time.Second):
		s.t.Fatalf("simulator still running 10s after SIGTERM")
	}
}

// as returns a cli logged into this simulator as user.
func (s *simProc) as(t testing.TB, user, password string) *cli {
	return newCLI(t).withArgs("--endpoint", s.Endpoint, "--user", user, "--password", password)
}

func (s *simProc) admin(t testing.TB) *cli { return s.as(t, "oneadmin", "opennebula") }
func (s *simProc) alice(t testing.TB) *cli { return s.as(t, "alice", "alice") }
