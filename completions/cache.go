package completions

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/onectl/onectl/client"
)

// CacheTTL is how long a pool read for completion is reused: long enough
// that pressing TAB again does not ask the cloud again, short enough that a
// VM just created shows up.
var CacheTTL = 10 * time.Second

// CacheDir is where the cache lives; empty disables it. The user's cache
// directory by default ($XDG_CACHE_HOME/onectl/completion).
var CacheDir = func() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "onectl", "completion")
}

// cacheFile names one pool of one cloud as one user: a hash, so neither the
// endpoint nor the user name is readable from the file name. It never
// holds the password: the key is built from the endpoint and user only.
func cacheFile(c *client.Client, q client.PoolQuery) string {
	dir := CacheDir()
	if dir == "" {
		return ""
	}
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%v", c.Endpoint(), c.User(), q.Method, q.Filter, q.Extra)))
	return filepath.Join(dir, hex.EncodeToString(h[:12])+".json")
}

type cached struct {
	At   time.Time          `json:"at"`
	Refs []client.ObjectRef `json:"refs"`
}

func readCache(path string, now time.Time) ([]client.ObjectRef, bool) {
	if path == "" {
		return nil, false
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	var c cached
	if json.Unmarshal(b, &c) != nil || now.Sub(c.At) > CacheTTL || now.Before(c.At) {
		return nil, false
	}
	return c.Refs, true
}

// writeCache is best effort: completion works without it.
func writeCache(path string, refs []client.ObjectRef, now time.Time) {
	if path == "" {
		return
	}
	b, err := json.Marshal(cached{At: now, Refs: refs})
	if err != nil || os.MkdirAll(filepath.Dir(path), 0o700) != nil {
		return
	}
	tmp := path + ".tmp" + fmt.Sprint(os.Getpid())
	if os.WriteFile(tmp, b, 0o600) != nil {
		return
	}
	if os.Rename(tmp, path) != nil {
		_ = os.Remove(tmp)
	}
}
