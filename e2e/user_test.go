package e2e

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// userDoc returns `user show <who> -o json` parsed: the USER object.
func (c *cli) userDoc(t testing.TB, who string) map[string]any {
	t.Helper()
	out := c.ok(t, "user", "show", who, "-o", "json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("user show %s -o json is not JSON: %v\n%s", who, err, out)
	}
	u, ok := doc["USER"].(map[string]any)
	if !ok {
		t.Fatalf("no USER object:\n%s", out)
	}
	return u
}

func TestUserLifecycle(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	pw := writeFile(t, "pw", "bobpw\n")

	// no password and no terminal: a usage error, nothing created
	r := c.fails(t, 2, "user", "create", "bob")
	mustContain(t, "stderr", oneErrorLine(t, r), "--read-file")
	id := createdID(t, c.ok(t, "user", "create", "bob", "--read-file", pw))
	bob := s.as(t, "bob", "bobpw")
	mustContain(t, "bob's show", bob.ok(t, "user", "show"), "NAME            : bob", "GROUP           : users")
	mustContain(t, "show --decrypt", c.ok(t, "user", "show", "bob", "--decrypt"), "NAME            : bob")
	r = c.fails(t, 8, "user", "create", "bob", "--read-file", pw)
	mustContain(t, "stderr", oneErrorLine(t, r), "NAME is already taken by USER")

	// a password argument still works, with a warning
	r = c.run(t, "user", "create", "carol", "carolpw", "--group", "oneadmin")
	if r.Code != 0 || !strings.Contains(r.Stderr, "visible to other users") {
		t.Fatalf("create with a password argument:\n%s", r)
	}
	if u := c.userDoc(t, "carol"); str(u, "GNAME") != "oneadmin" {
		t.Fatalf("carol's group: %v", u)
	}

	// list: oneadmin sees everyone, bob only himself
	mustContain(t, "list", c.ok(t, "user", "list"), "bob", "carol", "alice", "VMS", "MEMORY")
	// sorted json keeps each user's QUOTAS and the default quotas
	var pool struct {
		P struct {
			Users  []map[string]any `json:"USER"`
			Quotas []map[string]any `json:"QUOTAS"`
			Def    map[string]any   `json:"DEFAULT_USER_QUOTAS"`
		} `json:"USER_POOL"`
	}
	if err := json.Unmarshal([]byte(c.ok(t, "user", "list", "--sort", "NAME", "-o", "json")), &pool); err != nil {
		t.Fatal(err)
	}
	if len(pool.P.Users) != 5 || len(pool.P.Quotas) != 5 || pool.P.Def == nil || pool.P.Users[0]["NAME"] != "alice" {
		t.Fatalf("sorted pool: %+v", pool.P)
	}
	if out := c.ok(t, "user", "list", "--filter", "NAME=bob", "-o", "name"); strings.TrimSpace(out) != itoa(id) {
		t.Fatalf("list -o name: %q", out)
	}
	out := bob.ok(t, "user", "list")
	mustContain(t, "bob's list", out, "bob")
	mustNotContain(t, "bob's list", out, "alice", "carol")
	bob.fails(t, 5, "user", "show", "alice") // not in the pool bob may see
	bob.fails(t, 4, "user", "show", "2")

	// passwd from stdin; the old password stops working
	c.withStdin("newpw\n").ok(t, "user", "passwd", "bob", "--read-file", "-")
	bob.fails(t, 3, "user", "show")
	bob = s.as(t, "bob", "newpw")
	bob.ok(t, "user", "show")
	c.withStdin("").fails(t, 7, "user", "passwd", "bob", "--read-file", "-")
	r = c.fails(t, 2, "user", "passwd", "bob")
	mustContain(t, "stderr", oneErrorLine(t, r), "--read-file")
	// a user may change his own password
	bob.withStdin("mine\n").ok(t, "user", "passwd", "bob", "--read-file", "-")
	bob = s.as(t, "bob", "mine")

	// chauth: public users cannot log in with a password; core again with a new one
	c.ok(t, "user", "chauth", "bob", "public")
	if u := c.userDoc(t, "bob"); str(u, "AUTH_DRIVER") != "public" {
		t.Fatalf("driver: %v", u)
	}
	bob.fails(t, 3, "user", "show")
	c.ok(t, "user", "chauth", "bob", "--driver", "core", "--read-file", pw)
	s.as(t, "bob", "bobpw").ok(t, "user", "show")
	c.fails(t, 2, "user", "chauth", "bob", "ssh", "--driver", "x509")

	// disable / enable
	c.ok(t, "user", "disable", "bob")
	s.as(t, "bob", "bobpw").fails(t, 3, "user", "show")
	mustContain(t, "list", c.ok(t, "user", "list", "--filter", "NAME=bob"), " no ")
	c.ok(t, "user", "enable", "bob")
	s.as(t, "bob", "bobpw").ok(t, "user", "show")

	// update, --append, umask
	tmpl := writeFile(t, "t", "EMAIL=\"bob@example.org\"\n")
	c.ok(t, "user", "update", "bob", tmpl)
	c.withStdin("SSH_PUBLIC_KEY=\"ssh-ed25519 AAAA bob\"\n").ok(t, "user", "update", "bob", "--append")
	c.ok(t, "user", "umask", "bob,carol", "117")
	u := c.userDoc(t, "bob")
	if str(u, "TEMPLATE.EMAIL") != "bob@example.org" || str(u, "TEMPLATE.SSH_PUBLIC_KEY") == "" || str(u, "TEMPLATE.UMASK") != "117" {
		t.Fatalf("template: %v", u["TEMPLATE"])
	}
	c.fails(t, 2, "user", "umask", "bob", "999")
	c.ok(t, "user", "umask", "bob")
	if u := c.userDoc(t, "bob"); str(u, "TEMPLATE.UMASK") != "" || str(u, "TEMPLATE.EMAIL") == "" {
		t.Fatalf("umask not removed, or more removed: %v", u["TEMPLATE"])
	}

	// secondary groups and the primary one
	c.ok(t, "user", "addgroup", "bob", "oneadmin")
	if g := list(c.userDoc(t, "bob"), "GROUPS.ID"); len(g) != 2 {
		t.Fatalf("groups after addgroup: %v", g)
	}
	mustContain(t, "show", c.ok(t, "user", "show", "bob"), "SECONDARY GROUPS: 0,1")
	r = c.fails(t, 6, "user", "delgroup", "bob", "users")
	mustContain(t, "stderr", oneErrorLine(t, r), "primary group")
	c.ok(t, "user", "chgrp", "bob", "oneadmin")
	c.ok(t, "user", "delgroup", "bob", "users")
	if u := c.userDoc(t, "bob"); str(u, "GNAME") != "oneadmin" || len(list(u, "GROUPS.ID")) != 1 {
		t.Fatalf("after chgrp/delgroup: %v", u)
	}
	c.fails(t, 5, "user", "addgroup", "bob", "no-such-group")

	// encode and passwdsearch are local or read-only
	if out := c.withStdin("p w:x\n").ok(t, "user", "encode", "bob", "--read-file", "-"); out != "bob:p+w%3Ax\n" {
		t.Fatalf("encode: %q", out)
	}
	mustContain(t, "passwdsearch", c.ok(t, "user", "passwdsearch", "core", "bobpw", "--sha256"), "bob")
	if out := c.ok(t, "user", "passwdsearch", "core", "wrong", "--sha256", "--no-header"); strings.TrimSpace(out) != "" {
		t.Fatalf("passwdsearch found %q", out)
	}

	// delete: oneadmin cannot go; bob can
	r = c.fails(t, 6, "user", "delete", "oneadmin")
	mustContain(t, "stderr", oneErrorLine(t, r), "oneadmin cannot be deleted")
	c.ok(t, "user", "delete", itoa(id))
	c.fails(t, 5, "user", "show", itoa(id))
	s.as(t, "bob", "bobpw").fails(t, 3, "user", "show")
}

