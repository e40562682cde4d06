// Package client is onectl's typed client for OpenNebula's XML-RPC API:
// calls with contexts and timeouts, typed errors that keep API failures
// apart from transport failures, paged pool listings, credential and
// endpoint resolution, and Go types for the objects oned returns.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// DefaultEndpoint is where oned listens out of the box.
const DefaultEndpoint = "http://localhost:2633/RPC2"

// DefaultMaxResponse caps one answer: far above any page of a pool (a page
// of 200 large VMs is under 1 MiB), far below what would exhaust memory.
const DefaultMaxResponse = 64 << 20

// DefaultPageSize is the CLI's pool page size when ONE_POOL_PAGE_SIZE is unset.
const DefaultPageSize = 200

// Options configures a Client.
type Options struct {
	Endpoint string        // full URL, e.g. http://localhost:2633/RPC2
	Session  string        // "user:password" or "user:token"; first param of every call
	Timeout  time.Duration // per call, retries included (0 = none; the ctx also bounds it)
	// Deadline, when set, bounds every call made through the client, so a
	// command's whole run (its waits included) ends by then.
	Deadline time.Time
	// MaxResponse caps the size of one answer; 0 means DefaultMaxResponse.
	MaxResponse int64
	CAFile      string // extra PEM CA bundle for https
	CertDir     string // ONE_CERT_DIR: every *.pem/*.crt in it is added to the pool
	Insecure    bool   // skip TLS verification
	// Debug, when set, receives every request and response body with the
	// session secret replaced by "****".
	Debug io.Writer
	// DryRun, when set, receives one line per call instead of sending it;
	// the call then succeeds with a nil result.
	DryRun io.Writer
	// PageSize is the pool page size. Values below 2 (including 0) disable
	// paging, matching ONE_POOL_PAGE_SIZE; Resolve supplies DefaultPageSize.
	PageSize   int
	HTTPClient *http.Client // optional; replaces the TLS and transport setup
}

// Client calls one oned endpoint with one session. It is safe for
// concurrent use as long as the Debug and DryRun writers are; each trace
// entry is a single Write.
type Client struct {
	endpoint string
	session  string
	timeout  time.Duration
	deadline *deadline // shared with the Reader of the same command
	maxResp  int64
	backoff  func(attempt int) time.Duration
	http     *http.Client
	debug    io.Writer
	dryRun   io.Writer
	pageSize int
	readOnly bool // see Reader
}

// New validates the options and builds a Client. It does not contact the
// server.
func New(o Options) (*Client, error) {
	if o.Endpoint == "" {
		o.Endpoint = DefaultEndpoint
	}
	u, err := url.Parse(o.Endpoint)
	if err != nil {
		return nil, fmt.Errorf("invalid endpoint %q: %v", o.Endpoint, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("invalid endpoint %q: scheme must be http or https", o.Endpoint)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("invalid endpoint %q: no host", o.Endpoint)
	}
	if o.Timeout < 0 {
		return nil, fmt.Errorf("invalid timeout %s", o.Timeout)
	}
	if o.MaxResponse <= 0 {
		o.MaxResponse = DefaultMaxResponse
	}
	hc := o.HTTPClient
	if hc == nil {
		tr, err := newTransport(o)
		if err != nil {
			return nil, err
		}
		hc = &http.Client{Transport: tr}
	}
	return &Client{
		endpoint: o.Endpoint,
		session:  o.Session,
		timeout:  o.Timeout,
		deadline: &deadline{t: o.Deadline},
		maxResp:  o.MaxResponse,
		backoff:  backoff,
		http:     hc,
		debug:    o.Debug,
		dryRun:   o.DryRun,
		pageSize: o.PageSize,
	}, nil
}

func newTransport(o Options) (*http.Transport, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ReadBufferSize = 64 << 10 // pool pages are megabytes: fewer reads
	if o.CAFile == "" && o.CertDir == "" && !o.Insecure {
		return tr, nil
	}
	conf := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: o.Insecure} //nolint:gosec // user asked for it
	if o.CAFile != "" || o.CertDir != "" {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if o.CAFile != "" {
			pem, err := os.ReadFile(o.CAFile)
			if err != nil {
				return nil, fmt.Errorf("CA file: %w", err)
			}
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("CA file %s: no PEM certificates found", o.CAFile)
			}
		}
		if o.CertDir != "" {
			entries, err := os.ReadDir(o.CertDir)
			if err != nil {
				return nil, fmt.Errorf("certificate directory: %w", err)
			}
			for _, e := range entries {
				ext := strings.ToLower(filepath.Ext(e.Name()))
				if e.IsDir() || (ext != ".pem" && ext != ".crt") {
					continue
				}
				p := filepath.Join(o.CertDir, e.Name())
				pem, err := os.ReadFile(p)
				if err != nil {
					return nil, fmt.Errorf("certificate directory: %w", err)
				}
				// Like the Ruby OCA, files that hold no certificate are
				// not fatal: a cert dir often holds keys too.
				pool.AppendCertsFromPEM(pem)
			}
		}
		conf.RootCAs = pool
	}
	tr.TLSClientConfig = conf
	return tr, nil
}

