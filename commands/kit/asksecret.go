package kit

import (
	"context"
	"errors"
	"os"
	"strings"
	"time"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/terminal"
)

// AskSecret asks for a password on the terminal without showing it. It is
// an error to call it when nobody can answer (f.IO.CanPrompt is false):
// callers decide first what a script gets instead.
func AskSecret(f *Factory, prompt string) (string, error) {
	var s string
	err := ask(f, &survey.Password{Message: prompt + ":"}, &s)
	return s, err
}

// AskInput asks for a line of text, offering def when it is not empty.
func AskInput(f *Factory, prompt, def string) (string, error) {
	var s string
	err := ask(f, &survey.Input{Message: prompt + ":", Default: def}, &s)
	return strings.TrimSpace(s), err
}

func ask(f *Factory, p survey.Prompt, v any) error {
	in, out, ok := f.IO.PromptFiles()
	if !f.IO.CanPrompt() || !ok {
		return errors.New("no terminal to ask on")
	}
	defer f.pausedFor(time.Now())
	err := survey.AskOne(p, v, survey.WithStdio(byteReader{in}, out, out))
	if errors.Is(err, terminal.InterruptErr) {
		// Ctrl-C at a prompt is an interruption like anywhere else: 130.
		return context.Canceled
	}
	return err
}

// byteReader hands survey the terminal one byte per read. Survey asks the
// terminal where the cursor is before each answer and reads the reply
// through a fresh buffer, dropping whatever came in the same read after
// it: the first keys of a fast typist, or of a pasted password. One byte
// per read leaves nothing behind; a person's typing costs no more.
type byteReader struct{ f *os.File }

func (b byteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return b.f.Read(p)
}

func (b byteReader) Fd() uintptr { return b.f.Fd() }
