package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The samples pair what a real oned 6.10.5 answered (*.payload.xml) with what
// OpenNebula's CLI printed for the same object. They were recorded minutes
// apart, so monitoring figures differ; those paths are listed per sample and
// only their values are excused, never their shape.

// tree is an ordered JSON/YAML value, so key order is part of the comparison.
type tree struct {
	kind  byte // 's' string, 'o' object, 'a' array, 'x' anything else (number, bool, null)
	str   string
	style yaml.Style // quoting, YAML only
	keys  []string
	vals  []*tree
}

func decodeJSONTree(t *testing.T, data []byte) *tree {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var read func() *tree
	read = func() *tree {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("decode json: %v", err)
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				o := &tree{kind: 'o'}
				for d.More() {
					k, err := d.Token()
					if err != nil {
						t.Fatalf("decode json: %v", err)
					}
					o.keys = append(o.keys, k.(string))
					o.vals = append(o.vals, read())
				}
				d.Token()
				return o
			case '[':
				a := &tree{kind: 'a'}
				for d.More() {
					a.vals = append(a.vals, read())
				}
				d.Token()
				return a
			}
		case string:
			return &tree{kind: 's', str: v}
		}
		return &tree{kind: 'x', str: fmt.Sprint(tok)}
	}
	root := read()
	if _, err := d.Token(); err != io.EOF {
		t.Fatalf("trailing data after JSON value")
	}
	return root
}

func decodeYAMLTree(t *testing.T, data []byte) *tree {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("decode yaml: %v", err)
	}
	var conv func(n *yaml.Node) *tree
	conv = func(n *yaml.Node) *tree {
		switch n.Kind {
		case yaml.DocumentNode:
			return conv(n.Content[0])
		case yaml.MappingNode:
			o := &tree{kind: 'o'}
			for i := 0; i < len(n.Content); i += 2 {
				o.keys = append(o.keys, n.Content[i].Value)
				o.vals = append(o.vals, conv(n.Content[i+1]))
			}
			return o
		case yaml.SequenceNode:
			a := &tree{kind: 'a'}
			for _, c := range n.Content {
				a.vals = append(a.vals, conv(c))
			}
			return a
		case yaml.ScalarNode:
			if n.ShortTag() != "!!str" {
				return &tree{kind: 'x', str: n.Value}
			}
			return &tree{kind: 's', str: n.Value, style: n.Style &^ yaml.FlowStyle}
		}
		t.Fatalf("unexpected yaml node kind %v", n.Kind)
		return nil
	}
	return conv(&doc)
}

// compareTrees reports every difference between ours and the CLI's output.
func compareTrees(ours, cli *tree, path string, volatile []string, diffs *[]string) {
	if ours.kind != cli.kind {
		*diffs = append(*diffs, fmt.Sprintf("%s: kind %c, CLI has %c", path, ours.kind, cli.kind))
		return
	}
	switch ours.kind {
	case 's', 'x':
		if ours.style != cli.style {
			*diffs = append(*diffs, fmt.Sprintf("%s: style %v, CLI has %v (%q)", path, ours.style, cli.style, cli.str))
		}
		if ours.str != cli.str && !isVolatile(path, volatile) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %q, CLI has %q", path, ours.str, cli.str))
		}
	case 'o':
		if strings.Join(ours.keys, ",") != strings.Join(cli.keys, ",") {
			*diffs = append(*diffs, fmt.Sprintf("%s: keys %v, CLI has %v", path, ours.keys, cli.keys))
			return
		}
		for i, k := range ours.keys {
			compareTrees(ours.vals[i], cli.vals[i], path+"/"+k, volatile, diffs)
		}
	case 'a':
		if len(ours.vals) != len(cli.vals) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %d items, CLI has %d", path, len(ours.vals), len(cli.vals)))
			return
		}
		for i := range ours.vals {
			compareTrees(ours.vals[i], cli.vals[i], path, volatile, diffs)
		}
	}
}

func isVolatile(path string, volatile []string) bool {
	for _, v := range volatile {
		if path == v || strings.HasPrefix(path, v+"/") {
			return true
		}
	}
	return false
}

type sample struct {
	payload, cli string
	volatile     []string
}

var vmVolatile = []string{"/VM/LAST_POLL", "/VM/MONITORING"}

