package sim

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Quotas follow src/um/Quota*.cc. A limit of -1 means "use the default
// quota" and -2 "unlimited"; default quotas take -2 for a missing metric.
// The simulator keeps only the limits: usage is counted from the objects
// that exist whenever it is needed, so it can never drift from them.
const (
	quotaDefault   = -1
	quotaUnlimited = -2
)

// quotaSection is one of the four quota templates of a user or group.
type quotaSection struct {
	name    string // vector name, e.g. DATASTORE
	root    string // XML element, e.g. DATASTORE_QUOTA
	metrics []string
	byID    bool // DATASTORE, NETWORK and IMAGE quotas are per object id
}

// Metrics in oned's checking order (the first one over its limit is the
// one named in the error).
var (
	qsDatastore = quotaSection{"DATASTORE", "DATASTORE_QUOTA", []string{"SIZE", "IMAGES"}, true}
	qsNetwork   = quotaSection{"NETWORK", "NETWORK_QUOTA", []string{"LEASES"}, true}
	qsVM        = quotaSection{"VM", "VM_QUOTA", []string{"VMS", "RUNNING_VMS", "CPU", "RUNNING_CPU",
		"MEMORY", "RUNNING_MEMORY", "SYSTEM_DISK_SIZE"}, false}
	qsImage     = quotaSection{"IMAGE", "IMAGE_QUOTA", []string{"RVMS"}, true}
	quotaOrder  = []quotaSection{qsDatastore, qsNetwork, qsVM, qsImage} // XML order
	sectionByID = map[string]quotaSection{"DATASTORE": qsDatastore, "NETWORK": qsNetwork,
		"VM": qsVM, "IMAGE": qsImage}
)

// vmQuotaKey is the key of the single VM quota entry.
const vmQuotaKey = -1

// quotaEntry holds the limits of one entry (a datastore, a network, an
// image, or the VM quota), metric -> limit.
type quotaEntry map[string]float64

// Quotas are the limits set for one user or group (or the defaults),
// section name -> object id (vmQuotaKey for VM) -> limits.
type Quotas map[string]map[int]quotaEntry

// quotaUsage is what a user or group consumes, in the same shape.
type quotaUsage map[string]map[int]quotaEntry

func (u quotaUsage) add(section string, id int, metric string, v float64) {
	if u[section] == nil {
		u[section] = map[int]quotaEntry{}
	}
	if u[section][id] == nil {
		u[section][id] = quotaEntry{}
	}
	u[section][id][metric] += v
}

// quotaNum is one_util::float_to_str: integers without decimals, other
// values with two.
func quotaNum(f float64) string {
	f32 := float64(float32(f))
	if f32 == math.Ceil(f32) {
		return strconv.FormatFloat(f32, 'f', 0, 64)
	}
	return strconv.FormatFloat(f32, 'f', 2, 64)
}

// limitNum is a limit as oned's ostream prints a float in a quota error.
func limitNum(f float64) string {
	return strconv.FormatFloat(float64(float32(f)), 'g', 6, 32)
}

// setQuotas applies a quota template (one.user.quota, one.group.quota,
// one.userquota.update) to q, as Quotas::set does: a new entry takes the
// implicit limit for metrics not given, an existing one has every metric
// replaced. isDefault selects the default quotas' rules.
func setQuotas(qp *Quotas, t *tmpl, isDefault bool) string {
	if *qp == nil {
		*qp = Quotas{}
	}
	q := *qp
	for _, sec := range quotaOrder {
		for _, v := range t.vectors(sec.name) {
			key := vmQuotaKey
			if sec.byID {
				id, err := strconv.Atoi(strings.TrimSpace(vget(v, "ID")))
				if err != nil {
					return badQuota(sec, v)
				}
				key = id
			}
			e := quotaEntry{}
			for _, m := range sec.metrics {
				lim, ok := parseLimit(vget(v, m), isDefault)
				if !ok {
					return badQuota(sec, v)
				}
				e[m] = lim
			}
			if q[sec.name] == nil {
				q[sec.name] = map[int]quotaEntry{}
			}
			q[sec.name][key] = e
			if e.implicit(isDefault) {
				delete(q[sec.name], key)
			}
		}
	}
	return ""
}

