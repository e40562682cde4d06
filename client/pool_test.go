package client

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func intParam(t *testing.T, p string) int {
	t.Helper()
	v, ok := strings.CutPrefix(p, "int:")
	if !ok {
		t.Fatalf("param %q is not an <int>", p)
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// vmPoolServer serves n VMs (IDs 0..n-1) honouring (offset, -size) like
// oned's LIMIT clause; (-1, -1) returns everything.
func vmPoolServer(t *testing.T, n int) *fakeOned {
	return newFake(t, func(c rpcCall) []byte {
		offset, end := intParam(t, c.Params[2]), intParam(t, c.Params[3])
		lo, hi := 0, n
		if end < -1 {
			lo, hi = offset, min(offset-end, n)
		}
		var b strings.Builder
		b.WriteString("<VM_POOL>")
		for id := lo; id < hi; id++ {
			fmt.Fprintf(&b, "<VM><ID>%d</ID><NAME>vm-%d</NAME><STATE>3</STATE><LCM_STATE>3</LCM_STATE><TEMPLATE><CPU><![CDATA[1]]></CPU></TEMPLATE></VM>", id, id)
		}
		b.WriteString("</VM_POOL>")
		return okString(b.String())
	})
}

func ranges(calls []rpcCall) string {
	var parts []string
	for _, c := range calls {
		parts = append(parts, strings.Join(c.Params[1:], ","))
	}
	return strings.Join(parts, " ")
}

func TestPoolPagesAndMerges(t *testing.T) {
	cases := []struct {
		n, size   int
		wantCalls string
		wantPages int
	}{
		{7, 3, "int:-2,int:0,int:-3,int:-1 int:-2,int:3,int:-3,int:-1 int:-2,int:6,int:-3,int:-1", 3},
		{6, 3, "int:-2,int:0,int:-3,int:-1 int:-2,int:3,int:-3,int:-1 int:-2,int:6,int:-3,int:-1", 2},
		{0, 3, "int:-2,int:0,int:-3,int:-1", 1},
		{5, 0, "int:-2,int:-1,int:-1,int:-1", 1}, // paging disabled
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("n=%d,size=%d", tc.n, tc.size), func(t *testing.T) {
			f := vmPoolServer(t, tc.n)
			c := newTestClient(t, f.URL, func(o *Options) { o.PageSize = tc.size })
			q := PoolQuery{Method: "one.vmpool.info", Paged: true, Filter: -2, Extra: []any{-1}}
			pages := 0
			if err := c.Pages(bg, q, func([]byte) error { pages++; return nil }); err != nil {
				t.Fatal(err)
			}
			if pages != tc.wantPages {
				t.Errorf("fn called %d times, want %d", pages, tc.wantPages)
			}
			if got := ranges(f.Calls()); got != tc.wantCalls {
				t.Errorf("calls:\n%s\nwant\n%s", got, tc.wantCalls)
			}

			doc, err := c.Pool(bg, q)
			if err != nil {
				t.Fatal(err)
			}
			pool, err := ParseVMPool(doc)
			if err != nil {
				t.Fatalf("merged pool does not parse: %v\n%s", err, doc)
			}
			if len(pool.VMs) != tc.n {
				t.Fatalf("merged %d VMs, want %d", len(pool.VMs), tc.n)
			}
			for i, vm := range pool.VMs {
				if vm.ID != i || vm.Name != fmt.Sprintf("vm-%d", i) || vm.Template.CPU != "1" {
					t.Errorf("VM %d = %+v", i, vm)
				}
			}
		})
	}
}

func TestPoolUnpagedAndSearch(t *testing.T) {
	f := newFake(t, func(c rpcCall) []byte {
		return okString("<HOST_POOL><HOST><ID>0</ID></HOST><HOST><ID>1</ID></HOST></HOST_POOL>")
	})
	c := newTestClient(t, f.URL, func(o *Options) { o.PageSize = 1 << 10 })
	doc, err := c.Pool(bg, PoolQuery{Method: "one.hostpool.info"})
	if err != nil {
		t.Fatal(err)
	}
	if string(doc) != "<HOST_POOL><HOST><ID>0</ID></HOST><HOST><ID>1</ID></HOST></HOST_POOL>" {
		t.Errorf("doc = %s", doc)
	}
	if calls := f.Calls(); len(calls) != 1 || len(calls[0].Params) != 1 {
		t.Errorf("host pool must be called with the session only: %+v", calls)
	}

	s := vmPoolServer(t, 4)
	c = newTestClient(t, s.URL, func(o *Options) { o.PageSize = 2 })
	q := PoolQuery{Method: "one.vmpool.info", Paged: true, Filter: -2, Extra: []any{-1, "NAME=vm"}}
	if _, err := c.Pool(bg, q); err != nil {
		t.Fatal(err)
	}
	if got := ranges(s.Calls()); got != "int:-2,int:-1,int:-1,int:-1,string:NAME=vm" {
		t.Errorf("search must not page: %s", got)
	}
}

func TestPoolStopsWhenServerIgnoresRange(t *testing.T) {
	f := newFake(t, func(rpcCall) []byte {
		return okString("<VM_POOL><VM><ID>1</ID></VM><VM><ID>2</ID></VM><VM><ID>3</ID></VM></VM_POOL>")
	})
	c := newTestClient(t, f.URL, func(o *Options) { o.PageSize = 3 })
	doc, err := c.Pool(bg, PoolQuery{Method: "one.vmpool.info", Paged: true, Filter: -2})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Calls()) != 2 || strings.Count(string(doc), "<VM>") != 3 {
		t.Errorf("%d calls, doc %s", len(f.Calls()), doc)
	}
}

