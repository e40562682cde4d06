package sim

import (
	"strconv"
	"strings"
)

// Datastore TYPE values.
const (
	dsImage  = 0
	dsSystem = 1
	dsFile   = 2
	dsBackup = 3
)

var dsTypes = []string{"IMAGE_DS", "SYSTEM_DS", "FILE_DS", "BACKUP_DS"}

func (s *Server) registerDatastoreOps() {
	s.reg("one.datastore.update", "i s i?", datastoreUpdate)
	s.reg("one.datastore.rename", "i s", renameHandler(datastoreKind))
	s.reg("one.datastore.chown", "i i i", chownHandler(datastoreKind))
	s.reg("one.datastore.chmod", "i i i i i i i i i i", chmodHandler(datastoreKind))
	s.reg("one.datastore.allocate", "s i", datastoreAllocate)
	s.reg("one.datastore.delete", "i", func(c *call) (result, *rpcError) {
		d, e := datastoreKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		for _, im := range c.st.Images {
			if im.DatastoreID == d.ID {
				return result{}, c.errAction("Cannot delete datastore. Datastore %d is not empty.", d.ID)
			}
		}
		delete(c.st.Datastores, d.ID)
		c.st.forgetDatastore(d.ID)
		c.changed()
		return resInt(d.ID), nil
	})
	s.reg("one.datastore.enable", "i b", func(c *call) (result, *rpcError) {
		d, e := datastoreKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if d.Type != dsSystem {
			return result{}, c.errInternal("Only SYSTEM_DS can be disabled or enabled")
		}
		d.State = 1
		if c.bool(2) {
			d.State = 0
		}
		c.changed()
		return resInt(d.ID), nil
	})
}

// datastoreAllocate answers one.datastore.allocate(template, cluster_id);
// the dummy drivers report the capacity oned showed for a new datastore.
func datastoreAllocate(c *call) (result, *rpcError) {
	t, e := c.tmplArg(1)
	if e != nil {
		return result{}, e
	}
	cid := c.int(2)
	if cid == -1 {
		cid = 0
	}
	cl := c.st.Clusters[cid]
	ar := c.authz().add(opCreate, creating(obDatastore))
	if cl != nil {
		ar.add(opAdmin, clusterAuth(cl))
	}
	if e := ar.err(); e != nil {
		return result{}, e
	}
	if cl == nil {
		return result{}, c.errNotFound(obCluster, cid)
	}
	name := t.str("NAME")
	if strings.TrimSpace(name) == "" {
		return result{}, c.errInternal("Invalid NAME, it cannot be empty")
	}
	if id, ok := nameTaken(datastoreKind, c.st, namesGlobal, -1, c.uid(), name); ok {
		return result{}, c.errInternal("NAME is already taken by DATASTORE %d.", id)
	}
	typ := dsImage
	for i, n := range dsTypes {
		if strings.EqualFold(t.str("TYPE"), n) {
			typ = i
		}
	}
	dsMad, tmMad := t.str("DS_MAD"), t.str("TM_MAD")
	switch {
	case typ == dsSystem && dsMad != "":
		return result{}, c.errInternal("SYSTEM datastores cannot have DS_MAD defined.")
	case typ == dsSystem:
		dsMad = "-"
	case dsMad == "":
		return result{}, c.errInternal("No DS_MAD in template.")
	}
	if typ == dsBackup {
		tmMad = "-"
	} else if tmMad == "" {
		return result{}, c.errInternal("No TM_MAD in template.")
	}
	t.del("NAME")
	t.set("TYPE", dsTypes[typ])
	if t.str("SAFE_DIRS") == "" && t.str("RESTRICTED_DIRS") == "" {
		t.set("SAFE_DIRS", "/var/tmp")
		t.set("RESTRICTED_DIRS", "/")
	}
	if t.str("ALLOW_ORPHANS") == "" {
		t.set("ALLOW_ORPHANS", "NO")
	}
	d := &Datastore{base: c.ownedBase(0, name), DSMad: dsMad, TMMad: tmMad, Type: typ, Template: t}
	d.Perms = perms{OU: 1, OM: 1, GU: 1}
	switch typ {
	case dsImage, dsSystem:
		t.set("DISK_TYPE", "FILE")
	}
	switch typ {
	case dsImage:
		t.set("CLONE_TARGET", "SYSTEM")
		t.set("LN_TARGET", "NONE")
		d.TotalMB, d.FreeMB, d.UsedMB = 20480, 20480, 9720
	case dsSystem:
		t.set("DS_MIGRATE", "YES")
		t.set("SHARED", "YES")
		d.TotalMB, d.FreeMB, d.UsedMB = 4796800, 3333260, 1429920
	default:
		d.TotalMB, d.FreeMB = 102400, 102400
	}
	d.ID = c.st.nextID("datastore")
	c.st.Datastores[d.ID] = d
	c.st.addDatastoreToCluster(cid, d.ID)
	c.changed()
	return resInt(d.ID), nil
}

// datastoreUpdate is one.datastore.update: a replace keeps the drivers
// and the type, which oned never drops from a datastore.
func datastoreUpdate(c *call) (result, *rpcError) {
	d, e := datastoreKind.get(c, 1, opManage)
	if e != nil {
		return result{}, e
	}
	keep := map[string]string{}
	for _, a := range []string{"DS_MAD", "TM_MAD", "TYPE"} {
		if v, ok := d.Template.get(a); ok {
			keep[a] = v
		}
	}
	if e := c.updateTmpl(d.Template, c.str(2), c.intOr(3, 0)); e != nil {
		return result{}, e
	}
	for a, v := range keep {
		if _, ok := d.Template.get(a); !ok {
			d.Template.set(a, v)
		}
	}
	return resInt(d.ID), nil
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
		el("TYPE", d.Type) + el("DISK_TYPE", d.DiskType) + el("STATE", d.State) + idsXML("CLUSTERS", st.datastoreClusters(d.ID)) +
		el("TOTAL_MB", d.TotalMB) + el("FREE_MB", d.FreeMB) + el("USED_MB", d.UsedMB) + idsXML("IMAGES", imgs) +
		d.Template.xml("TEMPLATE") + "</DATASTORE>"
}

var (
	datastoreKind = owned(objKind[*Datastore]{ot: obDatastore, names: namesGlobal, root: "DATASTORE_POOL",
		pool: func(st *state) map[int]*Datastore { return st.Datastores }, xml: (*state).datastoreXML})
)

func (s *Server) registerDatastores() {
	s.reg("one.datastore.info", "i b?", objectInfo(datastoreKind))
	s.reg("one.datastorepool.info", "", poolInfoAll(datastoreKind))
}
