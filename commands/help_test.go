package commands

import (
	"regexp"
	"testing"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/iostreams"
)

var apiLine = regexp.MustCompile(`XML-RPC: one\.[a-z]+\.[a-z]+( \(needs [A-Z]+:[A-Z]+(, [A-Z]+:[A-Z]+)*\))?`)

// Every command that talks to the cloud names its method and permission in
// its help, so a user can learn the API and ask for the right rights.
func TestEveryResourceCommandNamesItsMethod(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	root := NewRoot(&kit.Factory{IO: ios, Env: func(string) string { return "" }})
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		if !c.Runnable() || !inResourceGroup(c) || c.Annotations[kit.Local] != "" {
			return
		}
		n++
		if !apiLine.MatchString(c.Long) {
			t.Errorf("%s: help does not name its XML-RPC method and permission:\n%s", c.CommandPath(), c.Long)
		}
	}
	walk(root)
	if n < 45 {
		t.Errorf("only %d resource commands", n)
	}
}

// inResourceGroup is true for the commands under a resource group (vm,
// host...), not the tools (sim, completion, man).
func inResourceGroup(c *cobra.Command) bool {
	for p := c; p.HasParent(); p = p.Parent() {
		if p.Parent() == c.Root() {
			return p != c && p.GroupID == "resources"
		}
	}
	return false
}
