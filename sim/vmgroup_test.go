package sim

import (
	"strings"
	"testing"
)

func TestVMGroupRules(t *testing.T) {
	s, _ := clockedSim(t)
	tmpl := "NAME=\"smp-vmg1\"\nROLE=[NAME=\"web\", POLICY=\"AFFINED\"]\nROLE=[NAME=\"db\", POLICY=\"ANTI_AFFINED\"]\nROLE=[NAME=\"app\"]\nANTI_AFFINED=\"web, app\""
	id := must(t, s, "one.vmgroup.allocate", admin, tmpl).num
	info := must(t, s, "one.vmgroup.info", admin, id).str
	if !strings.Contains(info, "<ROLES><ROLE><ID><![CDATA[0]]></ID><NAME><![CDATA[web]]></NAME><POLICY><![CDATA[AFFINED]]></POLICY></ROLE>") ||
		!strings.Contains(info, "<ROLE><ID><![CDATA[2]]></ID><NAME><![CDATA[app]]></NAME></ROLE></ROLES><TEMPLATE><ANTI_AFFINED><![CDATA[web, app]]></ANTI_AFFINED></TEMPLATE></VM_GROUP>") {
		t.Fatalf("vmgroup info: %s", info)
	}
	for _, c := range []struct{ tmpl, msg string }{
		{tmpl, "NAME is already taken by VMGroup " + itoa(id) + "."},
		{"NAME=x\nROLE=[NAME=a]\nAFFINED=\"a, nope\"", "Some roles used in AFFINED attribute (a, nope) are not defined"},
		{"NAME=x\nROLE=[NAME=a]\nROLE=[NAME=a]", "Role already exists"},
		{"NAME=x\nROLE=[NAME=web, POLICY=AFFINED]\nROLE=[NAME=db, POLICY=ANTI_AFFINED]\nAFFINED=\"web, db\"", "Role db is in an AFFINED rule but the role policy is ANTI_AFFINED"},
	} {
		wantErr(t, try(t, s, "one.vmgroup.allocate", admin, c.tmpl), codeInternal, "[one.vmgroup.allocate] "+c.msg)
	}
	wantErr(t, try(t, s, "one.vmgroup.info", admin, 99999), codeNoExists, "[one.vmgroup.info] Error getting vm group [99999].")
	wantErr(t, try(t, s, "one.vmgroup.update", alice, id, "A=1", 1), codeAuthorization,
		"[one.vmgroup.update] User [2] : Not authorized to perform MANAGE VMGROUP ["+itoa(id)+"].")
	must(t, s, "one.vmgroup.roleadd", admin, id, `ROLE=[NAME="cache", POLICY="NONE"]`)
	wantErr(t, try(t, s, "one.vmgroup.roleadd", admin, id, `ROLE=[NAME="cache"]`), codeAction, "[one.vmgroup.roleadd] Role already exists")
	must(t, s, "one.vmgroup.roleupdate", admin, id, 3, `ROLE=[NAME="cache", POLICY="AFFINED", HOST_AFFINED="1"]`)
	if !strings.Contains(must(t, s, "one.vmgroup.info", admin, id).str, "<ROLE><HOST_AFFINED><![CDATA[1]]></HOST_AFFINED><ID><![CDATA[3]]></ID><NAME><![CDATA[cache]]></NAME><POLICY><![CDATA[AFFINED]]></POLICY></ROLE>") {
		t.Errorf("roleupdate: %s", must(t, s, "one.vmgroup.info", admin, id).str)
	}
	wantErr(t, try(t, s, "one.vmgroup.roleupdate", admin, id, 42, `ROLE=[POLICY="AFFINED"]`), codeAction, "[one.vmgroup.roleupdate] VMGroup "+itoa(id)+" doesn't have role 42")
	wantErr(t, try(t, s, "one.vmgroup.roledelete", admin, id, 42), codeAction, "[one.vmgroup.roledelete] Unable to delete role 42, the role doesn't exists")

	// placement: db VMs apart, web VMs together and away from app VMs
	vm := func(role string) int {
		return must(t, s, "one.vm.allocate", admin, "CPU=0.1 MEMORY=64 VMGROUP=[VMGROUP_ID="+itoa(id)+", ROLE="+role+"]").num
	}
	must(t, s, "one.host.status", admin, 2, 0)
	db1, db2, db3 := vm("db"), vm("db"), vm("db")
	hosts := map[string]bool{}
	for _, v := range []int{db1, db2, db3} {
		hosts[vmHost(t, s, v)] = true
	}
	if len(hosts) != 3 {
		t.Errorf("ANTI_AFFINED role shares hosts: %v", hosts)
	}
	db4 := vm("db")
	if m := schedMsg(t, s, db4); !strings.Contains(m, "No host meets capacity and SCHED_REQUIREMENTS: (!(PUBLIC_CLOUD = YES) & !(PIN_POLICY = PINNED)) & (!(ID = 0) & !(ID = 1) & !(ID = 2))") {
		t.Errorf("4th db VM: %q", m)
	}
	app := vm("app")
	w1 := vm("web")
	w2 := vm("web")
	if h1, h2, ha := vmHost(t, s, w1), vmHost(t, s, w2), vmHost(t, s, app); h1 != h2 || h1 == ha {
		t.Errorf("web on %s and %s, app on %s", h1, h2, ha)
	}
	c1 := vm("cache")
	if h := vmHost(t, s, c1); h != "host02" {
		t.Errorf("HOST_AFFINED=1 role on %s", h)
	}
	wantErr(t, try(t, s, "one.vm.allocate", admin, "CPU=0.1 MEMORY=64 VMGROUP=[VMGROUP_ID="+itoa(id)+", ROLE=nope]"), codeAllocate,
		"[one.vm.allocate] Error allocating a new virtual machine. Role does not exist in VM Group")
	if !strings.Contains(must(t, s, "one.vmgroup.info", admin, id).str, "<VMS><![CDATA["+itoa(db1)+","+itoa(db2)+","+itoa(db3)+","+itoa(db4)+"]]></VMS>") {
		t.Errorf("role VMS: %s", must(t, s, "one.vmgroup.info", admin, id).str)
	}
	wantErr(t, try(t, s, "one.vmgroup.update", admin, id, "A=1", 1), codeInternal, "[one.vmgroup.update] Cannot update template. VM Group has 8 VMs")
	action(t, s, "terminate-hard", db4)
	if strings.Contains(must(t, s, "one.vmgroup.info", admin, id).str, ","+itoa(db4)+"]]") {
		t.Error("terminated VM still in its role")
	}
	must(t, s, "one.vmgroup.delete", admin, id)
}
