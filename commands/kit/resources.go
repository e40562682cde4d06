package kit

import "github.com/onectl/onectl/client"

// Resource describes an OpenNebula object type: how to name it, list it,
// read one, and (for types with states) what --wait reads of it. Every
// group's declarations point at one of these; they live here, not in the
// groups, because an argument of one group names objects of another (vm
// deploy takes a host, image create a datastore).
type Resource struct {
	Noun  string // command name: "vm"
	Kind  string // XML element: "VM"
	Label string // for messages: "VM"
	Pool  client.PoolQuery
	Info  string // "one.vm.info"
	// SchedAdd is the method that adds a scheduled action, for --schedule.
	SchedAdd string
	// Status reads what --wait needs from the object's info document; nil
	// for types without states.
	Status func(raw []byte) (Status, error)
	// CompleteIn, when set, filters completion candidates to objects in
	// one of the given short states (vm resume <TAB> offers stopped VMs).
	CompleteIn func(states ...string) func(client.ObjectRef) bool
}

// filtered is the pool query of a type whose pool takes a filter flag and an
// ID range (and is paged by the client).
func filtered(method string, extra ...any) client.PoolQuery {
	return client.PoolQuery{Method: method, Paged: true, Filter: -2, Extra: extra}
}

func whole(method string) client.PoolQuery { return client.PoolQuery{Method: method} }

// The twenty object types of OpenNebula's CLI tools.
var (
	VMs         = &Resource{Noun: "vm", Kind: "VM", Label: "VM", Info: "one.vm.info", Pool: filtered("one.vmpool.info", -1), SchedAdd: "one.vm.schedadd", Status: vmStatus, CompleteIn: vmIn}
	Hosts       = &Resource{Noun: "host", Kind: "HOST", Label: "host", Info: "one.host.info", Pool: whole("one.hostpool.info"), Status: hostStatus}
	Clusters    = &Resource{Noun: "cluster", Kind: "CLUSTER", Label: "cluster", Info: "one.cluster.info", Pool: whole("one.clusterpool.info")}
	Datastores  = &Resource{Noun: "datastore", Kind: "DATASTORE", Label: "datastore", Info: "one.datastore.info", Pool: whole("one.datastorepool.info")}
	Images      = &Resource{Noun: "image", Kind: "IMAGE", Label: "image", Info: "one.image.info", Pool: filtered("one.imagepool.info"), Status: imageStatus}
	Templates   = &Resource{Noun: "template", Kind: "VMTEMPLATE", Label: "template", Info: "one.template.info", Pool: filtered("one.templatepool.info")}
	VNets       = &Resource{Noun: "vnet", Kind: "VNET", Label: "virtual network", Info: "one.vn.info", Pool: filtered("one.vnpool.info"), Status: vnetStatus}
	VNTemplates = &Resource{Noun: "vntemplate", Kind: "VNTEMPLATE", Label: "vnet template", Info: "one.vntemplate.info", Pool: filtered("one.vntemplatepool.info")}
	SecGroups   = &Resource{Noun: "secgroup", Kind: "SECURITY_GROUP", Label: "security group", Info: "one.secgroup.info", Pool: filtered("one.secgrouppool.info")}
	VRouters    = &Resource{Noun: "vrouter", Kind: "VROUTER", Label: "virtual router", Info: "one.vrouter.info", Pool: filtered("one.vrouterpool.info")}
	Users       = &Resource{Noun: "user", Kind: "USER", Label: "user", Info: "one.user.info", Pool: whole("one.userpool.info")}
	Groups      = &Resource{Noun: "group", Kind: "GROUP", Label: "group", Info: "one.group.info", Pool: whole("one.grouppool.info")}
	VDCs        = &Resource{Noun: "vdc", Kind: "VDC", Label: "VDC", Info: "one.vdc.info", Pool: whole("one.vdcpool.info")}
	Zones       = &Resource{Noun: "zone", Kind: "ZONE", Label: "zone", Info: "one.zone.info", Pool: whole("one.zonepool.info")}
	Markets     = &Resource{Noun: "market", Kind: "MARKETPLACE", Label: "marketplace", Info: "one.market.info", Pool: whole("one.marketpool.info")}
	MarketApps  = &Resource{Noun: "marketapp", Kind: "MARKETPLACEAPP", Label: "marketplace app", Info: "one.marketapp.info", Pool: filtered("one.marketapppool.info"), Status: appStatus}
	VMGroups    = &Resource{Noun: "vmgroup", Kind: "VM_GROUP", Label: "VM group", Info: "one.vmgroup.info", Pool: filtered("one.vmgrouppool.info")}
	Hooks       = &Resource{Noun: "hook", Kind: "HOOK", Label: "hook", Info: "one.hook.info", Pool: filtered("one.hookpool.info")}
	ACLs        = &Resource{Noun: "acl", Kind: "ACL", Label: "ACL rule", Info: "one.acl.info", Pool: whole("one.acl.info")}
	BackupJobs  = &Resource{Noun: "backupjob", Kind: "BACKUPJOB", Label: "backup job", Info: "one.backupjob.info", Pool: filtered("one.backupjobpool.info"), SchedAdd: "one.backupjob.schedadd"}
)
