package zone

import (
	"bytes"
	"os"
	"testing"

	"github.com/onectl/onectl/commands/kit/kittest"
)

// The whole of onezone show, from the same document the Ruby CLI printed.
func TestShowMatchesCLI(t *testing.T) {
	want, _ := os.ReadFile("testdata/onezone.show.txt")
	var out bytes.Buffer
	r := kittest.NewRender(t, kittest.Payload(t, "testdata/zone.info.0.response.xml"), &out)
	if err := renderZone(r); err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
