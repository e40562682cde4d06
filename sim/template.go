package sim

import (
	"strconv"
	"strings"
)

func (st *state) templateXML(t *VMTemplate) string {
	return "<VMTEMPLATE>" + st.head(&t.base) + t.Lock.xml() + t.Perms.xml() +
		el("REGTIME", t.RegTime) + t.Template.xml("TEMPLATE") + "</VMTEMPLATE>"
}

var templateKind = owned(objKind[*VMTemplate]{ot: obTemplate, names: namesPerOwner, root: "VMTEMPLATE_POOL",
	pool: func(st *state) map[int]*VMTemplate { return st.Templates }, xml: (*state).templateXML,
	tmpl: func(t *VMTemplate) *tmpl { return t.Template }})

func (s *Server) registerTemplates() {
	s.reg("one.template.info", "i b? b?", templateInfo)
	s.reg("one.templatepool.info", "i i i", poolInfo(templateKind))
	s.reg("one.template.update", "i s i?", updateHandler(templateKind))
	s.reg("one.template.rename", "i s", renameHandler(templateKind))
	s.reg("one.template.chown", "i i i", chownHandler(templateKind))
	s.reg("one.template.lock", "i i b?", lockHandler(templateKind))
	s.reg("one.template.unlock", "i", unlockHandler(templateKind))
	s.reg("one.template.chmod", "i i i i i i i i i i b?", templateChmod)
	s.reg("one.template.delete", "i b?", templateDelete)
	s.reg("one.template.allocate", "s", func(c *call) (result, *rpcError) {
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		if e := c.authz().add(opCreate, creating(obTemplate)).err(); e != nil {
			return result{}, e
		}
		// oned's template pool reports a missing or taken name as an
		// INTERNAL error, not ALLOCATE as images do.
		name := t.str("NAME")
		if strings.TrimSpace(name) == "" {
			return result{}, c.errInternal("Invalid NAME, it cannot be empty")
		}
		if id, ok := nameTaken(templateKind, c.st, namesPerOwner, -1, c.uid(), name); ok {
			return result{}, c.errInternal("NAME is already taken by TEMPLATE %d.", id)
		}
		t.del("NAME")
		id := c.st.nextID("template")
		c.st.Templates[id] = &VMTemplate{base: c.ownedBase(id, name), RegTime: c.unix(), Template: t}
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.template.clone", "i s b?", func(c *call) (result, *rpcError) {
		id, e := c.cloneTemplate(c.int(1), c.str(2), c.boolOr(3, false), "", false)
		if e != nil {
			return result{}, e
		}
		return resInt(id), nil
	})
	s.reg("one.template.instantiate", "i s b? s? b?", templateInstantiate)
}

// templateInfo answers one.template.info; extended adds what oned reads
// from the images and networks the DISKs and NICs name.
func templateInfo(c *call) (result, *rpcError) {
	t, e := templateKind.load(c, c.int(1), opUse|noLock)
	if e != nil {
		return result{}, e
	}
	if !c.boolOr(2, false) {
		return resString(c.st.templateXML(t)), nil
	}
	x := *t
	x.Template = t.Template.clone()
	for i, d := range x.Template.vectors("DISK") {
		c.extendDisk(d, i)
	}
	for _, n := range x.Template.vectors("NIC") {
		if vn, msg := resolve(c, vnetKind, n, netRef); msg == "" {
			vset(n, "NETWORK_ID", strconv.Itoa(vn.ID))
		}
	}
	return resString(c.st.templateXML(&x)), nil
}

