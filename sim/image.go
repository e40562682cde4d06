package sim

import (
	"strconv"
	"strings"
)

// Image STATE values (Image.h ImageState).
const (
	imgInit           = 0
	imgReady          = 1
	imgUsed           = 2
	imgDisabled       = 3
	imgLocked         = 4
	imgError          = 5
	imgClone          = 6
	imgDelete         = 7
	imgUsedPers       = 8
	imgLockedUsed     = 9
	imgLockedUsedPers = 10
)

var imageStates = []string{"INIT", "READY", "USED", "DISABLED", "LOCKED", "ERROR", "CLONE", "DELETE",
	"USED_PERS", "LOCKED_USED", "LOCKED_USED_PERS"}

func imageStateStr(s int) string {
	if s >= 0 && s < len(imageStates) {
		return imageStates[s]
	}
	return "-"
}

var imageTypes = []string{"OS", "CDROM", "DATABLOCK", "KERNEL", "RAMDISK", "CONTEXT", "BACKUP"}

const imgTypeBackup = 6

func imageTypeOf(s string) int {
	for i, n := range imageTypes {
		if n == strings.ToUpper(s) {
			return i
		}
	}
	return -1
}

// Driver operations an image waits for; each lasts the simulator's delay.
const (
	imgOpCopy   = "copy"   // allocate or clone: LOCKED -> READY
	imgOpDelete = "delete" // DELETE -> gone
	imgOpSnap   = "snap"   // snapshot delete/revert/flatten: LOCKED -> READY
)

// imageRun is what an image has beyond its header: the driver operation
// in flight, clones and snapshots.
type imageRun struct {
	Format  string `json:",omitempty"`
	Op      string `json:",omitempty"`
	Due     int64  `json:",omitempty"` // unix nanos when Op ends
	CloneOf int    `json:",omitempty"` // source image id + 1 while this image is being copied from it
	Clones  []int  `json:",omitempty"` // images being copied from this one
	AppOps  []int  `json:",omitempty"` // marketplace apps being made from this one
	Snaps   *diskSnaps
}

func (st *state) imageXML(im *Image) string {
	ds := ""
	if d := st.Datastores[im.DatastoreID]; d != nil {
		ds = d.Name
	}
	format := im.Format
	if format == "" {
		format = "raw"
	}
	running := len(im.VMs)
	return "<IMAGE>" + st.head(&im.base) + im.Lock.xml() + im.Perms.xml() +
		el("TYPE", im.Type) + el("DISK_TYPE", im.DiskType) + el("PERSISTENT", im.Persistent) +
		el("REGTIME", im.RegTime) + elc("SOURCE", im.Source) + elc("PATH", im.Path) + elc("FORMAT", format) +
		elc("FS", "") + el("SIZE", im.Size) + el("STATE", im.State) + el("PREV_STATE", im.PrevState) +
		el("RUNNING_VMS", running) + el("CLONING_OPS", len(im.Clones)+len(im.AppOps)) + el("CLONING_ID", im.CloneOf-1) +
		el("TARGET_SNAPSHOT", -1) + el("DATASTORE_ID", im.DatastoreID) + el("DATASTORE", ds) +
		idsXML("VMS", im.VMs) + idsXML("CLONES", im.Clones) + idsXML("APP_CLONES", im.AppOps) +
		im.Template.xml("TEMPLATE") + im.snapsXML() +
		"<BACKUP_INCREMENTS></BACKUP_INCREMENTS><BACKUP_DISK_IDS></BACKUP_DISK_IDS></IMAGE>"
}

// snapsXML renders an image's SNAPSHOTS as oned's Snapshots template: every
// value in CDATA, names sorted, no DISK_ID.
func (im *Image) snapsXML() string {
	s := im.Snaps
	if s == nil {
		s = &diskSnaps{Current: -1}
	}
	var b strings.Builder
	b.WriteString("<SNAPSHOTS>" + elc("ALLOW_ORPHANS", "NO") + elc("CURRENT_BASE", itoa(s.Current)) +
		elc("NEXT_SNAPSHOT", itoa(s.Next)))
	for _, sn := range s.Snaps {
		b.WriteString("<SNAPSHOT>")
		if sn.ID == s.Current {
			b.WriteString(elc("ACTIVE", "YES"))
		}
		if len(sn.Children) > 0 {
			parts := make([]string, len(sn.Children))
			for i, c := range sn.Children {
				parts[i] = itoa(c)
			}
			b.WriteString(elc("CHILDREN", strings.Join(parts, ",")))
		}
		b.WriteString(elc("DATE", strconv.FormatInt(sn.Date, 10)) + elc("ID", itoa(sn.ID)) + elc("NAME", sn.Name) +
			elc("PARENT", itoa(sn.Parent)) + elc("SIZE", strconv.FormatInt(sn.Size, 10)) + "</SNAPSHOT>")
	}
	b.WriteString("</SNAPSHOTS>")
	return b.String()
}

