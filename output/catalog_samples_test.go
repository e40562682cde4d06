package output

import (
	"bytes"
	"testing"
)

// The catalogue objects (images, datastores, templates, marketplaces and
// their apps): the CLI's --xml of an object and its --json/--yaml were
// printed from the same answer, so the conversion must give the CLI's
// output byte for byte.
func TestCatalogShowMatchesCLI(t *testing.T) {
	for _, tool := range []string{"oneimage", "onedatastore", "onetemplate", "onemarket", "onemarketapp"} {
		t.Run(tool, func(t *testing.T) {
			x := readSample(t, "cli/"+tool+".show.xml")
			js, err := XMLToJSON(x)
			if err != nil {
				t.Fatal(err)
			}
			if want := readSample(t, "cli/"+tool+".show.json"); !bytes.Equal(js, want) {
				var diffs []string
				compareTrees(decodeJSONTree(t, js), decodeJSONTree(t, want), "", nil, &diffs)
				t.Errorf("JSON differs from the CLI's (%d tree differences): %v\n%s", len(diffs), diffs, js)
			}
			ys, err := XMLToYAML(x)
			if err != nil {
				t.Fatal(err)
			}
			if want := readSample(t, "cli/"+tool+".show.yaml"); !bytes.Equal(ys, want) {
				var diffs []string
				compareTrees(decodeYAMLTree(t, ys), decodeYAMLTree(t, want), "", nil, &diffs)
				t.Errorf("YAML differs from the CLI's (%d tree differences): %v\n%s", len(diffs), diffs, ys)
			}
		})
	}
}
