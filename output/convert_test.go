package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func mustJSON(t *testing.T, doc string) string {
	t.Helper()
	out, err := XMLToJSON([]byte(doc))
	if err != nil {
		t.Fatalf("XMLToJSON: %v", err)
	}
	if !json.Valid(out) {
		t.Fatalf("invalid JSON:\n%s", out)
	}
	return string(out)
}

func TestJSONOneDiskVMIsArray(t *testing.T) {
	got := mustJSON(t, `<VM><ID>5</ID><NAME>web</NAME><TEMPLATE><DISK><DISK_ID>0</DISK_ID><SIZE>1024</SIZE></DISK><CPU>1</CPU></TEMPLATE></VM>`)
	want := `{
  "VM": {
    "ID": "5",
    "NAME": "web",
    "TEMPLATE": {
      "DISK": [
        {
          "DISK_ID": "0",
          "SIZE": "1024"
        }
      ],
      "CPU": "1"
    }
  }
}
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestJSONOneVMPoolIsArray(t *testing.T) {
	got := mustJSON(t, `<VM_POOL><VM><ID>3</ID><TEMPLATE><NIC><IP>10.0.0.1</IP></NIC></TEMPLATE></VM></VM_POOL>`)
	var v struct {
		VMPool struct {
			VM []struct {
				ID       string
				TEMPLATE struct{ NIC []map[string]string }
			}
		} `json:"VM_POOL"`
	}
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Fatalf("pool with one VM must decode into arrays: %v\n%s", err, got)
	}
	if len(v.VMPool.VM) != 1 || v.VMPool.VM[0].ID != "3" || v.VMPool.VM[0].TEMPLATE.NIC[0]["IP"] != "10.0.0.1" {
		t.Errorf("unexpected decode %+v from\n%s", v, got)
	}
}

func TestJSONEmptyPoolIsEmptyObject(t *testing.T) {
	if got := mustJSON(t, `<VM_POOL/>`); got != "{\n  \"VM_POOL\": {\n  }\n}\n" {
		t.Errorf("got %q", got)
	}
}

// Inside free-form regions (xs:any, xs:anyType) only actual repetition makes
// an array, and the schema of an enclosing element does not leak into them.
func TestJSONFreeFormTemplateRepetitionOnly(t *testing.T) {
	got := mustJSON(t, `<VM><ID>1</ID><USER_TEMPLATE><LABELS>a</LABELS><FOO><X>1</X></FOO><BAR>1</BAR><BAR>2</BAR></USER_TEMPLATE>`+
		`<TEMPLATE><CONTEXT><NETWORK>YES</NETWORK></CONTEXT><DISK><IMAGE>a</IMAGE><IMAGE>b</IMAGE><TARGET>vda</TARGET></DISK></TEMPLATE></VM>`)
	for _, want := range []string{
		`"FOO": {`, `"X": "1"`, `"BAR": [` + "\n        \"1\",\n        \"2\"\n      ]",
		`"CONTEXT": {`, `"IMAGE": [`, `"TARGET": "vda"`, `"LABELS": "a"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

// A repeated element keeps the position of its first occurrence, and the
// later ones join its array, as in the CLI's to_hash.
func TestJSONRepeatGroupsAtFirstPosition(t *testing.T) {
	got := mustJSON(t, `<X><A>1</A><B>2</B><A>3</A></X>`)
	want := "{\n  \"X\": {\n    \"A\": [\n      \"1\",\n      \"3\"\n    ],\n    \"B\": \"2\"\n  }\n}\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestJSONWithoutSchema(t *testing.T) {
	got := mustJSON(t, `<NOT_ONE><DISK>a</DISK><ID>1</ID><ID>2</ID></NOT_ONE>`)
	if !strings.Contains(got, `"DISK": "a"`) || !strings.Contains(got, `"ID": [`) {
		t.Errorf("schema-less root should use repetition only:\n%s", got)
	}
}

func TestJSONValues(t *testing.T) {
	got := mustJSON(t, "<VM><ID>7</ID><NAME><![CDATA[a \"q\" \\ <b> & \t\n]]></NAME><DEPLOY_ID></DEPLOY_ID><UNAME><![CDATA[]]></UNAME><GNAME>x &amp; y</GNAME></VM>")
	for _, want := range []string{
		`"ID": "7"`, // text stays a string
		`"NAME": "a \"q\" \\ <b> & \t\n"`,
		"\"DEPLOY_ID\": {\n    }", // empty element, laid out as Ruby does
		`"UNAME": ""`,             // empty CDATA is an empty string
		`"GNAME": "x & y"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
}

func TestJSONDeepNesting(t *testing.T) {
	doc := strings.Repeat("<A>", 40) + "x" + strings.Repeat("</A>", 40)
	got := mustJSON(t, doc)
	if !strings.Contains(got, strings.Repeat(" ", 80)+`"A": "x"`) {
		t.Errorf("indentation beyond the spaces constant is wrong:\n%s", got)
	}
}

func TestConvertErrors(t *testing.T) {
	for _, doc := range []string{"", "not xml", "<A><B></A>", "<A>", "<A/><B/>", "<A/>junk"} {
		if _, err := XMLToJSON([]byte(doc)); err == nil {
			t.Errorf("XMLToJSON(%q): want error", doc)
		}
		if _, err := XMLToYAML([]byte(doc)); err == nil {
			t.Errorf("XMLToYAML(%q): want error", doc)
		}
		if _, err := PrettyXML([]byte(doc)); err == nil {
			t.Errorf("PrettyXML(%q): want error", doc)
		}
	}
}

// TestSchemaIndex pins the CLI's reading of the schemas (see schema.go):
// repeatable where a multi-element sequence declares maxOccurs, not under a
// one-element sequence, not through a root's lone ref.
func TestSchemaIndex(t *testing.T) {
	for root, want := range map[string]struct{ yes, no []string }{
		"VM": {
			yes: []string{"VM/TEMPLATE/DISK", "VM/TEMPLATE/NIC", "VM/TEMPLATE/SNAPSHOT", "VM/SNAPSHOTS"},
			no:  []string{"VM/HISTORY_RECORDS/HISTORY", "VM/SCHED_ACTIONS/ID", "VM/TEMPLATE", "VM/ID", "VM/TEMPLATE/CONTEXT"},
		},
		"VM_POOL":   {yes: []string{"VM_POOL/VM", "VM_POOL/VM/TEMPLATE/DISK"}, no: []string{"VM_POOL/VM/HISTORY_RECORDS/HISTORY"}},
		"HOST":      {yes: []string{"HOST/HOST_SHARE/DATASTORES/DS"}, no: []string{"HOST/VMS/ID"}},
		"HOST_POOL": {yes: []string{"HOST_POOL/HOST/HOST_SHARE/DATASTORES/DS"}, no: []string{"HOST_POOL/HOST"}},
		"USER":      {yes: []string{"USER/LOGIN_TOKEN"}, no: []string{"USER/GROUPS/ID"}},
		// GROUP sits in an xs:choice, which the CLI does not look into.
		"GROUP_POOL": {no: []string{"GROUP_POOL/GROUP"}},
	} {
		paths := repeatablePaths(root)
		if paths == nil {
			t.Errorf("no schema for root %s", root)
			continue
		}
		for _, p := range want.yes {
			if !slices.Contains(paths, p) {
				t.Errorf("%s: %s should be repeatable; have %v", root, p, paths)
			}
		}
		for _, p := range want.no {
			if slices.Contains(paths, p) {
				t.Errorf("%s: %s must not be repeatable", root, p)
			}
		}
	}
	if repeatablePaths("NOPE") != nil {
		t.Error("unknown root should have no schema")
	}
}

// genPool builds a VM_POOL document of n VMs, each with two disks and a
// history record.
func genPool(n int) []byte {
	var b bytes.Buffer
	b.WriteString("<VM_POOL>")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<VM><ID>%d</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME><GNAME>oneadmin</GNAME><NAME>vm-%d</NAME>`+
			`<LAST_POLL>0</LAST_POLL><STATE>3</STATE><LCM_STATE>3</LCM_STATE><RESCHED>0</RESCHED><STIME>1795339179</STIME><ETIME>0</ETIME>`+
			`<DEPLOY_ID>localhost:vm-%d:dummy</DEPLOY_ID><TEMPLATE><CPU><![CDATA[0.1]]></CPU><MEMORY><![CDATA[64]]></MEMORY>`+
			`<DISK><DISK_ID>0</DISK_ID><IMAGE><![CDATA[ubuntu]]></IMAGE></DISK><DISK><DISK_ID>1</DISK_ID><SIZE>1024</SIZE></DISK></TEMPLATE>`+
			`<MONITORING><CPU>0</CPU><MEMORY>33423</MEMORY></MONITORING><USER_TEMPLATE/>`+
			`<HISTORY_RECORDS><HISTORY><OID>%d</OID><SEQ>0</SEQ><HOSTNAME>localhost</HOSTNAME><HID>0</HID></HISTORY></HISTORY_RECORDS></VM>`, i, i, i, i)
	}
	b.WriteString("</VM_POOL>")
	return b.Bytes()
}

func TestJSONLargePool(t *testing.T) {
	out, err := XMLToJSON(genPool(300))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		VMPool struct{ VM []struct{ ID, NAME string } } `json:"VM_POOL"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.VMPool.VM) != 300 || v.VMPool.VM[299].NAME != "vm-299" {
		t.Errorf("got %d VMs", len(v.VMPool.VM))
	}
}

func BenchmarkXMLToJSON(b *testing.B) {
	doc := genPool(10000)
	b.SetBytes(int64(len(doc)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := XMLToJSON(doc); err != nil {
			b.Fatal(err)
		}
	}
}
