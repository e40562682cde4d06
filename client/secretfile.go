package client

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteSecretFile replaces path with data, mode 0600, atomically: the data
// goes to a temporary file in the same directory, is synced, and is renamed
// over path, so a crash leaves the old file or the new one, never half of
// either. A symbolic link at path is followed, so a config kept in a
// dotfiles repository stays where it is. Missing directories are created
// 0700.
func WriteSecretFile(path string, data []byte) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	// CreateTemp already uses 0600; Chmod makes it independent of that.
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// The rename is only durable once the directory entry is.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// OpenPermWarning says, as ssh does for private keys, that a file holding a
// secret can be read by group or others; "" when it cannot (or is gone).
func OpenPermWarning(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return ""
	}
	mode := st.Mode().Perm()
	if mode&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("warning: permissions %04o for %s are too open: it holds a secret; run chmod 600 %s", mode, path, path)
}
