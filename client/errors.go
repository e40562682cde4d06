package client

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// ErrorCode is the OpenNebula error code carried in element 2 of a failure
// envelope (include/Request.h Request::ErrorCode).
type ErrorCode int

// OpenNebula error codes.
const (
	CodeAuthentication ErrorCode = 0x0100
	CodeAuthorization  ErrorCode = 0x0200
	CodeNoExists       ErrorCode = 0x0400
	CodeAction         ErrorCode = 0x0800
	CodeXMLRPCAPI      ErrorCode = 0x1000
	CodeInternal       ErrorCode = 0x2000
	CodeAllocate       ErrorCode = 0x4000
	CodeLocked         ErrorCode = 0x8000
	CodeReplication    ErrorCode = 0x10000
)

var codeNames = map[ErrorCode]string{
	0:                  "SUCCESS",
	CodeAuthentication: "AUTHENTICATION",
	CodeAuthorization:  "AUTHORIZATION",
	CodeNoExists:       "NO_EXISTS",
	CodeAction:         "ACTION",
	CodeXMLRPCAPI:      "XML_RPC_API",
	CodeInternal:       "INTERNAL",
	CodeAllocate:       "ALLOCATE",
	CodeLocked:         "LOCKED",
	CodeReplication:    "REPLICATION",
}

func (c ErrorCode) String() string {
	if n, ok := codeNames[c]; ok {
		return n
	}
	return fmt.Sprintf("UNKNOWN(0x%x)", int(c))
}

// APIError is a failure reported by oned itself: the call reached the
// server, was understood, and was refused.
type APIError struct {
	Method   string
	Code     ErrorCode
	Message  string
	ObjectID int // -1 when the server did not name an object
}

func (e *APIError) Error() string {
	if e.Message != "" {
		// oned already prefixes the method: "[one.vm.info] Error getting ...".
		return e.Message
	}
	return fmt.Sprintf("[%s] error %s", e.Method, e.Code)
}

// FaultError is an XML-RPC protocol fault raised by the xmlrpc-c layer before
// oned saw the call (wrong arity or type, unknown method, invalid XML).
type FaultError struct {
	Method  string
	Code    int
	Message string
}

func (e *FaultError) Error() string {
	return fmt.Sprintf("[%s] XML-RPC fault %d: %s", e.Method, e.Code, e.Message)
}

// ArgumentError is an argument that cannot be sent (an integer beyond
// XML-RPC's 32 bits, a type the API does not use); nothing was sent.
type ArgumentError struct {
	Method string
	Index  int // 1-based, after the session
	Err    error
}

func (e *ArgumentError) Error() string {
	return fmt.Sprintf("[%s] argument %d: %v", e.Method, e.Index, e.Err)
}

func (e *ArgumentError) Unwrap() error { return e.Err }

// TransportKind says what went wrong on the way to or from the server.
type TransportKind int

// Transport failure kinds. Only KindRefused proves the request never
// reached the server.
const (
	KindUnreachable TransportKind = iota // DNS, TLS, routing: no connection
	KindRefused                          // connection refused
	KindReset                            // connection reset by the server
	KindClosed                           // connection closed before any answer
	KindHTTP                             // an HTTP status other than 200
	KindTruncated                        // the answer stopped part way
	KindNotXMLRPC                        // the answer is not an XML-RPC envelope
	KindTooLarge                         // the answer exceeds the response cap
	KindTimeout                          // the call ran out of time
	KindCanceled                         // the caller gave up (Ctrl-C)
)

// TransportError means no valid OpenNebula answer came back: the endpoint
// could not be reached, answered with a non-200 status, timed out, or what
// answered does not speak OpenNebula's XML-RPC.
type TransportError struct {
	Method     string
	Endpoint   string
	Kind       TransportKind
	StatusCode int  // HTTP status when one was received, else 0
	Timeout    bool // the call ran out of time
	Attempts   int  // tries made; reads are retried, writes only when refused
	// Unsure is set for a write that failed after it was sent: the server
	// may have acted on it, so it was not sent again.
	Unsure bool
	Err    error
	after  time.Duration // the per-call timeout that expired, if it was ours
}

func (e *TransportError) Unwrap() error { return e.Err }

func (e *TransportError) Error() string {
	msg := e.text()
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (tried %d times)", e.Attempts)
	}
	if e.Unsure {
		msg += fmt.Sprintf("; %s was sent once and not repeated: check whether it took effect", e.Method)
	}
	return RedactURL(msg)
}

func (e *TransportError) text() string {
	switch {
	case e.Timeout && e.after > 0:
		return fmt.Sprintf("%s: timed out after %s", e.Endpoint, e.after)
	case e.Timeout:
		return fmt.Sprintf("%s: timed out", e.Endpoint)
	case e.Kind == KindHTTP, e.Kind == KindNotXMLRPC, e.Kind == KindTruncated, e.Kind == KindTooLarge:
		return fmt.Sprintf("%s: %v", e.Endpoint, e.Err)
	case e.Kind == KindReset:
		return fmt.Sprintf("%s: connection reset by the server", e.Endpoint)
	case e.Kind == KindClosed:
		return fmt.Sprintf("%s: connection closed by the server without an answer", e.Endpoint)
	case e.Kind == KindCanceled:
		return fmt.Sprintf("%s: call canceled", e.Endpoint)
	}
	return fmt.Sprintf("cannot reach %s: %s", e.Endpoint, netReason(e.Err))
}

// errNotXMLRPC marks answers that are not OpenNebula XML-RPC envelopes.
var errNotXMLRPC = errors.New("response is not XML-RPC")

// errTruncated marks an answer that ends part way through.
var errTruncated = errors.New("response truncated")

// errTooLarge marks an answer beyond the response cap.
var errTooLarge = errors.New("response too large")

func notXMLRPC(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errNotXMLRPC, fmt.Sprintf(format, args...))
}

// netReason trims Go's layered network errors ("Post \"...\": dial tcp ...:
// connect: connection refused") down to the part a user can act on.
func netReason(err error) string {
	if err == nil {
		return "unknown error"
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		if dnsErr.IsNotFound {
			return fmt.Sprintf("unknown host %s", dnsErr.Name)
		}
		return dnsErr.Error()
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Err != nil {
		msg := opErr.Err.Error()
		// "connect: connection refused" -> "connection refused"
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return msg
	}
	msg := err.Error()
	// url.Error prints `Post "http://...": reason`; keep only the reason.
	if i := strings.Index(msg, "\": "); i >= 0 {
		msg = msg[i+3:]
	}
	return msg
}

// IsCode reports whether err is (or wraps) an APIError with the given code.
func IsCode(err error, code ErrorCode) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == code
}

// CredentialsError means no usable credentials were found: a missing,
// unreadable or malformed auth file, or none at all. Scripts treat it as
// an authentication failure, not a usage mistake.
type CredentialsError struct{ Err error }

func (e *CredentialsError) Error() string { return e.Err.Error() }
func (e *CredentialsError) Unwrap() error { return e.Err }

func credentials(err error) error {
	if err == nil {
		return nil
	}
	return &CredentialsError{Err: err}
}
