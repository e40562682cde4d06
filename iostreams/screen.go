package iostreams

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"sync"

	"golang.org/x/term"
)

// Keys a full-screen view reacts to.
const (
	KeyInterrupt byte = 3 // Ctrl-C arrives as a byte: raw mode turns off the signal
	KeyEOF       byte = 4 // Ctrl-D, and what Keys sends when the input ends
)

// Screen is a full-screen view (top): the terminal in raw mode on the
// alternate screen, so the operator's scrollback is left as it was, and
// single keys arrive without Enter.
type Screen struct {
	in      *os.File
	out     io.Writer
	outFile *os.File
	restore func()
	keys    chan byte
	once    sync.Once
}

// ErrNoScreen: a full-screen view needs standard input and output to be
// the terminal.
var ErrNoScreen = errors.New("not a terminal")

// StartScreen takes over the terminal. Close gives it back and must be
// called on every path out, Ctrl-C included (which is a key here, not a
// signal).
func (s *IOStreams) StartScreen() (*Screen, error) {
	if s.inFile == nil || s.outFile == nil || !s.stdinTTY || !s.stdoutTTY {
		return nil, ErrNoScreen
	}
	state, err := term.MakeRaw(int(s.inFile.Fd()))
	if err != nil {
		return nil, err
	}
	sc := &Screen{in: s.inFile, out: s.Out, outFile: s.outFile, keys: make(chan byte, 16)}
	sc.restore = func() {
		_, _ = io.WriteString(sc.out, "\x1b[?25h\x1b[?1049l")
		_ = term.Restore(int(s.inFile.Fd()), state)
	}
	_, _ = io.WriteString(sc.out, "\x1b[?1049h\x1b[?25l")
	go sc.read()
	return sc, nil
}

// read forwards single key presses. It ends with the input; the goroutine
// may outlive the screen by one blocked read, which the process's exit
// ends.
func (sc *Screen) read() {
	buf := make([]byte, 64)
	for {
		n, err := sc.in.Read(buf)
		for _, b := range buf[:n] {
			sc.keys <- b
		}
		if err != nil {
			sc.keys <- KeyEOF
			return
		}
	}
}

// Keys delivers the keys pressed.
func (sc *Screen) Keys() <-chan byte { return sc.keys }

// Size is the terminal's width and height, with a usable guess when the
// terminal does not say.
func (sc *Screen) Size() (width, height int) {
	w, h, err := term.GetSize(int(sc.outFile.Fd()))
	if err != nil || w <= 0 || h <= 0 {
		return 80, 24
	}
	return w, h
}

// Draw replaces the screen's contents with text, each line cut to the
// terminal's width and the whole to its height, so nothing wraps or
// scrolls between refreshes.
func (sc *Screen) Draw(text string) {
	w, h := sc.Size()
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	var b bytes.Buffer
	b.WriteString("\x1b[H")
	for i, l := range lines {
		if i > 0 {
			// Raw mode turns off the terminal's own newline translation.
			b.WriteString("\r\n")
		}
		b.WriteString(CutToWidth(l, w))
		b.WriteString("\x1b[K")
	}
	b.WriteString("\x1b[J")
	_, _ = sc.out.Write(b.Bytes())
}

// Close restores the terminal; calling it again does nothing.
func (sc *Screen) Close() { sc.once.Do(sc.restore) }

// TerminalWidth is the width of the terminal stderr is on (where progress
// lines go), 0 when it is not one.
func (s *IOStreams) TerminalWidth() int {
	if s.errFile == nil || !s.stderrTTY {
		return 0
	}
	w, _, err := term.GetSize(int(s.errFile.Fd()))
	if err != nil {
		return 0
	}
	return w
}

// CutToWidth shortens a line to at most width visible columns, counting
// runes and skipping ANSI colour sequences (which take no room), and keeps
// the line's colour reset if it cut one off.
func CutToWidth(line string, width int) string {
	if width <= 0 {
		return line
	}
	cols, inEsc, colored := 0, false, false
	for i, r := range line {
		switch {
		case inEsc:
			if r >= '@' && r <= '~' && r != '[' {
				inEsc = false
			}
			continue
		case r == '\x1b':
			inEsc, colored = true, true
			continue
		}
		if cols == width {
			if colored {
				return line[:i] + "\x1b[0m"
			}
			return line[:i]
		}
		cols++
	}
	return line
}

// WithOut is a copy of the streams whose standard output goes to w, with
// everything else (terminal bits, colour) unchanged: top renders a frame
// into a buffer exactly as the command would print it.
func (s *IOStreams) WithOut(w io.Writer) *IOStreams {
	c := *s
	c.Out = serialized(w)
	return &c
}
