package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// object returns `<noun> show ID -o json` parsed: the object under root
// (VMTEMPLATE, IMAGE, DATASTORE, MARKETPLACE, MARKETPLACEAPP).
func (c *cli) object(t testing.TB, noun, root string, id int) map[string]any {
	t.Helper()
	out := c.ok(t, noun, "show", itoa(id), "-o", "json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%s show %d -o json is not JSON: %v\n%s", noun, id, err, out)
	}
	obj, ok := doc[root].(map[string]any)
	if !ok {
		t.Fatalf("%s show %d -o json has no %s object:\n%s", noun, id, root, out)
	}
	return obj
}

// shower gives runStepsOn the show of one object type.
func (c *cli) shower(noun, root string) func(testing.TB, int) map[string]any {
	return func(t testing.TB, id int) map[string]any { return c.object(t, noun, root, id) }
}

// poolNames lists the NAMEs of `<noun> list -o json` (the pool document).
func (c *cli) poolNames(t testing.TB, root, elem string, args ...string) []string {
	t.Helper()
	out := c.ok(t, args...)
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v -o json is not JSON: %v\n%s", args, err, out)
	}
	var names []string
	for _, x := range list(doc, root+"."+elem) {
		if m, ok := x.(map[string]any); ok {
			names = append(names, str(m, "NAME"))
		}
	}
	return names
}

func hasName(names []string, n string) bool {
	for _, x := range names {
		if x == n {
			return true
		}
	}
	return false
}

var jsonUnmarshal = json.Unmarshal

// TestCatalogCompletion: arguments and flags that name objects complete
// live, after positional arguments too.
func TestCatalogCompletion(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	for _, tc := range []struct {
		args  []string
		wants []string
	}{
		{[]string{"template", "instantiate", ""}, []string{"ubuntu\t", "tiny\t"}},
		{[]string{"template", "instantiate", "tiny", "--disk", ""}, []string{"alpine-3.20\t"}},
		{[]string{"template", "instantiate", "tiny", "--nic", ""}, []string{"private\t"}},
		{[]string{"image", "create", "--datastore", ""}, []string{"default\t"}},
		{[]string{"image", "clone", "0", "x", "--datastore", ""}, []string{"default\t"}},
		{[]string{"image", "chown", "0", ""}, []string{"alice\t"}},
		{[]string{"marketapp", "create", "--marketplace", ""}, []string{"local\t"}},
		{[]string{"marketapp", "export", ""}, []string{"alpine-app\t"}},
		{[]string{"datastore", "show", ""}, []string{"backups\t"}},
	} {
		out := c.ok(t, append([]string{"__complete"}, tc.args...)...)
		mustContain(t, "completion of "+strings.Join(tc.args, " "), out, tc.wants...)
	}
}
