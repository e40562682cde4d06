package client

import "encoding/xml"

// VMGroup is one.vmgroup.info's <VM_GROUP> (xsd/vm_group.xsd).
type VMGroup struct {
	XMLName xml.Name `xml:"VM_GROUP"`
	Owned
	Roles    []VMGroupRole `xml:"ROLES>ROLE"`
	Template Template      `xml:"TEMPLATE"`
}

// VMGroupRole is one ROLE of a VM group; VMS lists its VMs ("1,2").
type VMGroupRole struct {
	ID              int    `xml:"ID"`
	Name            string `xml:"NAME"`
	Policy          string `xml:"POLICY"`
	HostAffined     string `xml:"HOST_AFFINED"`
	HostAntiAffined string `xml:"HOST_ANTI_AFFINED"`
	VMs             string `xml:"VMS"`
}

// VMGroupPool is one.vmgrouppool.info's <VM_GROUP_POOL>.
type VMGroupPool struct {
	XMLName  xml.Name  `xml:"VM_GROUP_POOL"`
	VMGroups []VMGroup `xml:"VM_GROUP"`
}

func ParseVMGroup(raw []byte) (*VMGroup, error) { return Unmarshal[VMGroup](raw) }
