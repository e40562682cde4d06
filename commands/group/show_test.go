package group

import (
	"bytes"
	"os"
	"testing"

	"github.com/onectl/onectl/commands/kit/kittest"
)

// The whole of onegroup show, from the same document the Ruby CLI printed.
func TestShowMatchesCLI(t *testing.T) {
	want, _ := os.ReadFile("testdata/onegroup.show.quota.txt")
	var out bytes.Buffer
	r := kittest.NewRender(t, kittest.Payload(t, "testdata/group.info.in_vdc.response.xml"), &out)
	if err := renderGroup(r); err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
