package user

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/sim"
)

func writePEM(t *testing.T, typ string, der []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f.pem")
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSSHKeyAndCertSubject(t *testing.T) {
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	got, err := sshKey(writePEM(t, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(k)))
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if got != base64.StdEncoding.EncodeToString(der) {
		t.Fatalf("public key %q", got)
	}
	if _, err := sshKey(writePEM(t, "OPENSSH PRIVATE KEY", []byte("x"))); err == nil || !strings.Contains(err.Error(), "ssh-keygen") {
		t.Fatalf("OpenSSH key: %v", err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotAfter: time.Now().Add(time.Hour),
		Subject: pkix.Name{Country: []string{"ES"}, Organization: []string{"One"}, CommonName: "bob"}}
	cert, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := certSubject(writePEM(t, "CERTIFICATE", cert)); err != nil || s != "/C=ES/O=One/CN=bob" {
		t.Fatalf("subject %q %v", s, err)
	}
}

func TestPasswordSources(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{}, NewCmd)
	k, _ := rsa.GenerateKey(rand.Reader, 1024)
	key := writePEM(t, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(k))
	r := tc.Run(nil, "user", "create", "sshu", "--ssh", "--key", key)
	if r.Code != 0 {
		t.Fatalf("%+v", r)
	}
	show := tc.Run(nil, "user", "show", "sshu")
	want := tc.Run(nil, "user", "key", "--key", key).Stdout
	if !strings.Contains(show.Stdout, "AUTH_DRIVER     : ssh") || !strings.Contains(show.Stdout, "PASSWORD        : "+strings.TrimSpace(want)) {
		t.Fatalf("show:\n%s\nkey %s", show.Stdout, want)
	}
	// --sha256 sends the hash: oned then stores the hash of it
	r = tc.Run(nil, "user", "create", "h", "pw", "--sha256", "--dry-run")
	if r.Code != 0 || strings.Contains(r.Stderr, ">pw<") {
		t.Fatalf("%+v", r)
	}
	// a terminal that is not there: never a prompt, a usage error
	r = tc.Run(kittest.NewIO(false, true, true), "user", "passwd", "alice")
	if r.Code != 2 {
		t.Fatalf("%+v", r)
	}
	kittest.OneLine(t, r.Stderr)
}

// encode never shows the password on a terminal.
func TestEncodeNotOnATerminal(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{}, NewCmd)
	r := tc.Run(kittest.NewIO(false, true, true), "user", "encode", "bob", "pw")
	if r.Code != 2 || strings.Contains(r.Stdout+r.Stderr, "pw\n") {
		t.Fatalf("%+v", r)
	}
	if r := tc.Run(nil, "user", "encode", "bob", "p w"); r.Code != 0 || r.Stdout != "bob:p+w\n" {
		t.Fatalf("%+v", r)
	}
}
