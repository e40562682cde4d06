package template

import (
	"reflect"
	"testing"
)

func mustParse(t *testing.T, s string) *Template {
	t.Helper()
	tpl, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return tpl
}

func TestAccessors(t *testing.T) {
	tpl := mustParse(t, "CPU = 1\nDISK = [ IMAGE_ID = 1, target = vda ]\nDISK = [ IMAGE_ID = 2 ]\nOS = [ ARCH = x86_64 ]")

	if v, ok := tpl.Get("cpu"); !ok || v != "1" {
		t.Errorf(`Get("cpu") = %q, %v`, v, ok)
	}
	if _, ok := tpl.Get("DISK"); ok {
		t.Error(`Get("DISK") found a vector; Get is for single attributes`)
	}
	if _, ok := tpl.Get("MISSING"); ok {
		t.Error(`Get("MISSING") found something`)
	}
	disks := tpl.Vectors("disk")
	if len(disks) != 2 {
		t.Fatalf("Vectors(disk) = %d, want 2", len(disks))
	}
	if v, ok := disks[0].Get("Target"); !ok || v != "vda" {
		t.Errorf(`disk[0].Get("Target") = %q, %v`, v, ok)
	}
	if v, _ := disks[1].Get("IMAGE_ID"); v != "2" {
		t.Errorf("disk[1] IMAGE_ID = %q", v)
	}
	if _, ok := disks[1].Get("TARGET"); ok {
		t.Error("disk[1] has no TARGET")
	}
	if len(tpl.Vectors("CPU")) != 0 {
		t.Error("Vectors(CPU) returned a single attribute")
	}
	if !disks[0].IsVector() || tpl.Attrs[0].IsVector() {
		t.Error("IsVector wrong")
	}
	if !mustParse(t, "V=[]").Attrs[0].IsVector() {
		t.Error("an empty vector must still be a vector")
	}
}

func TestSetAddDel(t *testing.T) {
	tpl := mustParse(t, "CPU = 1\nNIC = [ ID = 0 ]\nNIC = [ ID = 1 ]\nMEMORY = 2")

	tpl.Set("cpu", "4")
	tpl.Set("vcpu", "2")
	tpl.Set("NIC", "x") // only a vector NIC exists, so this appends a single one
	tpl.Add(Attr{Name: "disk", Vector: []Pair{{"IMAGE_ID", "7"}}})
	want := []Attr{
		single("CPU", "4"), vector("NIC", "ID", "0"), vector("NIC", "ID", "1"), single("MEMORY", "2"),
		single("VCPU", "2"), single("NIC", "x"), vector("DISK", "IMAGE_ID", "7"),
	}
	if !reflect.DeepEqual(tpl.Attrs, want) {
		t.Fatalf("after Set/Add\n got %#v\nwant %#v", tpl.Attrs, want)
	}

	tpl.Del("nic")
	tpl.Del("NOT_THERE")
	want = []Attr{single("CPU", "4"), single("MEMORY", "2"), single("VCPU", "2"), vector("DISK", "IMAGE_ID", "7")}
	if !reflect.DeepEqual(tpl.Attrs, want) {
		t.Fatalf("after Del\n got %#v\nwant %#v", tpl.Attrs, want)
	}

	var zero Template
	zero.Set("A", "1")
	zero.Del("A")
	if len(zero.Attrs) != 0 {
		t.Errorf("zero Template after Set/Del = %#v", zero.Attrs)
	}
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name       string
		base, upd  string
		wantString string
	}{
		{"replace single, append new",
			"CPU = 1\nMEMORY = 64", "cpu = 2\nVCPU = 4",
			"MEMORY=\"64\"\nCPU=\"2\"\nVCPU=\"4\""},
		{"all same-named replaced",
			"DISK = [ ID = 0 ]\nDISK = [ ID = 1 ]\nCPU = 1", "DISK = [ ID = 9 ]",
			"CPU=\"1\"\nDISK=[\n  ID=\"9\" ]"},
		{"vector replaced by single and back",
			"A = [ X = 1 ]\nB = 2", "A = 3\nB = [ Y = 4 ]",
			"A=\"3\"\nB=[\n  Y=\"4\" ]"},
		{"empty vector deletes",
			"CPU = 1\nCONTEXT = [ NETWORK = YES ]", "CONTEXT = [ ]",
			"CPU=\"1\""},
		{"repeated names in update all kept",
			"NIC = [ ID = 0 ]", "NIC = [ ID = 1 ]\nNIC = [ ID = 2 ]",
			"NIC=[\n  ID=\"1\" ]\nNIC=[\n  ID=\"2\" ]"},
		{"empty update", "CPU = 1", "", "CPU=\"1\""},
		{"empty base", "", "CPU = 1", "CPU=\"1\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, upd := mustParse(t, tt.base), mustParse(t, tt.upd)
			base.Merge(upd)
			if got := base.String(); got != tt.wantString {
				t.Errorf("Merge\n got:\n%s\nwant:\n%s", got, tt.wantString)
			}
		})
	}

	t.Run("no aliasing", func(t *testing.T) {
		base, upd := mustParse(t, "CPU = 1"), mustParse(t, "DISK = [ ID = 1 ]")
		base.Merge(upd)
		upd.Attrs[0].Vector[0].Value = "changed"
		if v, _ := base.Vectors("DISK")[0].Get("ID"); v != "1" {
			t.Errorf("merged vector changed with its source: %q", v)
		}
	})
	t.Run("nil", func(t *testing.T) {
		base := mustParse(t, "CPU = 1")
		base.Merge(nil)
		if base.String() != `CPU="1"` {
			t.Errorf("Merge(nil) changed the template: %s", base)
		}
	})
}

