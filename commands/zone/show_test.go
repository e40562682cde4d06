package zone

import (
	"bytes"
	"html"
	"os"
	"regexp"
	"testing"

	"github.com/onectl/onectl/commands/kit"
)

var payloadRe = regexp.MustCompile(`(?s)<string>(.*)</string>`)

// The whole of onezone show, from the same document the Ruby CLI printed.
func TestShowMatchesCLI(t *testing.T) {
	raw, _ := os.ReadFile("testdata/zone.info.0.response.xml")
	want, _ := os.ReadFile("testdata/onezone.show.txt")
	var out bytes.Buffer
	r := &kit.Render{Raw: []byte(html.UnescapeString(payloadRe.FindStringSubmatch(string(raw))[1])), Out: &out}
	if err := renderZone(r); err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
