package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The demo seed's VMs: 0 web-1 (2G, runn), 1 web-2 (2G, runn), 2 db-1
// (4G, runn), 3 batch-1 (1024M, poff), 4 test-hold (64M, hold), 5 alice-vm
// (64M, runn).

func TestListFiltersStatesSort(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	ids := func(args ...string) string {
		t.Helper()
		return strings.Join(strings.Fields(c.ok(t, append([]string{"vm", "list"}, args...)...)), " ")
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--filter", "MEM>=2G", "-o", "name", "--sort", "ID"}, "0 1 2"},
		{[]string{"--filter", "MEM<1G", "-q", "--sort", "ID"}, "4 5"},
		{[]string{"--filter", "CPU>0.5", "-q", "--sort", "ID"}, "0 1 2"},
		{[]string{"--filter", "TIME<1d", "--filter", "STAT=poff", "-q"}, "3"},
		{[]string{"--state", "poff", "-q"}, "3"},
		{[]string{"--state", "poweroff", "-q"}, "3"},
		{[]string{"--state", "POWEROFF,hold", "-q", "--sort", "ID"}, "3 4"},
		{[]string{"--state", "runn", "-q", "--sort", "-MEM,ID"}, "2 0 1 5"},
		{[]string{"--state", "running", "-q", "--sort", "NAME"}, "5 2 0 1"},
		{[]string{"--state", "active", "-q", "--sort", "ID"}, "0 1 2 5"},
	} {
		if got := ids(tc.args...); got != tc.want {
			t.Errorf("vm list %s: IDs %q, want %q", strings.Join(tc.args, " "), got, tc.want)
		}
	}
	r := c.fails(t, 2, "vm", "list", "--state", "bogus")
	mustContain(t, "stderr", oneErrorLine(t, r), "poff", "runn")
	r = c.fails(t, 2, "vm", "list", "--sort", "NOPE")
	mustContain(t, "stderr", oneErrorLine(t, r), "NOPE", "MEM")
	r = c.fails(t, 2, "vm", "list", "--watch", "-o", "yaml")
	mustContain(t, "stderr", oneErrorLine(t, r), "--watch")
	// The table keeps the sort.
	out := c.ok(t, "vm", "list", "--sort", "-MEM", "--list", "ID,MEM", "--no-header")
	if f := strings.Fields(out); len(f) < 2 || f[0] != "2" || f[1] != "4G" {
		t.Errorf("vm list --sort -MEM starts with %q", out)
	}
}

// watchProc is `onectl vm list --watch` running, its stdout read line by
// line.
type watchProc struct {
	cmd   *exec.Cmd
	lines chan string
}

func (c *cli) startWatch(t *testing.T, args ...string) *watchProc {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, bin, append(append([]string(nil), c.prefix...), args...)...)
	cmd.Env = cleanEnv(c.home)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := &watchProc{cmd: cmd, lines: make(chan string, 100)}
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			w.lines <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, out)
		close(w.lines)
	}()
	return w
}

// next returns the next line that contains want.
func (w *watchProc) next(t *testing.T, want string) string {
	t.Helper()
	deadline := time.After(screenWait)
	for {
		select {
		case l, ok := <-w.lines:
			if !ok {
				t.Fatalf("--watch ended before a line with %q", want)
			}
			if strings.Contains(l, want) {
				return l
			}
		case <-deadline:
			t.Fatalf("--watch printed no line with %q", want)
		}
	}
}

// firstSnapshot runs a top off a terminal (a snapshot per --delay, a blank
// line between two), returns its first snapshot and stops it with Ctrl-C.
func firstSnapshot(t *testing.T, c *cli, args ...string) string {
	t.Helper()
	w := c.startWatch(t, append(args, "--delay", "100ms")...)
	var b strings.Builder
	deadline := time.After(screenWait)
	for done := false; !done; {
		select {
		case l, ok := <-w.lines:
			if !ok || l == "" {
				done = true
				break
			}
			b.WriteString(l + "\n")
		case <-deadline:
			t.Fatalf("%v printed no whole snapshot:\n%s", args, b.String())
		}
	}
	if code := w.interrupt(t); code != 130 {
		t.Fatalf("%v: exit %d after Ctrl-C, want 130", args, code)
	}
	return b.String()
}

// interrupt sends Ctrl-C's signal and returns the exit code.
func (w *watchProc) interrupt(t *testing.T) int {
	t.Helper()
	_ = w.cmd.Process.Signal(syscall.SIGINT)
	err := w.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

func TestListWatch(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)

	t.Run("table, then one line per change", func(t *testing.T) {
		w := c.startWatch(t, "vm", "list", "--watch", "--delay", "100ms")
		w.next(t, "batch-1")
		c.ok(t, "vm", "resume", "batch-1", "--wait")
		w.next(t, "changed 3 batch-1 poff -> ")
		id := c.createVM(t, "watched")
		w.next(t, "new     "+itoa(id)+" watched")
		c.ok(t, "vm", "terminate", itoa(id), "--yes", "--wait")
		w.next(t, "gone    "+itoa(id)+" watched")
		if code := w.interrupt(t); code != 130 {
			t.Fatalf("Ctrl-C ended --watch with %d, want 130", code)
		}
	})
	t.Run("JSON Lines with -o json", func(t *testing.T) {
		w := c.startWatch(t, "vm", "list", "--watch", "--delay", "100ms", "-o", "json", "--state", "runn,poff")
		line := w.next(t, `"ID":"2"`)
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("not one JSON object: %v\n%s", err, line)
		}
		if ev["EVENT"] != "PRESENT" || str(ev, "VM.NAME") != "db-1" {
			t.Fatalf("first event %v", ev)
		}
		c.ok(t, "vm", "poweroff", "db-1", "--wait")
		line = w.next(t, `"EVENT":"CHANGED","ID":"2"`)
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("not one JSON object: %v\n%s", err, line)
		}
		if str(ev, "VM.STATE") != "8" || ev["PREV_STAT"] == "" {
			t.Fatalf("change event %v", ev)
		}
		if code := w.interrupt(t); code != 130 {
			t.Fatalf("Ctrl-C ended --watch with %d, want 130", code)
		}
	})
}

// Any group's list gets --state once it declares its states: images.
func TestImageListState(t *testing.T) {
	t.Parallel()
	c := startSim(t).admin(t)
	ready := strings.Fields(c.ok(t, "image", "list", "--state", "ready", "-q"))
	rdy := strings.Fields(c.ok(t, "image", "list", "--state", "rdy", "-q"))
	if len(ready) == 0 || strings.Join(ready, ",") != strings.Join(rdy, ",") {
		t.Fatalf("--state ready %v, --state rdy %v", ready, rdy)
	}
	for _, id := range ready {
		if st := strings.TrimSpace(c.ok(t, "image", "list", "--filter", "ID="+id, "--list", "STAT", "--no-header")); st != "rdy" {
			t.Fatalf("image %s in --state ready is %q", id, st)
		}
	}
	c.fails(t, 2, "image", "list", "--state", "running")
}
