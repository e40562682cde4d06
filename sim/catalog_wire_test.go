package sim

import (
	"bytes"
	"encoding/xml"
	"html"
	"regexp"
	"strings"
	"testing"
)

// childNames lists the element names directly under the root of doc.
func childNames(t *testing.T, doc string) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader([]byte(doc)))
	depth := 0
	var names []string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if depth == 1 {
				names = append(names, e.Name.Local)
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return names
}

var respString = regexp.MustCompile(`(?s)<string>(.*?)</string>`)

// The catalogue objects the simulator answers have oned's elements in
// oned's order (a real answer of each kind is the reference).
func TestCatalogElementOrder(t *testing.T) {
	s := newSim(t, Options{})
	must(t, s, "one.image.lock", admin, 3, 1)
	must(t, s, "one.template.lock", admin, 0, 1)
	must(t, s, "one.marketapp.lock", admin, 0, 1)
	for _, c := range []struct {
		sample, method string
		id             int
	}{
		{"image.info.locked", "one.image.info", 3},
		{"template.info.locked", "one.template.info", 0},
		{"datastore.info", "one.datastore.info", 1},
		{"market.info", "one.market.info", 100},
		{"marketapp.info.locked", "one.marketapp.info", 0},
	} {
		t.Run(c.sample, func(t *testing.T) {
			m := respString.FindStringSubmatch(readSample(t, c.sample+".response.xml"))
			if m == nil {
				t.Fatalf("no payload in %s", c.sample)
			}
			want := childNames(t, html.UnescapeString(m[1]))
			got := childNames(t, must(t, s, c.method, admin, c.id).str)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("elements\n got %v\nwant %v", got, want)
			}
		})
	}
}

// Error answers of a real oned for the catalogue methods, byte for byte,
// where the recorded request fits the demo seed's objects.
func TestCatalogErrorSamplesByteExact(t *testing.T) {
	s := newSim(t, Options{})
	for _, name := range []string{
		"err.image.info.missing", "err.template.info.missing", "err.datastore.info.missing",
		"err.market.info.missing", "err.marketapp.info.missing", "err.template.instantiate.missing",
		"err.image.chown.missing_user", "err.template.chown.missing_user", "err.datastore.chown.missing_user",
		"err.image.allocate.missing_ds", "err.datastore.allocate.missing_cluster",
		"err.datastore.allocate.no_ds_mad", "err.datastore.allocate.no_tm_mad",
		"err.market.allocate.no_mad", "err.market.allocate.bad_mad", "err.market.allocate.http_no_base_url",
		"err.template.allocate.no_name", "err.template.rename.empty", "err.image.rename.empty",
		"err.datastore.rename.empty", "err.template.authz.update_as_user", "err.datastore.authz.update_as_user",
		"err.datastore.allocate.as_user",
	} {
		t.Run(name, func(t *testing.T) {
			req := strings.ReplaceAll(readSample(t, name+".request.xml"), "smp-user:smppw", alice)
			want := readSample(t, name+".response.xml")
			if got := string(s.Handle([]byte(req))); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}
