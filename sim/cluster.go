package sim

import (
	"slices"
	"strings"
)

// A host is in exactly one cluster (Host.ClusterID); a datastore or a
// virtual network may be in several. The clusters of a datastore are kept
// here, in Cluster.Datastores; those of a vnet in VNet.ClusterIDs.

var clusterKind = &objKind[*Cluster]{ot: obCluster, root: "CLUSTER_POOL", auth: clusterAuth,
	pool: func(st *state) map[int]*Cluster { return st.Clusters }, xml: (*state).clusterXML,
	tmpl: func(cl *Cluster) *tmpl { return cl.Template }}

func (st *state) clusterHosts(cid int) []int {
	var hosts []int
	for _, id := range idsAsc(st.Hosts) {
		if st.Hosts[id].ClusterID == cid {
			hosts = append(hosts, id)
		}
	}
	return hosts
}

func (st *state) clusterVNets(cid int) []int {
	var vnets []int
	for _, id := range idsAsc(st.VNets) {
		if containsInt(st.VNets[id].ClusterIDs, cid) {
			vnets = append(vnets, id)
		}
	}
	return vnets
}

func (st *state) clusterXML(cl *Cluster) string {
	dss := slices.Clone(cl.Datastores)
	slices.Sort(dss)
	return "<CLUSTER>" + el("ID", cl.ID) + el("NAME", cl.Name) + idsXML("HOSTS", st.clusterHosts(cl.ID)) +
		idsXML("DATASTORES", dss) + idsXML("VNETS", st.clusterVNets(cl.ID)) + cl.Template.xml("TEMPLATE") +
		"</CLUSTER>"
}

// datastoreClusters lists the clusters a datastore is in, ascending.
func (st *state) datastoreClusters(dsID int) []int {
	var out []int
	for _, id := range idsAsc(st.Clusters) {
		if containsInt(st.Clusters[id].Datastores, dsID) {
			out = append(out, id)
		}
	}
	return out
}

// addDatastoreToCluster is what a new datastore's allocate does with its
// cluster (-1 meaning the default one).
func (st *state) addDatastoreToCluster(cid, dsID int) {
	if cid == -1 {
		cid = 0
	}
	if cl := st.Clusters[cid]; cl != nil && !containsInt(cl.Datastores, dsID) {
		cl.Datastores = append(cl.Datastores, dsID)
	}
}

// forgetDatastore takes a deleted datastore out of every cluster.
func (st *state) forgetDatastore(dsID int) {
	for _, cl := range st.Clusters {
		cl.Datastores = removeInt(cl.Datastores, dsID)
	}
}

// clusterHasSystemDS reports whether the cluster has an enabled system
// datastore, without which oned deploys nothing there.
func (st *state) clusterHasSystemDS(cid int) bool {
	cl := st.Clusters[cid]
	if cl == nil {
		return false
	}
	for _, id := range cl.Datastores {
		if d := st.Datastores[id]; d != nil && d.Type == 1 && d.State == 0 {
			return true
		}
	}
	return false
}

func (s *Server) registerClusters() {
	s.reg("one.cluster.info", "i b?", objectInfo(clusterKind))
	s.reg("one.clusterpool.info", "", poolInfoAll(clusterKind))
	s.reg("one.cluster.allocate", "s", func(c *call) (result, *rpcError) {
		name := c.str(1)
		if e := c.authz().add(opCreate, creating(obCluster)).err(); e != nil {
			return result{}, e
		}
		if e := c.checkAllocName(name); e != nil {
			return result{}, e
		}
		for _, cl := range c.st.Clusters {
			if cl.Name == name {
				return result{}, c.errInternal("NAME is already taken by CLUSTER %d.", cl.ID)
			}
		}
		id := c.st.nextID("cluster")
		c.st.Clusters[id] = &Cluster{ID: id, Name: name, Template: mustTmpl("RESERVED_CPU = \"\"\nRESERVED_MEM = \"\"")}
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.cluster.delete", "i", func(c *call) (result, *rpcError) {
		cl, e := clusterKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		why := ""
		switch hosts := c.st.clusterHosts(cl.ID); {
		case cl.ID < 100:
			why = "System Clusters (ID < 100) cannot be deleted."
		case len(hosts) > 0:
			why = "Cluster " + itoa(cl.ID) + " is not empty, it contains " + itoa(len(hosts)) + " hosts."
		case len(cl.Datastores) > 0:
			why = "Cluster " + itoa(cl.ID) + " is not empty, it contains " + itoa(len(cl.Datastores)) + " datastores."
		case len(c.st.clusterVNets(cl.ID)) > 0:
			why = "Cluster " + itoa(cl.ID) + " is not empty, it contains " + itoa(len(c.st.clusterVNets(cl.ID))) + " vnets."
		}
		if why != "" {
			return result{}, c.errAction("Cannot delete cluster. %s", why)
		}
		delete(c.st.Clusters, cl.ID)
		c.changed()
		return resInt(cl.ID), nil
	})
	s.reg("one.cluster.update", "i s i?", updateHandler(clusterKind))
	s.reg("one.cluster.rename", "i s", func(c *call) (result, *rpcError) {
		cl, e := clusterKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		name := c.str(2)
		if e := c.checkNewName(obCluster, name); e != nil {
			return result{}, e
		}
		for _, o := range c.st.Clusters {
			if o.Name == name && o.ID != cl.ID {
				return result{}, c.errAction("cluster cannot be renamed to %s because it collides with cluster %d", name, o.ID)
			}
		}
		cl.Name = name
		for _, h := range c.st.Hosts {
			if h.ClusterID == cl.ID {
				c.setVMsCluster(h)
			}
		}
		c.changed()
		return resInt(cl.ID), nil
	})
	s.reg("one.cluster.addhost", "i i", clusterHostHandler(true))
	s.reg("one.cluster.delhost", "i i", clusterHostHandler(false))
	s.reg("one.cluster.adddatastore", "i i", clusterMemberHandler(obDatastore, true))
	s.reg("one.cluster.deldatastore", "i i", clusterMemberHandler(obDatastore, false))
	s.reg("one.cluster.addvnet", "i i", clusterMemberHandler(obNet, true))
	s.reg("one.cluster.delvnet", "i i", clusterMemberHandler(obNet, false))
}

