package client

import "encoding/xml"

// VMTemplate is one.template.info's <VMTEMPLATE> (xsd/vmtemplate.xsd).
type VMTemplate struct {
	XMLName xml.Name `xml:"VMTEMPLATE"`
	Owned
	RegTime  int64    `xml:"REGTIME"`
	Template Template `xml:"TEMPLATE"`
}

// VMTemplatePool is one.templatepool.info's <VMTEMPLATE_POOL>.
type VMTemplatePool struct {
	XMLName   xml.Name     `xml:"VMTEMPLATE_POOL"`
	Templates []VMTemplate `xml:"VMTEMPLATE"`
}

// User is one.user.info's <USER> (xsd/user.xsd).
type User struct {
	XMLName     xml.Name     `xml:"USER"`
	ID          int          `xml:"ID"`
	GID         int          `xml:"GID"`
	Groups      IDs          `xml:"GROUPS"`
	GName       string       `xml:"GNAME"`
	Name        string       `xml:"NAME"`
	Password    string       `xml:"PASSWORD"`
	AuthDriver  string       `xml:"AUTH_DRIVER"`
	Enabled     int          `xml:"ENABLED"`
	LoginTokens []LoginToken `xml:"LOGIN_TOKEN"`
	Template    Template     `xml:"TEMPLATE"`
	Quotas
	DefaultQuotas Quotas `xml:"DEFAULT_USER_QUOTAS"`
}

// LoginToken is a token made by one.user.login.
type LoginToken struct {
	Token          string `xml:"TOKEN"`
	ExpirationTime int64  `xml:"EXPIRATION_TIME"`
	EGID           int    `xml:"EGID"`
}

// UserPool is one.userpool.info's <USER_POOL>. Pool listings append the
// default quotas once at the end.
type UserPool struct {
	XMLName       xml.Name     `xml:"USER_POOL"`
	Users         []User       `xml:"USER"`
	Quotas        []PoolQuotas `xml:"QUOTAS"`
	DefaultQuotas Quotas       `xml:"DEFAULT_USER_QUOTAS"`
}

// PoolQuotas is the QUOTAS element pool listings put after each user or
// group, keyed by that object's ID.
type PoolQuotas struct {
	ID int `xml:"ID"`
	Quotas
}

// Group is one.group.info's <GROUP> (xsd/group.xsd).
type Group struct {
	XMLName  xml.Name `xml:"GROUP"`
	ID       int      `xml:"ID"`
	Name     string   `xml:"NAME"`
	Template Template `xml:"TEMPLATE"`
	Users    IDs      `xml:"USERS"`
	Admins   IDs      `xml:"ADMINS"`
	Quotas
	DefaultQuotas Quotas `xml:"DEFAULT_GROUP_QUOTAS"`
}

// GroupPool is one.grouppool.info's <GROUP_POOL>.
type GroupPool struct {
	XMLName       xml.Name     `xml:"GROUP_POOL"`
	Groups        []Group      `xml:"GROUP"`
	Quotas        []PoolQuotas `xml:"QUOTAS"`
	DefaultQuotas Quotas       `xml:"DEFAULT_GROUP_QUOTAS"`
}

// Image is one.image.info's <IMAGE> (xsd/image.xsd).
type Image struct {
	XMLName xml.Name `xml:"IMAGE"`
	Owned
	Type           int      `xml:"TYPE"`
	DiskType       int      `xml:"DISK_TYPE"`
	Persistent     int      `xml:"PERSISTENT"`
	RegTime        int64    `xml:"REGTIME"`
	Source         string   `xml:"SOURCE"`
	Path           string   `xml:"PATH"`
	Format         string   `xml:"FORMAT"`
	FS             string   `xml:"FS"`
	Size           int64    `xml:"SIZE"` // MiB
	State          int      `xml:"STATE"`
	PrevState      int      `xml:"PREV_STATE"`
	RunningVMs     int      `xml:"RUNNING_VMS"`
	CloningOps     int      `xml:"CLONING_OPS"`
	CloningID      int      `xml:"CLONING_ID"`
	TargetSnapshot int      `xml:"TARGET_SNAPSHOT"`
	DatastoreID    int      `xml:"DATASTORE_ID"`
	Datastore      string   `xml:"DATASTORE"`
	VMs            IDs      `xml:"VMS"`
	Clones         IDs      `xml:"CLONES"`
	AppClones      IDs      `xml:"APP_CLONES"`
	Template       Template `xml:"TEMPLATE"`
	Snapshots      Template `xml:"SNAPSHOTS"`
	Increments     Template `xml:"BACKUP_INCREMENTS"`
}

// ImagePool is one.imagepool.info's <IMAGE_POOL>.
type ImagePool struct {
	XMLName xml.Name `xml:"IMAGE_POOL"`
	Images  []Image  `xml:"IMAGE"`
}

