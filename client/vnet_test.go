package client

import "testing"

func TestParseVNetLeases(t *testing.T) {
	v, err := ParseVNet(sample(t, "vn.info.with_vm_lease.payload.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if v.UsedLeases != 5 || len(v.ARs) != 3 || v.IsReservation() || v.ShortState() != "rdy" {
		t.Fatalf("vnet %+v", v)
	}
	ar := v.ARs[0]
	if ar.ARID != "0" || ar.IPEnd != "10.9.0.14" || ar.MACEnd != "02:00:0a:09:00:0e" || ar.UsedLeases != "3" || len(ar.Leases) != 3 {
		t.Fatalf("AR 0 %+v", ar)
	}
	var got []string
	for _, ar := range v.ARs {
		for _, l := range ar.Leases {
			got = append(got, l.IP+"="+l.Holder())
		}
	}
	want := "10.9.0.10=V:10 10.9.0.12=N:3 10.9.0.13=N:6 10.9.1.2=V:-1 10.9.1.5=N:4"
	if s := join(got); s != want {
		t.Fatalf("leases %s, want %s", s, want)
	}
	if len(v.ARs[1].Attrs) == 0 || v.ARs[1].Attrs[0].Name() != "SMP_TAG" {
		t.Fatalf("extra AR attributes lost: %+v", v.ARs[1].Attrs)
	}
}

func TestParseNetworkObjects(t *testing.T) {
	sg, err := ParseSecurityGroup(sample(t, "secgroup.info.payload.xml"))
	if err != nil || sg.Name == "" || sg.Template.Raw == "" {
		t.Fatalf("secgroup %+v %v", sg, err)
	}
	vt, err := ParseVNTemplate(sample(t, "vntemplate.info.payload.xml"))
	if err != nil || vt.Name == "" || vt.RegTime == 0 {
		t.Fatalf("vntemplate %+v %v", vt, err)
	}
	vr, err := ParseVRouter(sample(t, "vrouter.info.payload.xml"))
	if err != nil || vr.Name == "" {
		t.Fatalf("vrouter %+v %v", vr, err)
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
