package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The hook, backup job and VM group samples: oned's answer
// (the XML-RPC string, not the pretty-printed payload, whose CDATA carries
// extra whitespace) against what OpenNebula's CLI printed for it.
func TestInfraSamplesMatchCLI(t *testing.T) {
	read := func(t *testing.T, name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "samples", "infra", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, s := range []sample{
		{"hook.info.with_log", "onehook.show.json", nil},
		{"backupjob.info.after_backup", "onebackupjob.show.json", nil},
		// renamed and chmod-ed between the two recordings
		{"vmgroup.info.after_update", "onevmgroup.show.json", []string{"/VM_GROUP/NAME", "/VM_GROUP/PERMISSIONS"}},
		// the lists were printed when the pools held just these objects
		{"BACKUPJOB_POOL:backupjob.info.after_backup", "onebackupjob.list.json", nil},
		{"VM_GROUP_POOL:vmgroup.info.after_update", "onevmgroup.list.json", []string{"/VM_GROUP_POOL/VM_GROUP/NAME", "/VM_GROUP_POOL/VM_GROUP/PERMISSIONS"}},
	} {
		t.Run(s.payload, func(t *testing.T) {
			var doc []byte
			if pool, obj, ok := strings.Cut(s.payload, ":"); ok {
				doc = []byte("<" + pool + ">" + string(read(t, obj+".xml")) + "</" + pool + ">")
			} else {
				doc = read(t, s.payload+".xml")
			}
			got, err := XMLToJSON(doc)
			if err != nil {
				t.Fatal(err)
			}
			var diffs []string
			compareTrees(decodeJSONTree(t, got), decodeJSONTree(t, read(t, s.cli)), "", s.volatile, &diffs)
			for _, d := range diffs {
				t.Error(d)
			}
		})
	}
}

func TestInfraSamplesMatchCLIYAML(t *testing.T) {
	for _, s := range []sample{
		{"hook.info.with_log", "onehook.show.yaml", nil},
		{"backupjob.info.after_backup", "onebackupjob.show.yaml", nil},
		{"vmgroup.info.after_update", "onevmgroup.show.yaml", []string{"/VM_GROUP/NAME", "/VM_GROUP/PERMISSIONS"}},
	} {
		t.Run(s.payload, func(t *testing.T) {
			doc, err := os.ReadFile(filepath.Join("testdata", "samples", "infra", s.payload+".xml"))
			if err != nil {
				t.Fatal(err)
			}
			cli, err := os.ReadFile(filepath.Join("testdata", "samples", "infra", s.cli))
			if err != nil {
				t.Fatal(err)
			}
			got, err := XMLToYAML(doc)
			if err != nil {
				t.Fatal(err)
			}
			var diffs []string
			compareTrees(decodeYAMLTree(t, got), decodeYAMLTree(t, cli), "", s.volatile, &diffs)
			for _, d := range diffs {
				t.Error(d)
			}
		})
	}
}
