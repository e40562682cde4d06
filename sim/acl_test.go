package sim

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestACLRulesAsOned(t *testing.T) {
	s := newSim(t, Options{Seed: "empty"})
	id := must(t, s, "one.acl.addrule", admin, "0x100000002", "0x1200000064", "0x1", "0x100000000").num
	if id != 6 {
		t.Fatalf("first new rule %d, want 6 after the six default rules", id)
	}
	wantErr(t, try(t, s, "one.acl.addrule", admin, "0x100000002", "0x1200000064", "0x1", "0x100000000"), 8192,
		"[one.acl.addrule] Rule #2 VM/@100 USE #0 already exists")
	for _, c := range []struct {
		args []any
		msg  string
	}{
		{[]any{"#2", "VM/*", "FLY"}, "Rule ?? /?? USE+MANAGE+ADMIN+CREATE #0 is malformed: [user] is missing one of the INDIVIDUAL, GROUP or ALL bits; [resource] is missing one of the INDIVIDUAL, GROUP, CLUSTER or ALL bits; [resource] type is missing"},
		{[]any{"bogus", "VM/*", "USE"}, "Rule ?? /??  #0 is malformed: [user] is missing one of the INDIVIDUAL, GROUP or ALL bits; [resource] is missing one of the INDIVIDUAL, GROUP, CLUSTER or ALL bits; [resource] type is missing; wrong [rights], it cannot be 0"},
		{[]any{"@100", "NET/*", "USE", "*"}, "Rule ?? /??  ?? is malformed: [user] is missing one of the INDIVIDUAL, GROUP or ALL bits; [resource] is missing one of the INDIVIDUAL, GROUP, CLUSTER or ALL bits; [resource] type is missing; wrong [rights], it cannot be 0; [zone] is missing one of the INDIVIDUAL or ALL bits"},
		{[]any{"0x200000064", "0x2200000064", "0x1"}, "Rule @100 HOST/@100 USE #0 is malformed: [resource] GROUP(@) selector cannot be applied to HOST, GROUP, CLUSTER, ZONE or VDC types"},
	} {
		wantErr(t, try(t, s, "one.acl.addrule", append([]any{admin}, c.args...)...), 8192, "[one.acl.addrule] "+c.msg)
	}
	wantErr(t, try(t, s, "one.acl.delrule", admin, 9999), 8192, "[one.acl.delrule] Rule 9999 does not exist")
	info := must(t, s, "one.acl.info", admin).str
	want := "<ACL_POOL><ACL><ID>6</ID><USER>100000002</USER><RESOURCE>1200000064</RESOURCE><RIGHTS>1</RIGHTS><ZONE>100000000</ZONE><STRING>#2 VM/@100 USE #0</STRING></ACL>" +
		"<ACL><ID>0</ID><USER>200000001</USER><RESOURCE>121429400000000</RESOURCE><RIGHTS>8</RIGHTS><ZONE>400000000</ZONE><STRING>@1 VM+IMAGE+TEMPLATE+DOCUMENT+SECGROUP+VMGROUP+BACKUPJOB/* CREATE *</STRING></ACL>" +
		"<ACL><ID>3</ID><USER>200000001</USER><RESOURCE>2400000000</RESOURCE><RIGHTS>2</RIGHTS><ZONE>100000000</ZONE><STRING>@1 HOST/* MANAGE #0</STRING></ACL>"
	if !strings.HasPrefix(info, want) || !strings.Contains(info, "<STRING>* MARKETPLACE+MARKETPLACEAPP/* USE *</STRING>") {
		t.Fatalf("acl.info:\n%s", info)
	}
	must(t, s, "one.acl.delrule", admin, id)
}

