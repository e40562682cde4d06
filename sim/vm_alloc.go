package sim

import (
	"fmt"
	"strconv"
	"strings"
)

// vmSystemAttrs are the attributes oned moves into a VM's TEMPLATE; all
// the others stay in USER_TEMPLATE.
var vmSystemAttrs = map[string]bool{
	"CPU": true, "VCPU": true, "MEMORY": true, "MEMORY_MAX": true, "MEMORY_SLOTS": true,
	"MEMORY_RESIZE_MODE": true, "VCPU_MAX": true, "CPU_COST": true, "MEMORY_COST": true, "DISK_COST": true,
	"DISK": true, "NIC": true, "NIC_ALIAS": true, "NIC_DEFAULT": true, "CONTEXT": true, "OS": true,
	"GRAPHICS": true, "VIDEO": true, "INPUT": true, "FEATURES": true, "RAW": true, "PCI": true,
	"NUMA_NODE": true, "TOPOLOGY": true, "SPICE_OPTIONS": true, "HYPERV_OPTIONS": true, "EMULATOR": true,
	"SCHED_ACTION": true, "SECURITY_GROUP_RULE": true, "VMGROUP": true, "TEMPLATE_ID": true,
	"SUBMIT_ON_HOLD": true, "CPU_MODEL": true, "IMPORTED": true, "VROUTER_ID": true,
}

func diskTarget(i int) string { return "vd" + string(rune('a'+i%26)) }

// fillDisk completes a DISK vector the way oned does on allocate/attach.
func (c *call) fillDisk(v *VM, d *attr, id int) string {
	vset(d, "DISK_ID", strconv.Itoa(id))
	if vget(d, "TARGET") == "" {
		vset(d, "TARGET", diskTarget(id))
	}
	if !vhas(d, "IMAGE_ID") && !vhas(d, "IMAGE") {
		// volatile disk
		if vget(d, "SIZE") == "" {
			return "DISK must have an IMAGE, IMAGE_ID or SIZE"
		}
		if vget(d, "TYPE") == "" {
			vset(d, "TYPE", "fs")
		}
		vset(d, "DATASTORE_ID", "0")
		return ""
	}
	im, msg := resolve(c, imageKind, d, imageRef)
	if msg != "" {
		return msg
	}
	ds := c.st.Datastores[im.DatastoreID]
	vset(d, "IMAGE", im.Name)
	vset(d, "IMAGE_ID", strconv.Itoa(im.ID))
	vset(d, "IMAGE_UNAME", c.st.userName(im.UID))
	vset(d, "IMAGE_STATE", strconv.Itoa(im.State))
	vset(d, "DATASTORE_ID", strconv.Itoa(im.DatastoreID))
	if ds != nil {
		vset(d, "DATASTORE", ds.Name)
		vset(d, "TM_MAD", ds.TMMad)
	}
	if vget(d, "SIZE") == "" {
		vset(d, "SIZE", strconv.FormatInt(im.Size, 10))
	}
	vset(d, "ORIGINAL_SIZE", strconv.FormatInt(im.Size, 10))
	vset(d, "SOURCE", im.Source)
	vset(d, "TYPE", "FILE")
	vset(d, "DEV_PREFIX", "vd")
	vset(d, "DRIVER", "raw")
	vset(d, "READONLY", "NO")
	vset(d, "SAVE", "NO")
	if im.Persistent == 1 {
		vset(d, "PERSISTENT", "YES")
		vset(d, "CLONE", "NO")
	} else {
		vset(d, "CLONE", "YES")
	}
	vset(d, "CLONE_TARGET", "SYSTEM")
	vset(d, "LN_TARGET", "NONE")
	return c.st.acquireImage(im, v.ID, c.st.VMs[v.ID] != nil)
}

func (c *call) fillNIC(v *VM, n *attr, id int) string {
	vn, msg := resolve(c, vnetKind, n, netRef)
	if msg != "" {
		return msg
	}
	if msg := c.st.leaseNIC(vn, n, leaseOwner{T: ownVM, ID: v.ID}); msg != "" {
		return msg
	}
	vset(n, "NAME", "NIC"+strconv.Itoa(id))
	vset(n, "NIC_ID", strconv.Itoa(id))
	vset(n, "TARGET", fmt.Sprintf("one-%d-%d", v.ID, id))
	return ""
}

// authorizeResources adds IMAGE:USE / NET:USE for what a template references.
func (c *call) authorizeResources(ar *authReq, t *tmpl) {
	for _, d := range t.vectors("DISK") {
		if vhas(d, "IMAGE_ID") || vhas(d, "IMAGE") {
			if im, msg := resolve(c, imageKind, d, imageRef); msg == "" {
				ar.add(opUse, imageKind.auth(im))
			}
		}
	}
	for _, n := range t.vectors("NIC") {
		if vn, msg := resolve(c, vnetKind, n, netRef); msg == "" {
			ar.add(opUse, vnetKind.auth(vn))
		}
	}
}

