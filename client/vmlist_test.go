package client

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// listFields keeps of a fully parsed VM what ParseVMListEntry fills.
func listFields(v *VM) *VM {
	out := &VM{Owned: v.Owned, LastPoll: v.LastPoll, State: v.State, LCMState: v.LCMState,
		PrevState: v.PrevState, PrevLCMState: v.PrevLCMState, Resched: v.Resched, STime: v.STime,
		ETime: v.ETime, DeployID: v.DeployID, History: v.History}
	out.XMLName = v.XMLName
	out.Template.CPU, out.Template.VCPU, out.Template.Memory = v.Template.CPU, v.Template.VCPU, v.Template.Memory
	out.Template.TemplateID = v.Template.TemplateID
	for _, n := range v.Template.NICs {
		out.Template.NICs = append(out.Template.NICs, VMNIC{NICID: n.NICID, Network: n.Network, NetworkID: n.NetworkID,
			IP: n.IP, IP6: n.IP6, IP6Global: n.IP6Global, IP6ULA: n.IP6ULA, MAC: n.MAC})
	}
	return out
}

func TestVMListEntryAgreesWithParseVM(t *testing.T) {
	var docs [][]byte
	files, _ := filepath.Glob("testdata/vm*.payload.xml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, objs, err := SplitPool(data); err == nil && len(objs) > 0 && string(data[:4]) == "<VM_" {
			docs = append(docs, objs...)
		} else {
			docs = append(docs, data)
		}
	}
	docs = append(docs, []byte(`<VM><ID> 7 </ID><NAME>a &amp; b</NAME><LOCK><LOCKED>2</LOCKED><OWNER>0</OWNER><TIME>5</TIME><REQ_ID>-1</REQ_ID></LOCK>`+
		`<STATE>3</STATE><LCM_STATE>3</LCM_STATE><ETIME></ETIME><TEMPLATE><CPU><![CDATA[0.5]]></CPU><NIC><IP>10.0.0.1</IP><NIC_ID>0</NIC_ID></NIC>`+
		`<CONTEXT><IP>not a nic</IP></CONTEXT><NIC><IP6>fe80::1</IP6><MAC>02:00</MAC></NIC><MEMORY>1024</MEMORY></TEMPLATE>`+
		`<HISTORY_RECORDS><HISTORY><SEQ>0</SEQ><HOSTNAME>h1</HOSTNAME></HISTORY><HISTORY><SEQ>1</SEQ><HOSTNAME>h2</HOSTNAME><REQUEST_ID>x</REQUEST_ID></HISTORY></HISTORY_RECORDS></VM>`))
	if len(docs) < 5 {
		t.Fatalf("only %d VMs: testdata moved?", len(docs))
	}
	for _, doc := range docs {
		full, err := ParseVM(doc)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseVMListEntry(doc)
		if err != nil {
			t.Fatalf("%.60s: %v", doc, err)
		}
		got.XMLName = full.XMLName
		if want := listFields(full); !reflect.DeepEqual(got, want) {
			t.Errorf("%.60s:\n got %+v\nwant %+v", doc, got, want)
		}
	}
	for _, bad := range []string{`<VM><ID>x</ID></VM>`, `<HOST><ID>1</ID></HOST>`, `<VM><ID>1</ID>`} {
		if _, err := ParseVMListEntry([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
		if _, err := ParseVM([]byte(bad)); err == nil {
			t.Errorf("%s accepted by ParseVM: not a bad case", bad)
		}
	}
}