var imageKind = owned(objKind[*Image]{ot: obImage, names: namesPerOwner, root: "IMAGE_POOL",
	pool: func(st *state) map[int]*Image { return st.Images }, xml: (*state).imageXML,
	tmpl: func(im *Image) *tmpl { return im.Template }})

func (s *Server) registerImages() {
	s.reg("one.image.info", "i b?", objectInfo(imageKind))
	s.reg("one.imagepool.info", "i i i", poolInfo(imageKind))
	s.reg("one.image.update", "i s i?", updateHandler(imageKind))
	s.reg("one.image.rename", "i s", renameHandler(imageKind))
	s.reg("one.image.chown", "i i i", chownHandler(imageKind))
	s.reg("one.image.chmod", "i i i i i i i i i i", chmodHandler(imageKind))
	s.reg("one.image.lock", "i i b?", lockHandler(imageKind))
	s.reg("one.image.unlock", "i", unlockHandler(imageKind))
	s.reg("one.image.allocate", "s i b?", func(c *call) (result, *rpcError) {
		t, msg := parseTmpl(c.str(1))
		if msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		d, e := datastoreKind.lookup(c, c.int(2))
		if e != nil {
			return result{}, e
		}
		if d.Type == dsSystem || d.Type == dsBackup {
			return result{}, c.errAllocate(obImage, "New images can only be allocated in a files or image datastore.")
		}
		if e := c.fromApp(t); e != nil {
			return result{}, e
		}
		size, e := c.imageSize(t)
		if e != nil {
			return result{}, e
		}
		check := !(c.boolOr(3, false) && c.isAdmin())
		if check && size > d.FreeMB {
			return result{}, c.errAction("Not enough space in datastore")
		}
		if e := c.authz().add(opCreate, creating(obImage)).add(opUse, datastoreKind.auth(d)).err(); e != nil {
			return result{}, e
		}
		t.set("SIZE", strconv.FormatInt(size, 10))
		given := t.str("SOURCE") != ""
		id, e := c.newImage(t, d, imgLocked)
		if e != nil {
			return result{}, e
		}
		im := c.st.Images[id]
		if !given {
			im.Source = "" // the datastore driver names it when the copy ends
		}
		if im.Type == imgTypeBackup {
			im.State = imgReady
		} else {
			c.startImageOp(im, imgOpCopy)
		}
		return resInt(id), nil
	})
	s.reg("one.image.clone", "i s i?", func(c *call) (result, *rpcError) {
		id, e := c.cloneImage(c.int(1), c.str(2), c.intOr(3, -1), false)
		if e != nil {
			return result{}, e
		}
		return resInt(id), nil
	})
	s.reg("one.image.delete", "i b?", func(c *call) (result, *rpcError) {
		if e := c.deleteImage(c.int(1)); e != nil {
			return result{}, e
		}
		return resInt(c.int(1)), nil
	})
	s.reg("one.image.enable", "i b", imageEnable)
	s.reg("one.image.persistent", "i b", imagePersistent)
	s.reg("one.image.chtype", "i s", imageChtype)
	s.registerImageSnapshots()
	s.registerImageRestore()
}

// fromApp fills an image template naming FROM_APP (marketapp export) with
// what the app says about its file.
func (c *call) fromApp(t *tmpl) *rpcError {
	s := t.str("FROM_APP")
	if s == "" {
		return nil
	}
	id, err := strconv.Atoi(s)
	a := c.st.apps()[id]
	if err != nil || a == nil {
		return c.errInternal("Cannot determine image SIZE.")
	}
	if c.st.markets()[a.MarketID] == nil {
		return c.errInternal("Could not get the appliance's market.")
	}
	t.set("SIZE", strconv.FormatInt(a.Size, 10))
	t.set("PATH", c.st.appSource(a))
	if a.Format != "" {
		t.set("FORMAT", a.Format)
	}
	t.set("FROM_APP_NAME", a.Name)
	t.set("FROM_APP_MD5", a.MD5)
	return nil
}

