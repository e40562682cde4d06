package vm

import (
	"os"
	"testing"

	"github.com/onectl/onectl/client"
)

// The list reads rows with ParseVMListEntry, which fills only some fields
// of a VM: every column must read the same from it as from a whole VM.
func TestEveryColumnReadsListFieldsOnly(t *testing.T) {
	var elems [][]byte
	for _, f := range []string{"../../client/testdata/vmpool.info.payload.xml", "../../client/testdata/vmpool.infoextended.payload.xml"} {
		doc, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, objs, err := client.SplitPool(doc)
		if err != nil {
			t.Fatal(err)
		}
		elems = append(elems, objs...)
	}
	elems = append(elems, []byte(`<VM><ID>9</ID><LOCK><LOCKED>3</LOCKED></LOCK><RESCHED>1</RESCHED><STATE>3</STATE><LCM_STATE>3</LCM_STATE>`+
		`<TEMPLATE><CPU>1</CPU><VCPU>2</VCPU><MEMORY>2048</MEMORY><NIC><IP>10.0.0.1</IP></NIC><NIC><IP>10.0.0.2</IP></NIC></TEMPLATE>`+
		`<HISTORY_RECORDS><HISTORY><HOSTNAME>h1</HOSTNAME></HISTORY><HISTORY><HOSTNAME>h2</HOSTNAME></HISTORY></HISTORY_RECORDS></VM>`))
	tbl := vmTable()
	for _, e := range elems {
		full, err := client.ParseVM(e)
		if err != nil {
			t.Fatal(err)
		}
		fast, err := client.ParseVMListEntry(e)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range tbl.Columns {
			if a, b := c.Value(full), c.Value(fast); a != b {
				t.Errorf("column %s: %q from the whole VM, %q from the list entry", c.Name, a, b)
			}
		}
	}
}
