package user

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/commands/kit/kittest"
)

// The whole of oneuser show, from the same user document the Ruby CLI
// printed (samples-6.10.5, token times in UTC, before they expired).
func TestShowMatchesOneuser(t *testing.T) {
	want, _ := os.ReadFile("testdata/oneuser.show.quota.txt")
	oldLocal, oldNow := time.Local, kit.Now
	time.Local = time.UTC
	kit.Now = func() time.Time { return time.Unix(1795960000, 0) }
	t.Cleanup(func() { time.Local, kit.Now = oldLocal, oldNow })
	var out bytes.Buffer
	r := kittest.NewRender(t, kittest.Payload(t, "testdata/user.info.quota_used.response.xml"), &out)
	if err := writeUser(r, func(*client.User) map[int]string { return map[int]string{1: "users", 100: "smp-grp1"} }); err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
