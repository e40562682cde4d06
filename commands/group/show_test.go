package group

import (
	"bytes"
	"html"
	"os"
	"regexp"
	"testing"

	"github.com/onectl/onectl/commands/kit"
)

var payloadRe = regexp.MustCompile(`(?s)<string>(.*)</string>`)

// The whole of onegroup show, from the same document the Ruby CLI printed.
func TestShowMatchesCLI(t *testing.T) {
	raw, _ := os.ReadFile("testdata/group.info.in_vdc.response.xml")
	want, _ := os.ReadFile("testdata/onegroup.show.quota.txt")
	var out bytes.Buffer
	r := &kit.Render{Raw: []byte(html.UnescapeString(payloadRe.FindStringSubmatch(string(raw))[1])), Out: &out}
	if err := renderGroup(r); err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
