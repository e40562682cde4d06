package sim

import (
	"strconv"
	"strings"
)

// VLAN IDs of networks: given in the template, or picked by oned
// (AUTOMATIC_VLAN_ID) from the free ones.

// vlanID and outerVlanID are the network's VLAN IDs, given or automatic.
func (n *VNet) vlanID() string { return firstOf(n.Template.str("VLAN_ID"), n.AutoVlan) }

func (n *VNet) outerVlanID() string { return firstOf(n.Template.str("OUTER_VLAN_ID"), n.AutoOuter) }

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// freeVlan is the VLAN ID oned's bitmap hands out (VLAN_IDS START=2,
// RESERVED 0, 1, 4095): the first free one from a hint made of the
// network ID; "" when none is left.
func (st *state) freeVlan(id int) string {
	used := map[int]bool{0: true, 1: true, 4095: true}
	for _, n := range st.VNets {
		if vlanDrivers[n.VNMad] {
			if v, err := strconv.Atoi(n.vlanID()); err == nil {
				used[v] = true
			}
		}
	}
	hint := 2 + id%(4095-2)
	for i := 0; i < 4094; i++ {
		v := 2 + (hint-2+i)%(4095-2)
		if !used[v] {
			return strconv.Itoa(v)
		}
	}
	return ""
}

// autoVlans gives a new network the VLAN IDs it asked oned to choose.
func (st *state) autoVlans(n *VNet, t *tmpl) bool {
	auto := func(k string) bool {
		on := strings.EqualFold(t.str("AUTOMATIC_"+k), "YES") && t.str(k) == ""
		t.del("AUTOMATIC_" + k)
		return on
	}
	vlan, outer := auto("VLAN_ID"), auto("OUTER_VLAN_ID")
	switch {
	case n.VNMad == "vxlan" && vlan:
		n.AutoVlan = strconv.Itoa(2 + n.ID)
	case vlanDrivers[n.VNMad] && vlan:
		if n.AutoVlan = st.freeVlan(n.ID); n.AutoVlan == "" {
			return false
		}
	}
	if n.VNMad == "ovswitch_vxlan" && outer {
		n.AutoOuter = strconv.Itoa(2 + n.ID)
	}
	return true
}
