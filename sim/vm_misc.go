package sim

import (
	"strconv"
)

// updateconfSections are the TEMPLATE parts one.vm.updateconf may change.
var updateconfSections = map[string]bool{"OS": true, "FEATURES": true, "INPUT": true, "GRAPHICS": true,
	"RAW": true, "CONTEXT": true, "CPU_MODEL": true, "BACKUP_CONFIG": true, "VIDEO": true}

func (s *Server) registerVMMisc() {
	s.reg("one.vm.rename", "i s", renameHandler(vmKind))
	s.reg("one.vm.chown", "i i i", chownHandler(vmKind))
	s.reg("one.vm.chmod", "i i i i i i i i i i", chmodHandler(vmKind))
	s.reg("one.vm.update", "i s i?", updateHandler(vmKind))
	s.reg("one.vm.lock", "i i b?", lockHandler(vmKind))
	s.reg("one.vm.unlock", "i", unlockHandler(vmKind))
	s.reg("one.vm.updateconf", "i s i?", func(c *call) (result, *rpcError) {
		utype := c.intOr(3, 0)
		if utype != 0 && utype != 1 {
			return result{}, c.errAPI("Wrong update type")
		}
		n, e := c.tmplArg(2)
		if e != nil {
			return result{}, e
		}
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if v.State == stDone || (v.State == stActive && v.LCM != lcmRunning) {
			return result{}, c.errAction("Could not perform live updateconf for %d, wrong state %s.", v.ID, v.stateStr())
		}
		for _, a := range n.A {
			if !updateconfSections[a.N] {
				continue
			}
			old := v.Template.vectors(a.N)
			if utype == 1 && len(old) > 0 && a.IsV {
				for _, p := range a.Vec {
					vset(old[0], p.N, p.V)
				}
				continue
			}
			v.Template.del(a.N)
			v.Template.A = append(v.Template.A, a)
		}
		if utype == 0 {
			for sec := range updateconfSections {
				if len(n.vectors(sec)) == 0 && sec != "OS" {
					if _, single := n.get(sec); !single {
						v.Template.del(sec)
					}
				}
			}
		}
		c.changed()
		return resInt(v.ID), nil
	})
	s.reg("one.vm.resize", "i s b?", s.vmResize)
	s.registerVMSched()
	s.registerVMBackup()
}

func (s *Server) vmResize(c *call) (result, *rpcError) {
	n, e := c.tmplArg(2)
	if e != nil {
		return result{}, e
	}
	cpu, mem, vcpu := n.str("CPU"), n.str("MEMORY"), n.str("VCPU")
	if _, ok := positiveFloat(cpu); cpu != "" && !ok {
		return result{}, c.errInternal("CPU must be a positive float or integer value.")
	}
	if m, err := strconv.Atoi(mem); mem != "" && (err != nil || m <= 0) {
		return result{}, c.errInternal("MEMORY must be a positive integer value.")
	}
	if m, err := strconv.Atoi(vcpu); vcpu != "" && (err != nil || m <= 0) {
		return result{}, c.errInternal("VCPU must be a positive integer value.")
	}
	v, e := vmKind.get(c, 1, opManage)
	if e != nil {
		return result{}, e
	}
	switch {
	case v.State == stPoweroff, v.State == stUndeployed, v.State == stPending, v.State == stHold, v.isRunning():
	default:
		return result{}, c.errAction("Cannot resize a VM in state %s", v.stateStr())
	}
	if cpu == "" && mem == "" && vcpu == "" {
		return result{}, c.errAction("Nothing to resize")
	}
	if e := c.resizeQuotaFails(v, cpu, mem); e != nil {
		return result{}, e
	}
	var host *Host
	if (v.State == stActive || v.State == stPoweroff) && v.lastHistory() != nil {
		host = c.st.Hosts[v.hid()]
	}
	oldCPU, oldMem := int64(v.cpu()*100), v.memoryMB()*1024
	for k, x := range map[string]string{"CPU": cpu, "MEMORY": mem, "VCPU": vcpu} {
		if x != "" {
			v.Template.set(k, x)
		}
	}
	if host != nil {
		host.CPUUsage += int64(v.cpu()*100) - oldCPU
		host.MemUsage += v.memoryMB()*1024 - oldMem
		if c.boolOr(3, false) && (host.CPUUsage > host.MaxCPU || host.MemUsage > host.MaxMem) {
			host.CPUUsage -= int64(v.cpu()*100) - oldCPU
			host.MemUsage -= v.memoryMB()*1024 - oldMem
			v.Template.set("CPU", strconv.FormatFloat(float64(oldCPU)/100, 'f', -1, 64))
			v.Template.set("MEMORY", strconv.FormatInt(oldMem/1024, 10))
			return result{}, c.errAction("Not enough capacity in host %d", host.ID)
		}
	}
	if v.isRunning() {
		s.enter(v, lcmHotplugResize, c.base())
	}
	c.changed()
	return resInt(v.ID), nil
}

func (s *Server) registerVMSched() {
	s.reg("one.vm.schedadd", "i s", func(c *call) (result, *rpcError) {
		v, a, e := c.vmVector(2, "SCHED_ACTION")
		if e != nil {
			return result{}, e
		}
		if vget(a, "ACTION") == "" {
			return result{}, c.errInternal("No ACTION in scheduled action")
		}
		id := v.addSched(a)
		v.Template.A = append(v.Template.A, a)
		c.st.watchSched(v)
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.vm.scheddelete", "i i", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		a, e := c.schedAction(v)
		if e != nil {
			return result{}, e
		}
		v.Template.removeAttr(a)
		c.changed()
		return resInt(c.int(2)), nil
	})
	s.reg("one.vm.schedupdate", "i i s", func(c *call) (result, *rpcError) {
		v, u, e := c.vmVector(3, "SCHED_ACTION")
		if e != nil {
			return result{}, e
		}
		a, e := c.schedAction(v)
		if e != nil {
			return result{}, e
		}
		for _, p := range u.Vec {
			if p.N != "ID" && p.N != "PARENT_ID" {
				vset(a, p.N, p.V)
			}
		}
		c.changed()
		return resInt(c.int(2)), nil
	})
}

// schedAction is the SCHED_ACTION parameter 2 names.
func (c *call) schedAction(v *VM) (*attr, *rpcError) {
	a := v.findVector("SCHED_ACTION", "ID", c.int(2))
	if a == nil {
		return nil, c.errNotFound(obVM, c.int(2)).withObject("scheduled action", c)
	}
	return a, nil
}

// withObject rewrites a NO_EXISTS message for objects without an objType.
func (e *rpcError) withObject(name string, c *call) *rpcError {
	e.msg = "[" + c.method + "] Error getting " + name + " [" + strconv.Itoa(e.objID) + "]."
	return e
}

// addSched gives a SCHED_ACTION vector the ID and bookkeeping oned adds,
// both for one.vm.schedadd and for SCHED_ACTIONs in an allocate template.
func (v *VM) addSched(a *attr) int {
	id := v.NextSched
	v.NextSched++
	vset(a, "ID", strconv.Itoa(id))
	vset(a, "PARENT_ID", strconv.Itoa(v.ID))
	vset(a, "TYPE", "VM")
	vset(a, "DONE", "-1")
	vset(a, "MESSAGE", "")
	return id
}