func TestPoolErrors(t *testing.T) {
	f := newFake(t, func(c rpcCall) []byte {
		if intParam(t, c.Params[2]) > 0 {
			return sample(t, "err.not_authorized.response.xml")
		}
		return okString("<VM_POOL><VM><ID>0</ID></VM><VM><ID>1</ID></VM></VM_POOL>")
	})
	c := newTestClient(t, f.URL, func(o *Options) { o.PageSize = 2 })
	q := PoolQuery{Method: "one.vmpool.info", Paged: true, Filter: -2, Extra: []any{-1}}
	if _, err := c.Pool(bg, q); !IsCode(err, CodeAuthorization) {
		t.Errorf("second page error lost: %v", err)
	}
	stop := errors.New("stop")
	if err := c.Pages(bg, q, func([]byte) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("fn error not returned: %v", err)
	}

	bad := newFake(t, func(rpcCall) []byte { return okString("<VM_POOL><VM>") })
	c = newTestClient(t, bad.URL, func(o *Options) { o.PageSize = 2 })
	if _, err := c.Pool(bg, q); err == nil || !strings.Contains(err.Error(), "invalid pool document") {
		t.Errorf("truncated page: %v", err)
	}
}

func TestPoolDryRun(t *testing.T) {
	f := vmPoolServer(t, 3)
	var out bytes.Buffer
	c := newTestClient(t, f.URL, func(o *Options) { o.DryRun = &out; o.PageSize = 2 })
	doc, err := c.Pool(bg, PoolQuery{Method: "one.vmpool.info", Paged: true, Filter: -2, Extra: []any{-1}})
	if err != nil || doc != nil || len(f.Calls()) != 0 {
		t.Errorf("doc %q err %v calls %d", doc, err, len(f.Calls()))
	}
	if out.String() != `one.vmpool.info("oneadmin:****", -2, 0, -2, -1)`+"\n" {
		t.Errorf("dry-run: %q", out.String())
	}
}

func TestScanPoolCountsDirectChildrenOnly(t *testing.T) {
	doc := []byte(`<VM_POOL><VM><ID>1</ID><TEMPLATE><VM>nested</VM></TEMPLATE></VM><VM/><VM><NAME><![CDATA[</VM>]]></NAME></VM></VM_POOL>`)
	var raws []string
	root, n, err := scanPool(doc, func(raw []byte) { raws = append(raws, string(raw)) })
	if err != nil || root != "VM_POOL" || n != 3 {
		t.Fatalf("root %q n %d err %v", root, n, err)
	}
	if raws[1] != "<VM/>" || raws[2] != "<VM><NAME><![CDATA[</VM>]]></NAME></VM>" {
		t.Errorf("raw children: %q", raws)
	}
}

func TestSplitPoolAndRef(t *testing.T) {
	doc := []byte(`<VM_POOL><VM><ID>3</ID><NAME>web</NAME><STATE>3</STATE><LCM_STATE>3</LCM_STATE><TEMPLATE><NAME>x</NAME></TEMPLATE></VM><VM><ID>1</ID><NAME>db</NAME></VM></VM_POOL>`)
	root, objs, err := SplitPool(doc)
	if err != nil || root != "VM_POOL" || len(objs) != 2 || string(objs[1]) != `<VM><ID>1</ID><NAME>db</NAME></VM>` {
		t.Fatalf("SplitPool: %q %q %v", root, objs, err)
	}
	got, err := Ref(objs[0])
	if err != nil || got != (ObjectRef{ID: 3, Name: "web", State: 3, LCMState: 3}) {
		t.Fatalf("Ref: %+v, %v", got, err)
	}
	if _, _, err := SplitPool([]byte(`<VM_POOL><VM>`)); err == nil {
		t.Fatal("truncated pool: want an error")
	}
}
