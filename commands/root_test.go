package commands

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/iostreams"
	"github.com/spf13/cobra"
)

func TestRunErrorsAreNotUsageErrors(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	f := &kit.Factory{IO: ios, Env: func(string) string { return "" }}
	root := NewRoot(f)
	// A run function failing with a message that reads like cobra's.
	root.AddCommand(&cobra.Command{Use: "boom", RunE: func(*cobra.Command, []string) error {
		return errors.New("invalid argument in editor")
	}})
	code := kit.Run(context.Background(), f, root, []string{"boom"})
	if code != kit.ExitError {
		t.Fatalf("exit %d, want 1", code)
	}
	if code := run(context.Background(), f, []string{"vm", "show"}); code != kit.ExitUsage || !strings.Contains(errOut.String(), "accepts 1 arg") {
		t.Errorf("cobra's arity error: exit %d, %q", code, errOut.String())
	}
}
