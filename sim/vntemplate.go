package sim

import (
	"strconv"
	"strings"
)

// VNTemplate is a virtual network template: what one.vntemplate.instantiate
// makes a network from.
type VNTemplate struct {
	base
	RegTime  int64
	Template *tmpl
}

var vnTemplateKind = owned(objKind[*VNTemplate]{ot: obVNTemplate, names: namesPerOwner, root: "VNTEMPLATE_POOL",
	pool: func(st *state) map[int]*VNTemplate { return st.VNTmpls },
	xml: func(st *state, t *VNTemplate) string {
		return "<VNTEMPLATE>" + st.head(&t.base) + t.Lock.xml() + t.Perms.xml() + el("REGTIME", t.RegTime) +
			t.Template.xml("TEMPLATE") + "</VNTEMPLATE>"
	},
	tmpl: func(t *VNTemplate) *tmpl { return t.Template }})

// vnTemplateTaken says why the caller cannot have another template called
// name ("" when it can).
func (c *call) vnTemplateTaken(name string) string {
	if id, ok := nameTaken(vnTemplateKind, c.st, namesPerOwner, -1, c.uid(), name); ok {
		return "NAME is already taken by VN TEMPLATE " + strconv.Itoa(id) + "."
	}
	return ""
}

func (c *call) addVNTemplate(name string, t *tmpl) int {
	id := c.st.nextID("vntemplate")
	c.st.VNTmpls[id] = &VNTemplate{base: c.ownedBase(id, name), RegTime: c.unix(), Template: t}
	c.changed()
	return id
}

func (s *Server) registerVNTemplates() {
	s.reg("one.vntemplate.info", "i b?", objectInfo(vnTemplateKind))
	s.reg("one.vntemplatepool.info", "i i i", poolInfo(vnTemplateKind))
	s.reg("one.vntemplate.allocate", "s", func(c *call) (result, *rpcError) {
		if e := c.authz().add(opCreate, creating(obVNTemplate)).err(); e != nil {
			return result{}, e
		}
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		name := t.str("NAME")
		if name == "" {
			return result{}, c.errInternal("No NAME in template.")
		}
		if msg := c.vnTemplateTaken(name); msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		if t.str("VN_MAD") == "" {
			return result{}, c.errInternal("Error inserting Template in DB. VN_MAD is mandatory")
		}
		t.del("NAME")
		return resInt(c.addVNTemplate(name, t)), nil
	})
	s.reg("one.vntemplate.clone", "i s b?", func(c *call) (result, *rpcError) {
		src, e := vnTemplateKind.lookup(c, c.int(1))
		if e != nil {
			return result{}, e
		}
		if e := c.authz().add(opUse, vnTemplateKind.auth(src)).add(opCreate, creating(obVNTemplate)).err(); e != nil {
			return result{}, e
		}
		if msg := c.vnTemplateTaken(c.str(2)); msg != "" {
			return result{}, c.errAllocate(obVNTemplate, msg)
		}
		return resInt(c.addVNTemplate(c.str(2), src.Template.clone())), nil
	})
	s.reg("one.vntemplate.delete", "i b?", deleteHandler(vnTemplateKind))
	s.reg("one.vntemplate.update", "i s i?", updateHandler(vnTemplateKind))
	s.reg("one.vntemplate.rename", "i s", renameHandler(vnTemplateKind))
	s.reg("one.vntemplate.chown", "i i i", chownHandler(vnTemplateKind))
	s.reg("one.vntemplate.chmod", "i i i i i i i i i i b?", chmodHandler(vnTemplateKind))
	s.reg("one.vntemplate.lock", "i i b?", lockHandler(vnTemplateKind))
	s.reg("one.vntemplate.unlock", "i", unlockHandler(vnTemplateKind))
	s.reg("one.vntemplate.instantiate", "i s? s?", vnInstantiate)
}

// vnInstantiate answers one.vntemplate.instantiate(id, name, extra): a new
// network from the template merged with the extra template, in the
// template's clusters (CLUSTER_IDS) or the default one.
func vnInstantiate(c *call) (result, *rpcError) {
	src, e := vnTemplateKind.get(c, 1, opUse)
	if e != nil {
		return result{}, e
	}
	t := src.Template.clone()
	if extra := c.strOr(3, ""); extra != "" {
		x, msg := parseTmpl(extra)
		if msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		// vectors (an extra AR) are added, single attributes replace
		for _, a := range x.A {
			if !a.IsV {
				t.del(a.N)
			}
			t.A = append(t.A, a)
		}
	}
	// oned checks only VNTEMPLATE:USE here, no NET:CREATE (which the
	// default ACL rules do not give regular users)
	ar := c.authz()
	as, e := c.asOwner(t, ar)
	if e != nil {
		return result{}, e
	}
	if e := ar.err(); e != nil {
		return result{}, e
	}
	name := c.strOr(2, "")
	if name == "" {
		name = t.str("NAME")
	}
	if name == "" {
		name = src.Name + "-" + strconv.Itoa(c.st.NextID["vnet"])
	}
	if id, ok := nameTaken(vnetKind, c.st, namesPerOwner, -1, c.uid(), name); ok {
		return result{}, c.errAllocate(obVNTemplate, "NAME is already taken by NET "+strconv.Itoa(id)+".")
	}
	clusters := []int{0}
	if s := t.str("CLUSTER_IDS"); s != "" {
		clusters = nil
		for _, x := range splitIDs(s) {
			if c.st.Clusters[x] != nil {
				clusters = append(clusters, x)
			}
		}
	}
	t.del("CLUSTER_IDS")
	t.set("TEMPLATE_ID", strconv.Itoa(src.ID))
	n, e := c.newVNet(t, name, clusters)
	if e != nil {
		return result{}, e
	}
	as.apply(&n.base)
	return resInt(n.ID), nil
}

func splitIDs(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// owners is who AS_UID and AS_GID make the owner of what an instantiate
// creates; nil members keep the caller's.
type owners struct {
	u *User
	g *Group
}

// asOwner takes AS_UID and AS_GID out of t and adds to ar what making the
// objects theirs takes, as chown would: MANAGE on the user, USE on the
// group.
func (c *call) asOwner(t *tmpl, ar *authReq) (owners, *rpcError) {
	var o owners
	if s := t.str("AS_UID"); s != "" {
		uid, _ := strconv.Atoi(s)
		if o.u = c.st.Users[uid]; o.u == nil {
			return o, c.errNotFound(obUser, uid)
		}
		ar.add(opManage, userAuth(o.u))
	}
	if s := t.str("AS_GID"); s != "" {
		gid, _ := strconv.Atoi(s)
		if o.g = c.st.Groups[gid]; o.g == nil {
			return o, c.errNotFound(obGroup, gid)
		}
		ar.add(opUse, groupAuth(o.g))
	}
	t.del("AS_UID")
	t.del("AS_GID")
	return o, nil
}

func (o owners) apply(b *base) {
	if o.u != nil {
		b.UID, b.GID = o.u.ID, o.u.GID
	}
	if o.g != nil {
		b.GID = o.g.ID
	}
}
