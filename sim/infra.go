package sim

import (
	"strconv"
	"strings"
)

// Host STATE values.
const (
	hostInit      = 0
	hostMonitored = 2
	hostError     = 3
	hostDisabled  = 4
	hostOffline   = 8
)

func (st *state) hostXML(h *Host) string {
	var b strings.Builder
	cl := ""
	if c := st.Clusters[h.ClusterID]; c != nil {
		cl = c.Name
	}
	b.WriteString("<HOST>" + el("ID", h.ID) + el("NAME", h.Name) + el("STATE", h.State) +
		el("PREV_STATE", h.PrevState) + elc("IM_MAD", h.IMMad) + elc("VM_MAD", h.VMMad) +
		el("CLUSTER_ID", h.ClusterID) + el("CLUSTER", cl))
	b.WriteString("<HOST_SHARE>" + el("MEM_USAGE", h.MemUsage) + el("CPU_USAGE", h.CPUUsage) +
		el("TOTAL_MEM", h.MaxMem) + el("TOTAL_CPU", h.MaxCPU) + el("MAX_MEM", h.MaxMem) +
		el("MAX_CPU", h.MaxCPU) + el("RUNNING_VMS", len(h.VMs)) + el("VMS_THREAD", 1) +
		"<DATASTORES>" + elc("DISK_USAGE", "0") + elc("FREE_DISK", "20480") + elc("MAX_DISK", "20480") +
		elc("USED_DISK", "0") + "</DATASTORES><PCI_DEVICES></PCI_DEVICES><NUMA_NODES></NUMA_NODES></HOST_SHARE>")
	b.WriteString(idsXML("VMS", h.VMs))
	b.WriteString(h.Template.xml("TEMPLATE"))
	if h.State == hostMonitored || h.State == hostDisabled {
		freeCPU := h.MaxCPU - h.CPUUsage
		freeMem := h.MaxMem - h.MemUsage
		b.WriteString("<MONITORING><CAPACITY>" + elc("FREE_CPU", strconv.FormatInt(freeCPU, 10)) +
			elc("FREE_MEMORY", strconv.FormatInt(freeMem, 10)) + elc("USED_CPU", strconv.FormatInt(h.CPUUsage, 10)) +
			elc("USED_MEMORY", strconv.FormatInt(h.MemUsage, 10)) + "</CAPACITY></MONITORING>")
	} else {
		b.WriteString("<MONITORING/>")
	}
	b.WriteString("</HOST>")
	return b.String()
}

func (st *state) clusterXML(cl *Cluster) string {
	var hosts, dss, vnets []int
	for _, id := range idsAsc(st.Hosts) {
		if st.Hosts[id].ClusterID == cl.ID {
			hosts = append(hosts, id)
		}
	}
	for _, id := range idsAsc(st.Datastores) {
		if cl.ID == 0 {
			dss = append(dss, id)
		}
	}
	for _, id := range idsAsc(st.VNets) {
		if containsInt(st.VNets[id].ClusterIDs, cl.ID) {
			vnets = append(vnets, id)
		}
	}
	return "<CLUSTER>" + el("ID", cl.ID) + el("NAME", cl.Name) + idsXML("HOSTS", hosts) +
		idsXML("DATASTORES", dss) + idsXML("VNETS", vnets) + cl.Template.xml("TEMPLATE") + "</CLUSTER>"
}

func (st *state) datastoreXML(d *Datastore) string {
	var imgs []int
	for _, id := range idsAsc(st.Images) {
		if st.Images[id].DatastoreID == d.ID {
			imgs = append(imgs, id)
		}
	}
	return "<DATASTORE>" + st.head(&d.base) + d.Perms.xml() + elc("DS_MAD", d.DSMad) +
		elc("TM_MAD", d.TMMad) + elc("BASE_PATH", "/var/lib/one//datastores/"+strconv.Itoa(d.ID)) +
		el("TYPE", d.Type) + el("DISK_TYPE", d.DiskType) + el("STATE", d.State) + idsXML("CLUSTERS", []int{0}) +
		el("TOTAL_MB", d.TotalMB) + el("FREE_MB", d.FreeMB) + el("USED_MB", d.UsedMB) + idsXML("IMAGES", imgs) +
		d.Template.xml("TEMPLATE") + "</DATASTORE>"
}

var (
	hostKind = &objKind[*Host]{ot: obHost, root: "HOST_POOL", auth: hostAuth,
		pool: func(st *state) map[int]*Host { return st.Hosts }, xml: (*state).hostXML}
	clusterKind = &objKind[*Cluster]{ot: obCluster, root: "CLUSTER_POOL", auth: clusterAuth,
		pool: func(st *state) map[int]*Cluster { return st.Clusters }, xml: (*state).clusterXML}
	datastoreKind = owned(objKind[*Datastore]{ot: obDatastore, root: "DATASTORE_POOL",
		pool: func(st *state) map[int]*Datastore { return st.Datastores }, xml: (*state).datastoreXML})
)

func (s *Server) registerHosts() {
	s.reg("one.host.info", "i b?", objectInfo(hostKind))
	s.reg("one.hostpool.info", "", poolInfoAll(hostKind))
	s.reg("one.host.allocate", "s s s i", func(c *call) (result, *rpcError) {
		name, im, vmm, cid := c.str(1), c.str(2), c.str(3), c.int(4)
		if cid == -1 {
			cid = 0
		}
		cl := c.st.Clusters[cid]
		ar := c.authz().add(opCreate, creating(obHost))
		if cl != nil {
			ar.add(opAdmin, clusterAuth(cl))
		}
		if e := ar.err(); e != nil {
			return result{}, e
		}
		if cl == nil {
			return result{}, c.errNotFound(obCluster, cid)
		}
		for _, h := range c.st.Hosts {
			if h.Name == name {
				return result{}, c.errAllocate(obHost, "NAME is already taken by HOST "+strconv.Itoa(h.ID)+".")
			}
		}
		id := c.st.nextID("host")
		c.st.Hosts[id] = &Host{ID: id, Name: name, State: hostMonitored, PrevState: hostMonitored, IMMad: im,
			VMMad: vmm, ClusterID: cid, MaxCPU: 800, MaxMem: 16 << 20, Template: hostTemplate(name, im, vmm)}
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.host.status", "i i", func(c *call) (result, *rpcError) {
		h, e := hostKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		var ns int
		switch c.int(2) {
		case 0:
			ns = hostMonitored
		case 1:
			ns = hostDisabled
		case 2:
			ns = hostOffline
		default:
			return result{}, c.errInternal("Wrong status code")
		}
		h.PrevState, h.State = h.State, ns
		c.changed()
		return resInt(h.ID), nil
	})
}

func hostTemplate(name, im, vmm string) *tmpl {
	t := newTmpl()
	t.set("ARCH", "x86_64")
	t.set("CPUSPEED", "3200")
	t.set("HOSTNAME", name)
	t.set("HYPERVISOR", "dummy")
	t.set("IM_MAD", im)
	t.set("MODELNAME", "Dummy(R) Core @ 3.2GHz")
	t.set("RESERVED_CPU", "")
	t.set("RESERVED_MEM", "")
	t.set("VM_MAD", vmm)
	return t
}

func (s *Server) registerClusters() {
	s.reg("one.cluster.info", "i b?", objectInfo(clusterKind))
	s.reg("one.clusterpool.info", "", poolInfoAll(clusterKind))
}

func (s *Server) registerDatastores() {
	s.reg("one.datastore.info", "i b?", objectInfo(datastoreKind))
	s.reg("one.datastorepool.info", "", poolInfoAll(datastoreKind))
}
