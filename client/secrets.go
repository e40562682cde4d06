package client

// secretArgs are the parameters (counted with the session as 0) that
// carry a password or token, hidden in --debug and --dry-run output like
// the session itself.
var secretArgs = map[string][]int{
	"one.user.allocate": {2},
	"one.user.passwd":   {2},
	"one.user.chauth":   {3},
	"one.user.login":    {2},
}

// secretResult are the methods whose answer is a secret (a new token).
var secretResult = map[string]bool{"one.user.login": true}
