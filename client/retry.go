package client

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"syscall"
	"time"
)

// maxAttempts bounds the tries of one call even without any deadline.
const maxAttempts = 5

// Backoff between tries: 100ms, 200ms, 400ms, ... capped, each with full
// jitter in its upper half, so many clients hit by the same blip do not
// come back in lockstep.
const (
	backoffBase = 100 * time.Millisecond
	backoffCap  = 2 * time.Second
)

func backoff(attempt int) time.Duration {
	d := min(backoffBase<<min(attempt-1, 8), backoffCap)
	return d/2 + rand.N(d/2+1)
}

// retryable reports whether a failed try may be repeated. Reads may be
// repeated after any transient failure; writes only when the request
// provably never reached the server, so a create never makes two objects.
func retryable(read bool, te *TransportError) bool {
	switch te.Kind {
	case KindRefused:
		return true
	case KindReset, KindClosed, KindTruncated, KindNotXMLRPC:
		return read
	case KindHTTP:
		return read && te.StatusCode >= 500 && te.StatusCode != http.StatusNotImplemented
	}
	return false
}

// classify names what went wrong in one try. sent is false only when the
// connection was never made.
func classify(ctx context.Context, err error) TransportKind {
	switch {
	case errors.Is(err, errTooLarge):
		return KindTooLarge
	case errors.Is(err, errTruncated), errors.Is(err, io.ErrUnexpectedEOF):
		return KindTruncated
	case errors.Is(err, errNotXMLRPC):
		return KindNotXMLRPC
	case isTimeout(ctx, err):
		return KindTimeout
	case errors.Is(err, context.Canceled):
		return KindCanceled
	case errors.Is(err, syscall.ECONNREFUSED):
		return KindRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return KindReset
	case errors.Is(err, io.EOF):
		return KindClosed
	}
	return KindUnreachable
}

func isTimeout(ctx context.Context, err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// sleepCtx waits d unless ctx ends first; false means it ended.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
