package sim

import (
	"math"
	"strings"
	"time"
)

// Host STATE values.
const (
	hostInit      = 0
	hostMonitored = 2
	hostError     = 3
	hostDisabled  = 4
	hostOffline   = 8
)

// What a dummy host's first probe reports (oned's dummy IM driver).
const (
	probeCPU = 800
	probeMem = 16 << 20 // KB
)

// probedDrivers are the information drivers a default oned.conf runs; a
// host with any other IM_MAD is never probed and stays INIT, as in oned.
var probedDrivers = map[string]bool{"kvm": true, "qemu": true, "lxc": true, "firecracker": true,
	"dummy": true, "vcenter": true, "ec2": true, "az": true, "one": true, "equinix": true}

var hostKind = &objKind[*Host]{ot: obHost, root: "HOST_POOL", auth: hostAuth,
	pool: func(st *state) map[int]*Host { return st.Hosts }, xml: (*state).hostXML,
	tmpl: func(h *Host) *tmpl { return h.Template }}

// reserved is what the host's or else its cluster's RESERVED_CPU and
// RESERVED_MEM keep from the scheduler (a number, or a percentage).
func (st *state) reserved(h *Host, name string, total int64) int64 {
	v := strings.TrimSpace(h.Template.str(name))
	if v == "" {
		if cl := st.Clusters[h.ClusterID]; cl != nil {
			v = strings.TrimSpace(cl.Template.str(name))
		}
	}
	if v == "" {
		return 0
	}
	if p, ok := strings.CutSuffix(v, "%"); ok {
		f, _ := numberOf(p, false)
		return int64(f * float64(total) / 100)
	}
	f, _ := numberOf(v, false)
	return int64(f)
}

// maxCPU and maxMem are the capacity the scheduler may allocate:
// TOTAL less the reservation.
func (st *state) maxCPU(h *Host) int64 { return h.MaxCPU - st.reserved(h, "RESERVED_CPU", h.MaxCPU) }
func (st *state) maxMem(h *Host) int64 { return h.MaxMem - st.reserved(h, "RESERVED_MEM", h.MaxMem) }

func (st *state) fits(h *Host, v *VM) bool {
	return h.CPUUsage+int64(v.cpu()*100) <= st.maxCPU(h) && h.MemUsage+v.memoryMB()*1024 <= st.maxMem(h)
}

func (st *state) hostXML(h *Host) string {
	var b strings.Builder
	cl := ""
	if c := st.Clusters[h.ClusterID]; c != nil {
		cl = c.Name
	}
	b.WriteString("<HOST>" + el("ID", h.ID) + el("NAME", h.Name) + el("STATE", h.State) +
		el("PREV_STATE", h.PrevState) + elc("IM_MAD", h.IMMad) + elc("VM_MAD", h.VMMad) +
		el("CLUSTER_ID", h.ClusterID) + el("CLUSTER", cl))
	disk := [3]string{"0", "0", "0"}
	if len(h.Mon) > 0 {
		disk = [3]string{"20480", "20480", "9720"}
	}
	b.WriteString("<HOST_SHARE>" + el("MEM_USAGE", h.MemUsage) + el("CPU_USAGE", h.CPUUsage) +
		el("TOTAL_MEM", h.MaxMem) + el("TOTAL_CPU", h.MaxCPU) + el("MAX_MEM", st.maxMem(h)) +
		el("MAX_CPU", st.maxCPU(h)) + el("RUNNING_VMS", len(h.VMs)) + el("VMS_THREAD", 1) +
		"<DATASTORES>" + elc("DISK_USAGE", "0") + elc("FREE_DISK", disk[0]) + elc("MAX_DISK", disk[1]) +
		elc("USED_DISK", disk[2]) + "</DATASTORES>")
	if len(h.Mon) > 0 {
		b.WriteString(dummyPCI)
	} else {
		b.WriteString("<PCI_DEVICES></PCI_DEVICES>")
	}
	b.WriteString("<NUMA_NODES></NUMA_NODES></HOST_SHARE>")
	b.WriteString(idsXML("VMS", h.VMs))
	b.WriteString(h.Template.xml("TEMPLATE"))
	if n := len(h.Mon); n > 0 {
		b.WriteString(h.Mon[n-1].xml(h.ID, h.State == hostOffline))
	} else {
		b.WriteString("<MONITORING/>")
	}
	b.WriteString("</HOST>")
	return b.String()
}