// parseLimit reads one limit; a value that is not a number reads as 0
// after its leading digits, as istringstream does ("abc" gives the
// implicit limit, the way oned silently clears such a quota).
func parseLimit(s string, isDefault bool) (float64, bool) {
	s = strings.TrimSpace(s)
	implicit := float64(quotaDefault)
	if isDefault {
		implicit = quotaUnlimited
	}
	if s == "" {
		return implicit, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return implicit, true
	}
	if f < 0 && f != quotaUnlimited && (isDefault || f != quotaDefault) {
		return 0, false
	}
	return f, true
}

func badQuota(sec quotaSection, v *attr) string {
	parts := make([]string, 0, len(v.Vec))
	for _, p := range quotaPairs(v) {
		parts = append(parts, p.N+"="+p.V)
	}
	return "Negative limits or bad format in quota " + sec.name + " = [ " + strings.Join(parts, ",") + " ]"
}

func quotaPairs(v *attr) []*pair {
	ps := slices.Clone(v.Vec)
	slices.SortStableFunc(ps, func(a, b *pair) int { return strings.Compare(a.N, b.N) })
	return ps
}

func (e quotaEntry) implicit(isDefault bool) bool {
	want := float64(quotaDefault)
	if isDefault {
		want = quotaUnlimited
	}
	for _, v := range e {
		if v != want {
			return false
		}
	}
	return true
}

// quotasXML renders limits and usage as oned's four quota elements: an
// entry appears while it has a limit of its own or something in use.
func quotasXML(q Quotas, use quotaUsage, isDefault bool) string {
	var b strings.Builder
	for _, sec := range quotaOrder {
		b.WriteString("<" + sec.root + ">")
		keys := map[int]bool{}
		for k := range q[sec.name] {
			keys[k] = true
		}
		for k, u := range use[sec.name] {
			for _, v := range u {
				if v != 0 {
					keys[k] = true
				}
			}
		}
		ids := make([]int, 0, len(keys))
		for k := range keys {
			ids = append(ids, k)
		}
		slices.Sort(ids)
		for _, id := range ids {
			lim := q[sec.name][id]
			var used quotaEntry
			if use != nil {
				used = use[sec.name][id]
			}
			b.WriteString("<" + sec.name + ">")
			names := []string{}
			if sec.byID {
				names = append(names, "ID")
			}
			for _, m := range sec.metrics {
				names = append(names, m, m+"_USED")
			}
			slices.Sort(names)
			for _, n := range names {
				var v string
				switch {
				case n == "ID":
					v = strconv.Itoa(id)
				case strings.HasSuffix(n, "_USED"):
					v = quotaNum(used[strings.TrimSuffix(n, "_USED")])
				default:
					l, ok := lim[n]
					if !ok {
						l = quotaDefault
						if isDefault {
							l = quotaUnlimited
						}
					}
					v = quotaNum(l)
				}
				b.WriteString(elc(n, v))
			}
			b.WriteString("</" + sec.name + ">")
		}
		b.WriteString("</" + sec.root + ">")
	}
	return b.String()
}

// quotaOwner says whose quotas to count: a user or a group.
type quotaOwner struct {
	group bool
	id    int
}

func (o quotaOwner) owns(b *base) bool {
	if o.group {
		return b.GID == o.id
	}
	return b.UID == o.id
}

