package sim

import (
	"slices"
	"strconv"
)

// quotaCheck is Request::quota_authorization: the request (what a new or
// changed object adds) must fit the caller's user quotas, then its group
// quotas, section by section in the order given. It returns oned's
// message ("user [2] limit of 1 reached for VMS quota in VM"), or "".
func (c *call) quotaCheck(req quotaUsage, sections ...quotaSection) string {
	return c.st.quotaCheck(c.uid(), c.user.GID, req, sections...)
}

func (st *state) quotaCheck(uid, gid int, req quotaUsage, sections ...quotaSection) string {
	if uid != 0 {
		if u := st.Users[uid]; u != nil {
			if m := checkQuotas(u.Quota, st.DefaultUserQuotas, func() quotaUsage { return st.usage(quotaOwner{id: uid}) }, req, sections); m != "" {
				return "user [" + strconv.Itoa(uid) + "] " + m
			}
		}
	}
	if gid != 0 {
		if g := st.Groups[gid]; g != nil {
			if m := checkQuotas(g.Quota, st.DefaultGroupQuotas, func() quotaUsage { return st.usage(quotaOwner{group: true, id: gid}) }, req, sections); m != "" {
				return "group [" + strconv.Itoa(gid) + "] " + m
			}
		}
	}
	return ""
}

// checkQuotas is Quota::check_quota over the sections of a request. The
// owner's usage is only counted when some limit is finite.
func checkQuotas(limits, defaults Quotas, usage func() quotaUsage, req quotaUsage, sections []quotaSection) string {
	var use quotaUsage
	for _, sec := range sections {
		ids := make([]int, 0, len(req[sec.name]))
		for id := range req[sec.name] {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			r := req[sec.name][id]
			for _, m := range sec.metrics {
				want, ok := r[m]
				if !ok {
					continue
				}
				lim := effectiveLimit(limits, defaults, sec.name, id, m)
				if lim == quotaUnlimited {
					continue
				}
				if use == nil {
					use = usage()
				}
				if use[sec.name][id][m]+want <= lim {
					continue
				}
				msg := "limit of " + limitNum(lim) + " reached for " + m + " quota in " + sec.name
				if sec.byID {
					msg += " with ID: " + strconv.Itoa(id)
				}
				return msg
			}
		}
	}
	return ""
}

// effectiveLimit resolves -1 through the default quotas; a missing
// default is unlimited.
func effectiveLimit(limits, defaults Quotas, sec string, id int, metric string) float64 {
	lim := float64(quotaDefault)
	if e, ok := limits[sec][id]; ok {
		if v, ok := e[metric]; ok {
			lim = v
		}
	}
	if lim != quotaDefault {
		return lim
	}
	if e, ok := defaults[sec][id]; ok {
		if v, ok := e[metric]; ok {
			return v
		}
	}
	return quotaUnlimited
}

// vmQuotaFails checks a VM about to be created (its disks and NICs
// filled in): network, VM and image quotas, as Quotas::quota_check does
// for a VIRTUALMACHINE request.
func (c *call) vmQuotaFails(v *VM) *rpcError {
	req := quotaUsage{}
	vmRequest(v, req)
	if m := c.quotaCheck(req, qsNetwork, qsVM, qsImage); m != "" {
		return c.errAuthz(m)
	}
	return nil
}

// vmDeltaFails checks a change of a VM's CPU, memory or system disk size
// (resize, disk attach/resize) against its owner's VM quota.
func (c *call) vmDeltaFails(v *VM, cpu, mem, disk float64) *rpcError {
	req := quotaUsage{}
	if cpu != 0 {
		req.add("VM", vmQuotaKey, "CPU", cpu)
	}
	if mem != 0 {
		req.add("VM", vmQuotaKey, "MEMORY", mem)
	}
	if v.runningQuota() {
		if cpu != 0 {
			req.add("VM", vmQuotaKey, "RUNNING_CPU", cpu)
		}
		if mem != 0 {
			req.add("VM", vmQuotaKey, "RUNNING_MEMORY", mem)
		}
	}
	if disk != 0 {
		req.add("VM", vmQuotaKey, "SYSTEM_DISK_SIZE", disk)
	}
	if len(req) == 0 {
		return nil
	}
	if m := c.st.quotaCheck(v.UID, v.GID, req, qsVM); m != "" {
		return c.errAuthz(m)
	}
	return nil
}

// imageQuotaFails checks a new image of size MB in datastore ds.
func (c *call) imageQuotaFails(ds int, size int64) *rpcError {
	req := quotaUsage{}
	req.add("DATASTORE", ds, "SIZE", float64(size))
	req.add("DATASTORE", ds, "IMAGES", 1)
	if m := c.quotaCheck(req, qsDatastore); m != "" {
		return c.errAuthz(m)
	}
	return nil
}