// imageSize is what the dummy datastore driver's stat answers: SIZE when
// given, 1024 MB for a PATH or SOURCE without one.
func (c *call) imageSize(t *tmpl) (int64, *rpcError) {
	if s := strings.TrimSpace(t.str("SIZE")); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return 0, c.errInternal("Cannot parse image SIZE: %s", s)
		}
		return n, nil
	}
	if t.str("PATH") != "" || t.str("SOURCE") != "" {
		return 1024, nil
	}
	return 0, c.errInternal("Cannot parse image SIZE: Wrong number or missing SIZE attribute.")
}

// newImage registers an image owned by the caller in datastore d, taking
// its size from the datastore's free space.
func (c *call) newImage(t *tmpl, d *Datastore, state int) (int, *rpcError) {
	name, e := allocName(c, imageKind, t)
	if e != nil {
		return -1, e
	}
	typ := 0
	if ts := t.str("TYPE"); ts != "" {
		if typ = imageTypeOf(ts); typ < 0 {
			return -1, c.errAllocate(obImage, "Unknown type "+ts)
		}
	}
	size, _ := strconv.ParseInt(t.str("SIZE"), 10, 64)
	if e := c.imageQuotaFails(d.ID, size); e != nil {
		return -1, e
	}
	pers := 0
	if strings.EqualFold(t.str("PERSISTENT"), "YES") || typ == imgTypeBackup {
		pers = 1
	}
	im := &Image{base: c.ownedBase(0, name), Type: typ, Persistent: pers, RegTime: c.unix(),
		Path: t.str("PATH"), Source: t.str("SOURCE"), Size: size, State: state, DatastoreID: d.ID, Template: t}
	if im.Source == "" {
		im.Source = "dummy_path/" + randomHex(8)
	}
	im.Format = t.str("FORMAT")
	if im.Format == "" && im.Path != "" {
		im.Format = "dummy_format"
	}
	if strings.EqualFold(t.str("DISK_TYPE"), "BLOCK") {
		im.DiskType = 2
	}
	for _, a := range []string{"NAME", "SIZE", "TYPE", "PERSISTENT", "PATH", "SOURCE", "FORMAT", "DISK_TYPE", "FS"} {
		t.del(a)
	}
	if t.str("DEV_PREFIX") == "" {
		t.set("DEV_PREFIX", "vd")
	}
	im.ID = c.st.nextID("image")
	c.st.Images[im.ID] = im
	d.FreeMB -= size
	d.UsedMB += size
	c.changed()
	return im.ID, nil
}

// deleteImage is one.image.delete: refused while VMs or clones use the
// image, asynchronous (DELETE) when the image has a source to remove.
func (c *call) deleteImage(id int) *rpcError {
	im, e := imageKind.load(c, id, opManage)
	if e != nil {
		return e
	}
	switch im.State {
	case imgReady:
		if len(im.VMs) > 0 && im.Type != imgTypeBackup {
			return c.errAction("Cannot delete image. There are %d VMs using it.", len(im.VMs))
		}
	case imgClone:
		return c.errAction("Cannot delete image. There are %d active clone operations.", len(im.Clones))
	case imgUsed, imgUsedPers, imgLockedUsed, imgLockedUsedPers:
		return c.errAction("Cannot delete image. There are %d VMs using it.", len(im.VMs))
	}
	if im.Source == "" {
		c.st.dropImage(im)
		c.changed()
		return nil
	}
	im.PrevState, im.State = im.State, imgDelete
	c.startImageOp(im, imgOpDelete)
	return nil
}

