package sim

import (
	"fmt"
	"strconv"
	"strings"
)

func ipAdd(ip string, n int) string {
	parts := strings.Split(ip, ".")
	if len(parts) != 4 {
		return ""
	}
	v := 0
	for _, p := range parts {
		x, _ := strconv.Atoi(p)
		v = v<<8 | x
	}
	v += n
	return fmt.Sprintf("%d.%d.%d.%d", v>>24&255, v>>16&255, v>>8&255, v&255)
}

// macFor follows oned's default: prefix 02:00 followed by the IPv4 bytes.
func macFor(ip string) string {
	parts := strings.Split(ip, ".")
	if len(parts) != 4 {
		return "02:00:00:00:00:00"
	}
	s := "02:00"
	for _, p := range parts {
		x, _ := strconv.Atoi(p)
		s += fmt.Sprintf(":%02x", x)
	}
	return s
}

func (n *VNet) usedLeases() int {
	u := 0
	for _, ar := range n.ARs {
		u += len(ar.Leases)
	}
	return u
}

func (st *state) vnetXML(n *VNet) string {
	var b strings.Builder
	b.WriteString("<VNET>" + st.head(&n.base) + n.Lock.xml() + n.Perms.xml() +
		idsXML("CLUSTERS", n.ClusterIDs) + elc("BRIDGE", n.Bridge) + elc("BRIDGE_TYPE", "linux") +
		el("STATE", 1) + el("PREV_STATE", 0) + elc("PARENT_NETWORK_ID", "") + elc("VN_MAD", n.VNMad) +
		elc("PHYDEV", "") + elc("VLAN_ID", "") + elc("OUTER_VLAN_ID", "") + elc("VLAN_ID_AUTOMATIC", "0") +
		elc("OUTER_VLAN_ID_AUTOMATIC", "0") + el("USED_LEASES", n.usedLeases()) +
		"<VROUTERS></VROUTERS><UPDATED_VMS></UPDATED_VMS><OUTDATED_VMS></OUTDATED_VMS>" +
		"<UPDATING_VMS></UPDATING_VMS><ERROR_VMS></ERROR_VMS>" + n.Template.xml("TEMPLATE") + "<AR_POOL>")
	for _, ar := range n.ARs {
		b.WriteString("<AR>" + elc("AR_ID", strconv.Itoa(ar.ID)) + elc("IP", ar.IP) + elc("MAC", macFor(ar.IP)) +
			elc("SIZE", strconv.Itoa(ar.Size)) + elc("TYPE", ar.Type) + elc("MAC_END", macFor(ipAdd(ar.IP, ar.Size-1))) +
			elc("IP_END", ipAdd(ar.IP, ar.Size-1)) + elc("USED_LEASES", strconv.Itoa(len(ar.Leases))) + "<LEASES>")
		for _, off := range idsAsc(ar.Leases) {
			ip := ipAdd(ar.IP, off)
			b.WriteString("<LEASE>" + elc("IP", ip) + elc("MAC", macFor(ip)) + elc("VM", strconv.Itoa(ar.Leases[off])) + "</LEASE>")
		}
		b.WriteString("</LEASES></AR>")
	}
	b.WriteString("</AR_POOL></VNET>")
	return b.String()
}

// lease takes the requested address, or the first free one when want is
// empty, for a VM; false when the address is outside the network or taken.
func (n *VNet) lease(vmid int, want string) (string, bool) {
	for _, ar := range n.ARs {
		for off := 0; off < ar.Size; off++ {
			if _, used := ar.Leases[off]; used && want == "" {
				continue // no address to build for a taken lease
			}
			ip := ipAdd(ar.IP, off)
			if want != "" && ip != want {
				continue
			}
			if _, used := ar.Leases[off]; used {
				if want != "" {
					return "", false
				}
				continue
			}
			if ar.Leases == nil {
				ar.Leases = map[int]int{}
			}
			ar.Leases[off] = vmid
			return ip, true
		}
	}
	return "", false
}

func (n *VNet) release(ip string) {
	for _, ar := range n.ARs {
		for off, _ := range ar.Leases {
			if ipAdd(ar.IP, off) == ip {
				delete(ar.Leases, off)
			}
		}
	}
}

var vnetKind = owned(objKind[*VNet]{ot: obNet, root: "VNET_POOL",
	pool: func(st *state) map[int]*VNet { return st.VNets }, xml: (*state).vnetXML})

// imageRef and netRef are how DISK and NIC vectors name their image and
// network.
var (
	imageRef = ref{id: "IMAGE_ID", name: "IMAGE", uname: "IMAGE_UNAME", uid: "IMAGE_UID", what: "Image"}
	netRef   = ref{id: "NETWORK_ID", name: "NETWORK", uname: "NETWORK_UNAME", what: "Virtual network", byUse: true}
)

func (s *Server) registerVNets() {
	s.reg("one.vn.info", "i b?", objectInfo(vnetKind))
	s.reg("one.vnpool.info", "i i i", poolInfo(vnetKind))
}
