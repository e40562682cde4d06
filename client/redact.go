package client

import (
	"bytes"
	"errors"
	"net/url"
	"regexp"
	"strings"
)

// Redacted replaces every secret onectl prints by accident: the password
// or token of a session and the user info of an endpoint URL.
const Redacted = "****"

// minSecretLen keeps very short secrets out of text replacement: hiding
// every "a" would make messages unreadable. The session parameter itself is
// always redacted whatever its length.
const minSecretLen = 4

// urlUserInfo matches the user info of any URL inside a text.
var urlUserInfo = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://)[^/\s"'<>@]+@`)

// RedactURL hides the user info of an endpoint URL
// ("http://u:secret@host/RPC2" becomes "http://****@host/RPC2"). A user
// name alone may itself be a token, so all of it goes.
func RedactURL(s string) string {
	return urlUserInfo.ReplaceAllString(s, "${1}"+Redacted+"@")
}

// RedactText hides the given secrets, raw or XML-escaped, and the user info
// of any URL in s.
func RedactText(s string, secrets ...string) string {
	for _, sec := range secrets {
		if len(sec) < minSecretLen {
			continue
		}
		s = strings.ReplaceAll(s, sec, Redacted)
		var esc bytes.Buffer
		_ = xmlEscape(&esc, sec)
		if e := esc.String(); e != sec {
			s = strings.ReplaceAll(s, e, Redacted)
		}
	}
	return RedactURL(s)
}

// urlSecrets are the secrets held in an endpoint's user info, so they are
// also hidden where they appear outside a URL (a proxy echoing them).
func urlSecrets(endpoint string) []string {
	u, err := url.Parse(endpoint)
	if err != nil || u.User == nil {
		return nil
	}
	var out []string
	if p, ok := u.User.Password(); ok && p != "" {
		out = append(out, p, url.QueryEscape(p))
	}
	return out
}

// secretResults are methods whose result is itself a secret: the token
// one.user.login hands out must not show in a --debug trace.
var secretResults = map[string]bool{"one.user.login": true}

var stringValue = regexp.MustCompile(`<string>[^<]*</string>`)

// redactResponse is redact for a response body, which also hides the
// result of a method that returns a secret (a failure's message stays).
func (c *Client) redactResponse(method string, b []byte) []byte {
	b = c.redact(b)
	if secretResults[method] && bytes.Contains(b, []byte("<boolean>1</boolean>")) {
		b = stringValue.ReplaceAll(b, []byte("<string>"+Redacted+"</string>"))
	}
	return b
}

// secrets is everything of this client that must not be printed.
func (c *Client) secrets() []string {
	return append([]string{c.secret()}, urlSecrets(c.endpoint)...)
}

// shownEndpoint is the endpoint as it may be printed.
func (c *Client) shownEndpoint() string { return RedactURL(c.endpoint) }

// scrub hides secrets in the message of an error about to leave the
// client: oned (or a proxy in front of it) may echo the session back.
func (c *Client) scrub(err error) error {
	if err == nil {
		return nil
	}
	var ae *APIError
	var fe *FaultError
	var te *TransportError
	switch {
	case errors.As(err, &ae):
		ae.Message = RedactText(ae.Message, c.secrets()...)
	case errors.As(err, &fe):
		fe.Message = RedactText(fe.Message, c.secrets()...)
	case errors.As(err, &te):
		te.Endpoint = c.shownEndpoint()
		if te.Err != nil {
			te.Err = &redactedError{msg: RedactText(te.Err.Error(), c.secrets()...), err: te.Err}
		}
	}
	return err
}

// redactedError keeps the chain of the original error (errors.Is still
// sees context.DeadlineExceeded) while printing a redacted message.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