// extendDisk is VirtualMachineDisks::extended_info for one DISK of a
// template: the image's datastore, size and state.
func (c *call) extendDisk(d *attr, i int) {
	if !vhas(d, "IMAGE_ID") && !vhas(d, "IMAGE") {
		return
	}
	im, msg := resolve(c, imageKind, d, imageRef)
	if msg != "" {
		return
	}
	clone := "YES"
	if im.Persistent == 1 {
		clone = "NO"
	}
	vset(d, "CLONE", clone)
	vset(d, "CLUSTER_ID", "0")
	if ds := c.st.Datastores[im.DatastoreID]; ds != nil {
		vset(d, "DATASTORE", ds.Name)
		vset(d, "TM_MAD", ds.TMMad)
	}
	vset(d, "DATASTORE_ID", strconv.Itoa(im.DatastoreID))
	vset(d, "DEV_PREFIX", im.Template.str("DEV_PREFIX"))
	vset(d, "DISK_ID", strconv.Itoa(i))
	vset(d, "DISK_SNAPSHOT_TOTAL_SIZE", "0")
	format := im.Format
	if format == "" {
		format = "raw"
	}
	vset(d, "DRIVER", format)
	vset(d, "FORMAT", format)
	vset(d, "IMAGE", im.Name)
	vset(d, "IMAGE_ID", strconv.Itoa(im.ID))
	vset(d, "IMAGE_STATE", strconv.Itoa(im.State))
	vset(d, "ORIGINAL_SIZE", strconv.FormatInt(im.Size, 10))
	if im.Persistent == 1 {
		vset(d, "PERSISTENT", "YES")
	}
	vset(d, "READONLY", "NO")
	vset(d, "SAVE", "NO")
	if vget(d, "SIZE") == "" {
		vset(d, "SIZE", strconv.FormatInt(im.Size, 10))
	}
	vset(d, "SOURCE", im.Source)
	vset(d, "TYPE", "FILE")
}

// templateImages lists the images a template's DISKs name, as the caller
// resolves them, without repeats.
func (c *call) templateImages(t *tmpl) []*Image {
	var out []*Image
	for _, d := range t.vectors("DISK") {
		if !vhas(d, "IMAGE_ID") && !vhas(d, "IMAGE") {
			continue
		}
		if im, msg := resolve(c, imageKind, d, imageRef); msg == "" && !containsImage(out, im) {
			out = append(out, im)
		}
	}
	return out
}

func containsImage(xs []*Image, im *Image) bool {
	for _, x := range xs {
		if x == im {
			return true
		}
	}
	return false
}

// cloneTemplate is one.template.clone; with recursive each image of the
// template is cloned as "<name>-disk-<n>" and the copy points at it. extra
// is merged into the copy (persistent instantiation), and persistent makes
// the cloned images persistent.
func (c *call) cloneTemplate(id int, name string, recursive bool, extra string, persistent bool) (int, *rpcError) {
	src, e := templateKind.load(c, id, opUse)
	if e != nil {
		return -1, e
	}
	if e := c.authz().add(opCreate, creating(obTemplate)).err(); e != nil {
		return -1, e
	}
	if strings.TrimSpace(name) == "" {
		return -1, c.errAllocate(obTemplate, "Invalid NAME, it cannot be empty")
	}
	if id, ok := nameTaken(templateKind, c.st, namesPerOwner, -1, c.uid(), name); ok {
		return -1, c.errAllocate(obTemplate, "NAME is already taken by TEMPLATE "+strconv.Itoa(id)+".")
	}
	t := src.Template.clone()
	if strings.TrimSpace(extra) != "" {
		x, msg := parseTmpl(extra)
		if msg != "" {
			return -1, c.errInternal("%s", msg)
		}
		t.merge(x)
	}
	nid := c.st.nextID("template")
	nt := &VMTemplate{base: c.ownedBase(nid, name), RegTime: c.unix(), Template: t}
	c.st.Templates[nid] = nt
	c.changed()
	if !recursive {
		return nid, nil
	}
	var made []int
	for n, d := range t.vectors("DISK") {
		if !vhas(d, "IMAGE_ID") && !vhas(d, "IMAGE") {
			continue
		}
		im, msg := resolve(c, imageKind, d, imageRef)
		if msg != "" {
			continue
		}
		iid, e := c.cloneImage(im.ID, name+"-disk-"+strconv.Itoa(n), -1, persistent)
		if e != nil {
			delete(c.st.Templates, nid)
			for _, x := range made {
				if m := c.st.Images[x]; m != nil {
					c.st.dropImage(m)
				}
			}
			return -1, c.errAction("Failed to clone images: %s", strings.TrimPrefix(e.msg, "["+c.method+"] "))
		}
		made = append(made, iid)
		for _, a := range []string{"IMAGE", "IMAGE_UNAME", "IMAGE_UID", "OPENNEBULA_MANAGED"} {
			vdel(d, a)
		}
		vset(d, "IMAGE_ID", strconv.Itoa(iid))
	}
	return nid, nil
}

