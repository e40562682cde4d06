package vnet

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/onectl/onectl/output"
)

// onevnet show -x/-j/-y of the same network (recorded from the Ruby CLI):
// the JSON and YAML onectl makes from the XML are byte for byte the CLI's.
func TestShowJSONAndYAMLAreTheCLIs(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	doc := read("onevnet.show.xml")
	for _, c := range []struct {
		want    string
		convert func([]byte) ([]byte, error)
	}{{"onevnet.show.json", output.XMLToJSON}, {"onevnet.show.yaml", output.XMLToYAML}} {
		got, err := c.convert(doc)
		if err != nil {
			t.Fatal(err)
		}
		if want := read(c.want); !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
			t.Errorf("%s:\n got %s\nwant %s", c.want, got, want)
		}
	}
}
