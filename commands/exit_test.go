package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/iostreams"

	"github.com/onectl/onectl/client"
)

func TestExitCode(t *testing.T) {
	api := func(c client.ErrorCode) error { return &client.APIError{Method: "one.vm.info", Code: c, Message: "x"} }
	cases := []struct {
		err  error
		want int
	}{
		{nil, 0},
		{errors.New("boom"), 1},
		{usageErrorf("bad"), 2},
		{api(client.CodeAuthentication), 3},
		{api(client.CodeAuthorization), 4},
		{api(client.CodeNoExists), 5},
		{api(client.CodeAction), 6},
		{api(client.CodeLocked), 6},
		{&client.APIError{Code: client.CodeAuthorization, Message: "[one.vm.rename] User [0] : VM is locked. [6]."}, 6},
		{&client.CredentialsError{Err: errors.New("auth file x is empty")}, 3},
		{api(client.CodeXMLRPCAPI), 7},
		{api(client.CodeAllocate), 7},
		{api(client.CodeInternal), 8},
		{&client.FaultError{Code: -501}, 7},
		{&client.FaultError{Code: -506}, 8},
		{&client.TransportError{Err: errors.New("refused")}, 9},
		{&CodedError{Code: ExitTimeout, Err: errors.New("slow")}, 10},
		{fmt.Errorf("vm 5: %w", api(client.CodeNoExists)), 5},
		{context.DeadlineExceeded, 9},
		{fmt.Errorf("vm 3: %w", context.Canceled), 130},
		{&reportedError{code: 6}, 6},
	}
	for _, c := range cases {
		if got := ExitCode(c.err); got != c.want {
			t.Errorf("ExitCode(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

func TestCombineCodes(t *testing.T) {
	if got := combineCodes([]int{5, 5}); got != 5 {
		t.Errorf("same codes: %d", got)
	}
	if got := combineCodes([]int{5, 6}); got != 1 {
		t.Errorf("mixed codes: %d", got)
	}
}

func TestErrorLineIsOneLine(t *testing.T) {
	got := errorLine(errors.New("[one.vm.allocate] Parse error:\nline 2\n"))
	if got != "onectl: [one.vm.allocate] Parse error: line 2" {
		t.Fatalf("got %q", got)
	}
}

func TestRunErrorsAreNotUsageErrors(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	f := &Factory{IO: ios, Env: func(string) string { return "" }}
	root := NewRoot(f)
	// A run function failing with a message that reads like cobra's.
	root.AddCommand(&cobra.Command{Use: "boom", RunE: func(*cobra.Command, []string) error {
		return errors.New("invalid argument in editor")
	}})
	markRunErrors(root)
	root.SetArgs([]string{"boom"})
	err := root.Execute()
	if ExitCode(err) != ExitError {
		t.Fatalf("exit %d, want 1", ExitCode(err))
	}
	if code := run(context.Background(), f, []string{"vm", "show"}); code != ExitUsage || !strings.Contains(errOut.String(), "accepts 1 arg") {
		t.Errorf("cobra's arity error: exit %d, %q", code, errOut.String())
	}
}
