package output

import (
	"bytes"
	"strings"
	"testing"

	"github.com/onectl/onectl/client"
)

// The quota part of oneuser/onegroup show, from the same state the CLI
// printed (samples recorded one after the other).
func TestWriteQuotasMatchesCLI(t *testing.T) {
	for _, c := range []struct{ payload, text string }{
		{"user.info.quota_used.payload.xml", "cli/oneuser.show.quota.txt"},
		{"group.info.in_vdc.payload.xml", "cli/onegroup.show.quota.txt"},
	} {
		t.Run(c.payload, func(t *testing.T) {
			raw := readSample(t, c.payload)
			var q, def client.Quotas
			id := 0
			if strings.Contains(c.payload, "user") {
				u, err := client.ParseUser(raw)
				if err != nil {
					t.Fatal(err)
				}
				q, def, id = u.Quotas, u.DefaultQuotas, u.ID
			} else {
				g, err := client.ParseGroup(raw)
				if err != nil {
					t.Fatal(err)
				}
				q, def, id = g.Quotas, g.DefaultQuotas, g.ID
			}
			var b bytes.Buffer
			WriteQuotas(&b, &q, &def, id)
			text := string(readSample(t, c.text))
			want := text[strings.Index(text, "\nVMS USAGE & QUOTAS"):]
			if b.String() != want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), want)
			}
		})
	}
}

func TestQuotaJSONYAMLMatchesCLI(t *testing.T) {
	for _, c := range []struct{ payload, cli string }{
		{"user.info.quota_used.payload.xml", "cli/oneuser.show.quota"},
		{"group.info.in_vdc.payload.xml", "cli/onegroup.show.quota"},
	} {
		raw := readSample(t, c.payload)
		j, err := XMLToJSON(raw)
		if err != nil {
			t.Fatal(err)
		}
		if want := readSample(t, c.cli+".json"); !bytes.Equal(bytes.TrimSpace(j), bytes.TrimSpace(want)) {
			t.Errorf("%s json:\n%s\nwant\n%s", c.payload, j, want)
		}
		y, err := XMLToYAML(raw)
		if err != nil {
			t.Fatal(err)
		}
		if want := readSample(t, c.cli+".yaml"); !bytes.Equal(bytes.TrimSpace(y), bytes.TrimSpace(want)) {
			t.Errorf("%s yaml:\n%s\nwant\n%s", c.payload, y, want)
		}
	}
}

// The pool was recorded just before smp-user's VM was created and the
// CLI listing just after; the usage counters are set to the later values.
func TestUserPoolJSONYAMLMatchesCLI(t *testing.T) {
	raw := string(readSample(t, "userpool.info.r2.payload.xml"))
	for _, kv := range [][2]string{{"CPU_USED", "0.10"}, {"MEMORY_USED", "64"}, {"RUNNING_CPU_USED", "0.10"},
		{"RUNNING_MEMORY_USED", "64"}, {"RUNNING_VMS_USED", "1"}, {"VMS_USED", "1"}} {
		at := strings.Index(raw, "<VM_QUOTA>\n      <VM>")
		old := "<" + kv[0] + "><![CDATA[0]]>"
		j := strings.Index(raw[at:], old)
		raw = raw[:at+j] + "<" + kv[0] + "><![CDATA[" + kv[1] + "]]>" + raw[at+j+len(old):]
	}
	j, err := XMLToJSON([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if want := readSample(t, "cli/oneuser.list.json"); !bytes.Equal(bytes.TrimSpace(j), bytes.TrimSpace(want)) {
		t.Errorf("json:\n%s\nwant\n%s", j, want)
	}
	y, err := XMLToYAML([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if want := readSample(t, "cli/oneuser.list.yaml"); !bytes.Equal(bytes.TrimSpace(y), bytes.TrimSpace(want)) {
		t.Errorf("yaml:\n%s\nwant\n%s", y, want)
	}
}
