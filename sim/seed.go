package sim

import (
	"fmt"
	"time"
)

// seedBase builds the initial cloud. "empty" has only what a fresh oned
// has; "demo" adds the hosts, storage, network, templates and VMs
// described in the package doc.
func seedBase(seed string, now time.Time) (*state, error) {
	if seed != "demo" && seed != "empty" {
		return nil, fmt.Errorf("sim: unknown seed %q (want demo or empty)", seed)
	}
	st := newState()
	st.Groups[0] = &Group{ID: 0, Name: "oneadmin", Template: newTmpl()}
	st.Groups[1] = &Group{ID: 1, Name: "users", Template: newTmpl()}
	st.NextID["group"] = 100
	st.seedZones()
	st.seedAccess()
	addUser := func(id, gid int, name, pw, driver string) {
		t := newTmpl()
		t.set("TOKEN_PASSWORD", randomHex(32))
		st.Users[id] = &User{ID: id, GID: gid, Groups: []int{gid}, Name: name, Password: sha256hex(pw),
			AuthDriver: driver, Enabled: true, Template: t}
	}
	addUser(0, 0, "oneadmin", "opennebula", "core")
	addUser(1, 0, "serveradmin", randomHex(16), "server_cipher")
	st.NextID["user"] = 2
	st.Clusters[0] = &Cluster{ID: 0, Name: "default", Template: mustTmpl(`RESERVED_CPU = ""
RESERVED_MEM = ""`)}
	st.NextID["cluster"] = 100
	// datastores of a fresh oned, and the backup one of the demo
	for _, d := range []struct {
		id                 int
		name, dsMad, tmMad string
		typ                int
		total, free, used  int64
		demo               bool
		tmpl               string
	}{
		{0, "system", "-", "dummy", 1, 4796800, 3333260, 1429920, false, `ALLOW_ORPHANS="NO"
DISK_TYPE="FILE"
DS_MIGRATE="YES"
RESTRICTED_DIRS="/"
SAFE_DIRS="/var/tmp"
SHARED="YES"
TM_MAD="dummy"
TYPE="SYSTEM_DS"`},
		{1, "default", "dummy", "dummy", 0, 20480, 20480, 9720, false, `ALLOW_ORPHANS="NO"
CLONE_TARGET="SYSTEM"
DISK_TYPE="FILE"
DS_MAD="dummy"
LN_TARGET="NONE"
RESTRICTED_DIRS="/"
SAFE_DIRS="/var/tmp"
TM_MAD="dummy"
TYPE="IMAGE_DS"`},
		{2, "files", "fs", "ssh", 2, 258020, 80398, 12866, false, `ALLOW_ORPHANS="YES"
CLONE_TARGET="SYSTEM"
DS_MAD="fs"
LN_TARGET="SYSTEM"
RESTRICTED_DIRS="/"
SAFE_DIRS="/var/tmp"
TM_MAD="ssh"
TYPE="FILE_DS"`},
		{100, "backups", "dummy", "-", 3, 102400, 102400, 0, true, "DS_MAD=\"dummy\"\nTYPE=\"BACKUP_DS\""},
	} {
		if d.demo && seed != "demo" {
			continue
		}
		st.Datastores[d.id] = &Datastore{base: base{ID: d.id, Name: d.name, Perms: perms{OU: 1, OM: 1, GU: 1}},
			DSMad: d.dsMad, TMMad: d.tmMad, Type: d.typ, TotalMB: d.total, FreeMB: d.free, UsedMB: d.used,
			Template: mustTmpl(d.tmpl)}
		st.NextID["datastore"] = max(st.NextID["datastore"], 100, d.id+1)
	}
	st.Clusters[0].Datastores = idsAsc(st.Datastores)
	st.NextID["host"] = 0
	st.NextID["image"] = 0
	st.NextID["vnet"] = 0
	st.NextID["template"] = 0
	st.NextID["vm"] = 0
	seedSecGroups(st)
	seedMarkets(st, seed == "demo", now.Unix())
	if seed == "empty" {
		return st, nil
	}

	addUser(2, 1, "alice", "alice", "core")
	st.NextID["user"] = 3
	for i, name := range []string{"host01", "host02", "host03"} {
		h := &Host{ID: i, Name: name, State: hostMonitored, PrevState: hostMonitored, IMMad: "dummy",
			VMMad: "dummy", MaxCPU: 800, MaxMem: 16 << 20, Template: hostTemplate(name, "dummy", "dummy")}
		if name == "host03" {
			h.State, h.PrevState = hostDisabled, hostDisabled
		}
		st.Hosts[i] = h
	}
	st.NextID["host"] = 3

	shared := perms{OU: 1, OM: 1, GU: 1}
	t := now.Unix()
	for i, im := range []struct {
		name string
		typ  int
		size int64
	}{{"ubuntu-24.04", 0, 10240}, {"alpine-3.20", 0, 1024}, {"data-1g", 2, 1024}} {
		st.Images[i] = &Image{base: base{ID: i, UID: 0, GID: 1, Name: im.name, Perms: shared}, Type: im.typ,
			RegTime: t, Source: fmt.Sprintf("dummy_path/%d", i), Size: im.size, State: imgReady, DatastoreID: 1,
			Template: mustTmpl(`DEV_PREFIX="vd"`)}
	}
	st.NextID["image"] = 3
	if err := seedVNets(st, now); err != nil {
		return nil, err
	}
	st.Templates[0] = &VMTemplate{base: base{ID: 0, UID: 0, GID: 1, Name: "tiny", Perms: shared}, RegTime: t,
		Template: mustTmpl("CPU = 0.1\nMEMORY = 64\nVCPU = 1")}
	st.Templates[1] = &VMTemplate{base: base{ID: 1, UID: 0, GID: 1, Name: "ubuntu", Perms: shared}, RegTime: t,
		Template: mustTmpl(`CPU = 1
VCPU = 2
MEMORY = 2048
DISK = [ IMAGE_ID = 0 ]
NIC = [ NETWORK_ID = 0 ]
GRAPHICS = [ LISTEN = "0.0.0.0", TYPE = "VNC" ]`)}
	st.NextID["template"] = 2
	seedVRouters(st, now)

	// The VMs are built with the same code as one.vm.allocate, then put
	// straight into their state with no transition to wait for.
	s := &Server{st: st, delay: time.Second}
	admin := &call{s: s, st: st, method: "seed", now: now, user: st.Users[0], groups: map[int]bool{0: true}, egid: -1}
	alice := &call{s: s, st: st, method: "seed", now: now, user: st.Users[2], groups: map[int]bool{1: true}, egid: -1}
	vms := []struct {
		c     *call
		name  string
		tmpl  string
		host  int
		state int
	}{
		{admin, "web-1", "CPU=1 VCPU=2 MEMORY=2048 DISK=[IMAGE_ID=0] NIC=[NETWORK_ID=0] TEMPLATE_ID=1", 0, stActive},
		{admin, "web-2", "CPU=1 VCPU=2 MEMORY=2048 DISK=[IMAGE_ID=0] NIC=[NETWORK_ID=0] TEMPLATE_ID=1", 1, stActive},
		{admin, "db-1", "CPU=2 VCPU=4 MEMORY=4096 DISK=[IMAGE_ID=0] DISK=[IMAGE_ID=2] NIC=[NETWORK_ID=0]", 0, stActive},
		{admin, "batch-1", "CPU=0.5 VCPU=1 MEMORY=1024 DISK=[IMAGE_ID=1] NIC=[NETWORK_ID=0]", 1, stPoweroff},
		{admin, "test-hold", "CPU=0.1 VCPU=1 MEMORY=64 TEMPLATE_ID=0", -1, stHold},
		{alice, "alice-vm", "CPU=0.1 VCPU=1 MEMORY=64 DISK=[IMAGE_ID=1] NIC=[NETWORK_ID=0] TEMPLATE_ID=0", 1, stActive},
	}
	for _, d := range vms {
		tt, msg := parseTmpl(d.tmpl)
		if msg != "" {
			return nil, fmt.Errorf("sim: seed VM %s: %s", d.name, msg)
		}
		id, e := d.c.allocateVM(tt, d.name, "", d.state == stHold)
		if e != nil {
			return nil, fmt.Errorf("sim: seed VM %s: %s", d.name, e.msg)
		}
		v := st.VMs[id]
		if d.host >= 0 {
			s.placeOn(v, st.Hosts[d.host], t, nil)
			h := v.lastHistory()
			h.PETime, h.RSTime = t, t
			v.DeployID = st.Hosts[d.host].Name + ":" + v.Name + ":dummy"
			v.LastPoll = t
		}
		switch d.state {
		case stActive:
			st.settle(v, stActive, lcmRunning)
			v.Mon = append(v.Mon, sample(v, t))
		case stPoweroff:
			h := v.lastHistory()
			h.Action = actPoweroff
			st.settle(v, stPoweroff, lcmInit)
		}
	}
	seedImages(st, t)
	st.seedHostMonitoring(t)
	st.seedInfra()
	return st, nil
}
