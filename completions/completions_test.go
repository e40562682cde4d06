package completions

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
)

const pool = `<VM_POOL><VM><ID>3</ID><NAME>web-2</NAME><STATE>8</STATE><LCM_STATE>0</LCM_STATE></VM>` +
	`<VM><ID>1</ID><NAME>web-1</NAME><STATE>3</STATE><LCM_STATE>3</LCM_STATE></VM>` +
	`<VM><ID>12</ID><NAME>db</NAME><STATE>3</STATE><LCM_STATE>3</LCM_STATE></VM></VM_POOL>`

func TestMain(m *testing.M) {
	// Never the developer's own cache.
	dir, err := os.MkdirTemp("", "onectl-completion-")
	if err != nil {
		panic(err)
	}
	CacheDir = func() string { return dir }
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// calls counts the fake cloud's pool reads.
var calls atomic.Int32

func fakeCloud(t *testing.T) func() (*client.Client, error) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><methodResponse><params><param><value><array><data>`)
		b.WriteString(`<value><boolean>1</boolean></value><value><string>`)
		b.WriteString(strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(pool))
		b.WriteString(`</string></value><value><i4>0</i4></value></data></array></value></param></params></methodResponse>`)
		w.Write([]byte(b.String()))
	}))
	t.Cleanup(srv.Close)
	return func() (*client.Client, error) {
		return client.New(client.Options{Endpoint: srv.URL + "/RPC2", Session: "a:b"})
	}
}

func TestFuncFiltersByStateAndPrefix(t *testing.T) {
	src := Source{Client: fakeCloud(t), Pool: client.PoolQuery{Method: "one.vmpool.info", Paged: true, Filter: -2, Extra: []any{-1}}, Label: "VM", Many: true}
	complete := func(s Source, typed string, args ...string) []string {
		cmd := &cobra.Command{}
		cmd.SetContext(context.Background())
		out, _ := Func(s)(cmd, args, typed)
		return out
	}
	if got := complete(src, "web"); len(got) != 2 || got[0] != "web-2\tVM 3" {
		t.Errorf("names: %q", got)
	}
	if got := complete(src, "1"); len(got) != 2 || got[0] != "1\tweb-1" || got[1] != "12\tdb" {
		t.Errorf("IDs: %q", got)
	}
	src.Keep = VMIn("poff")
	if got := complete(src, ""); len(got) != 1 || !strings.HasPrefix(got[0], "web-2") {
		t.Errorf("resume candidates: %q", got)
	}
	src.Many = false
	if got := complete(src, "", "web-2"); got != nil {
		t.Errorf("second argument of a one-object command: %q", got)
	}
}

func TestListFailsQuietlyWithoutCloud(t *testing.T) {
	src := Source{Client: func() (*client.Client, error) {
		return client.New(client.Options{Endpoint: "http://127.0.0.1:1/RPC2", Session: "a:b"})
	}, Pool: client.PoolQuery{Method: "one.vmpool.info"}}
	cmd := &cobra.Command{}
	cmd.SetContext(context.Background())
	out, dir := Func(src)(cmd, nil, "")
	if out != nil || dir&cobra.ShellCompDirectiveError == 0 {
		t.Errorf("got %q, %v", out, dir)
	}
}

// Pressing TAB again reuses the pool read, per cloud and user, until the
// cache is older than CacheTTL.
func TestCacheIsShortAndPerUser(t *testing.T) {
	cloud := fakeCloud(t)
	q := client.PoolQuery{Method: "one.vmpool.info", Filter: -2}
	as := func(session string) Source {
		return Source{Client: func() (*client.Client, error) {
			c, _ := cloud()
			return client.New(client.Options{Endpoint: c.Endpoint(), Session: session})
		}, Pool: q}
	}
	before := calls.Load()
	for i := 0; i < 3; i++ {
		if refs, err := List(context.Background(), as("alice:pw")); err != nil || len(refs) != 3 {
			t.Fatalf("List: %v, %v", refs, err)
		}
	}
	if n := calls.Load() - before; n != 1 {
		t.Fatalf("three completions cost %d pool reads, want 1", n)
	}
	if _, err := List(context.Background(), as("bob:pw")); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load() - before; n != 2 {
		t.Fatalf("another user reused alice's cache (%d reads)", n)
	}
	c, _ := as("alice:pw").Client()
	path := cacheFile(c, q)
	b, err := os.ReadFile(path)
	if err != nil || strings.Contains(string(b), "pw") {
		t.Fatalf("cache file %s: %v\n%s", path, err, b)
	}
	if _, ok := readCache(path, time.Now().Add(CacheTTL+time.Second)); ok {
		t.Fatal("an expired cache was used")
	}
	if _, ok := readCache(path, time.Now()); !ok {
		t.Fatal("a fresh cache was not used")
	}
}