func TestACLsDecideForUsers(t *testing.T) {
	s := newSim(t, Options{})
	wantErr(t, try(t, s, "one.acl.info", alice), 512, "[one.acl.info] User [2] : Not authorized to perform MANAGE ACL.")
	wantErr(t, try(t, s, "one.acl.addrule", alice, "0x100000002", "0x1400000000", "0x1"), 512,
		"[one.acl.addrule] User [2] : Not authorized to perform MANAGE ACL.")
	// "@1 HOST/* MANAGE #0" (default VDC) gives MANAGE, not USE: a rule
	// grants exactly the rights it names
	wantErr(t, try(t, s, "one.host.info", alice, 0), 512, "[one.host.info] User [2] : Not authorized to perform USE HOST [0].")
	must(t, s, "one.acl.addrule", admin, "0x100000002", "0x2100000001", "0x1") // #2 HOST/#1 USE
	must(t, s, "one.host.info", alice, 1)
	wantErr(t, try(t, s, "one.host.info", alice, 0), 512, "[one.host.info] User [2] : Not authorized to perform USE HOST [0].")
	must(t, s, "one.acl.addrule", admin, "0x200000001", "0x2800000000", "0x1") // @1 HOST/%0 USE
	must(t, s, "one.host.info", alice, 0)
	if n := strings.Count(must(t, s, "one.hostpool.info", alice).str, "<HOST>"); n != 3 {
		t.Fatalf("alice sees %d hosts", n)
	}
	// without rule 0 she cannot create VMs
	must(t, s, "one.acl.delrule", admin, 0)
	wantErr(t, try(t, s, "one.vm.allocate", alice, "CPU=0.1 MEMORY=64"), 512,
		"[one.vm.allocate] User [2] : Not authorized to perform CREATE VM.")
	must(t, s, "one.acl.addrule", admin, "0x100000002", "0x1400000000", "0x8")
	must(t, s, "one.vm.allocate", alice, "CPU=0.1 MEMORY=64")
	// a deleted user takes its rules along
	must(t, s, "one.user.delete", admin, 2)
	if strings.Contains(must(t, s, "one.acl.info", admin).str, "#2 ") {
		t.Fatal("rules of a deleted user remain")
	}
}

func TestGroupAdminRules(t *testing.T) {
	s := newSim(t, Options{})
	g := must(t, s, "one.group.allocate", admin, "team").num
	must(t, s, "one.user.addgroup", admin, 2, g)
	must(t, s, "one.group.addadmin", admin, g, 2)
	info := must(t, s, "one.acl.info", admin).str
	for _, w := range []string{"#2 USER/@100 USE+MANAGE+ADMIN+CREATE *",
		"#2 VM+NET+IMAGE+TEMPLATE+DOCUMENT+SECGROUP+VROUTER+VMGROUP+BACKUPJOB/@100 USE+MANAGE *",
		"#2 VROUTER/* CREATE *"} {
		if !strings.Contains(info, "<STRING>"+w+"</STRING>") {
			t.Fatalf("no rule %q in\n%s", w, info)
		}
	}
	must(t, s, "one.group.deladmin", admin, g, 2)
	if strings.Contains(must(t, s, "one.acl.info", admin).str, "#2 USER") {
		t.Fatal("admin rules left after deladmin")
	}
	// deleting the group drops the rules that name it
	must(t, s, "one.acl.addrule", admin, "0x200000064", "0x1400000000", "0x1")
	must(t, s, "one.user.delgroup", admin, 2, g)
	must(t, s, "one.group.delete", admin, g)
	if strings.Contains(must(t, s, "one.acl.info", admin).str, "@100") {
		t.Fatal("rules of a deleted group remain")
	}
}

// Quotas, ACL rules, VDCs, zone servers and tokens live in the state file.
func TestAccessPersists(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	s, err := New(Options{StateFile: file, Delay: delay})
	if err != nil {
		t.Fatal(err)
	}
	must(t, s, "one.user.quota", admin, 2, "VM=[VMS=1]\nDATASTORE=[ID=1, SIZE=10]")
	must(t, s, "one.userquota.update", admin, "VM=[CPU=3]")
	rule := must(t, s, "one.acl.addrule", admin, "0x100000002", "0x1400000000", "0x1").num
	must(t, s, "one.acl.delrule", admin, 0)
	v := must(t, s, "one.vdc.allocate", admin, `NAME="lab"`).num
	must(t, s, "one.vdc.addgroup", admin, v, 1)
	must(t, s, "one.vdc.addhost", admin, v, 0, 1)
	must(t, s, "one.zone.addserver", admin, 0, `SERVER=[NAME="s1", ENDPOINT="http://127.0.0.1:1/RPC2"]`)
	tok := must(t, s, "one.user.login", alice, "alice", "", 600, -1).str
	before := []string{must(t, s, "one.user.info", admin, 2).str, must(t, s, "one.acl.info", admin).str,
		must(t, s, "one.vdc.info", admin, v).str, must(t, s, "one.zone.info", admin, 0).str}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := newSim(t, Options{StateFile: file})
	after := []string{must(t, s2, "one.user.info", admin, 2).str, must(t, s2, "one.acl.info", admin).str,
		must(t, s2, "one.vdc.info", admin, v).str, must(t, s2, "one.zone.info", admin, 0).str}
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("changed across restart:\n%s\n%s", before[i], after[i])
		}
	}
	if !strings.Contains(after[1], "<ID>"+itoa(rule)+"</ID>") {
		t.Fatal("rule lost")
	}
	must(t, s2, "one.user.info", "alice:"+tok, -1)
	wantErr(t, try(t, s2, "one.vm.allocate", alice, "CPU=0.1 MEMORY=8"), 512, "[one.vm.allocate] User [2] : Not authorized to perform CREATE VM.")
}
