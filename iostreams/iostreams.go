// Package iostreams holds the one value through which every command talks to
// the terminal, so that "is this a terminal?", colour and "may we prompt?" are
// decided in one place and can be faked in tests.
package iostreams

import (
	"bytes"
	"io"
	"os"
	"sync"

	"github.com/mattn/go-isatty"
)

// IOStreams bundles the standard streams with what is known about them.
// Out and ErrOut are safe for concurrent use (bulk actions print from many
// goroutines); each Write reaches the stream whole.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// The process's own files, for child programs (editor, ssh) and
	// prompts, which need the terminal itself; nil in tests.
	inFile, outFile, errFile *os.File

	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool
	noColor   bool
	neverAsk  bool
}

// System returns the process's real streams.
func System() *IOStreams {
	_, noColor := os.LookupEnv("NO_COLOR")
	return &IOStreams{
		In:        os.Stdin,
		Out:       serialized(os.Stdout),
		ErrOut:    serialized(os.Stderr),
		inFile:    os.Stdin,
		outFile:   os.Stdout,
		errFile:   os.Stderr,
		stdinTTY:  isTerminal(os.Stdin),
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
		noColor:   noColor,
	}
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// Test returns streams backed by buffers: nothing is a terminal until the
// test says so with SetTTY.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: serialized(out), ErrOut: serialized(errOut)}, in, out, errOut
}

// SetTTY marks stdin, stdout and stderr as terminals (or not).
func (s *IOStreams) SetTTY(stdin, stdout, stderr bool) {
	s.stdinTTY, s.stdoutTTY, s.stderrTTY = stdin, stdout, stderr
}

// SetNeverPrompt forbids prompts even on a terminal (--yes, CI).
func (s *IOStreams) SetNeverPrompt(v bool) { s.neverAsk = v }

// IsStdinTTY reports whether standard input is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.stdinTTY }

// IsStdoutTTY reports whether standard output is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether standard error is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// ColorEnabled: colour only for a person looking at a terminal who has not
// asked for none (https://no-color.org).
func (s *IOStreams) ColorEnabled() bool { return s.stdoutTTY && !s.noColor }

// CanPrompt: a question needs someone to answer it, so both ends must be a
// terminal; scripts and cron jobs are never asked anything.
func (s *IOStreams) CanPrompt() bool {
	return s.stdinTTY && s.stderrTTY && !s.neverAsk
}

// ShowProgress: progress lines go to stderr, and only when a person watches.
func (s *IOStreams) ShowProgress() bool { return s.stderrTTY }

// lockedWriter serializes writes to one stream.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func serialized(w io.Writer) io.Writer { return &lockedWriter{w: w} }

// ChildStreams are what a child program (an editor, ssh) gets: the terminal
// itself when there is one, so it can draw on it, else the streams.
func (s *IOStreams) ChildStreams() (io.Reader, io.Writer, io.Writer) {
	if s.inFile != nil {
		return s.inFile, s.outFile, s.errFile
	}
	return s.In, s.Out, s.ErrOut
}

// PromptFiles are the terminal's input and the stream prompts are drawn on
// (stderr, so stdout stays data); ok is false when there are none.
func (s *IOStreams) PromptFiles() (in, out *os.File, ok bool) {
	return s.inFile, s.errFile, s.inFile != nil && s.errFile != nil
}
