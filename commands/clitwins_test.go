package commands

import (
	"os"
	"strings"
	"testing"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/iostreams"
)

// Every subcommand of OpenNebula's 20 CLI tools (testdata/cli-map.tsv is a
// copy of shared/opennebula-api/cli-map.tsv) has an onectl twin under the
// same name (or an alias): onevnet reserve is onectl vnet reserve.
func TestCLITwinsExist(t *testing.T) {
	data, err := os.ReadFile("testdata/cli-map.tsv")
	if err != nil {
		t.Fatal(err)
	}
	ios, _, _, _ := iostreams.Test()
	root := NewRoot(&kit.Factory{IO: ios, Env: func(string) string { return "" }})
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		group, ok := strings.CutPrefix(f[0], "one")
		if !ok || len(f) < 2 {
			continue
		}
		n++
		// "vm-template import" is a subcommand of a subcommand.
		path := append([]string{group}, strings.Fields(f[1])...)
		last := path[len(path)-1]
		c, _, err := root.Find(path)
		if err != nil || c.Name() != last && !c.HasAlias(last) {
			t.Errorf("%s %s has no twin onectl %s %s", f[0], f[1], group, f[1])
		}
	}
	if n != 334 {
		t.Errorf("only %d subcommands checked", n)
	}
}
