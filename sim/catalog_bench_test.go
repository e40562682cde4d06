package sim

import (
	"strings"
	"testing"
	"time"
)

// BenchmarkCatalogLargePool: with 20000 images (one in ten still being
// copied, its end an hour away) and 2000 apps, a request must not pay for
// the whole catalogue: image.info and a first page of imagepool.info.
func BenchmarkCatalogLargePool(b *testing.B) {
	now := time.Unix(1700000000, 0)
	s, err := New(Options{Delay: time.Second, Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	for i := 0; i < 20000; i++ {
		id := s.st.nextID("image")
		im := &Image{base: base{ID: id, Name: "img-" + itoa(id), Perms: perms{OU: 1, OM: 1}}, Size: 10,
			State: imgReady, DatastoreID: 1, Source: "dummy_path/x", Template: mustTmpl(`DEV_PREFIX="vd"`)}
		if i%10 == 0 {
			im.State, im.Op, im.Due = imgLocked, imgOpCopy, now.Add(time.Hour).UnixNano()
		}
		s.st.Images[id] = im
	}
	for i := 0; i < 2000; i++ {
		id := s.st.nextID("marketapp")
		s.st.apps()[id] = &MarketApp{base: base{ID: id, Name: "app-" + itoa(id)}, OriginID: -1, MarketID: 100,
			State: appReady, Type: appImage, Template: newTmpl()}
	}
	s.st.catalog = nil // rebuilt from the images, as after loading a state file
	for _, bc := range []struct {
		name string
		req  []byte
		want string
	}{
		{"image.info", []byte(encodeCall("one.image.info", admin, 10007)), "&lt;NAME&gt;img-10007&lt;"},
		{"imagepool.info/first-page", []byte(encodeCall("one.imagepool.info", admin, -2, 0, -25)), "img-20003"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if out := string(s.Handle(bc.req)); !strings.Contains(out, bc.want) {
				b.Fatalf("unexpected answer: %.300s", out)
			}
			b.ReportAllocs()
			for b.Loop() {
				s.Handle(bc.req)
			}
		})
	}
}