// allocateVM is one.vm.allocate and the second half of template.instantiate.
func (c *call) allocateVM(in *tmpl, name, prefix string, hold bool) (int, *rpcError) {
	ar := c.authz().add(opCreate, creating(obVM))
	c.authorizeResources(ar, in)
	if e := ar.err(); e != nil {
		return -1, e
	}
	mem, err := strconv.ParseInt(in.str("MEMORY"), 10, 64)
	if err != nil || mem <= 0 {
		return -1, c.errAllocate(obVM, "MEMORY attribute must be a positive integer value.")
	}
	_, ok := positiveFloat(in.str("CPU"))
	if !ok {
		return -1, c.errAllocate(obVM, "CPU attribute must be a positive float or integer value.")
	}
	if s, ok := in.get("VCPU"); ok {
		if n, err := strconv.Atoi(s); err != nil || n <= 0 {
			return -1, c.errAllocate(obVM, "VCPU attribute must be a positive integer value.")
		}
	}
	if strings.EqualFold(in.str("SUBMIT_ON_HOLD"), "YES") {
		hold = true
	}
	id := c.st.NextID["vm"]
	v := &VM{base: c.ownedBase(id, ""),
		State: stPending, STime: c.unix(), Template: newTmpl(), UserTemplate: newTmpl()}
	if hold {
		v.State = stHold
	}
	v.PrevState = v.State
	if name == "" {
		name = in.str("NAME")
	}
	if name == "" {
		if prefix == "" {
			prefix = "one"
		}
		name = prefix + "-" + strconv.Itoa(id)
	}
	v.Name = name
	for _, a := range in.clone().A {
		if a.N == "NAME" {
			continue
		}
		if vmSystemAttrs[a.N] {
			v.Template.A = append(v.Template.A, a)
		} else {
			v.UserTemplate.A = append(v.UserTemplate.A, a)
		}
	}
	for i, d := range v.Template.vectors("DISK") {
		if msg := c.fillDisk(v, d, i); msg != "" {
			c.releaseResources(v)
			return -1, c.errAllocate(obVM, msg)
		}
	}
	for i, n := range v.Template.vectors("NIC") {
		if msg := c.fillNIC(v, n, i); msg != "" {
			c.releaseResources(v)
			return -1, c.errAllocate(obVM, msg)
		}
	}
	if e := c.vmQuotaFails(v); e != nil {
		c.releaseResources(v)
		return -1, e
	}
	if msg := c.st.joinVMGroup(v); msg != "" {
		c.releaseResources(v)
		return -1, c.errAllocate(obVM, msg)
	}
	if msg := c.st.automaticRequirements(v); msg != "" {
		c.releaseResources(v)
		return -1, c.errAllocate(obVM, msg)
	}
	os := v.Template.vectors("OS")
	if len(os) == 0 {
		os = []*attr{v.Template.addVector("OS")}
	}
	vset(os[0], "UUID", uuid())
	v.Template.set("TM_MAD_SYSTEM", "dummy")
	v.Template.set("VMID", strconv.Itoa(id))
	// oned turns a template's SCHED_ACTIONs into scheduled actions with IDs
	// (RequestManagerAllocate), so sched-update/-delete can address them.
	for _, a := range v.Template.vectors("SCHED_ACTION") {
		if vget(a, "ACTION") == "" {
			c.releaseResources(v)
			return -1, c.errAllocate(obVM, "No ACTION in scheduled action")
		}
		v.addSched(a)
		c.st.watchSched(v)
	}
	c.st.NextID["vm"] = id + 1
	c.st.VMs[id] = v
	c.st.track(v)
	c.st.vmStateChanged(v, v.PrevState, v.PrevLCM, c.unix())
	c.changed()
	return id, nil
}

func uuid() string {
	h := randomHex(16)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// releaseResources gives back leases and image references of a VM that is
// gone (DONE or failed allocation).
func (c *call) releaseResources(v *VM) {
	c.st.releaseResources(v)
}

func (st *state) releaseResources(v *VM) {
	st.leaveVMGroup(v)
	for _, n := range v.Template.vectors("NIC") {
		st.releaseNIC(n, leaseOwner{T: ownVM, ID: v.ID})
	}
	for _, d := range v.Template.vectors("DISK") {
		st.releaseImage(v, d)
	}
}

func (st *state) releaseImage(v *VM, d *attr) {
	id, err := strconv.Atoi(vget(d, "IMAGE_ID"))
	if err != nil {
		return
	}
	if im := st.Images[id]; im != nil {
		diskID, _ := strconv.Atoi(vget(d, "DISK_ID"))
		st.releaseImageOf(im, v, diskID)
	}
}

func (s *Server) registerVMs() {
	s.reg("one.vm.allocate", "s b?", func(c *call) (result, *rpcError) {
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		id, e := c.allocateVM(t, "", "", c.boolOr(2, false))
		if e != nil {
			return result{}, e
		}
		return resInt(id), nil
	})
	s.reg("one.vm.info", "i b?", objectInfo(vmKind))
}
