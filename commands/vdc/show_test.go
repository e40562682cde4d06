package vdc

import (
	"bytes"
	"html"
	"os"
	"regexp"
	"testing"

	"github.com/onectl/onectl/commands/kit"
)

var payloadRe = regexp.MustCompile(`(?s)<string>(.*)</string>`)

// The whole of onevdc show. The CLI printed the VDC after its datastore
// and network were removed again; the recorded document still has them, so
// they are taken out here.
func TestShowMatchesCLI(t *testing.T) {
	raw, _ := os.ReadFile("testdata/vdc.info.with_resources.response.xml")
	want, _ := os.ReadFile("testdata/onevdc.show.txt")
	doc := html.UnescapeString(payloadRe.FindStringSubmatch(string(raw))[1])
	doc = regexp.MustCompile(`<DATASTORES>.*</DATASTORES>`).ReplaceAllString(doc, "<DATASTORES></DATASTORES>")
	doc = regexp.MustCompile(`<VNETS>.*</VNETS>`).ReplaceAllString(doc, "<VNETS></VNETS>")
	var out bytes.Buffer
	r := &kit.Render{Raw: []byte(doc), Out: &out}
	if err := renderVDC(r); err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
