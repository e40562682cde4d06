package sim

import (
	"strconv"
)

func (st *state) datastoreXML(d *Datastore) string {
	var imgs []int
	for _, id := range idsAsc(st.Images) {
		if st.Images[id].DatastoreID == d.ID {
			imgs = append(imgs, id)
		}
	}
	return "<DATASTORE>" + st.head(&d.base) + d.Perms.xml() + elc("DS_MAD", d.DSMad) +
		elc("TM_MAD", d.TMMad) + elc("BASE_PATH", "/var/lib/one//datastores/"+strconv.Itoa(d.ID)) +
		el("TYPE", d.Type) + el("DISK_TYPE", d.DiskType) + el("STATE", d.State) + idsXML("CLUSTERS", st.datastoreClusters(d.ID)) +
		el("TOTAL_MB", d.TotalMB) + el("FREE_MB", d.FreeMB) + el("USED_MB", d.UsedMB) + idsXML("IMAGES", imgs) +
		d.Template.xml("TEMPLATE") + "</DATASTORE>"
}

var (
	datastoreKind = owned(objKind[*Datastore]{ot: obDatastore, root: "DATASTORE_POOL",
		pool: func(st *state) map[int]*Datastore { return st.Datastores }, xml: (*state).datastoreXML})
)

func (s *Server) registerDatastores() {
	s.reg("one.datastore.info", "i b?", objectInfo(datastoreKind))
	s.reg("one.datastorepool.info", "", poolInfoAll(datastoreKind))
}
