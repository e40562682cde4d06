package client

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzDecodeResponse: whatever bytes a server sends, decoding gives a
// result or one of the client's typed errors, never a panic or a hang.
//
//	go test ./client -run '^$' -fuzz FuzzDecodeResponse -fuzztime 30s
func FuzzDecodeResponse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.response.xml"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add(okString("<VM><ID>1</ID></VM>"))
	f.Add([]byte("<methodResponse><params><param><value><array><data><value><array><data></data></array></value></data></array></value></param></params></methodResponse>"))
	f.Add([]byte("<methodResponse><fault><value><struct><member><name>faultCode</name><value><i4>1</i4></value></member></struct></value></fault></methodResponse>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := decodeResponse("one.vm.info", body)
		if err == nil {
			return
		}
		var api *APIError
		var fault *FaultError
		if !errors.As(err, &api) && !errors.As(err, &fault) && !errors.Is(err, errNotXMLRPC) && !errors.Is(err, errTruncated) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		if !errors.As(err, &api) && strings.Contains(err.Error(), "\n") {
			t.Fatalf("error spans lines: %q", err)
		}
	})
}
