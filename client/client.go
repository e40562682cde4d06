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
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// DefaultEndpoint is where oned listens out of the box.
const DefaultEndpoint = "http://localhost:2633/RPC2"

// DefaultPageSize is the CLI's pool page size when ONE_POOL_PAGE_SIZE is unset.
const DefaultPageSize = 200

// Options configures a Client.
type Options struct {
	Endpoint string        // full URL, e.g. http://localhost:2633/RPC2
	Session  string        // "user:password" or "user:token"; first param of every call
	Timeout  time.Duration // per call (0 = none; the ctx also bounds it)
	CAFile   string        // extra PEM CA bundle for https
	CertDir  string        // ONE_CERT_DIR: every *.pem/*.crt in it is added to the pool
	Insecure bool          // skip TLS verification
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
	http     *http.Client
	debug    io.Writer
	dryRun   io.Writer
	pageSize int
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
		http:     hc,
		debug:    o.Debug,
		dryRun:   o.DryRun,
		pageSize: o.PageSize,
	}, nil
}

func newTransport(o Options) (*http.Transport, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
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
	values := make([]string, 0, len(args)+1)
	values = append(values, "")
	for i, a := range args {
		v, err := encodeValue(a)
		if err != nil {
			return nil, fmt.Errorf("[%s] argument %d: %w", method, i+1, err)
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

func (c *Client) send(ctx context.Context, method string, body []byte) (any, error) {
	parent := ctx
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	start := time.Now()
	terr := func(status int, err error) *TransportError {
		te := &TransportError{Method: method, Endpoint: c.endpoint, StatusCode: status, Err: err}
		if isTimeout(ctx, err) {
			te.Timeout = true
			if c.timeout > 0 && parent.Err() == nil {
				te.after = c.timeout
			}
		}
		if c.debug != nil {
			fmt.Fprintf(c.debug, "<-- error (%s): %v\n", since(start), te)
		}
		return te
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
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, terr(resp.StatusCode, err)
	}
	if c.debug != nil {
		fmt.Fprintf(c.debug, "<-- %d (%s)\n%s\n", resp.StatusCode, since(start), c.redactResponse(method, data))
	}
	if resp.StatusCode != http.StatusOK {
		return nil, terr(resp.StatusCode, fmt.Errorf("HTTP %d %s", resp.StatusCode, http.StatusText(resp.StatusCode)))
	}
	result, err := decodeResponse(method, data)
	if errors.Is(err, errNotXMLRPC) {
		return nil, terr(resp.StatusCode, err)
	}
	return result, err
}

func since(t time.Time) string {
	return time.Since(t).Round(time.Millisecond).String()
}

func isTimeout(ctx context.Context, err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
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