// dummyPCI is what oned's dummy probe reports as the host's PCI devices.
var dummyPCI = "<PCI_DEVICES>" +
	pciXML("0000:02:00:0", "02", "0300", "VGA compatible controller", "0863", "C79 [GeForce 9400M]", "0", "1",
		"nvidia-908,nvidia-909,nvidia-910", "02:00.0", "00", "10de:0863:0300") +
	pciXML("0000:00:06:0", "00", "0c03", "USB controller", "0aa7", "MCP79 OHCI USB 1.1 Controller", "0", "1", "",
		"00:06.0", "06", "10de:0aa7:0c03") +
	pciXML("0000:00:06:1", "00", "0c03", "USB controller", "0aa9", "MCP79 EHCI USB 2.0 Controller", "1", "0", "",
		"00:06.1", "06", "10de:0aa9:0c03") + "</PCI_DEVICES>"

func pciXML(addr, bus, class, className, dev, devName, fn, numa, profiles, short, slot, typ string) string {
	s := "<PCI>" + elc("ADDRESS", addr) + elc("BUS", bus) + elc("CLASS", class) + elc("CLASS_NAME", className) +
		elc("DEVICE", dev) + elc("DEVICE_NAME", devName) + elc("DOMAIN", "0000") + elc("FUNCTION", fn) +
		elc("NUMA_NODE", numa)
	if profiles != "" {
		s += elc("PROFILES", profiles)
	}
	return s + elc("SHORT_ADDRESS", short) + elc("SLOT", slot) + elc("TYPE", typ) + elc("VENDOR", "10de") +
		elc("VENDOR_NAME", "NVIDIA Corporation") + elc("VMID", "-1") + "</PCI>"
}

func hostTemplate(name, im, vmm string) *tmpl {
	t := newTmpl()
	t.set("ARCH", "x86_64")
	t.set("CPUSPEED", "3200")
	t.set("HOSTNAME", name)
	t.set("HYPERVISOR", "dummy")
	t.set("IM_MAD", im)
	t.set("MODELNAME", "Dummy(R) Core @ 3.2GHz")
	t.set("RESERVED_CPU", "")
	t.set("RESERVED_MEM", "")
	t.set("VM_MAD", vmm)
	return t
}

// hostFirstProbe is how long after allocate (or enable) a host's first
// probe arrives: about two seconds on oned with dummy drivers, two
// transition delays here.
func (s *Server) hostFirstProbe() time.Duration { return 2 * s.delay }

// setHostState changes a host's state; oned leaves PREV_STATE equal to
// STATE once the change is stored, and fires the host's state hooks.
func (s *Server) setHostState(h *Host, ns int, t int64) {
	old := h.State
	h.State, h.PrevState = ns, ns
	if old != ns {
		s.hostStateChanged(h, old, t)
	}
}

// probeHosts completes the first probe of INIT hosts that is due and adds
// a monitoring record to every monitored host whose last one is older
// than the monitoring interval. The hosts are looked at only when the
// earliest of those times has come (idx.hostsDue), so a cloud with many
// hosts pays nothing per request in between. probed says a host became
// MONITORED, sampled that a record was added.
func (s *Server) probeHosts(now time.Time) (probed, sampled bool) {
	if s.st.idx.hostsDue > now.UnixNano() {
		return false, false
	}
	interval := 5 * s.delay
	if interval < time.Second {
		interval = time.Second
	}
	next := int64(math.MaxInt64)
	defer func() { s.st.idx.hostsDue = next }()
	for _, id := range idsAsc(s.st.Hosts) {
		h := s.st.Hosts[id]
		if h.State == hostInit && h.ProbeAt != 0 {
			if h.ProbeAt > now.UnixNano() {
				next = min(next, h.ProbeAt)
				continue
			}
			h.ProbeAt = 0
			h.MaxCPU, h.MaxMem = probeCPU, probeMem
			h.Mon = append(h.Mon, hostSampleFor(h, now.Unix()))
			s.setHostState(h, hostMonitored, now.Unix())
			next = min(next, now.Add(interval).UnixNano())
			probed = true
			continue
		}
		if h.State != hostMonitored && h.State != hostDisabled {
			continue
		}
		t := now.Unix()
		if n := len(h.Mon); n > 0 && time.Duration(t-h.Mon[n-1].Timestamp)*time.Second < interval {
			next = min(next, time.Unix(h.Mon[n-1].Timestamp, 0).Add(interval).UnixNano())
			continue
		}
		next = min(next, now.Add(interval).UnixNano())
		h.Mon = append(h.Mon, hostSampleFor(h, t))
		if len(h.Mon) > maxSamples {
			h.Mon = h.Mon[len(h.Mon)-maxSamples:]
		}
		sampled = true
	}
	return probed, sampled
}

