package sim

import (
	"strconv"
	"strings"
)

func (s *Server) registerVMOps() {
	s.reg("one.vm.action", "s i", s.vmAction)
	s.reg("one.vm.deploy", "i i b? i? s?", s.vmDeploy)
	s.reg("one.vm.migrate", "i i b b? i? i?", s.vmMigrate)
	s.reg("one.vm.recover", "i i", s.vmRecover)
	s.registerVMMonitoring()
	s.registerVMDisks()
	s.registerVMNics()
	s.registerVMMisc()
}

func (v *VM) isRunning() bool  { return v.State == stActive && v.LCM == lcmRunning }
func (v *VM) isPoweroff() bool { return v.State == stPoweroff }

// hotplug picks the transient state for an operation from the VM's
// current state; ok is false when the operation is not allowed there.
func (s *Server) hotplug(c *call, v *VM, running, poweroff, suspended, undeployed int) bool {
	var l int
	switch {
	case v.isRunning():
		l = running
	case v.isPoweroff():
		l = poweroff
	case v.State == stSuspended:
		l = suspended
	case v.State == stUndeployed:
		l = undeployed
	default:
		return false
	}
	if l < 0 {
		return false
	}
	s.enter(v, l, c.base())
	c.changed()
	return true
}

func (v *VM) findVector(name, idAttr string, id int) *attr {
	for _, a := range v.Template.vectors(name) {
		if vget(a, idAttr) == strconv.Itoa(id) {
			return a
		}
	}
	return nil
}

func (v *VM) nextVectorID(name, idAttr string) int {
	next := 0
	for _, a := range v.Template.vectors(name) {
		if n, err := strconv.Atoi(vget(a, idAttr)); err == nil && n >= next {
			next = n + 1
		}
	}
	return next
}

// oneVector parses a template argument that must hold a vector NAME.
func (c *call) oneVector(text, name string) (*attr, *rpcError) {
	t, msg := parseTmpl(text)
	if msg != "" {
		return nil, c.errInternal("%s", msg)
	}
	vs := t.vectors(name)
	if len(vs) == 0 {
		return nil, c.errInternal("Wrong format for %s, missing %s attribute", strings.ToLower(name), name)
	}
	return vs[0], nil
}

// vmVector starts the calls that take a VM and a vector: the vector is
// parsed first, then the VM is loaded for MANAGE, in oned's order.
func (c *call) vmVector(param int, name string) (*VM, *attr, *rpcError) {
	a, e := c.oneVector(c.str(param), name)
	if e != nil {
		return nil, nil, e
	}
	v, e := vmKind.get(c, 1, opManage)
	if e != nil {
		return nil, nil, e
	}
	return v, a, nil
}

