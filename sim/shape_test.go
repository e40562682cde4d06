package sim

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// xmlPathsInOrder lists the element paths of a document in the order they
// first appear: what "elements in oned's order" means, values aside.
func xmlPathsInOrder(t *testing.T, doc []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	var stack, out []string
	seen := map[string]bool{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("bad XML: %v\n%s", err, doc)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			stack = append(stack, x.Name.Local)
			p := "/" + strings.Join(stack, "/")
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}

// The simulator's XML has every element oned's has, in the same order;
// ignore lists what it does not model (NUMA) or what is free-form.
func TestXMLShapesMatchSamples(t *testing.T) {
	s, clk := clockedSim(t)
	must(t, s, "one.cluster.allocate", admin, "c")
	must(t, s, "one.cluster.adddatastore", admin, 100, 0)
	must(t, s, "one.cluster.addvnet", admin, 100, 0)
	hook := must(t, s, "one.hook.allocate", admin, "NAME=h\nTYPE=api\nCALL=one.host.rename\nCOMMAND=/bin/echo\nARGUMENTS=\"$API\"").num
	must(t, s, "one.host.rename", admin, 2, "x")
	job := must(t, s, "one.backupjob.allocate", admin, "NAME=b\nSCHED_ACTION=[TIME=\"1\", REPEAT=\"0\", DAYS=\"2\", END_TYPE=\"0\"]").num
	group := must(t, s, "one.vmgroup.allocate", admin, "NAME=g\nROLE=[NAME=web, POLICY=AFFINED]\nROLE=[NAME=cache, POLICY=AFFINED, HOST_AFFINED=\"0\"]").num
	clk.add(6 * 1e9)
	for _, c := range []struct {
		sample, method string
		id             int
		ignore         []string
	}{
		{"host.info.with_vm", "one.host.info", 0, []string{"/HOST/HOST_SHARE/NUMA_NODES/", "/HOST/TEMPLATE/", "/HOST/MONITORING/NUMA_NODE"}},
		{"host.monitoring", "one.host.monitoring", 0, []string{"/MONITORING_DATA/MONITORING/NUMA_NODE"}},
		{"cluster.info.with_resources", "one.cluster.info", 100, []string{"/CLUSTER/TEMPLATE/"}},
		{"hook.info.with_log", "one.hook.info", hook, []string{"/HOOK/TEMPLATE/"}},
		{"backupjob.info.with_sched", "one.backupjob.info", job, []string{"/BACKUPJOB/TEMPLATE/SMP_A"}},
		{"vmgroup.info.roles", "one.vmgroup.info", group, []string{"/VM_GROUP/TEMPLATE/"}},
	} {
		t.Run(c.sample, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "samples", c.sample+".xml"))
			if err != nil {
				t.Fatal(err)
			}
			ignored := func(p string) bool {
				for _, i := range c.ignore {
					if strings.HasPrefix(p, i) {
						return true
					}
				}
				return false
			}
			want := slices.DeleteFunc(xmlPathsInOrder(t, raw), ignored)
			got := slices.DeleteFunc(xmlPathsInOrder(t, []byte(must(t, s, c.method, admin, c.id).str)), ignored)
			var common []string
			for _, p := range want {
				if !slices.Contains(got, p) {
					t.Errorf("missing %s", p)
				} else {
					common = append(common, p)
				}
			}
			ours := slices.DeleteFunc(slices.Clone(got), func(p string) bool { return !slices.Contains(common, p) })
			if strings.Join(ours, " ") != strings.Join(common, " ") {
				t.Errorf("element order\n got %v\nwant %v", ours, common)
			}
		})
	}
}
