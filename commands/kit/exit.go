package kit

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/onectl/onectl/client"
)

// Exit codes are part of onectl's interface: scripts branch on them, so they
// never change meaning. Listed in the README and in `onectl help exit-codes`.
const (
	ExitOK        = 0
	ExitError     = 1
	ExitUsage     = 2
	ExitAuth      = 3
	ExitForbidden = 4
	ExitNotFound  = 5
	ExitState     = 6
	ExitRejected  = 7
	ExitServer    = 8
	ExitTransport = 9
	ExitTimeout   = 10
	// ExitInterrupted follows the shell's convention for SIGINT (128+2).
	ExitInterrupted = 130
)

var exitCodeDocs = []struct {
	code int
	text string
}{
	{ExitOK, "success"},
	{ExitError, "any other error (local file, editor, several different failures)"},
	{ExitUsage, "usage: unknown command or flag, wrong arguments, bad ID range, malformed template"},
	{ExitAuth, "authentication: wrong, missing or unreadable credentials (AUTHENTICATION)"},
	{ExitForbidden, "authorization: the user may not do this (AUTHORIZATION)"},
	{ExitNotFound, "not found: the object or name does not exist (NO_EXISTS)"},
	{ExitState, "wrong state for the action, or the object is locked (ACTION, LOCKED, \"is locked\")"},
	{ExitRejected, "argument rejected by the server (XML_RPC_API, ALLOCATE, XML-RPC fault -501/-503)"},
	{ExitServer, "server internal error (INTERNAL, REPLICATION, other XML-RPC faults)"},
	{ExitTransport, "server unreachable or transport failure (connection, TLS, HTTP status, not XML-RPC, call timeout)"},
	{ExitTimeout, "--wait timed out before the object reached the expected state"},
	{ExitInterrupted, "interrupted (Ctrl-C or SIGTERM)"},
}

// UsageError is a mistake in how onectl was called: exit 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func Usagef(format string, a ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, a...)}
}

// CodedError carries an exit code decided locally (a name that resolves to
// nothing, a --wait that ran out of time, a VM that entered a failure state).
type CodedError struct {
	Code int
	Err  error
}

func (e *CodedError) Error() string { return e.Err.Error() }
func (e *CodedError) Unwrap() error { return e.Err }

// ReportedError means every failure was already printed on its own line
// (bulk actions); only the exit code is left to give.
type ReportedError struct{ Code int }

func (e *ReportedError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// ExitCode maps an error to the process exit code. This is the only place
// that knows the mapping.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var rep *ReportedError
	if errors.As(err, &rep) {
		return rep.Code
	}
	if errors.Is(err, context.Canceled) {
		return ExitInterrupted
	}
	var coded *CodedError
	if errors.As(err, &coded) {
		return coded.Code
	}
	var usage *UsageError
	if errors.As(err, &usage) {
		return ExitUsage
	}
	// A number too large for the API is the user's to fix, caught before
	// anything was sent.
	var arg *client.ArgumentError
	if errors.As(err, &arg) {
		return ExitUsage
	}
	var api *client.APIError
	if errors.As(err, &api) {
		// oned 6.10 refuses an action on a locked object as AUTHORIZATION
		// ("VM is locked."); for a script that is a state to wait out,
		// not a missing permission.
		if api.Code == client.CodeAuthorization && strings.Contains(api.Message, " is locked.") {
			return ExitState
		}
		return apiExitCode(api.Code)
	}
	var cred *client.CredentialsError
	if errors.As(err, &cred) {
		return ExitAuth
	}
	var fault *client.FaultError
	if errors.As(err, &fault) {
		if fault.Code == -501 || fault.Code == -503 {
			return ExitRejected
		}
		return ExitServer
	}
	var transport *client.TransportError
	if errors.As(err, &transport) {
		return ExitTransport
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return ExitTransport
	}
	return ExitError
}

func apiExitCode(code client.ErrorCode) int {
	switch code {
	case client.CodeAuthentication:
		return ExitAuth
	case client.CodeAuthorization:
		return ExitForbidden
	case client.CodeNoExists:
		return ExitNotFound
	case client.CodeAction, client.CodeLocked:
		return ExitState
	case client.CodeXMLRPCAPI, client.CodeAllocate:
		return ExitRejected
	default:
		return ExitServer
	}
}

// CombineCodes gives the exit code of a bulk action: the shared code when
// every failure agrees, else the generic 1.
func CombineCodes(codes []int) int {
	if len(codes) == 0 {
		return ExitOK
	}
	for _, c := range codes[1:] {
		if c != codes[0] {
			return ExitError
		}
	}
	return codes[0]
}

// ErrorLine renders an error as the one line onectl prints on stderr.
func ErrorLine(err error) string {
	msg := strings.TrimSpace(err.Error())
	// Server messages can carry newlines (template parse errors); a script
	// reading stderr expects one line per failure.
	msg = strings.ReplaceAll(msg, "\n", " ")
	return "onectl: " + msg
}

func ExitCodesHelp() string {
	var b strings.Builder
	b.WriteString("onectl exits with one of these codes, so scripts can tell what went wrong:\n\n")
	for _, d := range exitCodeDocs {
		fmt.Fprintf(&b, "  %3d  %s\n", d.code, d.text)
	}
	b.WriteString("\nA bulk action (several VMs) exits with the code its failures share, or 1 when they differ.\n")
	return b.String()
}
