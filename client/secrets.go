package client

// secretArgs are the parameters (counted with the session as 0) that
// carry a password or token, hidden in --debug and --dry-run output like
// the session itself (secretResults, in redact.go, hides the answers).
var secretArgs = map[string][]int{
	"one.user.allocate": {2},
	"one.user.passwd":   {2},
	"one.user.chauth":   {3},
	"one.user.login":    {2},
}

// isSecret: an empty password or token (one.user.login's "make me a new
// one") hides nothing, and showing it keeps traces readable.
func isSecret(a any) bool {
	s, ok := a.(string)
	return !ok || s != ""
}
