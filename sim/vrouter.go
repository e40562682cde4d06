package sim

import (
	"strconv"
	"strings"
	"time"
)

// VRouter is a virtual router: NICs (a FLOATING_IP one holds a lease of
// its own, owned by the router) and the VMs instantiated for it, each with
// a NIC per router NIC.
type VRouter struct {
	base
	VMs      []int
	Template *tmpl
}

var vrouterKind = owned(objKind[*VRouter]{ot: obVRouter, root: "VROUTER_POOL",
	pool: func(st *state) map[int]*VRouter { return st.VRouters },
	xml: func(st *state, r *VRouter) string {
		return "<VROUTER>" + st.head(&r.base) + r.Perms.xml() + r.Lock.xml() + idsXML("VMS", r.VMs) +
			r.Template.xml("TEMPLATE") + "</VROUTER>"
	},
	tmpl: func(r *VRouter) *tmpl { return r.Template }})

func floating(n *attr) bool { return strings.EqualFold(vget(n, "FLOATING_IP"), "YES") }

// routerNIC completes a router NIC: its network, its ID and, for a
// floating IP, a lease of the network owned by the router.
func (c *call) routerNIC(r *VRouter, n *attr, id int) *rpcError {
	vn, msg := resolve(c, vnetKind, n, netRef)
	if msg != "" {
		if s := vget(n, "NETWORK_ID"); s != "" {
			msg = "Virtual network with ID: " + s + " does not exist"
		}
		return c.errInternal("%s", msg)
	}
	if e := c.authz().add(opUse, vnetKind.auth(vn)).err(); e != nil {
		return e
	}
	if floating(n) {
		if msg := c.st.leaseNIC(vn, n, leaseOwner{T: ownVRouter, ID: r.ID}); msg != "" {
			return c.errInternal("%s", msg)
		}
	}
	vset(n, "NETWORK", vn.Name)
	vset(n, "NETWORK_ID", strconv.Itoa(vn.ID))
	vset(n, "NIC_ID", strconv.Itoa(id))
	return nil
}

// releaseRouterNIC gives back a floating IP.
func (st *state) releaseRouterNIC(r *VRouter, n *attr) {
	if floating(n) {
		st.releaseNIC(n, leaseOwner{T: ownVRouter, ID: r.ID})
	}
}

// vmNIC is the NIC a router VM gets for router NIC n: a lease of the same
// network, and the router's floating IP to take over.
func vmNIC(r *VRouter, n *attr) *attr {
	v := &attr{N: "NIC", IsV: true}
	for _, k := range []string{"NETWORK_ID", "NETWORK_UNAME", "SECURITY_GROUPS", "MODEL"} {
		if s := vget(n, k); s != "" {
			vset(v, k, s)
		}
	}
	vset(v, "VROUTER_ID", strconv.Itoa(r.ID))
	if floating(n) {
		vset(v, "VROUTER_IP", vget(n, "IP"))
	}
	return v
}

// subCall runs a VM method on behalf of a router call (same caller, same
// clock), so router VMs change exactly as the VM calls change them.
func (c *call) subCall(params ...value) *call {
	sub := *c
	sub.params = append([]value{c.params[0]}, params...)
	return &sub
}

func (s *Server) registerVRouters() {
	s.reg("one.vrouter.info", "i b?", objectInfo(vrouterKind))
	s.reg("one.vrouterpool.info", "i i i", poolInfo(vrouterKind))
	s.reg("one.vrouter.allocate", "s", func(c *call) (result, *rpcError) {
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		if e := c.authz().add(opCreate, creating(obVRouter)).err(); e != nil {
			return result{}, e
		}
		name := t.str("NAME")
		if name == "" {
			return result{}, c.errInternal("No NAME in template.")
		}
		t.del("NAME")
		r := &VRouter{base: c.ownedBase(c.st.NextID["vrouter"], name), Template: t}
		for i, n := range t.vectors("NIC") {
			if e := c.routerNIC(r, n, i); e != nil {
				for _, m := range t.vectors("NIC")[:i] {
					c.st.releaseRouterNIC(r, m)
				}
				return result{}, e
			}
		}
		c.st.VRouters[c.st.nextID("vrouter")] = r
		c.changed()
		return resInt(r.ID), nil
	})
	s.reg("one.vrouter.instantiate", "i i i s? b? s?", s.vrInstantiate)
	s.reg("one.vrouter.delete", "i", func(c *call) (result, *rpcError) {
		r, e := vrouterKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		for _, id := range r.VMs {
			if v := c.st.VMs[id]; v != nil && v.State != stDone {
				s.vmAction(c.subCall(value{k: kString, s: "terminate-hard"}, value{k: kInt, i: int64(id)}))
			}
		}
		for _, n := range r.Template.vectors("NIC") {
			c.st.releaseRouterNIC(r, n)
		}
		delete(c.st.VRouters, r.ID)
		c.changed()
		return resInt(r.ID), nil
	})
	s.reg("one.vrouter.attachnic", "i s", func(c *call) (result, *rpcError) {
		r, e := vrouterKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		n, e := c.oneVector(c.str(2), "NIC")
		if e != nil {
			return result{}, e
		}
		id := 0
		for _, m := range r.Template.vectors("NIC") {
			if x, err := strconv.Atoi(vget(m, "NIC_ID")); err == nil && x >= id {
				id = x + 1
			}
		}
		if e := c.routerNIC(r, n, id); e != nil {
			return result{}, e
		}
		r.Template.A = append(r.Template.A, n)
		// every router VM that can take a NIC gets one
		for _, vid := range r.VMs {
			v := c.st.VMs[vid]
			if v == nil || (!v.isRunning() && !v.isPoweroff()) {
				continue
			}
			vn := vmNIC(r, n)
			if msg := c.fillNIC(v, vn, v.nextVectorID("NIC", "NIC_ID")); msg == "" {
				v.Template.A = append(v.Template.A, vn)
				s.hotplug(c, v, lcmHotplugNIC, lcmHotplugNICPoff, -1, -1)
			}
		}
		c.changed()
		return resInt(r.ID), nil
	})
	s.reg("one.vrouter.detachnic", "i i", func(c *call) (result, *rpcError) {
		r, e := vrouterKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		var n *attr
		for _, m := range r.Template.vectors("NIC") {
			if vget(m, "NIC_ID") == strconv.Itoa(c.int(2)) {
				n = m
			}
		}
		if n == nil {
			return result{}, c.errAction("NIC with NIC_ID %d does not exist.", c.int(2))
		}
		for _, vid := range r.VMs {
			v := c.st.VMs[vid]
			if v == nil || v.State == stDone {
				continue
			}
			for _, m := range v.Template.vectors("NIC") {
				if vget(m, "VROUTER_ID") == strconv.Itoa(r.ID) && vget(m, "NETWORK_ID") == vget(n, "NETWORK_ID") &&
					vget(m, "NIC_ID") == vget(n, "NIC_ID") {
					c.st.releaseNIC(m, leaseOwner{T: ownVM, ID: v.ID})
					v.Template.removeAttr(m)
				}
			}
		}
		c.st.releaseRouterNIC(r, n)
		r.Template.removeAttr(n)
		c.changed()
		return resInt(r.ID), nil
	})
	// update keeps the NICs: they change only through attachnic/detachnic
	s.reg("one.vrouter.update", "i s i?", func(c *call) (result, *rpcError) {
		r, e := vrouterKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		nics := r.Template.vectors("NIC")
		next := r.Template.clone()
		if e := c.updateTmpl(next, c.str(2), c.intOr(3, 0)); e != nil {
			return result{}, e
		}
		next.del("NIC")
		next.A = append(next.A, nics...)
		r.Template = next
		return resInt(r.ID), nil
	})
	s.reg("one.vrouter.rename", "i s", renameHandler(vrouterKind))
	s.reg("one.vrouter.chown", "i i i", chownHandler(vrouterKind))
	s.reg("one.vrouter.chmod", "i i i i i i i i i i", chmodHandler(vrouterKind))
	s.reg("one.vrouter.lock", "i i b?", lockHandler(vrouterKind))
	s.reg("one.vrouter.unlock", "i", unlockHandler(vrouterKind))
}