// templateDelete answers one.template.delete(id, recursive): the images
// that cannot be deleted stay, and the call still succeeds, as in oned.
func templateDelete(c *call) (result, *rpcError) {
	t, e := templateKind.lookup(c, c.int(1))
	if e != nil {
		return result{}, e
	}
	recursive := c.boolOr(2, false)
	ar := c.authz().add(opManage, templateKind.auth(t))
	var imgs []*Image
	if recursive {
		imgs = c.templateImages(t.Template)
		for _, im := range imgs {
			ar.add(opManage, imageKind.auth(im))
		}
	}
	if e := ar.err(); e != nil {
		return result{}, e
	}
	delete(c.st.Templates, t.ID)
	c.changed()
	for _, im := range imgs {
		_ = c.deleteImage(im.ID) // oned only logs what it could not delete
	}
	return resInt(t.ID), nil
}

// templateChmod answers one.template.chmod; recursive applies the same
// bits to the template's images.
func templateChmod(c *call) (result, *rpcError) {
	r, e := chmodHandler(templateKind)(c)
	if e != nil || !c.boolOr(11, false) {
		return r, e
	}
	t := c.st.Templates[c.int(1)]
	for _, im := range c.templateImages(t.Template) {
		p := &im.Perms
		bits := []*int{&p.OU, &p.OM, &p.OA, &p.GU, &p.GM, &p.GA, &p.TU, &p.TM, &p.TA}
		op := opManage
		for i := range bits {
			if n := c.int(2 + i); i%3 == 2 && n != -1 && n != *bits[i] {
				op = opAdmin
			}
		}
		if e := c.authz().add(op, imageKind.auth(im)).err(); e != nil {
			return result{}, e
		}
		for i, bit := range bits {
			if n := c.int(2 + i); n == 0 || n == 1 {
				*bit = n
			}
		}
	}
	return r, nil
}

// templateInstantiate answers one.template.instantiate(id, name, hold,
// extra, persistent). persistent first clones the template and its images
// (persistent copies) for the caller and instantiates the copy.
func templateInstantiate(c *call) (result, *rpcError) {
	t, e := templateKind.lookup(c, c.int(1))
	if e != nil {
		return result{}, e
	}
	if strings.EqualFold(t.Template.str("VROUTER"), "YES") {
		return result{}, c.errAction("Virtual router templates cannot be instantiated")
	}
	name, extra := c.str(2), c.strOr(4, "")
	if c.boolOr(5, false) {
		cname := name
		if cname == "" {
			cname = t.Name + "-copy"
		}
		nid, e := c.cloneTemplate(t.ID, cname, true, extra, true)
		if e != nil {
			return result{}, e
		}
		t = c.st.Templates[nid]
		extra = "CLONING_TEMPLATE_ID=" + strconv.Itoa(c.int(1)) + "\n"
	}
	if e := c.authz().add(opUse, templateKind.auth(t)).err(); e != nil {
		return result{}, e
	}
	vt := t.Template.clone()
	if strings.TrimSpace(extra) != "" {
		x, msg := parseTmpl(extra)
		if msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		vt.merge(x)
	}
	vt.del("NAME")
	vt.del("TEMPLATE_NAME")
	vt.set("TEMPLATE_ID", strconv.Itoa(t.ID))
	id, e := c.allocateVM(vt, name, t.Name, c.boolOr(3, false))
	if e != nil {
		// the request's object is the template, so oned names it in the
		// allocation error
		e.msg = strings.Replace(e.msg, "Error allocating a new virtual machine.",
			"Error allocating a new virtual machine template.", 1)
		return result{}, e
	}
	return resInt(id), nil
}
