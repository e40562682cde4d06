package sim

import (
	"fmt"
	"time"
)

// seedVNets adds the demo's networks, a security group "web" and a network
// template "lan": "private" (IP4, used by the demo
// VMs), "public" (IP4_6 with a held address and a reservation of two
// addresses, "public-resv", owned by alice) and "lab" (ETHER).
func seedVNets(st *state, now time.Time) error {
	shared := perms{OU: 1, OM: 1, GU: 1}
	add := func(id, uid, gid int, name, text string, ars ...[]*pair) (*VNet, error) {
		n, err := readyVNet(base{ID: id, UID: uid, GID: gid, Name: name, Perms: shared}, text, ars...)
		if err == nil {
			st.VNets[id] = n
		}
		return n, err
	}
	if _, err := add(0, 0, 1, "private", `BRIDGE="br0"
DNS="192.168.150.254"
GATEWAY="192.168.150.254"
NETWORK_ADDRESS="192.168.150.0"
NETWORK_MASK="255.255.255.0"
VN_MAD="bridge"`, []*pair{{"TYPE", "IP4"}, {"IP", "192.168.150.1"}, {"SIZE", "100"}}); err != nil {
		return err
	}
	pub, err := add(1, 0, 1, "public", `BRIDGE="br1"
GATEWAY="10.0.0.1"
VN_MAD="bridge"`, []*pair{{"TYPE", "IP4_6"}, {"IP", "10.0.0.10"}, {"GLOBAL_PREFIX", "2001:db8::"},
		{"ULA_PREFIX", "fd00::"}, {"SIZE", "20"}})
	if err != nil {
		return err
	}
	if _, err := add(2, 0, 0, "lab", `BRIDGE="br2"
VN_MAD="dummy"`, []*pair{{"TYPE", "ETHER"}, {"MAC", "02:00:aa:00:00:01"}, {"SIZE", "8"}}); err != nil {
		return err
	}
	src := pub.ARs[0]
	src.take(5, held)
	resv := &VNet{base: base{ID: 3, UID: 2, GID: 1, Name: "public-resv", Perms: perms{OU: 1, OM: 1}},
		ClusterIDs: []int{0}, Bridge: pub.Bridge, VNMad: pub.VNMad, Template: pub.Template.clone(),
		vnetExtra: vnetExtra{State: vnReady, PrevState: vnReady, Resv: true, Parent: 1, NextAR: 1}}
	resv.ARs = []*addrRange{src.carve(10, 2, 0)}
	for i := 10; i < 12; i++ {
		src.take(i, leaseOwner{T: ownNet, ID: 3})
	}
	st.VNets[3] = resv
	web := newTmpl()
	web.set("DESCRIPTION", "web servers")
	web.addVector("RULE", &pair{"PROTOCOL", "TCP"}, &pair{"RULE_TYPE", "inbound"}, &pair{"RANGE", "22,80,443"})
	web.addVector("RULE", &pair{"PROTOCOL", "ALL"}, &pair{"RULE_TYPE", "outbound"})
	st.SecGroups[100] = &SecGroup{base: base{ID: 100, GID: 1, Name: "web", Perms: shared}, Template: web}
	st.NextID["secgroup"] = 101
	st.VNTmpls[0] = &VNTemplate{base: base{ID: 0, GID: 1, Name: "lan", Perms: shared}, RegTime: now.Unix(),
		Template: mustTmpl("VN_MAD=\"bridge\"\nBRIDGE=\"br3\"\nAR=[TYPE=\"IP4\", IP=\"172.16.0.1\", SIZE=\"16\"]")}
	st.NextID["vntemplate"] = 1
	st.NextID["vnet"] = 4
	return nil
}

// readyVNet is a READY network made straight from a template (the
// attributes oned adds are filled in) and address ranges, for the seeds.
func readyVNet(b base, text string, ars ...[]*pair) (*VNet, error) {
	t, msg := parseTmpl(text)
	if msg != "" {
		return nil, fmt.Errorf("sim: seed vnet %s: %s", b.Name, msg)
	}
	for k, v := range map[string]string{"BRIDGE_TYPE": bridgeTypes[t.str("VN_MAD")], "OUTER_VLAN_ID": "",
		"PHYDEV": "", "SECURITY_GROUPS": "0", "VLAN_ID": ""} {
		if _, ok := t.get(k); !ok {
			t.set(k, v)
		}
	}
	n := &VNet{base: b, ClusterIDs: []int{0}, Bridge: t.str("BRIDGE"), VNMad: t.str("VN_MAD"), Template: t,
		vnetExtra: vnetExtra{State: vnReady, PrevState: vnReady, Parent: -1}}
	for _, vec := range ars {
		ar, msg := newAddrRange(vec, n.NextAR)
		if msg != "" {
			return nil, fmt.Errorf("sim: seed vnet %s: %s", b.Name, msg)
		}
		n.ARs = append(n.ARs, ar)
		n.NextAR++
	}
	return n, nil
}
