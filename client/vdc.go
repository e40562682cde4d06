package client

import "encoding/xml"

// VDC is one.vdc.info's <VDC> (xsd/vdc.xsd). A resource ID of -10
// (AllResources) means every object of that kind in the zone.
type VDC struct {
	XMLName    xml.Name      `xml:"VDC"`
	ID         int           `xml:"ID"`
	Name       string        `xml:"NAME"`
	Groups     IDs           `xml:"GROUPS"`
	Clusters   []VDCResource `xml:"CLUSTERS>CLUSTER"`
	Hosts      []VDCResource `xml:"HOSTS>HOST"`
	Datastores []VDCResource `xml:"DATASTORES>DATASTORE"`
	VNets      []VDCResource `xml:"VNETS>VNET"`
	Template   Template      `xml:"TEMPLATE"`
}

// AllResources is OpenNebula's Vdc::ALL_RESOURCES.
const AllResources = -10

// VDCResource is one resource of a VDC: an object ID in a zone (the ID
// element is CLUSTER_ID, HOST_ID, DATASTORE_ID or VNET_ID).
type VDCResource struct {
	ZoneID int `xml:"ZONE_ID"`
	ID     int `xml:",any"`
}

// VDCPool is one.vdcpool.info's <VDC_POOL>.
type VDCPool struct {
	XMLName xml.Name `xml:"VDC_POOL"`
	VDCs    []VDC    `xml:"VDC"`
}

func ParseVDC(raw []byte) (*VDC, error)         { return Unmarshal[VDC](raw) }
func ParseVDCPool(raw []byte) (*VDCPool, error) { return Unmarshal[VDCPool](raw) }

// Zone is one.zone.info's <ZONE> (xsd/zone.xsd).
type Zone struct {
	XMLName  xml.Name     `xml:"ZONE"`
	ID       int          `xml:"ID"`
	Name     string       `xml:"NAME"`
	State    int          `xml:"STATE"`
	Template Template     `xml:"TEMPLATE"`
	Servers  []ZoneServer `xml:"SERVER_POOL>SERVER"`
}

// ZoneServer is one HA server of a zone.
type ZoneServer struct {
	Endpoint string `xml:"ENDPOINT"`
	ID       int    `xml:"ID"`
	Name     string `xml:"NAME"`
}

// ZonePool is one.zonepool.info's <ZONE_POOL>.
type ZonePool struct {
	XMLName xml.Name `xml:"ZONE_POOL"`
	Zones   []Zone   `xml:"ZONE"`
}

// Raft is one.zone.raftstatus's <RAFT>: STATE 0..3 = solo, candidate,
// follower, leader.
type Raft struct {
	XMLName     xml.Name `xml:"RAFT"`
	ServerID    int      `xml:"SERVER_ID"`
	State       int      `xml:"STATE"`
	Term        int      `xml:"TERM"`
	VotedFor    int      `xml:"VOTEDFOR"`
	Commit      int      `xml:"COMMIT"`
	LogIndex    int      `xml:"LOG_INDEX"`
	LogTerm     int      `xml:"LOG_TERM"`
	FedLogIndex int      `xml:"FEDLOG_INDEX"`
}

func ParseZone(raw []byte) (*Zone, error)         { return Unmarshal[Zone](raw) }
func ParseZonePool(raw []byte) (*ZonePool, error) { return Unmarshal[ZonePool](raw) }
func ParseRaft(raw []byte) (*Raft, error)         { return Unmarshal[Raft](raw) }
