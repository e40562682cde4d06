package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/onectl/onectl/client"
)

// The fixture's pages are what oned would send: well-formed pools of
// realistic VMs (about 2 KB each), newest first, a short last page.
func TestFixturePages(t *testing.T) {
	f := newFixture(450, 200)
	want := map[int]int{0: 200, 200: 200, 400: 50}
	t.Logf("%d bytes of XML per VM", f.bytes/450)
	if len(f.pages) != len(want) {
		t.Fatalf("%d pages, want %d", len(f.pages), len(want))
	}
	for off, n := range want {
		body := f.pages[off]
		i := bytes.Index(body, []byte("<string>"))
		j := bytes.Index(body, []byte("</string>"))
		if i < 0 || j < i {
			t.Fatalf("page %d: no string in the envelope", off)
		}
		doc := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(string(body[i+8 : j]))
		root, objs, err := client.SplitPool([]byte(doc))
		if err != nil || root != "VM_POOL" || len(objs) != n {
			t.Fatalf("page %d: %s, %d VMs, %v", off, root, len(objs), err)
		}
		for k, o := range objs {
			vm, err := client.ParseVM(o)
			if err != nil {
				t.Fatal(err)
			}
			if vm.ID != 449-off-k {
				t.Fatalf("page %d: VM %d has ID %d", off, k, vm.ID)
			}
			if len(o) < 1700 || len(o) > 2600 {
				t.Fatalf("VM %d is %d bytes, not about 2 KB", vm.ID, len(o))
			}
		}
	}
}