// usage is what an owner consumes now. oneadmin (user 0) and the
// oneadmin group (0) are never accounted, as in oned. Results are kept
// until the state changes or the call ends: the first owners of a call
// are counted alone (a quota check, one user's info), and once a call asks
// for more (a pool listing) every owner is counted in one pass.
func (st *state) usage(o quotaOwner) quotaUsage {
	if o.id == 0 {
		return quotaUsage{}
	}
	c := st.usageCache
	if c == nil {
		c = &usageCache{owners: map[quotaOwner]quotaUsage{}}
		st.usageCache = c
	}
	if u, ok := c.owners[o]; ok {
		return u
	}
	if c.all {
		return quotaUsage{}
	}
	if len(c.owners) < 2 {
		u := st.usageOf(o)
		c.owners[o] = u
		return u
	}
	c.owners, c.all = st.usageAll(), true
	if u, ok := c.owners[o]; ok {
		return u
	}
	return quotaUsage{}
}

// usageCache holds the usage counted during one call.
type usageCache struct {
	owners map[quotaOwner]quotaUsage
	all    bool // every owner is in owners
}

// usageOf counts one owner's objects.
func (st *state) usageOf(o quotaOwner) quotaUsage {
	u := quotaUsage{}
	for _, v := range st.VMs {
		if v.State != stDone && o.owns(&v.base) {
			vmShareOf(v).addTo(u)
		}
	}
	for _, im := range st.Images {
		if o.owns(&im.base) {
			u.add("DATASTORE", im.DatastoreID, "IMAGES", 1)
			u.add("DATASTORE", im.DatastoreID, "SIZE", float64(im.Size))
		}
	}
	for _, n := range st.VNets {
		if n.Resv && o.owns(&n.base) {
			u.add("NETWORK", n.Parent, "LEASES", float64(n.reservedSize()))
		}
	}
	return u
}

// reservedSize is how many addresses a reservation holds: what oned
// charged its owner's NETWORK quota on the parent when it was made.
func (n *VNet) reservedSize() int {
	total := 0
	for _, ar := range n.ARs {
		total += ar.size()
	}
	return total
}

func (st *state) usageAll() map[quotaOwner]quotaUsage {
	all := map[quotaOwner]quotaUsage{}
	get := func(o quotaOwner) quotaUsage {
		u := all[o]
		if u == nil {
			u = quotaUsage{}
			all[o] = u
		}
		return u
	}
	for _, v := range st.VMs {
		if v.State == stDone {
			continue
		}
		sh := vmShareOf(v)
		sh.addTo(get(quotaOwner{id: v.UID}))
		sh.addTo(get(quotaOwner{group: true, id: v.GID}))
	}
	for _, im := range st.Images {
		for _, o := range []quotaOwner{{id: im.UID}, {group: true, id: im.GID}} {
			u := get(o)
			u.add("DATASTORE", im.DatastoreID, "IMAGES", 1)
			u.add("DATASTORE", im.DatastoreID, "SIZE", float64(im.Size))
		}
	}
	for _, n := range st.VNets {
		if !n.Resv {
			continue
		}
		for _, o := range []quotaOwner{{id: n.UID}, {group: true, id: n.GID}} {
			get(o).add("NETWORK", n.Parent, "LEASES", float64(n.reservedSize()))
		}
	}
	return all
}

// vmShare is what one VM counts against its owner's quotas.
type vmShare struct {
	cpu, mem, disk float64
	running        bool
	nets, images   []int
}

func vmShareOf(v *VM) vmShare {
	sh := vmShare{running: v.runningQuota()}
	for _, a := range v.Template.A {
		switch {
		case a.N == "CPU" && !a.IsV:
			sh.cpu, _ = strconv.ParseFloat(a.V, 64)
		case a.N == "MEMORY" && !a.IsV:
			sh.mem, _ = strconv.ParseFloat(a.V, 64)
		case a.N == "NIC" && a.IsV:
			if id, err := strconv.Atoi(vget(a, "NETWORK_ID")); err == nil {
				sh.nets = append(sh.nets, id)
			}
		case a.N == "DISK" && a.IsV:
			sh.disk += diskSystemSize(a)
			if id, err := strconv.Atoi(vget(a, "IMAGE_ID")); err == nil {
				sh.images = append(sh.images, id)
			}
		}
	}
	return sh
}

