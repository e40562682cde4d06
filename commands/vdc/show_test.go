package vdc

import (
	"bytes"
	"os"
	"regexp"
	"testing"

	"github.com/onectl/onectl/commands/kit/kittest"
)

// The whole of onevdc show. The CLI printed the VDC after its datastore
// and network were removed again; the recorded document still has them, so
// they are taken out here.
func TestShowMatchesCLI(t *testing.T) {
	want, _ := os.ReadFile("testdata/onevdc.show.txt")
	doc := string(kittest.Payload(t, "testdata/vdc.info.with_resources.response.xml"))
	doc = regexp.MustCompile(`<DATASTORES>.*</DATASTORES>`).ReplaceAllString(doc, "<DATASTORES></DATASTORES>")
	doc = regexp.MustCompile(`<VNETS>.*</VNETS>`).ReplaceAllString(doc, "<VNETS></VNETS>")
	var out bytes.Buffer
	r := kittest.NewRender(t, []byte(doc), &out)
	if err := renderVDC(r); err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
