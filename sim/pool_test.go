package sim

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var vmIDs = regexp.MustCompile(`<VM><ID>(\d+)</ID>`)

func pageIDs(t *testing.T, s *Server, session string, filter, off, end int) []int {
	t.Helper()
	body := `<?xml version="1.0"?><methodCall><methodName>one.vmpool.info</methodName><params>` +
		`<param><value><string>` + session + `</string></value></param>` +
		`<param><value><i4>` + strconv.Itoa(filter) + `</i4></value></param>` +
		`<param><value><i4>` + strconv.Itoa(off) + `</i4></value></param>` +
		`<param><value><i4>` + strconv.Itoa(end) + `</i4></value></param>` +
		`<param><value><i4>-1</i4></value></param></params></methodCall>`
	out := html.UnescapeString(string(s.Handle([]byte(body))))
	if !strings.Contains(out, "<boolean>1</boolean>") {
		t.Fatalf("vmpool.info(%d, %d, %d): %.300s", filter, off, end, out)
	}
	var ids []int
	for _, m := range vmIDs.FindAllStringSubmatch(out, -1) {
		id, _ := strconv.Atoi(m[1])
		ids = append(ids, id)
	}
	return ids
}

// Pages of a large pool, read one after the other (the scan resumes where
// the previous page stopped) or alone, are the cuts of the whole list,
// also when something changed between two pages.
func TestPagesOfALargePool(t *testing.T) {
	s, err := New(Options{Seed: "scale:1300"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, who := range []struct {
		session string
		filter  int
	}{{"oneadmin:opennebula", -2}, {"user3:user3", -1}, {"oneadmin:opennebula", 5}} {
		whole := pageIDs(t, s, who.session, who.filter, -1, -1)
		if len(whole) == 0 {
			t.Fatalf("%s sees no VM", who.session)
		}
		var paged []int
		for off := 0; off < len(whole)+100; off += 100 {
			paged = append(paged, pageIDs(t, s, who.session, who.filter, off, -100)...)
		}
		if len(paged) != len(whole) {
			t.Fatalf("%s: %d VMs by pages, %d at once", who.session, len(paged), len(whole))
		}
		for i := range whole {
			if paged[i] != whole[i] {
				t.Fatalf("%s: VM %d of the pages is %d, of the whole list %d", who.session, i, paged[i], whole[i])
			}
		}
		// alone, out of order
		if got := pageIDs(t, s, who.session, who.filter, 0, -100); got[0] != whole[0] {
			t.Fatalf("%s: first page starts at %d, want %d", who.session, got[0], whole[0])
		}
	}

	// a VM leaves user3's view between two pages: the next page is what
	// a fresh scan gives
	before := pageIDs(t, s, "user3:user3", -1, -1, -1)
	first := pageIDs(t, s, "user3:user3", -1, 0, -10)
	chown := `<?xml version="1.0"?><methodCall><methodName>one.vm.chown</methodName><params>` +
		`<param><value><string>oneadmin:opennebula</string></value></param>` +
		`<param><value><i4>` + strconv.Itoa(first[0]) + `</i4></value></param>` +
		`<param><value><i4>0</i4></value></param><param><value><i4>0</i4></value></param></params></methodCall>`
	if out := string(s.Handle([]byte(chown))); !strings.Contains(out, "<boolean>1</boolean>") {
		t.Fatalf("chown: %s", out)
	}
	next := pageIDs(t, s, "user3:user3", -1, 10, -10)
	again := pageIDs(t, s, "user3:user3", -1, 10, -10)
	want := before[11:21] // the chowned VM was the first
	if len(next) != len(want) {
		t.Fatalf("after a chown the next page is %v, want %v", next, want)
	}
	for i := range want {
		if next[i] != want[i] || again[i] != want[i] {
			t.Fatalf("after a chown the next page is %v (again: %v), want %v", next, again, want)
		}
	}
}
