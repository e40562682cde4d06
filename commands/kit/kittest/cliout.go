package kittest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/onectl/onectl/output"
)

// SameAsCLI checks that the JSON and YAML onectl makes from
// testdata/<name>.xml (the Ruby CLI's -x output) are byte for byte the
// CLI's own testdata/<name>.json and .yaml of the same object.
func SameAsCLI(t testing.TB, name string) {
	t.Helper()
	read := func(ext string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name+ext))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	doc := read(".xml")
	for ext, convert := range map[string]func([]byte) ([]byte, error){".json": output.XMLToJSON, ".yaml": output.XMLToYAML} {
		got, err := convert(doc)
		if err != nil {
			t.Fatal(err)
		}
		if want := read(ext); !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
			t.Errorf("%s%s:\n got %s\nwant %s", name, ext, got, want)
		}
	}
}
