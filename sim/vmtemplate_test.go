package sim

import (
	"strings"
	"testing"
)

func TestTemplateAllocateErrorsAsOned(t *testing.T) {
	s := newSim(t, Options{})
	wantErr(t, try(t, s, "one.template.allocate", admin, "CPU=1"), 8192,
		"[one.template.allocate] Invalid NAME, it cannot be empty")
	wantErr(t, try(t, s, "one.template.allocate", admin, "NAME=tiny\nCPU=1"), 8192,
		"[one.template.allocate] NAME is already taken by TEMPLATE 0.")
	wantErr(t, try(t, s, "one.template.clone", admin, 0, "ubuntu"), 16384,
		"[one.template.clone] Error allocating a new virtual machine template. NAME is already taken by TEMPLATE 1.")
	id := must(t, s, "one.template.allocate", admin, "NAME=nomem\nCPU=1").num
	wantErr(t, try(t, s, "one.template.instantiate", admin, id, "", b(false), "", b(false)), 16384,
		"[one.template.instantiate] Error allocating a new virtual machine template. MEMORY attribute must be a positive integer value.")
	must(t, s, "one.template.chmod", admin, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
	wantErr(t, try(t, s, "one.template.instantiate", alice, 1, "", b(false), "", b(false)), 512,
		"[one.template.instantiate] User [2] : Not authorized to perform USE TEMPLATE [1].")
}

// Recursive clone copies the images as "<name>-disk-<n>" and points the
// copy at them; recursive delete removes them again.
func TestTemplateRecursiveCloneAndDelete(t *testing.T) {
	s := newSim(t, Options{})
	id := must(t, s, "one.template.clone", admin, 1, "ub2", b(true)).num
	x := must(t, s, "one.template.info", admin, id).str
	if !strings.Contains(x, "<NAME>ub2</NAME>") || strings.Contains(x, "<IMAGE_ID><![CDATA[0]]>") {
		t.Fatalf("recursive clone still points at image 0: %s", x)
	}
	img := -1
	for iid, im := range s.st.Images {
		if im.Name == "ub2-disk-0" {
			img = iid
		}
	}
	if img < 0 || !strings.Contains(x, sprintf("<IMAGE_ID><![CDATA[%d]]></IMAGE_ID>", img)) {
		t.Fatalf("no image ub2-disk-0 in the clone: %s", x)
	}
	waitImage(t, s, img, imgReady)
	ext := must(t, s, "one.template.info", admin, id, b(true)).str
	for _, want := range []string{"<IMAGE><![CDATA[ub2-disk-0]]></IMAGE>", "<DATASTORE><![CDATA[default]]></DATASTORE>", "<NETWORK_ID><![CDATA[0]]></NETWORK_ID>"} {
		if !strings.Contains(ext, want) {
			t.Errorf("extended info lacks %s: %s", want, ext)
		}
	}
	must(t, s, "one.template.delete", admin, id, b(true))
	if imageState(t, s, img) != imgDelete {
		t.Errorf("recursive delete left image %d alone", img)
	}
}

// Persistent instantiation makes a private copy of template and images
// and runs the VM from the copy.
func TestTemplateInstantiatePersistent(t *testing.T) {
	s := newSim(t, Options{})
	vm := must(t, s, "one.template.instantiate", alice, 0, "mine", b(true), "MEMORY=96", b(true)).num
	v := s.st.VMs[vm]
	if v.Name != "mine" || v.Template.str("MEMORY") != "96" {
		t.Errorf("VM %q MEMORY %q, want mine 96", v.Name, v.Template.str("MEMORY"))
	}
	if v.UserTemplate.str("CLONING_TEMPLATE_ID") != "0" {
		t.Errorf("VM lacks CLONING_TEMPLATE_ID=0: %+v", v.UserTemplate)
	}
	copyID := v.Template.str("TEMPLATE_ID")
	if copyID == "0" {
		t.Fatalf("persistent VM instantiated the original template")
	}
	found := false
	for _, tt := range s.st.Templates {
		if itoa(tt.ID) == copyID && tt.Name == "mine" && tt.UID == 2 {
			found = true
		}
	}
	if !found {
		t.Errorf("no copy named mine owned by alice")
	}
	// without a name the copy is "<template>-copy", and the VM "<copy>-<id>"
	vm2 := must(t, s, "one.template.instantiate", admin, 0, "", b(true), "", b(false)).num
	if got := s.st.VMs[vm2].Name; got != "tiny-"+itoa(vm2) {
		t.Errorf("VM name %q, want tiny-%d", got, vm2)
	}
	must(t, s, "one.template.chmod", admin, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, b(true))
	if p := s.st.Images[0].Perms; p.GU != 1 || p.GM != 0 || p.TU != 0 {
		t.Errorf("recursive chmod did not reach image 0: %+v", p)
	}
}