func TestUserQuotas(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c, alice := s.admin(t), s.alice(t)

	// alice has one VM in the demo seed; a VM quota of one stops the next
	quota := writeFile(t, "q", "VM=[ VMS=1, MEMORY=1024 ]\n")
	c.ok(t, "user", "quota", "alice", quota)
	show := c.ok(t, "user", "show", "alice")
	mustContain(t, "show", show, "VMS USAGE & QUOTAS",
		"      1 /       1       64M /    1024M      0.10 /        -",
		"NETWORK USAGE & QUOTAS", "IMAGE USAGE & QUOTAS")
	mustContain(t, "list", c.ok(t, "user", "list", "--filter", "NAME=alice"), "1 /   1", "64M /   1024M")
	// user quota --show / -o prints the usage and limits and changes nothing
	shown := c.ok(t, "user", "quota", "alice", "--show")
	if !strings.HasPrefix(shown, "\nVMS USAGE & QUOTAS") || !strings.Contains(shown, "      1 /       1       64M /    1024M") {
		t.Fatalf("quota --show:\n%s", shown)
	}
	mustContain(t, "quota -j", c.ok(t, "user", "quota", "alice", "-j"), `"VMS": "1"`, `"VMS_USED": "1"`, `"DEFAULT_USER_QUOTAS"`)
	mustContain(t, "quota -o yaml", c.ok(t, "user", "quota", "alice", "-o", "yaml"), "VM_QUOTA:")
	c.fails(t, 2, "user", "quota", "alice", "--csv")
	c.fails(t, 2, "user", "quota", "alice", quota, "--show")
	mustContain(t, "alice's own quota", alice.ok(t, "user", "quota", "alice", "--show"), "VMS USAGE & QUOTAS")
	r := alice.fails(t, 4, "vm", "create", "--name", "two", "--cpu", "0.1", "--memory", "64")
	mustContain(t, "stderr", oneErrorLine(t, r), "limit of 1 reached for VMS quota in VM")
	r = alice.fails(t, 4, "user", "quota", "alice", quota)
	mustContain(t, "stderr", oneErrorLine(t, r), "Not authorized to perform ADMIN USER")
	c.fails(t, 6, "user", "quota", "oneadmin", quota)
	c.withStdin("VM=[ VMS=").fails(t, 2, "user", "quota", "alice")

	// -o json/yaml carry the quota as the Ruby CLI does
	u := c.userDoc(t, "alice")
	if str(u, "VM_QUOTA.VM.VMS") != "1" || str(u, "VM_QUOTA.VM.VMS_USED") != "1" || str(u, "VM_QUOTA.VM.CPU_USED") != "0.10" {
		t.Fatalf("VM_QUOTA: %v", u["VM_QUOTA"])
	}
	mustContain(t, "yaml", c.ok(t, "user", "show", "alice", "-o", "yaml"), "VM_QUOTA:\n    VM:\n      CPU: \"-1\"")

	// batchquota merges into each user's current quota (alice keeps MEMORY)
	createdID(t, c.ok(t, "user", "create", "dave", "--read-file", writeFile(t, "pw", "d")))
	c.withStdin("VM=[ VMS=3 ]\n").ok(t, "user", "batchquota", "alice,dave")
	for _, who := range []string{"alice", "dave"} {
		if v := str(c.userDoc(t, who), "VM_QUOTA.VM.VMS"); v != "3" {
			t.Fatalf("%s VMS limit %q", who, v)
		}
	}
	if m := str(c.userDoc(t, "alice"), "VM_QUOTA.VM.MEMORY"); m != "1024" {
		t.Fatalf("batchquota lost alice's MEMORY limit: %q", m)
	}
	alice.ok(t, "vm", "create", "--name", "two", "--cpu", "0.1", "--memory", "64")

	// default quotas apply where a user's limit is -1
	c.ok(t, "user", "defaultquota", writeFile(t, "d", "VM=[ CPU=0.25 ]\n"))
	mustContain(t, "show", c.ok(t, "user", "show", "dave"), "0.00 /     0.25")
	r = alice.fails(t, 4, "vm", "create", "--name", "three", "--cpu", "0.1", "--memory", "64")
	mustContain(t, "stderr", oneErrorLine(t, r), "limit of 0.25 reached for CPU quota in VM")
	r = alice.fails(t, 4, "user", "defaultquota", writeFile(t, "d2", "VM=[ CPU=9 ]\n"))
	mustContain(t, "stderr", oneErrorLine(t, r), "oneadmin group")
	c.fails(t, 6, "user", "defaultquota", writeFile(t, "d3", "VM=[ CPU=-1 ]\n"))

	// a datastore quota gets its own table, counting alice's "scratch" image
	c.ok(t, "user", "quota", "alice", writeFile(t, "ds", "DATASTORE=[ ID=1, IMAGES=1 ]\n"))
	mustContain(t, "show", c.ok(t, "user", "show", "alice"),
		"          ID               IMAGES                SIZE\n           1         1 /        1       2G /        -\n")
}

