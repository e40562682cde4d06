package sim

import (
	"strconv"
	"strings"
)

// Image STATE and TYPE values.
const (
	imgReady  = 1
	imgUsed   = 2
	imgLocked = 4
)

var imageTypes = []string{"OS", "CDROM", "DATABLOCK", "KERNEL", "RAMDISK", "CONTEXT", "BACKUP"}

func (st *state) imageXML(im *Image) string {
	ds := ""
	if d := st.Datastores[im.DatastoreID]; d != nil {
		ds = d.Name
	}
	return "<IMAGE>" + st.head(&im.base) + im.Lock.xml() + im.Perms.xml() +
		el("TYPE", im.Type) + el("DISK_TYPE", im.DiskType) + el("PERSISTENT", im.Persistent) +
		el("REGTIME", im.RegTime) + elc("SOURCE", im.Source) + elc("PATH", im.Path) + elc("FORMAT", "raw") +
		elc("FS", "") + el("SIZE", im.Size) + el("STATE", im.State) + el("PREV_STATE", im.PrevState) +
		el("RUNNING_VMS", len(im.VMs)) + el("CLONING_OPS", 0) + el("CLONING_ID", -1) +
		el("TARGET_SNAPSHOT", -1) + el("DATASTORE_ID", im.DatastoreID) + el("DATASTORE", ds) +
		idsXML("VMS", im.VMs) + "<CLONES></CLONES><APP_CLONES></APP_CLONES>" + im.Template.xml("TEMPLATE") +
		"<SNAPSHOTS><ALLOW_ORPHANS><![CDATA[NO]]></ALLOW_ORPHANS><CURRENT_BASE><![CDATA[-1]]></CURRENT_BASE>" +
		"<NEXT_SNAPSHOT><![CDATA[0]]></NEXT_SNAPSHOT></SNAPSHOTS><BACKUP_INCREMENTS></BACKUP_INCREMENTS>" +
		"<BACKUP_DISK_IDS></BACKUP_DISK_IDS></IMAGE>"
}

var imageKind = owned(objKind[*Image]{ot: obImage, root: "IMAGE_POOL",
	pool: func(st *state) map[int]*Image { return st.Images }, xml: (*state).imageXML})

// imageRef is how a DISK vector names its image.
var imageRef = ref{id: "IMAGE_ID", name: "IMAGE", uname: "IMAGE_UNAME", uid: "IMAGE_UID", what: "Image"}

func (s *Server) registerImages() {
	s.reg("one.image.info", "i b?", objectInfo(imageKind))
	s.reg("one.imagepool.info", "i i i", poolInfo(imageKind))
	s.reg("one.image.allocate", "s i b?", func(c *call) (result, *rpcError) {
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		d, e := datastoreKind.lookup(c, c.int(2))
		if e != nil {
			return result{}, e
		}
		if e := c.authz().add(opCreate, creating(obImage)).add(opUse, datastoreKind.auth(d)).err(); e != nil {
			return result{}, e
		}
		id, e := c.newImage(t, d, imgReady)
		if e != nil {
			return result{}, e
		}
		return resInt(id), nil
	})
}

// newImage registers an image owned by the caller.
func (c *call) newImage(t *tmpl, d *Datastore, state int) (int, *rpcError) {
	name, e := allocName(c, imageKind, t)
	if e != nil {
		return -1, e
	}
	typ := 0
	if ts := strings.ToUpper(t.str("TYPE")); ts != "" {
		typ = -1
		for i, n := range imageTypes {
			if n == ts {
				typ = i
			}
		}
		if typ < 0 {
			return -1, c.errAllocate(obImage, "Unknown type "+ts)
		}
	}
	size, _ := strconv.ParseInt(t.str("SIZE"), 10, 64)
	if size == 0 {
		size = 1024
	}
	pers := 0
	if strings.EqualFold(t.str("PERSISTENT"), "YES") {
		pers = 1
	}
	id := c.st.nextID("image")
	t.del("NAME")
	t.del("SIZE")
	t.del("TYPE")
	t.del("PERSISTENT")
	t.set("DEV_PREFIX", "vd")
	c.st.Images[id] = &Image{base: c.ownedBase(id, name),
		Type: typ, Persistent: pers, RegTime: c.unix(), Source: "dummy_path/" + randomHex(8), Size: size,
		State: state, DatastoreID: d.ID, Template: t}
	c.changed()
	return id, nil
}
