package kit

import (
	"testing"

	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

func TestQuotaTemplateAndMerge(t *testing.T) {
	doc, err := output.ParseXML([]byte(`<USER><ID>2</ID><DATASTORE_QUOTA><DATASTORE><ID>1</ID><IMAGES>2</IMAGES>` +
		`<IMAGES_USED>0</IMAGES_USED><SIZE>2048</SIZE><SIZE_USED>0</SIZE_USED></DATASTORE></DATASTORE_QUOTA>` +
		`<NETWORK_QUOTA></NETWORK_QUOTA><VM_QUOTA><VM><CPU>2</CPU><CPU_USED>0.10</CPU_USED><MEMORY>1024</MEMORY>` +
		`<MEMORY_USED>64</MEMORY_USED><VMS>1</VMS><VMS_USED>1</VMS_USED></VM></VM_QUOTA><IMAGE_QUOTA></IMAGE_QUOTA></USER>`))
	if err != nil {
		t.Fatal(err)
	}
	cur := QuotaTemplate(doc)
	if got := cur.String(); got != "DATASTORE=[\n  ID=\"1\",\n  IMAGES=\"2\",\n  IMAGES_USED=\"0\",\n  SIZE=\"2048\",\n  SIZE_USED=\"0\" ]\n"+
		"VM=[\n  CPU=\"2\",\n  CPU_USED=\"0.10\",\n  MEMORY=\"1024\",\n  MEMORY_USED=\"64\",\n  VMS=\"1\",\n  VMS_USED=\"1\" ]" {
		t.Fatalf("current quota:\n%s", got)
	}
	add, _ := template.Parse("VM=[VMS=3]\nDATASTORE=[ID=2, SIZE=10]\nDATASTORE=[ID=1, IMAGES=5]")
	got := MergeQuota(cur, add).String()
	want := "DATASTORE=[\n  ID=\"1\",\n  IMAGES=\"5\",\n  SIZE=\"2048\" ]\nVM=[\n  CPU=\"2\",\n  MEMORY=\"1024\",\n  VMS=\"3\" ]\n" +
		"DATASTORE=[\n  ID=\"2\",\n  SIZE=\"10\" ]"
	if got != want {
		t.Fatalf("merged:\n%s\nwant\n%s", got, want)
	}
}
