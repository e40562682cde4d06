package kit

import (
	"errors"
	"strings"
	"time"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/terminal"
)

// Confirm asks before a destructive action, but only a person at a terminal:
// with --yes, or without a terminal (scripts, cron), nothing is ever asked.
func Confirm(f *Factory, question string) error {
	if f.G.Yes || !f.IO.CanPrompt() {
		return nil
	}
	in, out, ok := f.IO.PromptFiles()
	if !ok {
		return nil
	}
	var yes bool
	defer f.pausedFor(time.Now())
	err := survey.AskOne(&survey.Confirm{Message: question}, &yes, survey.WithStdio(byteReader{in}, out, out))
	if errors.Is(err, terminal.InterruptErr) {
		return &CodedError{Code: ExitError, Err: errors.New("cancelled")}
	}
	if err != nil {
		return err
	}
	if !yes {
		return &CodedError{Code: ExitError, Err: errors.New("cancelled")}
	}
	return nil
}

// AskNewSecret asks a person at a terminal for a new secret (a password
// being set) twice with echo off; the two must match. Without a terminal
// it refuses with a usage error saying how else to give it (otherwise):
// a secret is never read from a pipe by surprise.
func AskNewSecret(f *Factory, message, otherwise string) (string, error) {
	if !f.IO.CanPrompt() {
		return "", Usagef("%s", otherwise)
	}
	first, err := AskSecret(f, message)
	if err != nil {
		return "", err
	}
	again, err := AskSecret(f, "Retype "+strings.ToLower(message[:1])+message[1:])
	if err != nil {
		return "", err
	}
	if first != again {
		return "", &CodedError{Code: ExitRejected, Err: errors.New("the two entries differ; nothing changed")}
	}
	return first, nil
}