// resizeQuotaFails checks one.vm.resize's new CPU and MEMORY (either may
// be empty: unchanged).
func (c *call) resizeQuotaFails(v *VM, cpu, mem string) *rpcError {
	var dcpu, dmem float64
	if cpu != "" {
		n, _ := strconv.ParseFloat(cpu, 64)
		old, _ := strconv.ParseFloat(v.Template.str("CPU"), 64)
		dcpu = n - old
	}
	if mem != "" {
		n, _ := strconv.ParseFloat(mem, 64)
		old, _ := strconv.ParseFloat(v.Template.str("MEMORY"), 64)
		dmem = n - old
	}
	return c.vmDeltaFails(v, dcpu, dmem, 0)
}

// attachQuotaFails checks a disk being attached (already filled in): its
// system datastore size and the image it uses.
func (c *call) attachQuotaFails(v *VM, d *attr) *rpcError {
	if e := c.vmDeltaFails(v, 0, 0, diskSystemSize(d)); e != nil {
		return e
	}
	if id, err := strconv.Atoi(vget(d, "IMAGE_ID")); err == nil {
		req := quotaUsage{}
		req.add("IMAGE", id, "RVMS", 1)
		if m := c.st.quotaCheck(v.UID, v.GID, req, qsImage); m != "" {
			return c.errAuthz(m)
		}
	}
	return nil
}

// diskResizeQuotaFails checks the growth of a disk that lives in the
// system datastore.
func (c *call) diskResizeQuotaFails(v *VM, d *attr, size int64) *rpcError {
	grown := &attr{N: d.N, IsV: true}
	for _, p := range d.Vec {
		grown.Vec = append(grown.Vec, &pair{p.N, p.V})
	}
	vset(grown, "SIZE", strconv.FormatInt(size, 10))
	return c.vmDeltaFails(v, 0, 0, diskSystemSize(grown)-diskSystemSize(d))
}

// leaseQuotaFails checks one more lease of network net for a VM's owner
// (NIC attach); the VM's own leases are counted from its NICs.
func (c *call) leaseQuotaFails(v *VM, net int) *rpcError {
	return c.leasesQuotaFails(v.UID, v.GID, net, 1)
}

// leasesQuotaFails checks n more leases of network net for an owner: the
// hook for taking leases outside a VM (one.vn.reserve, where oned checks
// the NETWORK quota too).
func (c *call) leasesQuotaFails(uid, gid, net, n int) *rpcError {
	req := quotaUsage{}
	req.add("NETWORK", net, "LEASES", float64(n))
	if m := c.st.quotaCheck(uid, gid, req, qsNetwork); m != "" {
		return c.errAuthz(m)
	}
	return nil
}

// runningQuotaFails: a STOPPED or UNDEPLOYED VM deployed again takes its
// RUNNING_* quota back, which oned checks first (VirtualMachineDeploy).
func (c *call) runningQuotaFails(v *VM) *rpcError {
	if v.State != stStopped && v.State != stUndeployed {
		return nil
	}
	sh := vmShareOf(v)
	req := quotaUsage{}
	req.add("VM", vmQuotaKey, "RUNNING_VMS", 1)
	req.add("VM", vmQuotaKey, "RUNNING_CPU", sh.cpu)
	req.add("VM", vmQuotaKey, "RUNNING_MEMORY", sh.mem)
	if m := c.st.quotaCheck(v.UID, v.GID, req, qsVM); m != "" {
		return c.errAuthz(m)
	}
	return nil
}

// chownQuotaFails: a VM or image given to another user or group counts
// against the new owner's quotas, which oned checks before the chown
// (RequestManagerChown). Only the owner that changes is checked: 0 skips
// the other, since user 0 and group 0 are never accounted.
func (c *call) chownQuotaFails(ot objType, b *base, uid, gid int) *rpcError {
	if uid == b.UID {
		uid = 0
	}
	if gid == b.GID {
		gid = 0
	}
	req := quotaUsage{}
	var sections []quotaSection
	switch ot {
	case obVM:
		v := c.st.VMs[b.ID]
		if v == nil || v.State == stDone {
			return nil
		}
		vmRequest(v, req)
		sections = []quotaSection{qsNetwork, qsVM, qsImage}
	case obImage:
		im := c.st.Images[b.ID]
		if im == nil {
			return nil
		}
		req.add("DATASTORE", im.DatastoreID, "SIZE", float64(im.Size))
		req.add("DATASTORE", im.DatastoreID, "IMAGES", 1)
		sections = []quotaSection{qsDatastore}
	default:
		return nil
	}
	if m := c.st.quotaCheck(uid, gid, req, sections...); m != "" {
		return c.errAuthz(m)
	}
	return nil
}