var jsonSamples = []sample{
	{"vm.info.running", "onevm_show_1.json", vmVolatile},
	{"vm.info.done", "onevm_show_4_done.json", nil},
	{"vmpool.info", "onevm_list.json", nil},
	{"template.info", "onetemplate_show_0.json", nil},
	{"user.info.self", "oneuser_show_0.json", nil},
	{"host.info", "onehost_show_0.json", []string{
		"/HOST/HOST_SHARE/MEM_USAGE", "/HOST/VMS/ID", "/HOST/MONITORING",
	}},
}

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestXMLToJSONMatchesCLISamples(t *testing.T) {
	for _, s := range jsonSamples {
		t.Run(s.payload, func(t *testing.T) {
			got, err := XMLToJSON(readSample(t, s.payload+".payload.xml"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasSuffix(got, []byte("}\n")) || !bytes.HasPrefix(got, []byte("{\n  \"")) {
				t.Errorf("want 2-space indented object with trailing newline, got %.40q...", got)
			}
			var diffs []string
			compareTrees(decodeJSONTree(t, got), decodeJSONTree(t, readSample(t, "cli/"+s.cli)), "", s.volatile, &diffs)
			for _, d := range diffs {
				t.Error(d)
			}
		})
	}
}

func TestXMLToYAMLMatchesCLISamples(t *testing.T) {
	for _, s := range []sample{
		{"vm.info.running", "onevm_show_1.yaml", vmVolatile},
		{"vmpool.info", "onevm_list.yaml", nil},
	} {
		t.Run(s.payload, func(t *testing.T) {
			got, err := XMLToYAML(readSample(t, s.payload+".payload.xml"))
			if err != nil {
				t.Fatal(err)
			}
			cli := readSample(t, "cli/"+s.cli)
			// The first lines carry the document marker, the root key and
			// the first quoted number: byte-identical to the CLI.
			head := func(b []byte) string { return strings.Join(strings.SplitN(string(b), "\n", 4)[:3], "\n") }
			if head(got) != head(cli) {
				t.Errorf("head:\n%s\nCLI:\n%s", head(got), head(cli))
			}
			var diffs []string
			compareTrees(decodeYAMLTree(t, got), decodeYAMLTree(t, cli), "", s.volatile, &diffs)
			for _, d := range diffs {
				t.Error(d)
			}
		})
	}
}

// TestYAMLShowTextMatchesCLI compares text line by line: everything but the
// volatile values is byte-identical to onevm show --yaml, HISTORY (one
// record, an object as the CLI prints it) included.
func TestYAMLShowTextMatchesCLI(t *testing.T) {
	got, err := XMLToYAML(readSample(t, "vm.info.running.payload.xml"))
	if err != nil {
		t.Fatal(err)
	}
	cli := string(readSample(t, "cli/onevm_show_1.yaml"))
	norm := func(s string) string { return regexp.MustCompile(`'\d+'`).ReplaceAllString(s, "'N'") }
	if norm(string(got)) != norm(cli) {
		t.Errorf("got:\n%s\nCLI:\n%s", got, cli)
	}
}

func TestPrettyXMLMatchesCLISample(t *testing.T) {
	got, err := PrettyXML(readSample(t, "vm.info.running.payload.xml"))
	if err != nil {
		t.Fatal(err)
	}
	cli := readSample(t, "cli/onevm_show_1.xml")
	// Blank the values only: tags, nesting, CDATA markers and <X/> must
	// line up exactly.
	digits := regexp.MustCompile(`[0-9]+`)
	norm := func(b []byte) string { return digits.ReplaceAllString(string(b), "0") }
	if norm(got) != norm(cli) {
		t.Errorf("got:\n%s\nCLI:\n%s", got, cli)
	}
	if !bytes.Contains(got, []byte("  <NAME>vm-from-tiny</NAME>\n")) {
		t.Errorf("values lost:\n%s", got)
	}
}

// The list sample has no volatile values: our YAML is the CLI's, byte for
// byte, sequences and all.
func TestYAMLListIsTheCLIs(t *testing.T) {
	got, err := XMLToYAML(readSample(t, "vmpool.info.payload.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if cli := readSample(t, "cli/onevm_list.yaml"); !bytes.Equal(got, cli) {
		t.Errorf("got:\n%s\nCLI:\n%s", got, cli)
	}
}

func TestJSONListIsTheCLIs(t *testing.T) {
	got, err := XMLToJSON(readSample(t, "vmpool.info.payload.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if cli := readSample(t, "cli/onevm_list.json"); !bytes.Equal(got, cli) {
		t.Errorf("got:\n%s\nCLI:\n%s", got, cli)
	}
}
