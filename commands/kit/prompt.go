package kit

import (
	"errors"

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
	err := survey.AskOne(&survey.Confirm{Message: question}, &yes, survey.WithStdio(in, out, out))
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
