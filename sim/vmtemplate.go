package sim

import (
	"strconv"
	"strings"
)

func (st *state) templateXML(t *VMTemplate) string {
	return "<VMTEMPLATE>" + el("ID", t.ID) + el("UID", t.UID) + el("GID", t.GID) + el("UNAME", st.userName(t.UID)) +
		el("GNAME", st.groupName(t.GID)) + el("NAME", t.Name) + t.Lock.xml() + t.Perms.xml() +
		el("REGTIME", t.RegTime) + t.Template.xml("TEMPLATE") + "</VMTEMPLATE>"
}

func (c *call) getTemplate(i int, op int) (*VMTemplate, *rpcError) {
	t := c.st.Templates[c.int(i)]
	if t == nil {
		return nil, c.errNotFound(obTemplate, c.int(i))
	}
	if e := c.authz().add(op, t.auth(obTemplate)).err(); e != nil {
		return nil, e
	}
	return t, nil
}

func (s *Server) registerTemplates() {
	s.reg("one.template.info", "i b? b?", func(c *call) (result, *rpcError) {
		t, e := c.getTemplate(1, opUse|noLock)
		if e != nil {
			return result{}, e
		}
		return resString(c.st.templateXML(t)), nil
	})
	s.reg("one.templatepool.info", "i i i", func(c *call) (result, *rpcError) {
		p, e := c.poolSel()
		if e != nil {
			return result{}, e
		}
		var ids []int
		for _, id := range idsDesc(c.st.Templates) {
			if c.matches(p, c.st.Templates[id].auth(obTemplate)) {
				ids = append(ids, id)
			}
		}
		var b strings.Builder
		b.WriteString("<VMTEMPLATE_POOL>")
		for _, id := range p.page(ids) {
			b.WriteString(c.st.templateXML(c.st.Templates[id]))
		}
		b.WriteString("</VMTEMPLATE_POOL>")
		return resString(b.String()), nil
	})
	s.reg("one.template.allocate", "s", func(c *call) (result, *rpcError) {
		t, msg := parseTmpl(c.str(1))
		if msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		if e := c.authz().add(opCreate, authObj{ot: obTemplate, id: -1}).err(); e != nil {
			return result{}, e
		}
		name := t.str("NAME")
		if name == "" {
			return result{}, c.errAllocate(obTemplate, "No NAME in template.")
		}
		for _, x := range c.st.Templates {
			if x.Name == name && x.UID == c.uid() {
				return result{}, c.errAllocate(obTemplate, "NAME is already taken by TEMPLATE "+strconv.Itoa(x.ID)+".")
			}
		}
		t.del("NAME")
		id := c.st.nextID("template")
		c.st.Templates[id] = &VMTemplate{base: base{ID: id, UID: c.uid(), GID: c.user.GID, Name: name, Perms: umaskPerms()},
			RegTime: c.unix(), Template: t}
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.template.update", "i s i?", func(c *call) (result, *rpcError) {
		t, e := c.getTemplate(1, opManage)
		if e != nil {
			return result{}, e
		}
		if e := c.updateTmpl(t.Template, c.str(2), c.intOr(3, 0)); e != nil {
			return result{}, e
		}
		return resInt(t.ID), nil
	})
	s.reg("one.template.delete", "i b?", func(c *call) (result, *rpcError) {
		t, e := c.getTemplate(1, opManage)
		if e != nil {
			return result{}, e
		}
		delete(c.st.Templates, t.ID)
		c.changed()
		return resInt(t.ID), nil
	})
	s.reg("one.template.instantiate", "i s b? s? b?", func(c *call) (result, *rpcError) {
		t, e := c.getTemplate(1, opUse)
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

// updateTmpl applies one.*.update: type 0 replaces, 1 merges.
func (c *call) updateTmpl(dst *tmpl, text string, utype int) *rpcError {
	if utype != 0 && utype != 1 {
		return c.errAPI("Wrong update type")
	}
	n, msg := parseTmpl(text)
	if msg != "" {
		return c.errInternal("%s", msg)
	}
	if utype == 0 {
		dst.A = n.A
	} else {
		dst.merge(n)
	}
	c.changed()
	return nil
}