// checkAllocName is oned's name check at allocate time (INTERNAL errors).
func (c *call) checkAllocName(name string) *rpcError {
	if e := c.checkNewName(obCluster, name); e != nil {
		e.code = codeInternal
		return e
	}
	return nil
}

// clusterLoad loads the cluster and the member named by parameters 1 and
// 2 and checks ADMIN on both, in oned's order: both must exist first.
func clusterLoad[T any](c *call, kind *objKind[T]) (*Cluster, T, *rpcError) {
	var none T
	cl, e := clusterKind.lookup(c, c.int(1))
	if e != nil {
		return nil, none, e
	}
	x, e := kind.lookup(c, c.int(2))
	if e != nil {
		return nil, none, e
	}
	if e := c.authz().add(opAdmin, clusterAuth(cl)).add(opAdmin, kind.auth(x)).err(); e != nil {
		return nil, none, e
	}
	return cl, x, nil
}

// clusterHostHandler answers addhost (move the host here) and delhost
// (move it back to the default cluster).
func clusterHostHandler(add bool) handler {
	return func(c *call) (result, *rpcError) {
		cl, h, e := clusterLoad(c, hostKind)
		if e != nil {
			return result{}, e
		}
		target := cl.ID
		if !add {
			if h.ClusterID != cl.ID {
				return resInt(cl.ID), nil
			}
			target = 0
		}
		if h.ClusterID != target {
			h.ClusterID = target
			c.setVMsCluster(h)
			c.changed()
		}
		return resInt(cl.ID), nil
	}
}

// setVMsCluster keeps the CID of the open history record of the host's
// VMs in step with the host's cluster, as oned does when a host moves.
func (c *call) setVMsCluster(h *Host) {
	for _, vid := range h.VMs {
		if v := c.st.VMs[vid]; v != nil {
			if hh := v.lastHistory(); hh != nil && hh.HID == h.ID {
				hh.CID = h.ClusterID
			}
		}
	}
}

// clusterMemberHandler answers add/del of datastores and vnets, which
// may be in several clusters; adding twice or removing what is not there
// succeeds without a change, as in oned.
func clusterMemberHandler(ot objType, add bool) handler {
	return func(c *call) (result, *rpcError) {
		var cl *Cluster
		var list *[]int // the membership list to edit
		var member int
		if ot == obDatastore {
			x, d, e := clusterLoad(c, datastoreKind)
			if e != nil {
				return result{}, e
			}
			cl, list, member = x, &x.Datastores, d.ID
		} else {
			x, vn, e := clusterLoad(c, vnetKind)
			if e != nil {
				return result{}, e
			}
			cl, list, member = x, &vn.ClusterIDs, x.ID
		}
		if add != containsInt(*list, member) {
			if add {
				*list = append(*list, member)
			} else {
				*list = removeInt(*list, member)
			}
			c.changed()
		}
		return resInt(cl.ID), nil
	}
}

// clusterNames is for messages: "0,100".
func clusterNames(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = itoa(id)
	}
	return strings.Join(s, ",")
}