// Endpoint returns the URL calls are sent to.
func (c *Client) Endpoint() string { return c.endpoint }

// User returns the user part of the session string.
func (c *Client) User() string {
	u, _, ok := strings.Cut(c.session, ":")
	if !ok {
		return ""
	}
	return u
}

// Deadline returns the time by which every call must end, if one was set.
func (c *Client) Deadline() (time.Time, bool) {
	c.deadline.mu.Lock()
	defer c.deadline.mu.Unlock()
	return c.deadline.t, !c.deadline.t.IsZero()
}

// deadline is the whole command's time limit.
type deadline struct {
	mu sync.Mutex
	t  time.Time
}

// ExtendDeadline moves the deadline, if there is one, d later: time spent
// waiting for a person (a confirmation, an editor) is not the server's.
func (c *Client) ExtendDeadline(d time.Duration) {
	c.deadline.mu.Lock()
	defer c.deadline.mu.Unlock()
	if !c.deadline.t.IsZero() && d > 0 {
		c.deadline.t = c.deadline.t.Add(d)
	}
}

// IsDryRun reports whether calls are printed instead of sent.
func (c *Client) IsDryRun() bool { return c.dryRun != nil }

// PageSize returns the pool page size; below 2 means no paging.
func (c *Client) PageSize() int { return c.pageSize }

// redactedSession keeps the user name (useful when debugging) and hides
// the password or token.
func (c *Client) redactedSession() string {
	if u := c.User(); u != "" {
		return u + ":****"
	}
	return "****"
}

// secret is the part of the session that must never be printed.
func (c *Client) secret() string {
	_, s, ok := strings.Cut(c.session, ":")
	if !ok {
		return c.session
	}
	return s
}

// Call invokes method with the session followed by args (string, int,
// int32, int64 as <i8>, bool, []int) and returns element 1 of the success
// envelope: string, int64, bool, or nil. Failures are *APIError,
// *FaultError or *TransportError.
func (c *Client) Call(ctx context.Context, method string, args ...any) (any, error) {
	if !validMethod(method) {
		return nil, fmt.Errorf("invalid method name %q", method)
	}
	if err := c.checkReadOnly(method); err != nil {
		return nil, err
	}
	values := make([]string, 0, len(args)+1)
	values = append(values, "")
	for i, a := range args {
		v, err := encodeValue(a)
		if err != nil {
			return nil, &ArgumentError{Method: method, Index: i + 1, Err: err}
		}
		values = append(values, v)
	}
	if c.dryRun != nil {
		c.writeDryRun(method, args)
		return nil, nil
	}
	var err error
	if values[0], err = encodeValue(c.session); err != nil {
		return nil, err
	}
	body := buildCall(method, values)
	if c.debug != nil {
		shown := append([]string(nil), values...)
		shown[0], _ = encodeValue(c.redactedSession())
		for _, i := range secretArgs[method] {
			if i <= len(args) && isSecret(args[i-1]) {
				shown[i], _ = encodeValue(Redacted)
			}
		}
		fmt.Fprintf(c.debug, "--> %s %s\n%s\n", method, c.shownEndpoint(), c.redact(buildCall(method, shown)))
	}
	res, err := c.send(ctx, method, body)
	return res, c.scrub(err)
}

func (c *Client) writeDryRun(method string, args []any) {
	parts := make([]string, 0, len(args)+1)
	parts = append(parts, formatArg(c.redactedSession()))
	for i, a := range args {
		if slices.Contains(secretArgs[method], i+1) && isSecret(a) {
			a = Redacted
		}
		parts = append(parts, formatArg(a))
	}
	fmt.Fprintf(c.dryRun, "%s(%s)\n", method, strings.Join(parts, ", "))
}

// redact hides the session secret and the endpoint's user info wherever
// they show up in a traced body (e.g. one.user.login echoing a token).
func (c *Client) redact(b []byte) []byte {
	return []byte(RedactText(string(b), c.secrets()...))
}