func (sh vmShare) addTo(u quotaUsage) {
	if u["VM"] == nil {
		u["VM"] = map[int]quotaEntry{}
	}
	e := u["VM"][vmQuotaKey]
	if e == nil {
		e = quotaEntry{}
		u["VM"][vmQuotaKey] = e
	}
	e["VMS"]++
	e["CPU"] += sh.cpu
	e["MEMORY"] += sh.mem
	e["SYSTEM_DISK_SIZE"] += sh.disk
	if sh.running {
		e["RUNNING_VMS"]++
		e["RUNNING_CPU"] += sh.cpu
		e["RUNNING_MEMORY"] += sh.mem
	}
	for _, id := range sh.nets {
		u.add("NETWORK", id, "LEASES", 1)
	}
	for _, id := range sh.images {
		u.add("IMAGE", id, "RVMS", 1)
	}
}

// vmRequest adds what one VM counts against its owner's quotas.
func vmRequest(v *VM, u quotaUsage) { vmShareOf(v).addTo(u) }

// systemDiskSize is VirtualMachineDisks::system_ds_size: volatile disks
// and image disks copied to the system datastore.
func systemDiskSize(t *tmpl) float64 {
	var total float64
	for _, d := range t.vectors("DISK") {
		total += diskSystemSize(d)
	}
	return total
}

func diskSystemSize(d *attr) float64 {
	sz, err := strconv.ParseFloat(vget(d, "SIZE"), 64)
	if err != nil {
		return 0
	}
	if s, err := strconv.ParseFloat(vget(d, "DISK_SNAPSHOT_TOTAL_SIZE"), 64); err == nil {
		sz += s
	}
	volatile := !vhas(d, "IMAGE_ID") && !vhas(d, "IMAGE")
	target := vget(d, "CLONE_TARGET")
	if strings.EqualFold(vget(d, "PERSISTENT"), "YES") {
		target = vget(d, "LN_TARGET")
	}
	if volatile || strings.EqualFold(target, "SYSTEM") {
		return sz
	}
	return 0
}

// runningQuota is VirtualMachine::is_running_quota: the states in which a
// VM holds its RUNNING_* quota.
func (v *VM) runningQuota() bool {
	switch v.State {
	case stPending, stHold, 10, 11: // 10, 11: CLONING, CLONING_FAILURE
		return true
	case stActive:
		switch lcmStateNames[v.LCM] {
		case "HOTPLUG_SAVEAS_POWEROFF", "HOTPLUG_SAVEAS_SUSPENDED", "DISK_SNAPSHOT_POWEROFF",
			"DISK_SNAPSHOT_REVERT_POWEROFF", "DISK_SNAPSHOT_DELETE_POWEROFF", "DISK_SNAPSHOT_SUSPENDED",
			"DISK_SNAPSHOT_DELETE_SUSPENDED", "DISK_RESIZE_POWEROFF", "DISK_RESIZE_UNDEPLOYED",
			"HOTPLUG_NIC_POWEROFF", "HOTPLUG_SAVEAS_UNDEPLOYED", "HOTPLUG_SAVEAS_STOPPED",
			"HOTPLUG_PROLOG_POWEROFF", "HOTPLUG_EPILOG_POWEROFF":
			return false
		}
		return true
	}
	return false
}

func (st *state) userQuotasXML(u *User) string {
	return quotasXML(u.Quota, st.usage(quotaOwner{id: u.ID}), false)
}

func (st *state) groupQuotasXML(g *Group) string {
	return quotasXML(g.Quota, st.usage(quotaOwner{group: true, id: g.ID}), false)
}

func (st *state) defaultQuotasXML(root string, q Quotas) string {
	return "<" + root + ">" + quotasXML(q, nil, true) + "</" + root + ">"
}