// vrInstantiate answers one.vrouter.instantiate(id, n_vms, template_id,
// name, hold, extra): n VMs from a VROUTER=YES template, each with a NIC
// per router NIC. It answers the router's ID.
func (s *Server) vrInstantiate(c *call) (result, *rpcError) {
	r, e := vrouterKind.get(c, 1, opManage)
	if e != nil {
		return result{}, e
	}
	tp, e := templateKind.get(c, 3, opUse)
	if e != nil {
		return result{}, e
	}
	if !strings.EqualFold(tp.Template.str("VROUTER"), "YES") {
		return result{}, c.errAction("Only virtual router templates are allowed")
	}
	base := tp.Template.clone()
	if extra := strings.TrimSpace(c.strOr(6, "")); extra != "" {
		x, msg := parseTmpl(extra)
		if msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		base.merge(x)
	}
	ar := c.authz()
	as, e := c.asOwner(base, ar)
	if e != nil {
		return result{}, e
	}
	if e := ar.err(); e != nil {
		return result{}, e
	}
	base.del("NAME")
	base.del("NIC")
	base.set("TEMPLATE_ID", strconv.Itoa(tp.ID))
	base.set("VROUTER_ID", strconv.Itoa(r.ID))
	for _, n := range r.Template.vectors("NIC") {
		base.A = append(base.A, vmNIC(r, n))
	}
	pattern := c.strOr(4, "")
	if pattern == "" {
		pattern = "vr-" + r.Name + "-%i"
	}
	for i := 0; i < c.int(2); i++ {
		name := strings.ReplaceAll(pattern, "%i", strconv.Itoa(i))
		id, e := c.allocateVM(base.clone(), name, "", c.boolOr(5, false))
		if e != nil {
			return result{}, e
		}
		as.apply(&c.st.VMs[id].base)
		r.VMs = append(r.VMs, id)
	}
	r.Template.set("TEMPLATE_ID", strconv.Itoa(tp.ID))
	c.changed()
	return resInt(r.ID), nil
}

// seedVRouters adds the demo's router template ("vrouter", VROUTER=YES,
// with the next free template ID) and a router "gw": a NIC on private and
// a floating IP on public, no VMs yet.
func seedVRouters(st *state, now time.Time) {
	tid := st.nextID("template")
	st.Templates[tid] = &VMTemplate{base: base{ID: tid, GID: 1, Name: "vrouter", Perms: perms{OU: 1, OM: 1, GU: 1}},
		RegTime: now.Unix(), Template: mustTmpl("CPU = 0.1\nMEMORY = 128\nVCPU = 1\nVROUTER = \"YES\"")}
	r := &VRouter{base: base{ID: 0, GID: 1, Name: "gw", Perms: perms{OU: 1, OM: 1, GU: 1}}, Template: newTmpl()}
	r.Template.addVector("NIC", &pair{"NETWORK", "private"}, &pair{"NETWORK_ID", "0"}, &pair{"NIC_ID", "0"})
	fl := r.Template.addVector("NIC", &pair{"FLOATING_IP", "YES"}, &pair{"NIC_ID", "1"})
	st.leaseNIC(st.VNets[1], fl, leaseOwner{T: ownVRouter, ID: 0})
	st.VRouters[0] = r
	st.NextID["vrouter"] = 1
}
