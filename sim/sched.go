package sim

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The simulated scheduler follows oned's mm_sched: a VM goes to a
// MONITORED host (disabled and offline hosts take no new VMs; deploy by
// hand still works on a disabled one) that has room for it, whose cluster
// has a system datastore, and that meets the VM's SCHED_REQUIREMENTS and
// AUTOMATIC_REQUIREMENTS (the clusters of its images and networks). Among
// those, the highest SCHED_RANK wins; without a rank, or on a tie, the
// lowest host ID, so placements are predictable.

// hostLookup answers the attribute searches of the expressions in the
// order oned's HostXML searches: TEMPLATE, HOST_SHARE, its DATASTORES,
// MONITORING/CAPACITY, MONITORING/SYSTEM, the HOST element itself, and
// the cluster's template.
func (st *state) hostLookup(h *Host) lookupFn {
	return func(name string) []string {
		var vals []string
		for _, a := range h.Template.A {
			if a.N == name && !a.IsV {
				vals = append(vals, a.V)
			}
		}
		if vals != nil {
			return vals
		}
		num := func(v int64) []string { return []string{itoa64(v)} }
		switch name {
		case "MEM_USAGE":
			return num(h.MemUsage)
		case "CPU_USAGE":
			return num(h.CPUUsage)
		case "TOTAL_MEM":
			return num(h.MaxMem)
		case "TOTAL_CPU":
			return num(h.MaxCPU)
		case "MAX_MEM":
			return num(st.maxMem(h))
		case "MAX_CPU":
			return num(st.maxCPU(h))
		case "RUNNING_VMS":
			return num(int64(len(h.VMs)))
		case "VMS_THREAD":
			return num(1)
		}
		if n := len(h.Mon); n > 0 {
			m := h.Mon[n-1]
			switch name {
			case "DISK_USAGE":
				return num(0)
			case "FREE_DISK", "MAX_DISK":
				return num(20480)
			case "USED_DISK":
				return num(9720)
			case "FREE_CPU":
				return num(m.MaxCPU - m.UsedCPU)
			case "FREE_MEMORY":
				return num(m.MaxMem - m.UsedMem)
			case "USED_CPU":
				return num(m.UsedCPU)
			case "USED_MEMORY":
				return num(m.UsedMem)
			case "NETRX":
				return num(m.NetRX)
			case "NETTX":
				return num(m.NetTX)
			}
		}
		switch name {
		case "ID":
			return []string{itoa(h.ID)}
		case "NAME":
			return []string{h.Name}
		case "STATE":
			return []string{itoa(h.State)}
		case "PREV_STATE":
			return []string{itoa(h.PrevState)}
		case "IM_MAD":
			return []string{h.IMMad}
		case "VM_MAD":
			return []string{h.VMMad}
		case "CLUSTER_ID":
			return []string{itoa(h.ClusterID)}
		case "CLUSTER":
			if cl := st.Clusters[h.ClusterID]; cl != nil {
				return []string{cl.Name}
			}
		}
		if cl := st.Clusters[h.ClusterID]; cl != nil {
			if v, ok := cl.Template.get(name); ok {
				return []string{v}
			}
		}
		return nil
	}
}

// schedAttr is a scheduling attribute of the VM: oned keeps SCHED_* in
// the user template.
func schedAttr(v *VM, name string) string {
	if s, ok := v.UserTemplate.get(name); ok {
		return s
	}
	return v.Template.str(name)
}

// requirements is what the scheduler matches hosts against, spelt as
// oned's VirtualMachineXML joins the two parts.
func requirements(v *VM) string {
	user := strings.TrimSpace(schedAttr(v, "SCHED_REQUIREMENTS"))
	auto := strings.TrimSpace(v.Template.str("AUTOMATIC_REQUIREMENTS"))
	switch {
	case user == "":
		return auto
	case auto == "":
		return user
	}
	return "(" + user + ") & (" + auto + ")"
}

