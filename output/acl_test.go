package output

import (
	"bytes"
	"testing"
)

func TestACLPoolJSONYAMLMatchesCLI(t *testing.T) {
	raw := readSample(t, "acl.info.payload.xml")
	j, err := XMLToJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	if want := readSample(t, "cli/oneacl.list.json"); !bytes.Equal(bytes.TrimSpace(j), bytes.TrimSpace(want)) {
		t.Errorf("json:\n%s\nwant\n%s", j, want)
	}
	y, err := XMLToYAML(raw)
	if err != nil {
		t.Fatal(err)
	}
	if want := readSample(t, "cli/oneacl.list.yaml"); !bytes.Equal(bytes.TrimSpace(y), bytes.TrimSpace(want)) {
		t.Errorf("yaml:\n%s\nwant\n%s", y, want)
	}
}
