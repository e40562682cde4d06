package sim

import (
	"strconv"
	"strings"
)

func (st *state) templateXML(t *VMTemplate) string {
	return "<VMTEMPLATE>" + st.head(&t.base) + t.Lock.xml() + t.Perms.xml() +
		el("REGTIME", t.RegTime) + t.Template.xml("TEMPLATE") + "</VMTEMPLATE>"
}

var templateKind = owned(objKind[*VMTemplate]{ot: obTemplate, root: "VMTEMPLATE_POOL",
	pool: func(st *state) map[int]*VMTemplate { return st.Templates }, xml: (*state).templateXML,
	tmpl: func(t *VMTemplate) *tmpl { return t.Template }})

func (s *Server) registerTemplates() {
	s.reg("one.template.info", "i b? b?", objectInfo(templateKind))
	s.reg("one.templatepool.info", "i i i", poolInfo(templateKind))
	s.reg("one.template.update", "i s i?", updateHandler(templateKind))
	s.reg("one.template.delete", "i b?", deleteHandler(templateKind))
	s.reg("one.template.allocate", "s", func(c *call) (result, *rpcError) {
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		if e := c.authz().add(opCreate, creating(obTemplate)).err(); e != nil {
			return result{}, e
		}
		name, e := allocName(c, templateKind, t)
		if e != nil {
			return result{}, e
		}
		t.del("NAME")
		id := c.st.nextID("template")
		c.st.Templates[id] = &VMTemplate{base: c.ownedBase(id, name), RegTime: c.unix(), Template: t}
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.template.instantiate", "i s b? s? b?", func(c *call) (result, *rpcError) {
		t, e := templateKind.get(c, 1, opUse)
		if e != nil {
			return result{}, e
		}
		vt := t.Template.clone()
		if extra := c.strOr(4, ""); strings.TrimSpace(extra) != "" {
			x, msg := parseTmpl(extra)
			if msg != "" {
				return result{}, c.errInternal("%s", msg)
			}
			vt.merge(x)
		}
		name := c.str(2)
		vt.del("NAME")
		vt.set("TEMPLATE_ID", strconv.Itoa(t.ID))
		id, e := c.allocateVM(vt, name, t.Name, c.boolOr(3, false))
		if e != nil {
			return result{}, e
		}
		return resInt(id), nil
	})
}