func (s *Server) registerHosts() {
	s.reg("one.host.info", "i b?", objectInfo(hostKind))
	s.reg("one.hostpool.info", "", poolInfoAll(hostKind))
	s.reg("one.host.allocate", "s s s i", func(c *call) (result, *rpcError) {
		name, im, vmm, cid := c.str(1), c.str(2), c.str(3), c.int(4)
		if cid == -1 {
			cid = 0
		}
		cl := c.st.Clusters[cid]
		ar := c.authz().add(opCreate, creating(obHost))
		if cl != nil {
			ar.add(opAdmin, clusterAuth(cl))
		}
		if e := ar.err(); e != nil {
			return result{}, e
		}
		if cl == nil {
			return result{}, c.errNotFound(obCluster, cid)
		}
		if strings.TrimSpace(name) == "" {
			return result{}, c.errInternal("Invalid NAME, it cannot be empty")
		}
		for _, h := range c.st.Hosts {
			if h.Name == name {
				return result{}, c.errInternal("NAME is already taken by HOST %d.", h.ID)
			}
		}
		id := c.st.nextID("host")
		t := newTmpl()
		t.set("IM_MAD", im)
		t.set("VM_MAD", vmm)
		t.set("RESERVED_CPU", "")
		t.set("RESERVED_MEM", "")
		h := &Host{ID: id, Name: name, State: hostInit, PrevState: hostInit, IMMad: im, VMMad: vmm,
			ClusterID: cid, Template: t}
		if probedDrivers[im] {
			h.ProbeAt = c.now.Add(c.s.hostFirstProbe()).UnixNano()
		}
		c.st.idx.hostsDue = 0
		c.st.Hosts[id] = h
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.host.delete", "i", func(c *call) (result, *rpcError) {
		h, e := hostKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		if len(h.VMs) > 0 {
			return result{}, c.errAction("Cannot delete host. Can not remove a host with running VMs")
		}
		delete(c.st.Hosts, h.ID)
		c.changed()
		return resInt(h.ID), nil
	})
	s.reg("one.host.status", "i i", func(c *call) (result, *rpcError) {
		h, e := hostKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		switch c.int(2) {
		case 0:
			// Host::enable: a disabled host that was probed is MONITORED
			// again; any other starts over from INIT.
			if h.State == hostDisabled && h.MaxCPU > 0 {
				c.s.setHostState(h, hostMonitored, c.unix())
			} else {
				c.s.setHostState(h, hostInit, c.unix())
				if probedDrivers[h.IMMad] {
					h.ProbeAt = c.now.Add(c.s.hostFirstProbe()).UnixNano()
				}
				c.st.idx.hostsDue = 0
			}
		case 1:
			c.s.setHostState(h, hostDisabled, c.unix())
			c.st.idx.hostsDue = 0
		case 2:
			c.s.setHostState(h, hostOffline, c.unix())
			h.MaxCPU, h.MaxMem, h.ProbeAt = 0, 0, 0
		default:
			return result{}, c.errInternal("Wrong status code")
		}
		c.changed()
		return resInt(h.ID), nil
	})
	s.reg("one.host.update", "i s i?", func(c *call) (result, *rpcError) {
		h, e := hostKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		if e := c.updateTmpl(h.Template, c.str(2), c.intOr(3, 0)); e != nil {
			return result{}, e
		}
		// oned puts the drivers back into a replaced template
		h.Template.set("IM_MAD", h.IMMad)
		h.Template.set("VM_MAD", h.VMMad)
		return resInt(h.ID), nil
	})
	s.reg("one.host.rename", "i s", func(c *call) (result, *rpcError) {
		h, e := hostKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		name := c.str(2)
		if e := c.checkNewName(obHost, name); e != nil {
			return result{}, e
		}
		for _, o := range c.st.Hosts {
			if o.Name == name && o.ID != h.ID {
				return result{}, c.errAction("host cannot be renamed to %s because it collides with host %d", name, o.ID)
			}
		}
		h.Name = name
		h.Template.set("HOSTNAME", name)
		for _, vid := range h.VMs {
			if v := c.st.VMs[vid]; v != nil {
				if hh := v.lastHistory(); hh != nil && hh.HID == h.ID {
					hh.Hostname = name
				}
			}
		}
		c.changed()
		return resInt(h.ID), nil
	})
	s.registerHostMonitoring()
}

// checkNewName is oned's PoolObjectSQL::name_is_valid for a rename.
func (c *call) checkNewName(_ objType, name string) *rpcError {
	if strings.TrimSpace(name) == "" {
		return c.errAction("Invalid NAME, it cannot be empty")
	}
	if strings.ContainsAny(name, "\n\t\"") {
		return c.errAction("Invalid NAME, it cannot contain newlines, tabs or double quotes")
	}
	if len(name) > 128 {
		return c.errAction("Invalid NAME, max length is 128 chars")
	}
	return nil
}
