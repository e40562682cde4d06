package client

import (
	"fmt"
	"strings"
)

// readVerbs are the last words of the methods that only read: oned changes
// nothing when it answers them, so a dry run may send them.
var readVerbs = map[string]bool{
	"info": true, "infoextended": true, "infoset": true, "monitoring": true,
	"accounting": true, "showback": true, "version": true, "config": true,
	"raftstatus": true,
}

// IsRead reports whether method only reads (one.vm.info, one.vmpool.info,
// one.system.version...): a dry run may send it, and a failed try may be
// repeated even when it is unknown whether the server acted. one.user.login, which mints a token, and
// one.vmpool.calculateshowback, which writes records, are not reads.
func IsRead(method string) bool {
	i := strings.LastIndexByte(method, '.')
	return strings.HasPrefix(method, "one.") && i > 0 && readVerbs[method[i+1:]]
}

// Reader returns a client for the reads a command needs before it acts
// (resolving names, fetching the object to edit): it sends them even when c
// is a dry run, so `--dry-run` can be tried on real objects, and refuses
// every method that writes, so a dry run can never change anything through
// it.
func (c *Client) Reader() *Client {
	r := *c
	r.dryRun = nil
	r.readOnly = true
	return &r
}

func (c *Client) checkReadOnly(method string) error {
	if c.readOnly && !IsRead(method) {
		return fmt.Errorf("[%s] refused: this client only reads", method)
	}
	return nil
}
