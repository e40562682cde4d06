package user

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
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
	fs.String("key", "", "with --ssh: the RSA private key (PEM) whose public key is the password")
	fs.Bool("x509", false, "x509 auth driver: the password is the subject of --cert")
	fs.String("cert", "", "with --x509: the PEM certificate whose subject is the password")
}

// passwordFor finds the password for create, passwd and chauth; arg is
// the optional positional password. none says whether having no password
// at all is fine (chauth keeps the current one).
func passwordFor(c *kit.Call, arg any, none bool) (string, error) {
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
		pw, err = kit.AskNewSecret(c.F, "Password",
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

// sshKey is what the ssh driver keeps as the password: the RSA public key
// of the private key file, as the body of its PEM (SubjectPublicKeyInfo)
// without the header lines, as OpenNebula's ssh_auth.rb derives it.
func sshKey(path string) (string, error) {
	if path == "" {
		return "", kit.Usagef("--ssh needs --key <private key file>")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", kit.Usagef("cannot read the key: %v", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return "", kit.Usagef("%s is not a PEM private key", path)
	}
	if blk.Type == "OPENSSH PRIVATE KEY" {
		return "", kit.Usagef("%s is in OpenSSH format; convert a copy with `ssh-keygen -p -N '' -m PEM -f <copy>`", path)
	}
	var key any
	if key, err = x509.ParsePKCS1PrivateKey(blk.Bytes); err != nil {
		if key, err = x509.ParsePKCS8PrivateKey(blk.Bytes); err != nil {
			return "", kit.Usagef("%s: not an RSA private key: %v", path, err)
		}
	}
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		return "", kit.Usagef("%s: the ssh driver takes RSA keys only", path)
	}
	der, err := x509.MarshalPKIXPublicKey(&rk.PublicKey)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(der), nil
}

// newKeyCmd is oneuser key: the public key the ssh driver would store for
// a private key. Nothing is sent.
func newKeyCmd(f *kit.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:         "key --key <private key>",
		Annotations: map[string]string{kit.Local: "yes"},
		Short:       "Print the ssh-driver public key of an RSA private key (local; nothing is sent)",
		Args:        cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			k, err := sshKey((&kit.Call{Cmd: cmd, F: f}).String("key"))
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(f.IO.Out, k)
			return err
		},
	}
	cmd.Flags().String("key", "", "the RSA private key file (PEM)")
	return cmd
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
			pw, err = passwordFor(c, c.Arg(0, nil), false)
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
			pw, err = passwordFor(c, c.Arg(1, nil), true)
			return err
		},
		Params: func(_ *kit.Call, id int) ([]any, error) { return []any{id, driver, pw}, nil },
	}
}