// cloneImage is one.image.clone, and the image half of a recursive
// template clone (persistent then forces the copy persistent).
func (c *call) cloneImage(srcID int, name string, dsID int, persistent bool) (int, *rpcError) {
	src, e := imageKind.lookup(c, srcID)
	if e != nil {
		return -1, e
	}
	switch src.Type {
	case 0, 1, 2:
	default:
		return -1, c.errAction("KERNEL, RAMDISK, BACKUP and CONTEXT cannot be cloned.")
	}
	if src.Snaps != nil && len(src.Snaps.Snaps) > 0 {
		return -1, c.errAction("Cannot clone images with snapshots")
	}
	if dsID == -1 {
		dsID = src.DatastoreID
	}
	d := c.st.Datastores[dsID]
	if d == nil {
		return -1, c.errNotFound(obDatastore, dsID)
	}
	if d.Type != dsImage {
		return -1, c.errAction("Clone only supported for IMAGE_DS Datastores")
	}
	ar := c.authz().add(opCreate, creating(obImage)).add(opUse, imageKind.auth(src)).add(opUse, datastoreKind.auth(d))
	if src.DatastoreID != dsID {
		if o := c.st.Datastores[src.DatastoreID]; o != nil {
			if o.DSMad != d.DSMad {
				return -1, c.errAction("Clone only supported to same DS_MAD Datastores")
			}
			ar.add(opUse, datastoreKind.auth(o))
		}
	}
	if src.Size > d.FreeMB {
		return -1, c.errAction("Not enough space in datastore")
	}
	if e := ar.err(); e != nil {
		return -1, e
	}
	switch src.State {
	case imgReady, imgUsed, imgClone:
	default:
		return -1, c.errAction("Cannot clone image in current state")
	}
	t := src.Template.clone()
	t.set("NAME", name)
	t.set("TYPE", imageTypes[src.Type])
	t.set("SIZE", strconv.FormatInt(src.Size, 10))
	if src.Format != "" {
		t.set("FORMAT", src.Format)
	}
	if persistent || src.Persistent == 1 {
		t.set("PERSISTENT", "YES")
	}
	id, e := c.newImage(t, d, imgLocked)
	if e != nil {
		return -1, e
	}
	im := c.st.Images[id]
	im.Path, im.Source = src.Path, ""
	im.CloneOf = src.ID + 1
	src.startClone()
	src.Clones = append(src.Clones, id)
	c.startImageOp(im, imgOpCopy)
	return id, nil
}

func imageEnable(c *call) (result, *rpcError) {
	im, e := imageKind.get(c, 1, opManage)
	if e != nil {
		return result{}, e
	}
	on := c.bool(2)
	what := "disable"
	if on {
		what = "enable"
	}
	if im.Type == imgTypeBackup {
		return result{}, c.errInternal("Could not %s image: Backup images cannot be enabled or disabled.", what)
	}
	switch {
	case on && im.State == imgDisabled:
		im.State = imgReady
	case on && im.State == imgError:
		im.State = imgReady
	case on && im.State == imgReady, !on && im.State == imgDisabled:
	case !on && (im.State == imgReady || im.State == imgError):
		im.State = imgDisabled
	default:
		return result{}, c.errInternal("Could not %s image: Image cannot be in state %s.", what, imageStateStr(im.State))
	}
	c.changed()
	return resInt(im.ID), nil
}

func imagePersistent(c *call) (result, *rpcError) {
	im, e := imageKind.get(c, 1, opManage)
	if e != nil {
		return result{}, e
	}
	on := c.bool(2)
	switch im.Type {
	case 3, 4, 5:
		return result{}, c.errAction("KERNEL, RAMDISK and CONTEXT must be non-persistent")
	case imgTypeBackup:
		return result{}, c.errAction("BACKUP images must be persistent")
	}
	what := "non-persistent"
	if on {
		what = "persistent"
	}
	switch im.State {
	case imgUsed, imgUsedPers, imgLockedUsed, imgLockedUsedPers, imgClone:
		return result{}, c.errInternal("Could not make image %s: Image cannot be in state %s.", what, imageStateStr(im.State))
	}
	im.Persistent = 0
	if on {
		im.Persistent = 1
	}
	c.changed()
	return resInt(im.ID), nil
}

func imageChtype(c *call) (result, *rpcError) {
	im, e := imageKind.get(c, 1, opManage)
	if e != nil {
		return result{}, e
	}
	nt := imageTypeOf(c.str(2))
	disk := func(t int) bool { return t == 0 || t == 1 || t == 2 }
	switch {
	case im.Type == imgTypeBackup:
		return result{}, c.errAction("Cannot change type for BACKUP images.")
	case nt < 0:
		return result{}, c.errInternal("Unknown type %s", c.str(2))
	case disk(im.Type) != disk(nt) || nt == imgTypeBackup:
		return result{}, c.errAction("Cannot change image type to an incompatible type for the current datastore.")
	}
	im.Type = nt
	c.changed()
	return resInt(im.ID), nil
}

// imageRef is how a DISK vector names its image.
var imageRef = ref{id: "IMAGE_ID", name: "IMAGE", uname: "IMAGE_UNAME", uid: "IMAGE_UID", what: "Image"}