// send posts body, trying again while that is safe (see retryable) and
// time remains, and turns the answer into a result.
func (c *Client) send(ctx context.Context, method string, body []byte) (any, error) {
	parent := ctx
	var cancel context.CancelFunc
	if c.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	if dl, ok := c.Deadline(); ok {
		ctx, cancel = context.WithDeadline(ctx, dl)
		defer cancel()
	}
	read := IsRead(method)
	for attempt := 1; ; attempt++ {
		start := time.Now()
		result, err := c.try(ctx, method, body)
		var te *TransportError
		if !errors.As(err, &te) {
			return result, err
		}
		te.Attempts = attempt
		if te.Kind == KindTimeout {
			te.Timeout = true
			// Ours when the caller's context is still alive. onectl sets the
			// deadline from the same --timeout, so either way it is the one
			// the user gave.
			if c.timeout > 0 && parent.Err() == nil {
				te.after = c.timeout
			}
		}
		if c.debug != nil {
			fmt.Fprintf(c.debug, "<-- error (%s): %v\n", since(start), te)
		}
		if !retryable(read, te) || attempt >= maxAttempts {
			te.Unsure = !read && te.Kind != KindRefused && te.Kind != KindUnreachable && te.Kind != KindCanceled
			return nil, te
		}
		wait := c.backoff(attempt)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return nil, te
		}
		if !sleepCtx(ctx, wait) {
			return nil, te
		}
	}
}

// try makes one request; transport failures come back as *TransportError
// with their Kind set.
func (c *Client) try(ctx context.Context, method string, body []byte) (any, error) {
	start := time.Now()
	terr := func(status int, err error) *TransportError {
		return &TransportError{Method: method, Endpoint: c.endpoint, StatusCode: status, Kind: classify(ctx, err), Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, terr(0, err)
	}
	req.Header.Set("Content-Type", "text/xml")
	req.Header.Set("User-Agent", "onectl")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, terr(0, err)
	}
	defer resp.Body.Close()
	if resp.ContentLength > c.maxResp {
		return nil, terr(resp.StatusCode, c.tooLarge())
	}
	data, err := readBody(resp, c.maxResp+1)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("%w after %d bytes", errTruncated, len(data))
		}
		return nil, terr(resp.StatusCode, err)
	}
	if int64(len(data)) > c.maxResp {
		return nil, terr(resp.StatusCode, c.tooLarge())
	}
	if c.debug != nil {
		fmt.Fprintf(c.debug, "<-- %d (%s)\n%s\n", resp.StatusCode, since(start), c.redactResponse(method, data))
	}
	if resp.StatusCode != http.StatusOK {
		te := terr(resp.StatusCode, fmt.Errorf("HTTP %d %s", resp.StatusCode, http.StatusText(resp.StatusCode)))
		te.Kind = KindHTTP
		return nil, te
	}
	result, err := decodeResponse(method, data)
	if errors.Is(err, errNotXMLRPC) || errors.Is(err, errTruncated) {
		return nil, terr(resp.StatusCode, err)
	}
	return result, err
}

func (c *Client) tooLarge() error {
	if c.maxResp >= 1<<20 {
		return fmt.Errorf("%w: over the %d MiB limit", errTooLarge, c.maxResp>>20)
	}
	return fmt.Errorf("%w: over the %d byte limit", errTooLarge, c.maxResp)
}

func since(t time.Time) string {
	return time.Since(t).Round(time.Millisecond).String()
}

// CallString calls method and expects a string result (an XML document, a
// token, a version). In dry-run mode it returns "".
func (c *Client) CallString(ctx context.Context, method string, args ...any) (string, error) {
	v, err := c.Call(ctx, method, args...)
	if err != nil {
		return "", err
	}
	switch s := v.(type) {
	case nil:
		return "", nil // dry run, or an empty <string/>
	case string:
		return s, nil
	}
	return "", resultTypeError(method, v, "a string")
}

// CallInt calls method and expects an integer result (i4 or i8), mostly
// an object ID. In dry-run mode it returns 0.
func (c *Client) CallInt(ctx context.Context, method string, args ...any) (int, error) {
	v, err := c.Call(ctx, method, args...)
	if err != nil {
		return 0, err
	}
	switch n := v.(type) {
	case nil:
		if c.IsDryRun() {
			return 0, nil
		}
	case int64:
		if int64(int(n)) != n {
			return 0, fmt.Errorf("[%s] result %d overflows int", method, n)
		}
		return int(n), nil
	}
	return 0, resultTypeError(method, v, "an integer")
}

// CallBool calls method and expects a boolean result. In dry-run mode it
// returns false.
func (c *Client) CallBool(ctx context.Context, method string, args ...any) (bool, error) {
	v, err := c.Call(ctx, method, args...)
	if err != nil {
		return false, err
	}
	switch b := v.(type) {
	case nil:
		if c.IsDryRun() {
			return false, nil
		}
	case bool:
		return b, nil
	}
	return false, resultTypeError(method, v, "a boolean")
}

func resultTypeError(method string, v any, want string) error {
	return fmt.Errorf("[%s] unexpected result: got %s, want %s", method, typeName(v), want)
}
