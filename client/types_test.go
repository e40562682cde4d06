package client

import (
	"strings"
	"testing"
)

func TestParseVMRunning(t *testing.T) {
	vm, err := ParseVM(sample(t, "vm.info.running.payload.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if vm.ID != 1 || vm.Name != "vm-from-tiny" || vm.UName != "oneadmin" || vm.State != VMActive || vm.LCMState != LCMRunning {
		t.Errorf("header: %+v", vm)
	}
	if vm.ShortState() != "runn" || vm.StateName() != "RUNNING" || vm.DeployID != "localhost:vm-from-tiny:dummy" {
		t.Errorf("state %s/%s deploy %s", vm.ShortState(), vm.StateName(), vm.DeployID)
	}
	if vm.Permissions == nil || vm.Permissions.Octal() != "600" || vm.Permissions.String() != "um-------" {
		t.Errorf("permissions %+v", vm.Permissions)
	}
	if vm.STime != 1795339179 || vm.LastPoll != 1795339633 || vm.Lock != nil {
		t.Errorf("times/lock: %+v", vm)
	}
	if vm.Monitoring.Get("MEMORY") != "51773" || vm.Monitoring.Get("NETTX") != "9683" {
		t.Errorf("monitoring %+v", vm.Monitoring.Attrs)
	}
	tpl := vm.Template
	if tpl.CPU != "0.1" || tpl.VCPU != "1" || tpl.Memory != "64" || tpl.TemplateID != "0" || tpl.TMMadSystem != "dummy" {
		t.Errorf("template %+v", tpl)
	}
	if tpl.OS == nil || tpl.OS.Get("UUID") != "0c4b31ff-135b-49de-9aec-0307663022e2" {
		t.Errorf("OS %+v", tpl.OS)
	}
	if !strings.Contains(tpl.Raw, "<VMID><![CDATA[1]]></VMID>") {
		t.Errorf("raw template lost: %s", tpl.Raw)
	}
	if got := vm.UserTemplate.All("SCHED_MESSAGE"); len(got) != 1 {
		t.Errorf("user template %+v", vm.UserTemplate)
	}
	h := vm.LastHistory()
	if h == nil || h.Hostname != "localhost" || h.HID != 0 || h.VMMad != "dummy" || h.STime != 1795339321 || h.RequestID != "-1" {
		t.Errorf("history %+v", h)
	}
	if vm.Backups == nil || len(vm.Backups.BackupIDs.ID) != 0 {
		t.Errorf("backups %+v", vm.Backups)
	}
}

func TestParseVMDone(t *testing.T) {
	vm, err := ParseVM(sample(t, "vm.info.done.payload.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if vm.State != VMDone || vm.ShortState() != "done" || vm.StateName() != "DONE" || vm.ETime == 0 {
		t.Errorf("done VM: state %d %s etime %d", vm.State, vm.ShortState(), vm.ETime)
	}
}

func TestParseVMPool(t *testing.T) {
	pool, err := ParseVMPool(sample(t, "vmpool.info.payload.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pool.VMs) != 2 || pool.VMs[0].ID != 3 || pool.VMs[1].ID != 1 {
		t.Fatalf("pool %+v", pool.VMs)
	}
	vm := pool.VMs[0]
	if vm.Name != "rpc-direct" || vm.Template.Memory != "16" || vm.Template.VCPU != "" || vm.ShortState() != "runn" || vm.LastHistory().Hostname != "localhost" {
		t.Errorf("vm 3: %+v", vm)
	}
	for _, f := range []string{"vmpool.infoextended.payload.xml", "vmpool.info.all_incl_done.payload.xml"} {
		if p, err := ParseVMPool(sample(t, f)); err != nil || len(p.VMs) == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestParseOtherSamples(t *testing.T) {
	host, err := ParseHost(sample(t, "host.info.payload.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if host.Name != "localhost" || host.ShortState() != "on" || host.Share.TotalCPU != 800 || host.Share.MemUsage != 131072 ||
		host.Share.RunningVMs != 2 || len(host.VMs.ID) != 2 || host.Share.Datastores.FreeDisk != 20480 ||
		len(host.Share.PCIDevices) != 3 || host.Template.Get("HYPERVISOR") != "dummy" || host.Monitoring.Get("TIMESTAMP") != "1795339280" {
		t.Errorf("host %+v", host)
	}
	if hp, err := ParseHostPool(sample(t, "hostpool.info.payload.xml")); err != nil || len(hp.Hosts) != 1 {
		t.Errorf("host pool %v %v", hp, err)
	}
	tpl, err := ParseVMTemplate(sample(t, "template.info.payload.xml"))
	if err != nil || tpl.Name != "tiny" || tpl.Template.Get("MEMORY") != "64" || tpl.Permissions.Octal() != "600" || tpl.RegTime == 0 {
		t.Errorf("template %+v %v", tpl, err)
	}
	if tp, err := ParseVMTemplatePool(sample(t, "templatepool.info.payload.xml")); err != nil || len(tp.Templates) == 0 {
		t.Errorf("template pool %v", err)
	}
	u, err := ParseUser(sample(t, "user.info.self.payload.xml"))
	if err != nil || u.Name != "oneadmin" || u.AuthDriver != "core" || u.Enabled != 1 || len(u.Groups.ID) != 1 {
		t.Errorf("user %+v %v", u, err)
	}
	up, err := ParseUserPool(sample(t, "userpool.info.payload.xml"))
	if err != nil || len(up.Users) != 2 || len(up.Quotas) != 2 || up.Quotas[1].ID != 0 || up.Users[0].Name != "serveradmin" {
		t.Errorf("user pool %+v %v", up, err)
	}
	dp, err := ParseDatastorePool(sample(t, "datastorepool.info.payload.xml"))
	if err != nil || len(dp.Datastores) != 3 {
		t.Fatalf("datastore pool %v", err)
	}
	ds := dp.Datastores[0]
	if ds.Name != "files" || ds.Type != 2 || DatastoreShortType(ds.Type) != "fil" || DatastoreShortState(ds.State) != "on" ||
		ds.TotalMB != 258020 || ds.Permissions.Octal() != "640" || ds.Template.Get("TYPE") != "FILE_DS" {
		t.Errorf("datastore %+v", ds)
	}
}

func TestParseErrors(t *testing.T) {
	if _, err := ParseVM([]byte("<VM><ID>x</ID></VM>")); err == nil {
		t.Error("non-numeric ID accepted")
	}
	if _, err := ParseVM([]byte("<HOST><ID>1</ID></HOST>")); err == nil {
		t.Error("wrong root accepted")
	}
	if _, err := ParseVMPool(nil); err == nil {
		t.Error("empty document accepted")
	}
}

func TestPermissions(t *testing.T) {
	p := Permissions{OwnerU: 1, OwnerM: 1, OwnerA: 1, GroupU: 1, OtherM: 1}
	if p.Octal() != "742" || p.String() != "umau---m-" {
		t.Errorf("Octal %s String %s", p.Octal(), p.String())
	}
	if (Permissions{}).Octal() != "000" || (Permissions{}).String() != "---------" {
		t.Error("zero permissions")
	}
}

func TestStateNames(t *testing.T) {
	cases := []struct{ got, want string }{
		{VMShortState(VMActive, LCMRunning), "runn"},
		{VMShortState(VMPoweroff, 0), "poff"},
		{VMShortState(VMPending, 0), "pend"},
		{VMShortState(VMActive, LCMBootFailure), "fail"},
		{VMShortState(VMActive, 62), "drsz"},
		{VMShortState(VMActive, 71), "rest"},
		{VMShortState(VMUndeployed, 0), "unde"},
		{VMShortState(VMCloningFailure, 0), "fail"},
		{VMStateName(VMActive), "ACTIVE"},
		{VMStateName(99), "99"},
		{LCMStateName(LCMRunning), "RUNNING"},
		{LCMStateName(LCMBackup), "BACKUP"},
		{LCMStateName(-1), "-1"},
		{HostStateName(2), "MONITORED"},
		{HostShortState(4), "dsbl"},
		{HostShortState(8), "off"},
		{ImageShortState(1), "rdy"},
		{ImageStateName(8), "USED_PERS"},
		{ImageTypeName(2), "DATABLOCK"},
		{DatastoreStateName(1), "DISABLED"},
		{DatastoreTypeName(1), "SYSTEM_DS"},
		{VNetShortState(1), "rdy"},
		{VNetStateName(6), "UPDATE_FAILURE"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: got %q, want %q", i, c.got, c.want)
		}
	}
	if len(lcmStates) != 72 {
		t.Errorf("LCM table has %d entries, want 72 (0..71)", len(lcmStates))
	}
}
