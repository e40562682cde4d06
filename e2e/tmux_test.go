package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// term is onectl running in a real terminal: a tmux pane of a private tmux
// server, typed into with send-keys and read with capture-pane.
type term struct {
	t    testing.TB
	sock string
}

// screenWait bounds how long a test waits for the screen to show something;
// it is a limit for a hang, not a guess at how fast onectl is.
const screenWait = 20 * time.Second

// inTerminal starts `onectl args...` (with c's environment and global
// flags) in a 100x30 terminal. The test skips when tmux is not installed.
func (c *cli) inTerminal(t *testing.T, args ...string) *term {
	t.Helper()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux not installed (apt-get install tmux)")
	}
	tm := &term{t: t, sock: filepath.Join(t.TempDir(), "tmux.sock")}
	all := append(append([]string(nil), c.prefix...), args...)
	// After onectl ends, the same terminal reports its line discipline, so
	// a test can check that onectl gave the terminal back.
	// It starts once the test presses Enter: output written while tmux
	// sets the new pane up can be lost.
	cmdline := []string{"sh", "-c", `read _; "$@"; s=$?; printf '\nTTY: %s\nEXIT: %d\n' "$(stty -a | tr -s ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' ')" $s; exit $s`, "sh", "env", "-i"}
	cmdline = append(cmdline, cleanEnv(c.home)...)
	cmdline = append(cmdline, c.env...)
	cmdline = append(cmdline, "TERM=xterm-256color", bin)
	cmdline = append(cmdline, all...)
	// Keep the pane after onectl exits, to read its last screen. Set in the
	// config, before the pane exists, so a quick exit cannot beat it.
	conf := filepath.Join(t.TempDir(), "tmux.conf")
	if err := os.WriteFile(conf, []byte("set -g remain-on-exit on\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	newSession := append([]string{"-S", tm.sock, "-f", conf, "new-session", "-d", "-x", "100", "-y", "30", "--"}, cmdline...)
	if out, err := exec.Command(tmux, newSession...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command(tmux, "-S", tm.sock, "kill-server").Run() })
	tm.send("Enter")
	return tm
}

func (tm *term) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", tm.sock}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// send types keys as tmux names them: "q", "C-c", "Enter", "Down", or text.
func (tm *term) send(keys ...string) {
	tm.t.Helper()
	tm.tmux(append([]string{"send-keys", "-t", "0"}, keys...)...)
}

// typeText types literal text (no key names).
func (tm *term) typeText(s string) {
	tm.t.Helper()
	tm.tmux("send-keys", "-t", "0", "-l", s)
}

// screen is what the terminal shows now.
func (tm *term) screen() string {
	tm.t.Helper()
	return tm.tmux("capture-pane", "-p", "-J", "-t", "0")
}

// waitFor polls the screen until it contains all of wants.
func (tm *term) waitFor(wants ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(screenWait)
	for {
		s := tm.screen()
		missing := ""
		for _, w := range wants {
			if !strings.Contains(s, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(deadline) || exitLineRE.MatchString(s) {
			tm.t.Fatalf("the terminal never showed %q; it shows:\n%s", missing, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// exitCode waits for onectl to end and returns its exit status, which the
// shell around it prints (tmux 3.3 has no format for a dead pane's status).
func (tm *term) exitCode() int {
	tm.t.Helper()
	s := tm.waitFor("EXIT: ")
	m := exitLineRE.FindStringSubmatch(s)
	if m == nil {
		tm.t.Fatalf("no exit status on the screen:\n%s", s)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

var exitLineRE = regexp.MustCompile(`(?m)^EXIT: (\d+)$`)

// restored asserts that onectl left the alternate screen and gave back a
// terminal that echoes and reads lines, as the shell expects.
func (tm *term) restored() {
	tm.t.Helper()
	s := tm.waitFor("TTY: ")
	if !strings.Contains(s, "TTY: icanon echo") {
		tm.t.Fatalf("the terminal was not restored (want icanon and echo):\n%s", s)
	}
	if strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "0", "#{alternate_on}")) == "1" {
		tm.t.Fatalf("still on the alternate screen:\n%s", s)
	}
}
