package zone

import "testing"

func TestFlatConfig(t *testing.T) {
	got, err := flatConfig(`<OPENNEBULA_CONFIGURATION><PORT>2633</PORT><DB><BACKEND>mysql</BACKEND></DB>` +
		`<VM_MAD><NAME>kvm</NAME></VM_MAD><VM_MAD><NAME>lxc</NAME></VM_MAD></OPENNEBULA_CONFIGURATION>`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"PORT": "2633", "DB/BACKEND": "mysql", "VM_MAD/NAME": "kvm, lxc"}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}