func TestClone(t *testing.T) {
	orig := mustParse(t, "CPU = 1\nDISK = [ ID = 0 ]")
	c := orig.Clone()
	c.Set("CPU", "2")
	c.Attrs[1].Vector[0].Value = "5"
	if orig.String() != "CPU=\"1\"\nDISK=[\n  ID=\"0\" ]" {
		t.Errorf("Clone shares storage: original is now %s", orig)
	}
	var nilTpl *Template
	if got := nilTpl.Clone(); got == nil || len(got.Attrs) != 0 {
		t.Errorf("nil Clone = %#v", got)
	}
}

func TestSort(t *testing.T) {
	tpl := mustParse(t, "VMID = 1\nNIC = [ NETWORK = b, ID = 1 ]\nCPU = 1\nNIC = [ ID = 0 ]\nAUTOMATIC_REQUIREMENTS = x")
	tpl.Sort()
	want := "AUTOMATIC_REQUIREMENTS=\"x\"\nCPU=\"1\"\nNIC=[\n  ID=\"1\",\n  NETWORK=\"b\" ]\nNIC=[\n  ID=\"0\" ]\nVMID=\"1\""
	if got := tpl.String(); got != want {
		t.Errorf("Sort\n got:\n%s\nwant:\n%s", got, want)
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{`A = "say \"hi\""`, `A="say \"hi\""`},
		{`P = "C:\dir"`, `P="C:\dir"`},
		{"A = \"x\ny\"", "A=\"x\ny\""},
		{"V = [ ]", "V=[\n ]"},
		{"V = [ A = 1, B = \"two words\" ]\nC = 3", "V=[\n  A=\"1\",\n  B=\"two words\" ]\nC=\"3\""},
	}
	for _, tt := range tests {
		if got := mustParse(t, tt.in).String(); got != tt.want {
			t.Errorf("String of %q\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// String's output must read back as the same template, since `update`
// flows show a template, let the user edit it and send it back.
func TestStringRoundTrip(t *testing.T) {
	in := "NAME = \"a \\\"b\\\" c\"\nPATH = \"C:\\x\\y\"\nDESC = \"l1\nl2\"\nE =\nDISK = [ A = 1, B = \"x, y]\" ]\nV = [ ]"
	tpl := mustParse(t, in)
	back := mustParse(t, tpl.String())
	if !reflect.DeepEqual(back.Attrs, tpl.Attrs) {
		t.Errorf("round trip\n got %#v\nwant %#v", back.Attrs, tpl.Attrs)
	}
}