// pickHost chooses the host for v among hosts (IDs, ascending), never
// skip; it returns nil and the reason oned's scheduler would log when
// there is none.
func (s *Server) pickHost(v *VM, hosts []int, skip int) (*Host, string) {
	reqs := requirements(v)
	if g := s.st.groupRequirements(v); g != "" {
		if reqs == "" {
			reqs = g
		} else {
			reqs = "(" + reqs + ") & (" + g + ")"
		}
	}
	rankExpr := strings.TrimSpace(schedAttr(v, "SCHED_RANK"))
	match, err := compileRequirements(reqs)
	if err != nil {
		return nil, "Error in SCHED_REQUIREMENTS: '" + reqs + "', error: " + err.Error()
	}
	var best *Host
	bestRank := 0
	enabled, fits, matched := 0, 0, 0
	for _, hid := range hosts {
		h := s.st.Hosts[hid]
		if h.State != hostMonitored || h.ID == skip {
			continue
		}
		enabled++
		if !s.st.fits(h, v) {
			continue
		}
		fits++
		look := s.st.hostLookup(h)
		ok, err := match.eval(look)
		if err != nil {
			return nil, "Error in SCHED_REQUIREMENTS: '" + reqs + "', error: " + err.Error()
		}
		if !ok {
			continue
		}
		matched++
		if !s.st.clusterHasSystemDS(h.ClusterID) {
			continue
		}
		if rankExpr == "" {
			return h, "" // no rank: the lowest ID that qualifies
		}
		rank, _ := evalRank(rankExpr, look)
		if best == nil || rank > bestRank {
			best, bestRank = h, rank
		}
	}
	switch {
	case best != nil:
		return best, ""
	case enabled == 0:
		return nil, "No hosts enabled to run VMs"
	case fits == 0:
		return nil, "No host with enough capacity to deploy the VM"
	case matched == 0:
		return nil, "No host meets capacity and SCHED_REQUIREMENTS: " + reqs
	}
	return nil, "No system datastores found to run VMs"
}

// schedule is the simulated mm_sched: it places PENDING VMs, and moves
// the VMs flagged RESCHED to another host, in ascending ID order, and
// leaves SCHED_MESSAGE on those it cannot place.
func (s *Server) schedule(now time.Time) bool {
	changed := false
	pending, resched := s.st.pendingVMs(), s.st.reschedVMs(now.UnixNano())
	if len(pending) == 0 && len(resched) == 0 {
		return false
	}
	hosts := idsAsc(s.st.Hosts) // once per pass, not per VM
	for _, v := range pending {
		h, why := s.pickHost(v, hosts, -1)
		if h == nil {
			changed = schedMessage(v, now, why) || changed
			continue
		}
		s.deployTo(v, h, now.UnixNano(), nil)
		changed = true
	}
	for _, v := range resched {
		h, why := s.pickHost(v, hosts, v.hid())
		if h == nil {
			changed = schedMessage(v, now, why) || changed
			continue
		}
		s.reschedTo(v, h, now.UnixNano())
		changed = true
	}
	return changed
}

func schedMessage(v *VM, now time.Time, why string) bool {
	msg := "Cannot dispatch VM: " + why
	if strings.HasSuffix(v.UserTemplate.str("SCHED_MESSAGE"), msg) {
		return false
	}
	v.UserTemplate.set("SCHED_MESSAGE", now.Format("Mon Jan 02 15:04:05 2006")+" : "+msg)
	return true
}

// reschedTo migrates a RESCHED VM the way mm_sched does by default
// (LIVE_RESCHEDS = 0): a cold migration of a running VM, a powered-off
// move of one that is off.
func (s *Server) reschedTo(v *VM, h *Host, base int64) {
	t := base / int64(time.Second)
	closeAction(v, actMigrate, nil)
	s.leaveHost(v, t)
	s.placeOn(v, h, t, nil)
	v.Resched = 0
	if v.State == stPoweroff {
		s.enter(v, lcmPrologMigratePoff, base)
	} else {
		s.enter(v, lcmSaveMigrate, base)
	}
}

// reschedInterval is when the scheduler next looks at a VM flagged
// RESCHED: oned's runs every SCHED_INTERVAL (15-30 s, against transitions
// of a fraction of a second), so the flag stays visible a while before the
// VM moves; here thirty transition delays, and at least three seconds so
// a script can see the flag even with very short delays.
func (s *Server) reschedInterval() time.Duration { return max(30*s.delay, 3*time.Second) }