// VNet is one.vn.info's <VNET> (xsd/vnet.xsd).
type VNet struct {
	XMLName xml.Name `xml:"VNET"`
	Owned
	Clusters        IDs            `xml:"CLUSTERS"`
	Bridge          string         `xml:"BRIDGE"`
	BridgeType      string         `xml:"BRIDGE_TYPE"`
	State           int            `xml:"STATE"`
	PrevState       int            `xml:"PREV_STATE"`
	ParentNetworkID string         `xml:"PARENT_NETWORK_ID"`
	VNMad           string         `xml:"VN_MAD"`
	PhyDev          string         `xml:"PHYDEV"`
	VLANID          string         `xml:"VLAN_ID"`
	OuterVLANID     string         `xml:"OUTER_VLAN_ID"`
	UsedLeases      int            `xml:"USED_LEASES"`
	VRouters        IDs            `xml:"VROUTERS"`
	UpdatedVMs      IDs            `xml:"UPDATED_VMS"`
	OutdatedVMs     IDs            `xml:"OUTDATED_VMS"`
	UpdatingVMs     IDs            `xml:"UPDATING_VMS"`
	ErrorVMs        IDs            `xml:"ERROR_VMS"`
	Template        Template       `xml:"TEMPLATE"`
	ARs             []AddressRange `xml:"AR_POOL>AR"`
}

// VNetPool is one.vnpool.info's <VNET_POOL>.
type VNetPool struct {
	XMLName xml.Name `xml:"VNET_POOL"`
	VNets   []VNet   `xml:"VNET"`
}

// Datastore is one.datastore.info's <DATASTORE> (xsd/datastore.xsd).
type Datastore struct {
	XMLName xml.Name `xml:"DATASTORE"`
	Owned
	DSMad    string   `xml:"DS_MAD"`
	TMMad    string   `xml:"TM_MAD"`
	BasePath string   `xml:"BASE_PATH"`
	Type     int      `xml:"TYPE"`
	DiskType int      `xml:"DISK_TYPE"`
	State    int      `xml:"STATE"`
	Clusters IDs      `xml:"CLUSTERS"`
	TotalMB  int64    `xml:"TOTAL_MB"`
	FreeMB   int64    `xml:"FREE_MB"`
	UsedMB   int64    `xml:"USED_MB"`
	Images   IDs      `xml:"IMAGES"`
	Template Template `xml:"TEMPLATE"`
}

// DatastorePool is one.datastorepool.info's <DATASTORE_POOL>.
type DatastorePool struct {
	XMLName    xml.Name    `xml:"DATASTORE_POOL"`
	Datastores []Datastore `xml:"DATASTORE"`
}

// Cluster is one.cluster.info's <CLUSTER> (xsd/cluster.xsd).
type Cluster struct {
	XMLName    xml.Name `xml:"CLUSTER"`
	ID         int      `xml:"ID"`
	Name       string   `xml:"NAME"`
	Hosts      IDs      `xml:"HOSTS"`
	Datastores IDs      `xml:"DATASTORES"`
	VNets      IDs      `xml:"VNETS"`
	Template   Template `xml:"TEMPLATE"`
}

// ClusterPool is one.clusterpool.info's <CLUSTER_POOL>.
type ClusterPool struct {
	XMLName  xml.Name  `xml:"CLUSTER_POOL"`
	Clusters []Cluster `xml:"CLUSTER"`
}

// Parse helpers for the documents above.
func ParseVMTemplate(raw []byte) (*VMTemplate, error) { return Unmarshal[VMTemplate](raw) }
func ParseVMTemplatePool(raw []byte) (*VMTemplatePool, error) {
	return Unmarshal[VMTemplatePool](raw)
}
func ParseUser(raw []byte) (*User, error)                   { return Unmarshal[User](raw) }
func ParseUserPool(raw []byte) (*UserPool, error)           { return Unmarshal[UserPool](raw) }
func ParseGroup(raw []byte) (*Group, error)                 { return Unmarshal[Group](raw) }
func ParseGroupPool(raw []byte) (*GroupPool, error)         { return Unmarshal[GroupPool](raw) }
func ParseImage(raw []byte) (*Image, error)                 { return Unmarshal[Image](raw) }
func ParseImagePool(raw []byte) (*ImagePool, error)         { return Unmarshal[ImagePool](raw) }
func ParseVNet(raw []byte) (*VNet, error)                   { return Unmarshal[VNet](raw) }
func ParseVNetPool(raw []byte) (*VNetPool, error)           { return Unmarshal[VNetPool](raw) }
func ParseDatastore(raw []byte) (*Datastore, error)         { return Unmarshal[Datastore](raw) }
func ParseDatastorePool(raw []byte) (*DatastorePool, error) { return Unmarshal[DatastorePool](raw) }
func ParseCluster(raw []byte) (*Cluster, error)             { return Unmarshal[Cluster](raw) }
func ParseClusterPool(raw []byte) (*ClusterPool, error)     { return Unmarshal[ClusterPool](raw) }
