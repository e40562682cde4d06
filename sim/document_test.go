package sim

import (
	"strings"
	"testing"
)

func TestDocuments(t *testing.T) {
	s := newSim(t, Options{})
	id := must(t, s, "one.document.allocate", alice, "NAME=svc\nBODY=\"{}\"", 101).num
	other := must(t, s, "one.document.allocate", admin, "BODY=\"x\"", 100).num
	x := must(t, s, "one.document.info", alice, id).str
	if !strings.HasPrefix(x, "<DOCUMENT><ID>") || !strings.Contains(x, "<NAME>svc</NAME><TYPE>101</TYPE><PERMISSIONS>") {
		t.Errorf("document: %s", x)
	}
	if x := must(t, s, "one.document.info", admin, other).str; !strings.Contains(x, sprintf("<NAME>document-%d</NAME>", other)) {
		t.Errorf("unnamed document: %s", x)
	}
	pool := must(t, s, "one.documentpool.info", admin, -2, -1, -1, 101).str
	if strings.Count(pool, "<DOCUMENT>") != 2 || strings.Contains(pool, "<TYPE>100<") { // the seed has one of type 101
		t.Errorf("pool of type 101: %s", pool)
	}
	wantErr(t, try(t, s, "one.document.info", alice, other), 512,
		sprintf("[one.document.info] User [2] : Not authorized to perform USE DOCUMENT [%d].", other))
	must(t, s, "one.document.clone", alice, id, "svc2")
	must(t, s, "one.document.delete", alice, id)
	wantErr(t, try(t, s, "one.document.info", alice, id), 1024, sprintf("[one.document.info] Error getting document [%d].", id))
}