// markResched is called when one.vm.action sets RESCHED, with the time
// (unix nanos) the scheduler looks at the VM.
func (st *state) markResched(v *VM, at int64) {
	if st.idx.resched == nil {
		st.idx.resched = map[int]int64{}
	}
	if v.Resched == 1 {
		st.idx.resched[v.ID] = at
	}
}

// reschedVMs returns the VMs flagged RESCHED whose pass has come (at
// now, unix nanos), RUNNING or powered off on a host, in ascending id
// order; the others are forgotten.
func (st *state) reschedVMs(now int64) []*VM {
	ids := make([]int, 0, len(st.idx.resched))
	for id, at := range st.idx.resched {
		if at <= now {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	var vms []*VM
	for _, id := range ids {
		v := st.VMs[id]
		if v == nil || v.Resched != 1 || v.hid() < 0 ||
			!(v.State == stPoweroff || (v.State == stActive && v.LCM == lcmRunning)) {
			delete(st.idx.resched, id)
			continue
		}
		vms = append(vms, v)
	}
	return vms
}

// automaticRequirements sets AUTOMATIC_REQUIREMENTS and the datastore and
// network ones as oned's VirtualMachine::automatic_requirements does: the
// VM may only run in a cluster that holds all its images' datastores and
// all its networks. It returns oned's message when no cluster does.
func (st *state) automaticRequirements(v *VM) string {
	var clusters []int
	known := false
	narrow := func(ids []int, what string, n int) string {
		if len(ids) == 0 {
			return "Missing clusters. " + map[string]string{"DISK": "Datastore", "NIC": "Network"}[what] +
				" for " + what + " " + strconv.Itoa(n) + " is not in any cluster"
		}
		if !known {
			clusters, known = slices.Clone(ids), true
		} else {
			var keep []int
			for _, id := range clusters {
				if containsInt(ids, id) {
					keep = append(keep, id)
				}
			}
			if len(keep) == 0 {
				return "Incompatible clusters in " + what + ". " + map[string]string{"DISK": "Datastore", "NIC": "Network"}[what] +
					" for " + what + " " + strconv.Itoa(n) + " is not in the same cluster as the one used by other VM elements (cluster " +
					clusterNames(clusters) + ")"
			}
			clusters = keep
		}
		return ""
	}
	for i, d := range v.Template.vectors("DISK") {
		if vget(d, "IMAGE_ID") == "" {
			continue
		}
		ds, err := strconv.Atoi(vget(d, "DATASTORE_ID"))
		if err != nil {
			continue
		}
		if msg := narrow(st.datastoreClusters(ds), "DISK", i); msg != "" {
			return msg
		}
	}
	for i, n := range v.Template.vectors("NIC") {
		id, err := strconv.Atoi(vget(n, "NETWORK_ID"))
		if err != nil {
			continue
		}
		if vn := st.VNets[id]; vn != nil {
			ids := slices.Clone(vn.ClusterIDs)
			slices.Sort(ids)
			if msg := narrow(ids, "NIC", i); msg != "" {
				return msg
			}
		}
	}
	slices.Sort(clusters)
	var b strings.Builder
	if len(clusters) > 0 {
		for i, id := range clusters {
			if i == 0 {
				b.WriteString("(CLUSTER_ID = " + itoa(id))
			} else {
				b.WriteString(" | CLUSTER_ID = " + itoa(id))
			}
		}
		b.WriteString(") & ")
	}
	b.WriteString("!(PUBLIC_CLOUD = YES) & !(PIN_POLICY = PINNED)")
	v.Template.set("AUTOMATIC_REQUIREMENTS", b.String())
	if len(clusters) > 0 {
		var ds strings.Builder
		for i, id := range clusters {
			if i > 0 {
				ds.WriteString(" | ")
			}
			ds.WriteString(`"CLUSTERS/ID" @> ` + itoa(id))
		}
		v.Template.set("AUTOMATIC_DS_REQUIREMENTS", "("+ds.String()+")")
		v.Template.set("AUTOMATIC_NIC_REQUIREMENTS", "("+ds.String()+")")
	}
	return ""
}
