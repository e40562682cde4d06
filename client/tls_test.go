package client

import (
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestTLSOptions(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(sample(t, "system.version.response.xml"))
	}))
	// The rejected handshake below is expected; keep it out of test output.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()

	// Unknown CA: a transport error that says why.
	c, err := New(Options{Endpoint: srv.URL + "/RPC2", Session: "a:b"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Call(bg, "one.system.version")
	assertTransport(t, err, "certificate")

	if c, err = New(Options{Endpoint: srv.URL, Session: "a:b", Insecure: true}); err != nil {
		t.Fatal(err)
	}
	if v, err := c.CallString(bg, "one.system.version"); err != nil || v != "6.10.5" {
		t.Errorf("insecure: %q %v", v, err)
	}

	dir := t.TempDir()
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	caFile := filepath.Join(dir, "ca.crt")
	if err := os.WriteFile(caFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a cert"), 0o600)
	for _, o := range []Options{{CAFile: caFile}, {CertDir: dir}} {
		o.Endpoint, o.Session = srv.URL, "a:b"
		if c, err = New(o); err != nil {
			t.Fatal(err)
		}
		if v, err := c.CallString(bg, "one.system.version"); err != nil || v != "6.10.5" {
			t.Errorf("%+v: %q %v", o, v, err)
		}
	}
	if _, err := New(Options{Endpoint: srv.URL, CAFile: filepath.Join(dir, "notes.txt")}); err == nil {
		t.Error("CA file without certificates accepted")
	}
}
