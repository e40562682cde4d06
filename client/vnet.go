package client

import "encoding/xml"

// AddressRange is one VNET/AR_POOL/AR (xsd/vnet.xsd). one.vn.info adds the
// computed ends, the usage and the leases; a pool listing has only the
// stored attributes. Attrs keeps everything, including attributes a user
// added to the range.
type AddressRange struct {
	ARID              string      `xml:"AR_ID"`
	Type              string      `xml:"TYPE"`
	Size              string      `xml:"SIZE"`
	IP                string      `xml:"IP"`
	MAC               string      `xml:"MAC"`
	GlobalPrefix      string      `xml:"GLOBAL_PREFIX"`
	ULAPrefix         string      `xml:"ULA_PREFIX"`
	IP6               string      `xml:"IP6"`
	ParentNetworkARID string      `xml:"PARENT_NETWORK_AR_ID"`
	MACEnd            string      `xml:"MAC_END"`
	IPEnd             string      `xml:"IP_END"`
	IP6ULA            string      `xml:"IP6_ULA"`
	IP6ULAEnd         string      `xml:"IP6_ULA_END"`
	IP6Global         string      `xml:"IP6_GLOBAL"`
	IP6GlobalEnd      string      `xml:"IP6_GLOBAL_END"`
	IP6End            string      `xml:"IP6_END"`
	UsedLeases        string      `xml:"USED_LEASES"`
	Leases            []Lease     `xml:"LEASES>LEASE"`
	Attrs             []Attribute `xml:",any"`
}

// Lease is an address in use: by a VM (VM -1 is a held address), by a
// reservation (VNET) or by a virtual router (VROUTER).
type Lease struct {
	IP        string `xml:"IP"`
	IP6       string `xml:"IP6"`
	IP6Global string `xml:"IP6_GLOBAL"`
	IP6Link   string `xml:"IP6_LINK"`
	IP6ULA    string `xml:"IP6_ULA"`
	MAC       string `xml:"MAC"`
	VM        string `xml:"VM"`
	VNet      string `xml:"VNET"`
	VRouter   string `xml:"VROUTER"`
}

// Holder says who has the lease as onevnet show's OWNER column does: "V:12"
// for a VM ("V:-1" for a held address), "N:3" for a reservation, "R:1" for
// a router.
func (l Lease) Holder() string {
	switch {
	case l.VM != "":
		return "V:" + l.VM
	case l.VNet != "":
		return "N:" + l.VNet
	case l.VRouter != "":
		return "R:" + l.VRouter
	}
	return ""
}

// IsReservation tells a reservation (a network carved out of another).
func (v *VNet) IsReservation() bool { return v.ParentNetworkID != "" }

// ShortState is the CLI's short state ("rdy", "lock" ...).
func (v *VNet) ShortState() string { return VNetShortState(v.State) }

// SecurityGroup is one.secgroup.info's <SECURITY_GROUP>
// (xsd/security_group.xsd).
type SecurityGroup struct {
	XMLName xml.Name `xml:"SECURITY_GROUP"`
	Owned
	UpdatedVMs  IDs      `xml:"UPDATED_VMS"`
	OutdatedVMs IDs      `xml:"OUTDATED_VMS"`
	UpdatingVMs IDs      `xml:"UPDATING_VMS"`
	ErrorVMs    IDs      `xml:"ERROR_VMS"`
	Template    Template `xml:"TEMPLATE"`
}

// SecurityGroupPool is one.secgrouppool.info's <SECURITY_GROUP_POOL>.
type SecurityGroupPool struct {
	XMLName xml.Name        `xml:"SECURITY_GROUP_POOL"`
	Groups  []SecurityGroup `xml:"SECURITY_GROUP"`
}

// VNTemplate is one.vntemplate.info's <VNTEMPLATE> (xsd/vntemplate.xsd).
type VNTemplate struct {
	XMLName xml.Name `xml:"VNTEMPLATE"`
	Owned
	RegTime  int64    `xml:"REGTIME"`
	Template Template `xml:"TEMPLATE"`
}

// VNTemplatePool is one.vntemplatepool.info's <VNTEMPLATE_POOL>.
type VNTemplatePool struct {
	XMLName   xml.Name     `xml:"VNTEMPLATE_POOL"`
	Templates []VNTemplate `xml:"VNTEMPLATE"`
}

// VRouter is one.vrouter.info's <VROUTER> (xsd/vrouter.xsd).
type VRouter struct {
	XMLName xml.Name `xml:"VROUTER"`
	Owned
	VMs      IDs      `xml:"VMS"`
	Template Template `xml:"TEMPLATE"`
}

// VRouterPool is one.vrouterpool.info's <VROUTER_POOL>.
type VRouterPool struct {
	XMLName  xml.Name  `xml:"VROUTER_POOL"`
	VRouters []VRouter `xml:"VROUTER"`
}

// Parse helpers for the documents above.
func ParseSecurityGroup(raw []byte) (*SecurityGroup, error) { return Unmarshal[SecurityGroup](raw) }
func ParseSecurityGroupPool(raw []byte) (*SecurityGroupPool, error) {
	return Unmarshal[SecurityGroupPool](raw)
}
func ParseVNTemplate(raw []byte) (*VNTemplate, error)         { return Unmarshal[VNTemplate](raw) }
func ParseVNTemplatePool(raw []byte) (*VNTemplatePool, error) { return Unmarshal[VNTemplatePool](raw) }
func ParseVRouter(raw []byte) (*VRouter, error)               { return Unmarshal[VRouter](raw) }
func ParseVRouterPool(raw []byte) (*VRouterPool, error)       { return Unmarshal[VRouterPool](raw) }
