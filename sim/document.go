package sim

import "strconv"

// Document is a generic oned document; OneFlow keeps its service templates
// as documents of TYPE 100 (services are 100, templates 101), with the
// JSON body in TEMPLATE/BODY. The simulator stores them so marketplace
// service-template apps can be made and exported.
type Document struct {
	base
	Type     int
	Template *tmpl
}

func (st *state) docs() map[int]*Document {
	if st.Documents == nil {
		st.Documents = map[int]*Document{}
	}
	return st.Documents
}

// documentXML has LOCK after PERMISSIONS, unlike most objects (Document.cc).
func (st *state) documentXML(d *Document) string {
	return "<DOCUMENT>" + st.head(&d.base) + el("TYPE", d.Type) + d.Perms.xml() + d.Lock.xml() +
		d.Template.xml("TEMPLATE") + "</DOCUMENT>"
}

var documentKind = owned(objKind[*Document]{ot: obDocument, root: "DOCUMENT_POOL",
	pool: (*state).docs, xml: (*state).documentXML, tmpl: func(d *Document) *tmpl { return d.Template }})

func (s *Server) registerDocuments() {
	s.reg("one.document.info", "i b?", objectInfo(documentKind))
	s.reg("one.document.update", "i s i?", updateHandler(documentKind))
	s.reg("one.document.rename", "i s", renameHandler(documentKind))
	s.reg("one.document.chown", "i i i", chownHandler(documentKind))
	s.reg("one.document.chmod", "i i i i i i i i i i", chmodHandler(documentKind))
	s.reg("one.document.lock", "i i b?", lockHandler(documentKind))
	s.reg("one.document.unlock", "i", unlockHandler(documentKind))
	s.reg("one.document.delete", "i", deleteHandler(documentKind))
	s.reg("one.documentpool.info", "i i i i", func(c *call) (result, *rpcError) {
		p, e := c.poolSel()
		if e != nil {
			return result{}, e
		}
		typ := c.int(4)
		return resString(documentKind.list(c, p, func(d *Document) bool { return typ < 0 || d.Type == typ },
			(*state).documentXML)), nil
	})
	s.reg("one.document.allocate", "s i", func(c *call) (result, *rpcError) {
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		if e := c.authz().add(opCreate, creating(obDocument)).err(); e != nil {
			return result{}, e
		}
		id, e := c.newDocument(t, c.int(2))
		if e != nil {
			return result{}, e
		}
		return resInt(id), nil
	})
	s.reg("one.document.clone", "i s", func(c *call) (result, *rpcError) {
		d, e := documentKind.get(c, 1, opUse)
		if e != nil {
			return result{}, e
		}
		if e := c.authz().add(opCreate, creating(obDocument)).err(); e != nil {
			return result{}, e
		}
		t := d.Template.clone()
		t.set("NAME", c.str(2))
		id, e := c.newDocument(t, d.Type)
		if e != nil {
			return result{}, e
		}
		return resInt(id), nil
	})
}

func (c *call) newDocument(t *tmpl, typ int) (int, *rpcError) {
	name := t.str("NAME")
	if len(name) > 128 {
		return -1, c.errInternal("NAME is too long; max length is 128 chars.")
	}
	t.del("NAME")
	id := c.st.nextID("document")
	if name == "" {
		name = "document-" + strconv.Itoa(id)
	}
	c.st.docs()[id] = &Document{base: c.ownedBase(id, name), Type: typ, Template: t}
	c.changed()
	return id, nil
}

// seedDocuments gives the demo a OneFlow service template (document type
// 101) whose one role runs the "ubuntu" template, so the marketplace's
// service-template flow has something to publish.
func seedDocuments(st *state) {
	t := newTmpl()
	t.set("BODY", `{"name":"web-service","deployment":"straight","description":"","roles":[{"name":"frontend","cardinality":1,"vm_template":1,"vm_template_contents":"","elasticity_policies":[],"scheduled_policies":[]}],"ready_status_gate":false,"automatic_deletion":false,"registration_time":0}`)
	id := st.nextID("document")
	st.docs()[id] = &Document{base: base{ID: id, UID: 0, GID: 0, Name: "web-service", Perms: perms{OU: 1, OM: 1}}, Type: 101, Template: t}
}
