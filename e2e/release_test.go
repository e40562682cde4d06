package e2e

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// goreleaserBin finds goreleaser on PATH or where `go install` puts it.
func goreleaserBin() string {
	if p, err := exec.LookPath("goreleaser"); err == nil {
		return p
	}
	out, err := exec.Command("go", "env", "GOPATH").Output()
	if err != nil {
		return ""
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "bin", "goreleaser")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// TestReleaseSnapshot builds the project's real release configuration,
// narrowed to linux/amd64 to spare the machine five cross builds, and
// checks what a user installs: the deb's files, the archive's, and the
// version stamped into the binary.
func TestReleaseSnapshot(t *testing.T) {
	gr := goreleaserBin()
	if gr == "" {
		t.Skip("goreleaser not installed (go install github.com/goreleaser/goreleaser/v2@v2.15.1)")
	}
	repo, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	root := cloneWorkTree(t, repo)
	raw, err := os.ReadFile(filepath.Join(root, "goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	builds := cfg["builds"].([]any)
	b := builds[0].(map[string]any)
	b["goos"], b["goarch"] = []string{"linux"}, []string{"amd64"}
	dist := filepath.Join(t.TempDir(), "dist")
	cfg["dist"] = dist
	narrowed, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(t.TempDir(), "goreleaser.yaml")
	if err := os.WriteFile(cfgFile, narrowed, 0o644); err != nil {
		t.Fatal(err)
	}

	check := exec.Command(gr, "check", "--config", filepath.Join(root, "goreleaser.yaml"))
	check.Dir = root
	if out, err := check.CombinedOutput(); err != nil {
		t.Fatalf("goreleaser check: %v\n%s", err, out)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	rel := exec.CommandContext(ctx, gr, "release", "--snapshot", "--clean", "--config", cfgFile)
	rel.Dir = root
	if out, err := rel.CombinedOutput(); err != nil {
		t.Fatalf("goreleaser release --snapshot: %v\n%s", err, out)
	}

	debs, _ := filepath.Glob(filepath.Join(dist, "*.deb"))
	rpms, _ := filepath.Glob(filepath.Join(dist, "*.rpm"))
	tgzs, _ := filepath.Glob(filepath.Join(dist, "onectl_*_linux_amd64.tar.gz"))
	if len(debs) != 1 || len(rpms) != 1 || len(tgzs) != 1 {
		t.Fatalf("dist holds debs %v, rpms %v, archives %v", debs, rpms, tgzs)
	}
	if sums, err := os.ReadFile(filepath.Join(dist, "checksums.txt")); err != nil || !bytes.Contains(sums, []byte(filepath.Base(debs[0]))) {
		t.Errorf("checksums.txt does not list the deb (%v):\n%s", err, sums)
	}

	deb := debFiles(t, debs[0])
	for _, want := range []string{
		"/usr/bin/onectl",
		"/usr/share/man/man1/onectl.1.gz",
		"/usr/share/man/man1/onectl-vm-deploy.1.gz",
		"/usr/share/bash-completion/completions/onectl",
		"/usr/share/zsh/vendor-completions/_onectl",
		"/usr/share/fish/vendor_completions.d/onectl.fish",
	} {
		if _, ok := deb[want]; !ok {
			t.Errorf("deb lacks %s", want)
		}
	}
	if bash := deb["/usr/share/bash-completion/completions/onectl"]; !bytes.Contains(bash, []byte("__start_onectl")) {
		t.Errorf("the deb's bash completion is not onectl's:\n%.200s", bash)
	}
	if page := gunzip(t, deb["/usr/share/man/man1/onectl-vm-deploy.1.gz"]); !bytes.Contains(page, []byte(".SH NAME")) {
		t.Errorf("the deb's man page is not roff:\n%.200s", page)
	}

	arch := tarFiles(t, mustRead(t, tgzs[0]))
	for _, want := range []string{"onectl", "README.md", "man/man1/onectl-vm-deploy.1.gz", "completions/onectl.bash", "completions/_onectl", "completions/onectl.fish", "completions/onectl.ps1"} {
		if _, ok := arch[want]; !ok {
			t.Errorf("archive lacks %s (has %d files)", want, len(arch))
		}
	}

	// The binary says which commit it was built from.
	head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	bins, _ := filepath.Glob(filepath.Join(dist, "onectl_linux_amd64*", "onectl"))
	if len(bins) != 1 {
		t.Fatalf("built binaries: %v", bins)
	}
	out, err := exec.Command(bins[0], "--version").CombinedOutput()
	if err != nil || !strings.Contains(string(out), strings.TrimSpace(string(head))[:12]) || !strings.Contains(string(out), "-next") {
		t.Errorf("onectl --version = %q (%v), want the snapshot version and commit %s", out, err, head)
	}
}

// cloneWorkTree copies the repository with its uncommitted changes into a
// clone, where goreleaser finds a remote (it needs one to read the commit)
// and writes its build files without touching the developer's tree.
func cloneWorkTree(t *testing.T, repo string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "src")
	git := func(dir string, args ...string) []byte {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
		return out
	}
	if out, err := exec.Command("git", "clone", "-q", repo, dir).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	if diff := git(repo, "diff", "--binary", "HEAD"); len(diff) > 0 {
		apply := exec.Command("git", "-C", dir, "apply", "--binary", "-")
		apply.Stdin = bytes.NewReader(diff)
		if out, err := apply.CombinedOutput(); err != nil {
			t.Fatalf("git apply: %v\n%s", err, out)
		}
	}
	return dir
}

// debFiles reads a .deb (an ar archive holding data.tar.*) without dpkg.
func debFiles(t *testing.T, path string) map[string][]byte {
	t.Helper()
	data := mustRead(t, path)
	if !bytes.HasPrefix(data, []byte("!<arch>\n")) {
		t.Fatalf("%s is not an ar archive", path)
	}
	rest := data[8:]
	for len(rest) >= 60 {
		hdr := rest[:60]
		name := strings.TrimRight(strings.TrimSpace(string(hdr[:16])), "/")
		var size int
		if _, err := fmt.Sscanf(strings.TrimSpace(string(hdr[48:58])), "%d", &size); err != nil || 60+size > len(rest) {
			t.Fatalf("bad ar member header %q", hdr)
		}
		body := rest[60 : 60+size]
		rest = rest[60+size:]
		if size%2 == 1 && len(rest) > 0 {
			rest = rest[1:]
		}
		if name == "data.tar.gz" {
			files := tarFiles(t, body)
			abs := make(map[string][]byte, len(files))
			for k, v := range files {
				abs["/"+strings.TrimPrefix(k, "./")] = v
			}
			return abs
		}
		if strings.HasPrefix(name, "data.tar") {
			t.Fatalf("deb data member %s: only gzip is read here", name)
		}
	}
	t.Fatalf("%s has no data.tar.gz", path)
	return nil
}

// tarFiles lists a gzipped tar's regular files with their contents.
func tarFiles(t *testing.T, gz []byte) map[string][]byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		files[strings.TrimPrefix(h.Name, "./")] = body
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