// authFileOf reads the file an `export ONE_AUTH=<file>; ...` line names.
func authFileOf(t *testing.T, out string) (file, auth string) {
	t.Helper()
	m := regexp.MustCompile(`^export ONE_AUTH=(\S+); export ONE_EGID=-?\d+\n$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no export line: %q", out)
	}
	b, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return m[1], string(b)
}

func TestUserTokens(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	alice := s.alice(t)
	out := alice.ok(t, "user", "token-create", "--time", "600")
	_, auth := authFileOf(t, out)
	tok, ok := strings.CutPrefix(auth, "alice:")
	if !ok || len(tok) != 64 || strings.Contains(out, tok) {
		t.Fatalf("token-create: %q, file %q", out, auth)
	}
	s.as(t, "alice", tok).ok(t, "user", "show")
	mustContain(t, "show", alice.ok(t, "user", "show"), "TOKENS", tok[:7]+" *1    users")

	// token-set writes an auth file ONE_AUTH can point at
	file, got := authFileOf(t, alice.ok(t, "user", "token-set", "--global"))
	if got != "alice:"+tok {
		t.Fatalf("auth file %s: %q", file, got)
	}
	newCLI(t).withEnv("ONE_AUTH="+file).withArgs("--endpoint", s.Endpoint).ok(t, "user", "show")
	alice.fails(t, 2, "user", "token-set")
	alice.fails(t, 5, "user", "token-set", "--token", "zzz")

	// a group-scoped token
	_, auth = authFileOf(t, alice.ok(t, "user", "token-create", "--group", "users"))
	scoped := strings.TrimPrefix(auth, "alice:")
	mustContain(t, "show -o json", alice.ok(t, "user", "show", "-o", "json"), `"EGID": "1"`)
	s.as(t, "alice", scoped).ok(t, "vm", "list")

	// token-delete by prefix; then token-delete-all
	alice.ok(t, "user", "token-delete", tok[:10])
	s.as(t, "alice", tok).fails(t, 3, "user", "show")
	alice.fails(t, 5, "user", "token-delete", "ffffffffff")
	c := s.admin(t)
	// oned will not make a full token for another user's groups
	r := c.fails(t, 7, "user", "token-create", "alice", "--time", "60")
	mustContain(t, "stderr", oneErrorLine(t, r), "Cannot create a full token")
	c.ok(t, "user", "token-delete-all", "alice")
	s.as(t, "alice", scoped).fails(t, 3, "user", "show")
	c.fails(t, 2, "user", "token-delete-all", "2")
	c.fails(t, 2, "user", "token-create", "--time", "0")
}

// The ssh and x509 drivers keep a public key or a certificate subject as
// the password: onectl derives them from the files it is given.
func TestUserKeyAndCertDrivers(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := writeFile(t, "id_rsa", string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})))
	pub := strings.TrimSpace(c.ok(t, "user", "key", "--key", keyFile))
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if pub != base64.StdEncoding.EncodeToString(der) {
		t.Fatalf("key: %q", pub)
	}
	c.ok(t, "user", "create", "sshuser", "--ssh", "--key", keyFile)
	if u := c.userDoc(t, "sshuser"); str(u, "AUTH_DRIVER") != "ssh" || str(u, "PASSWORD") != pub {
		t.Fatalf("ssh user: %v", u)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotAfter: time.Now().Add(time.Hour),
		Subject: pkix.Name{Organization: []string{"Lab"}, CommonName: "carol"}}
	cert, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	certFile := writeFile(t, "cert.pem", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert})))
	c.ok(t, "user", "create", "x509user", "--x509", "--cert", certFile)
	if u := c.userDoc(t, "x509user"); str(u, "AUTH_DRIVER") != "x509" || str(u, "PASSWORD") != "/O=Lab/CN=carol" {
		t.Fatalf("x509 user: %v", u)
	}
	c.fails(t, 2, "user", "key", "--key", writeFile(t, "bad", "not a key"))
}
