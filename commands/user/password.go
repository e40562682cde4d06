package user

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/onectl/onectl/commands/kit"
)

// Passwords are never needed on the command line: on a terminal they are
// asked twice with echo off, else read with --read-file (a file, or - for
// stdin). A password argument still works, for old scripts, with a
// warning that other users can see it.

func passwordFlags(fs *pflag.FlagSet) {
	fs.String("read-file", "", "read the password from this file (- for stdin) instead of asking")
	fs.Bool("sha256", false, "send the SHA-256 of the password instead of the password")
	fs.Bool("ssh", false, "ssh auth driver: the password is the public key of --key")
	fs.String("key", "", "with --ssh: the public key file (id_rsa.pub); a private key path finds its .pub")
	fs.Bool("x509", false, "x509 auth driver: the password is the subject of --cert")
	fs.String("cert", "", "with --x509: the PEM certificate whose subject is the password")
}

// readPassword finds the password for create, passwd and chauth; arg is
// the optional positional password. none says whether having no password
// at all is fine (chauth keeps the current one).
func readPassword(c *kit.Call, arg any, none bool) (string, error) {
	var pw string
	switch {
	case c.String("read-file") != "":
		text, err := kit.ReadSource(c.F, c.String("read-file"))
		if err != nil {
			return "", err
		}
		pw = strings.TrimRight(text, "\r\n")
	case arg != nil:
		pw = arg.(string)
		fmt.Fprintln(c.F.IO.ErrOut, "onectl: warning: a password on the command line is visible to other users; use --read-file or the prompt")
	case c.Bool("ssh") || c.String("key") != "":
		return sshKey(c.String("key"))
	case c.Bool("x509") || c.String("cert") != "":
		return certSubject(c.String("cert"))
	case none && !c.F.IO.CanPrompt():
		return "", nil
	default:
		var err error
		pw, err = kit.AskSecret(c.F, "Password", true,
			"no password given: use --read-file <file> (- for stdin), or run on a terminal to be asked")
		if err != nil {
			return "", err
		}
	}
	if pw == "" && !none {
		return "", &kit.CodedError{Code: kit.ExitRejected, Err: fmt.Errorf("the password cannot be empty")}
	}
	if c.Bool("sha256") && pw != "" {
		h := sha256.Sum256([]byte(pw))
		pw = hex.EncodeToString(h[:])
	}
	return pw, nil
}

// driverFor is the auth driver the flags ask for, "" when none.
func driverFor(c *kit.Call) string {
	switch {
	case c.String("driver") != "":
		return c.String("driver")
	case c.Bool("ssh"):
		return "ssh"
	case c.Bool("x509"):
		return "x509"
	}
	return ""
}

// sshKey reads the public key the ssh driver stores as the password.
func sshKey(path string) (string, error) {
	if path == "" {
		return "", kit.Usagef("--ssh needs --key <public key file>")
	}
	if !strings.HasSuffix(path, ".pub") {
		if _, err := os.Stat(path + ".pub"); err == nil {
			path += ".pub"
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", kit.Usagef("cannot read the key: %v", err)
	}
	key := strings.TrimSpace(string(b))
	if !strings.HasPrefix(key, "ssh-") && !strings.HasPrefix(key, "ecdsa-") {
		return "", kit.Usagef("%s is not an OpenSSH public key", path)
	}
	return key, nil
}

// certSubject is the subject the x509 driver compares, in OpenSSL's
// /C=../O=../CN=.. form.
func certSubject(path string) (string, error) {
	if path == "" {
		return "", kit.Usagef("--x509 needs --cert <certificate file>")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", kit.Usagef("cannot read the certificate: %v", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return "", kit.Usagef("%s is not a PEM certificate", path)
	}
	cert, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		return "", kit.Usagef("%s: %v", path, err)
	}
	short := map[string]string{"2.5.4.6": "C", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.3": "CN",
		"2.5.4.7": "L", "2.5.4.8": "ST", "1.2.840.113549.1.9.1": "emailAddress"}
	var sb strings.Builder
	for _, n := range cert.Subject.Names {
		k := short[n.Type.String()]
		if k == "" {
			k = n.Type.String()
		}
		fmt.Fprintf(&sb, "/%s=%v", k, n.Value)
	}
	return sb.String(), nil
}

func passwdAction() *kit.Action {
	var pw string
	return &kit.Action{
		Use: "passwd", Method: "one.user.passwd", Res: kit.Users,
		Short: "Change a user's password (asked twice on a terminal)",
		Long: `The password is asked twice with echo off on a terminal, or read with
--read-file (a file, or - for stdin). A <password> argument works too but
is visible to other users of the machine.`,
		Args: []kit.Arg{{Name: "password", Optional: true}},
		Flags: func(fs *pflag.FlagSet) {
			passwordFlags(fs)
			fs.String("driver", "", "unused; kept for oneuser compatibility")
		},
		Check: func(c *kit.Call) (err error) {
			pw, err = readPassword(c, c.Arg(0, nil), false)
			return err
		},
		Params: func(_ *kit.Call, id int) ([]any, error) { return []any{id, pw}, nil },
	}
}

func chauthAction() *kit.Action {
	var driver, pw string
	return &kit.Action{
		Use: "chauth", Method: "one.user.chauth", Res: kit.Users,
		Short: "Change a user's auth driver (and password)",
		Long: `The driver is <auth> or --driver (core when neither is given). The
password stays unless one is given with --read-file, --ssh/--key,
--x509/--cert or <password>; it is never asked.`,
		Args: []kit.Arg{{Name: "auth", Optional: true}, {Name: "password", Optional: true}},
		Flags: func(fs *pflag.FlagSet) {
			passwordFlags(fs)
			fs.String("driver", "", "the new auth driver (core, public, ssh, x509, ldap, server_cipher, server_x509)")
		},
		Check: func(c *kit.Call) (err error) {
			driver = driverFor(c)
			if a, ok := c.Arg(0, nil).(string); ok {
				if driver != "" && driver != a {
					return kit.Usagef("give the driver once: <auth> %q or --driver %q", a, driver)
				}
				driver = a
			}
			if driver == "" {
				driver = "core"
			}
			if c.Arg(1, nil) == nil && c.String("read-file") == "" && !c.Bool("ssh") && !c.Bool("x509") &&
				c.String("key") == "" && c.String("cert") == "" {
				pw = ""
				return nil
			}
			pw, err = readPassword(c, c.Arg(1, nil), true)
			return err
		},
		Params: func(_ *kit.Call, id int) ([]any, error) { return []any{id, driver, pw}, nil },
	}
}
