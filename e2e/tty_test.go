package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tty runs onectl in a real terminal: a private tmux server, keys typed
// with send-keys, the screen read with capture-pane. Prompts (survey) need
// a terminal on both ends, which a pipe cannot fake.
type tty struct {
	t    *testing.T
	sock string
	done string // file the wrapper writes the exit code to
}

// newTTY starts onectl with args in a fresh tmux session, in c's clean
// environment. It skips the test when tmux is not installed.
func newTTY(t *testing.T, c *cli, args ...string) *tty {
	t.Helper()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux not installed: terminal prompts are not tested")
	}
	if _, err := exec.LookPath("stty"); err != nil {
		t.Skip("stty not installed: cannot tell when a prompt reads the terminal")
	}
	// Short path: a unix socket's name is limited to ~100 bytes.
	dir, err := os.MkdirTemp("", "tty")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	tt := &tty{t: t, sock: filepath.Join(dir, "s"), done: filepath.Join(dir, "exit")}
	script := filepath.Join(dir, "run.sh")
	var b strings.Builder
	b.WriteString("#!/bin/sh\nexec 2>&1\n")
	// tmux gives the pane its own TERM; the rest is the test's environment.
	b.WriteString("env -i TERM=\"$TERM\"")
	for _, kv := range append(cleanEnv(c.home), c.env...) {
		if strings.HasPrefix(kv, "TERM=") {
			continue
		}
		b.WriteString(" " + shellQuote(kv))
	}
	b.WriteString(" " + shellQuote(bin))
	for _, a := range append(append([]string(nil), c.prefix...), args...) {
		b.WriteString(" " + shellQuote(a))
	}
	fmt.Fprintf(&b, "\necho \"EXIT:$?\"\necho done > %s\nsleep 300\n", shellQuote(tt.done))
	if err := os.WriteFile(script, []byte(b.String()), 0o700); err != nil {
		t.Fatal(err)
	}
	tt.tmux(tmux, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "160", "-y", "40", script)
	t.Cleanup(func() { _ = exec.Command(tmux, "-S", tt.sock, "kill-server").Run() })
	return tt
}

func (tt *tty) tmux(tmux string, args ...string) string {
	tt.t.Helper()
	out, err := exec.Command(tmux, append([]string{"-S", tt.sock}, args...)...).CombinedOutput()
	if err != nil {
		tt.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (tt *tty) screen() string {
	tt.t.Helper()
	return tt.tmux("tmux", "capture-pane", "-p", "-t", "t")
}

// waitFor polls the screen until it shows want. The bound only turns a
// hang into a failure; a passing run never waits for it.
func (tt *tty) waitFor(want string) string {
	tt.t.Helper()
	deadline := time.Now().Add(cmdTimeout)
	for {
		s := tt.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("the terminal never showed %q:\n%s", want, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitPrompt waits for a prompt and for the terminal to be in raw mode:
// survey draws the question a moment before it switches the terminal, and
// keys typed in between would be echoed by the terminal and then dropped.
func (tt *tty) waitPrompt(want string) {
	tt.t.Helper()
	tt.waitFor(want)
	dev := strings.TrimSpace(tt.tmux("tmux", "display-message", "-p", "-t", "t", "#{pane_tty}"))
	deadline := time.Now().Add(cmdTimeout)
	for {
		out, err := exec.Command("stty", "-F", dev, "-a").CombinedOutput()
		if err != nil {
			tt.t.Fatalf("stty -F %s: %v\n%s", dev, err, out)
		}
		if strings.Contains(string(out), "-icanon") {
			return
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("the terminal never went to raw mode for %q:\n%s", want, tt.screen())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// typeLine types text and Enter; -l sends it literally.
func (tt *tty) typeLine(text string) {
	tt.t.Helper()
	if text != "" {
		tt.tmux("tmux", "send-keys", "-t", "t", "-l", text)
	}
	tt.tmux("tmux", "send-keys", "-t", "t", "Enter")
}

// exit waits for onectl to end and returns the final screen.
func (tt *tty) exit(code int) string {
	tt.t.Helper()
	s := tt.waitFor("EXIT:")
	if !strings.Contains(s, fmt.Sprintf("EXIT:%d\n", code)) {
		tt.t.Fatalf("want exit %d:\n%s", code, s)
	}
	return s
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func TestPromptsOnATerminal(t *testing.T) {
	t.Parallel()
	s := startSim(t)

	t.Run("--user asks for the password", func(t *testing.T) {
		t.Parallel()
		tt := newTTY(t, newCLI(t), "--endpoint", s.Endpoint, "--user", "oneadmin", "vm", "list", "--list", "NAME")
		tt.waitPrompt("Password for oneadmin")
		tt.typeLine("opennebula")
		screen := tt.exit(0)
		mustContain(t, "screen", screen, "web-1")
		mustNotContain(t, "screen", screen, "opennebula")
	})

	t.Run("context create asks for what is missing", func(t *testing.T) {
		t.Parallel()
		c := newCLI(t)
		tt := newTTY(t, c, "context", "create", "lab", "--use")
		tt.waitPrompt("Endpoint")
		tt.typeLine(s.Endpoint)
		tt.waitPrompt("User")
		tt.typeLine("oneadmin")
		tt.waitPrompt("Password for oneadmin")
		tt.typeLine("opennebula")
		screen := tt.exit(0)
		mustNotContain(t, "screen", screen, "opennebula")
		mustContain(t, "config", readConfig(t, c), "password: opennebula", "endpoint: "+s.Endpoint)
		mustContain(t, "vm list", vmNames(t, c), "web-1")
	})

	t.Run("login with an expired token asks for the password", func(t *testing.T) {
		t.Parallel()
		c := newCLI(t)
		c.withStdin("alice").ok(t, "context", "create", "a", "--endpoint", s.Endpoint, "--user", "alice", "--password-stdin", "--use")
		c.ok(t, "user", "login")
		revokeToken(t, s.Endpoint, "alice:alice", "alice", contextToken(t, c))
		tt := newTTY(t, c, "user", "login")
		tt.waitPrompt("Password for alice")
		tt.typeLine("alice")
		mustContain(t, "screen", tt.exit(0), "token stored in context a")
		mustContain(t, "vm list", vmNames(t, c), "alice-vm")
	})

	t.Run("context delete asks first", func(t *testing.T) {
		t.Parallel()
		c := newCLI(t)
		c.withStdin("alice").ok(t, "context", "create", "a", "--endpoint", s.Endpoint, "--user", "alice", "--password-stdin")
		tt := newTTY(t, c, "context", "delete", "a")
		tt.waitPrompt("Delete context a and its credentials?")
		tt.typeLine("n")
		tt.exit(1)
		mustContain(t, "context list", c.ok(t, "context", "list"), " a ")
		tt = newTTY(t, c, "context", "delete", "a")
		tt.waitPrompt("Delete context a and its credentials?")
		tt.typeLine("y")
		tt.exit(0)
		mustNotContain(t, "context list", c.ok(t, "context", "list"), " a ")
	})

	t.Run("Ctrl-C at a prompt", func(t *testing.T) {
		t.Parallel()
		tt := newTTY(t, newCLI(t), "--endpoint", s.Endpoint, "--user", "oneadmin", "vm", "list")
		tt.waitPrompt("Password for oneadmin")
		tt.tmux("tmux", "send-keys", "-t", "t", "C-c")
		mustContain(t, "screen", tt.exit(130), "interrupted")
	})
}
