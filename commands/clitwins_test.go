package commands

import (
	"os"
	"strings"
	"testing"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/iostreams"
)

// twins maps an OpenNebula CLI tool to the onectl group that must have a
// twin of each of its subcommands.
var twins = map[string]string{"onevnet": "vnet", "onevntemplate": "vntemplate", "onesecgroup": "secgroup",
	"onevrouter": "vrouter"}

// Every subcommand cli-map.tsv lists for these tools exists under the same
// name.
func TestCLITwinsExist(t *testing.T) {
	data, err := os.ReadFile("/work/shared/opennebula-api/cli-map.tsv")
	if err != nil {
		t.Skipf("cli-map.tsv not available: %v", err)
	}
	ios, _, _, _ := iostreams.Test()
	root := NewRoot(&kit.Factory{IO: ios, Env: func(string) string { return "" }})
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		group, ok := twins[f[0]]
		if !ok || len(f) < 2 {
			continue
		}
		n++
		c, _, err := root.Find([]string{group, f[1]})
		if err != nil || c.Name() != f[1] {
			t.Errorf("%s %s has no twin onectl %s %s", f[0], f[1], group, f[1])
		}
	}
	if n < 60 {
		t.Errorf("only %d subcommands checked", n)
	}
}
