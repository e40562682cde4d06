package kit

import (
	"context"
	"errors"
	"fmt"
	"testing"

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
		{Usagef("bad"), 2},
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
		{&client.ArgumentError{Method: "one.vm.disksaveas", Index: 5, Err: errors.New("integer 99999999999 is out of range")}, 2},
		{&CodedError{Code: ExitTimeout, Err: errors.New("slow")}, 10},
		{fmt.Errorf("vm 5: %w", api(client.CodeNoExists)), 5},
		{context.DeadlineExceeded, 9},
		{fmt.Errorf("vm 3: %w", context.Canceled), 130},
		{&ReportedError{Code: 6}, 6},
	}
	for _, c := range cases {
		if got := ExitCode(c.err); got != c.want {
			t.Errorf("ExitCode(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

func TestCombineCodes(t *testing.T) {
	if got := CombineCodes([]int{5, 5}); got != 5 {
		t.Errorf("same codes: %d", got)
	}
	if got := CombineCodes([]int{5, 6}); got != 1 {
		t.Errorf("mixed codes: %d", got)
	}
}

func TestErrorLineIsOneLine(t *testing.T) {
	got := ErrorLine(errors.New("[one.vm.allocate] Parse error:\nline 2\n"))
	if got != "onectl: [one.vm.allocate] Parse error: line 2" {
		t.Fatalf("got %q", got)
	}
}
