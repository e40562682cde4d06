package output

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzConvert: whatever XML a server's payload holds, the JSON and YAML
// converters return output or an error, never a panic; JSON they return
// is valid JSON.
//
//	go test ./output -run '^$' -fuzz FuzzConvert -fuzztime 30s
func FuzzConvert(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "samples", "*.xml"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("<VM><ID>1</ID><TEMPLATE><DISK><ID>0</ID></DISK><DISK><ID>1</ID></DISK></TEMPLATE><USER_TEMPLATE/></VM>"))
	f.Add([]byte("<VM_POOL><VM><NAME><![CDATA[a\"b\\c\u2028]]></NAME></VM></VM_POOL>"))
	f.Add([]byte("<X>" + strings.Repeat("<A>", 300) + strings.Repeat("</A>", 300) + "</X>"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		js, err := XMLToJSON(doc)
		if err == nil && !json.Valid(js) {
			t.Fatalf("invalid JSON for %q:\n%s", doc, js)
		}
		_, _ = XMLToYAML(doc)
	})
}

func TestDeepDocumentRefused(t *testing.T) {
	doc := "<VM>" + strings.Repeat("<A>", 1e6) + strings.Repeat("</A>", 1e6) + "</VM>"
	if _, err := XMLToJSON([]byte(doc)); err == nil || !strings.Contains(err.Error(), "nested deeper than") {
		t.Fatalf("a million levels: %v", err)
	}
}