func (s *Server) registerVMDisks() {
	s.reg("one.vm.attach", "i s", func(c *call) (result, *rpcError) {
		v, d, e := c.vmVector(2, "DISK")
		if e != nil {
			return result{}, e
		}
		ar := c.authz()
		c.authorizeResources(ar, &tmpl{A: []*attr{d}})
		if e := ar.err(); e != nil {
			return result{}, e
		}
		if !v.isRunning() && !v.isPoweroff() {
			return result{}, c.errAction("Could not attach a new disk to VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		id := v.nextVectorID("DISK", "DISK_ID")
		if msg := c.fillDisk(v, d, id); msg != "" {
			return result{}, c.errAction("%s", msg)
		}
		if e := c.attachQuotaFails(v, d); e != nil {
			c.st.releaseImage(v, d)
			return result{}, e
		}
		v.Template.A = append(v.Template.A, d)
		s.hotplug(c, v, lcmHotplug, lcmHotplugPrologPoff, -1, -1)
		return resInt(v.ID), nil
	})
	s.reg("one.vm.detach", "i i", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if !v.isRunning() && !v.isPoweroff() {
			return result{}, c.errAction("Could not detach disk from VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		d := v.findVector("DISK", "DISK_ID", c.int(2))
		if d == nil {
			return result{}, c.errAction("Could not detach disk with DISK_ID %d, it does not exist.", c.int(2))
		}
		c.st.releaseImage(v, d)
		v.Template.removeAttr(d)
		s.hotplug(c, v, lcmHotplug, lcmHotplugEpilogPoff, -1, -1)
		return resInt(v.ID), nil
	})
	s.reg("one.vm.diskresize", "i i s", func(c *call) (result, *rpcError) {
		size, err := strconv.ParseInt(strings.TrimSpace(c.str(3)), 10, 64)
		if err != nil {
			return result{}, c.errAction("Disk SIZE is not a valid integer")
		}
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if !v.isRunning() && !v.isPoweroff() && v.State != stUndeployed {
			return result{}, c.errAction("Could not resize disk for VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		d := v.findVector("DISK", "DISK_ID", c.int(2))
		if d == nil {
			return result{}, c.errAction("VM disk does not exist")
		}
		cur, _ := strconv.ParseInt(vget(d, "SIZE"), 10, 64)
		if size <= cur {
			return result{}, c.errAction("New disk size has to be greater than current one")
		}
		if e := c.diskResizeQuotaFails(v, d, size); e != nil {
			return result{}, e
		}
		vset(d, "SIZE", strconv.FormatInt(size, 10))
		s.hotplug(c, v, lcmDiskResize, lcmDiskResizePoff, -1, lcmDiskResizeUndeployed)
		return resInt(v.ID), nil
	})
	s.reg("one.vm.disksaveas", "i i s s i", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if !v.isRunning() && !v.isPoweroff() && v.State != stSuspended {
			return result{}, c.errInternal("VM has to be RUNNING, POWEROFF or SUSPENDED to save disks.")
		}
		d := v.findVector("DISK", "DISK_ID", c.int(2))
		if d == nil {
			return result{}, c.errAction("VM disk does not exist")
		}
		dsID, _ := strconv.Atoi(vget(d, "DATASTORE_ID"))
		ds := c.st.Datastores[dsID]
		if ds == nil || ds.Type != 0 {
			ds = c.st.Datastores[1]
		}
		if ds == nil {
			return result{}, c.errNotFound(obDatastore, dsID)
		}
		if e := c.authz().add(opCreate, creating(obImage)).add(opUse, ds.auth(obDatastore)).err(); e != nil {
			return result{}, e
		}
		t := newTmpl()
		t.set("NAME", c.str(3))
		t.set("SIZE", vget(d, "SIZE"))
		if typ := c.str(4); typ != "" {
			t.set("TYPE", typ)
		}
		id, e := c.newImage(t, ds, imgLocked)
		if e != nil {
			return result{}, e
		}
		c.st.Images[id].Template.set("SAVED_DISK_ID", strconv.Itoa(c.int(2)))
		c.st.Images[id].Template.set("SAVED_VM_ID", strconv.Itoa(v.ID))
		s.hotplug(c, v, lcmHotplugSaveas, lcmHotplugSaveasPoff, lcmHotplugSaveasSusp, -1)
		return resInt(id), nil
	})
	s.registerDiskSnapshots()
}

func (s *Server) registerVMNics() {
	s.reg("one.vm.attachnic", "i s", func(c *call) (result, *rpcError) {
		v, n, e := c.vmVector(2, "NIC")
		if e != nil {
			return result{}, e
		}
		vn, msg := resolve(c, vnetKind, n, netRef)
		if msg != "" {
			return result{}, c.errAction("%s", msg)
		}
		if e := c.authz().add(opUse, vn.auth(obNet)).err(); e != nil {
			return result{}, e
		}
		if !v.isRunning() && !v.isPoweroff() {
			return result{}, c.errAction("Could not add a new NIC to VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		if e := c.leaseQuotaFails(v, vn.ID); e != nil {
			return result{}, e
		}
		if msg := c.fillNIC(v, n, v.nextVectorID("NIC", "NIC_ID")); msg != "" {
			return result{}, c.errAction("%s", msg)
		}
		v.Template.A = append(v.Template.A, n)
		s.hotplug(c, v, lcmHotplugNIC, lcmHotplugNICPoff, -1, -1)
		return resInt(v.ID), nil
	})
	s.reg("one.vm.detachnic", "i i", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if !v.isRunning() && !v.isPoweroff() {
			return result{}, c.errAction("Could not detach NIC from VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		n := v.findVector("NIC", "NIC_ID", c.int(2))
		if n == nil {
			return result{}, c.errAction("Could not detach NIC with NIC_ID %d, it does not exist.", c.int(2))
		}
		c.st.releaseNIC(n, leaseOwner{T: ownVM, ID: v.ID})
		v.Template.removeAttr(n)
		s.hotplug(c, v, lcmHotplugNIC, lcmHotplugNICPoff, -1, -1)
		return resInt(v.ID), nil
	})
	s.reg("one.vm.updatenic", "i i s i?", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		n := v.findVector("NIC", "NIC_ID", c.int(2))
		if n == nil {
			return result{}, c.errAction("Error updating NIC (%d) for VM %d: NIC does not exist", c.int(2), v.ID)
		}
		u, e := c.oneVector(c.str(3), "NIC")
		if e != nil {
			return result{}, e
		}
		if c.intOr(4, 0) == 0 {
			// replace: only the QoS and filter attributes are the user's to set
			for _, k := range []string{"INBOUND_AVG_BW", "INBOUND_PEAK_BW", "INBOUND_PEAK_KB", "OUTBOUND_AVG_BW",
				"OUTBOUND_PEAK_BW", "OUTBOUND_PEAK_KB"} {
				vdel(n, k)
			}
		}
		for _, p := range u.Vec {
			vset(n, p.N, p.V)
		}
		c.changed()
		return resInt(v.ID), nil
	})
	sg := func(attach bool) handler {
		return func(c *call) (result, *rpcError) {
			v, e := vmKind.get(c, 1, opManage)
			if e != nil {
				return result{}, e
			}
			nicID, sgID := c.int(2), c.int(3)
			if !v.isRunning() && !v.isPoweroff() {
				return result{}, c.errAction("VM %d is in wrong state %s", v.ID, v.stateStr())
			}
			n := v.findVector("NIC", "NIC_ID", nicID)
			if n == nil {
				return result{}, c.errAction("VM %d doesn't have NIC id %d", v.ID, nicID)
			}
			var ids []string
			if cur := vget(n, "SECURITY_GROUPS"); cur != "" {
				ids = strings.Split(cur, ",")
			}
			sid := strconv.Itoa(sgID)
			has := false
			for _, x := range ids {
				has = has || x == sid
			}
			switch {
			case attach && has:
				return result{}, c.errAction("VM %d SG %d already in NIC %d", v.ID, sgID, nicID)
			case !attach && !has:
				return result{}, c.errAction("VM %d NIC %d doesn't contain SG %d", v.ID, nicID, sgID)
			case attach:
				ids = append(ids, sid)
			default:
				out := ids[:0]
				for _, x := range ids {
					if x != sid {
						out = append(out, x)
					}
				}
				ids = out
			}
			vset(n, "SECURITY_GROUPS", strings.Join(ids, ","))
			c.changed()
			return resInt(v.ID), nil
		}
	}
	s.reg("one.vm.attachsg", "i i i", sg(true))
	s.reg("one.vm.detachsg", "i i i", sg(false))
}
