package sim

import (
	"strconv"
	"strings"
	"time"
)

// LCM states used by the state machine (enums.md §9).
const (
	lcmInit                 = 0
	lcmProlog               = 1
	lcmBoot                 = 2
	lcmRunning              = 3
	lcmMigrate              = 4
	lcmSaveStop             = 5
	lcmSaveSuspend          = 6
	lcmSaveMigrate          = 7
	lcmPrologMigrate        = 8
	lcmPrologResume         = 9
	lcmEpilogStop           = 10
	lcmEpilog               = 11
	lcmShutdown             = 12
	lcmCleanupResubmit      = 15
	lcmUnknown              = 16
	lcmHotplug              = 17
	lcmShutdownPoweroff     = 18
	lcmBootPoweroff         = 20
	lcmBootSuspended        = 21
	lcmBootStopped          = 22
	lcmCleanupDelete        = 23
	lcmHotplugSnapshot      = 24
	lcmHotplugNIC           = 25
	lcmHotplugSaveas        = 26
	lcmHotplugSaveasPoff    = 27
	lcmHotplugSaveasSusp    = 28
	lcmShutdownUndeploy     = 29
	lcmEpilogUndeploy       = 30
	lcmPrologUndeploy       = 31
	lcmBootUndeploy         = 32
	lcmHotplugPrologPoff    = 33
	lcmHotplugEpilogPoff    = 34
	lcmBootMigrate          = 35
	lcmBootFailure          = 36
	lcmPrologFailure        = 39
	lcmEpilogFailure        = 40
	lcmPrologMigratePoff    = 43
	lcmPrologMigrateSusp    = 45
	lcmDiskSnapPoff         = 51
	lcmDiskSnapRevertPoff   = 52
	lcmDiskSnapDeletePoff   = 53
	lcmDiskSnapSusp         = 54
	lcmDiskSnapDeleteSusp   = 56
	lcmDiskSnap             = 57
	lcmDiskSnapDelete       = 59
	lcmDiskResize           = 62
	lcmDiskResizePoff       = 63
	lcmDiskResizeUndeployed = 64
	lcmHotplugNICPoff       = 65
	lcmHotplugResize        = 66
	lcmHotplugSaveasUndep   = 67
	lcmHotplugSaveasStopped = 68
	lcmBackup               = 69
	lcmBackupPoff           = 70
	lcmRestore              = 71
)

// failureOf maps the states SIM_FAIL can break to their failure states.
var failureOf = map[int]int{lcmProlog: lcmPrologFailure, lcmBoot: lcmBootFailure, lcmEpilog: lcmEpilogFailure}

// simFail reports whether the VM's template asks the simulator to fail
// the given step: SIM_FAIL = "PROLOG" | "BOOT" | "EPILOG" (in TEMPLATE or
// USER_TEMPLATE).
func (v *VM) simFail(lcm int) bool {
	want := map[int]string{lcmProlog: "PROLOG", lcmBoot: "BOOT", lcmEpilog: "EPILOG"}[lcm]
	if want == "" {
		return false
	}
	f := v.UserTemplate.str("SIM_FAIL")
	if f == "" {
		f = v.Template.str("SIM_FAIL")
	}
	return strings.EqualFold(strings.TrimSpace(f), want)
}

// enter moves the VM to a transient LCM state that ends after the delay,
// counted from base (unix nanos).
func (s *Server) enter(v *VM, lcm int, base int64) {
	v.PrevState, v.PrevLCM = v.State, v.LCM
	v.State, v.LCM = stActive, lcm
	v.Next = nil
	s.st.setDue(v, base+int64(s.delay))
}

// advance completes every transition that is due and runs the scheduler;
// transitions chain from their due time, so a long idle period walks a VM
// through several states at once. It reports whether anything changed.
func (s *Server) advance(now time.Time) bool {
	changed := false
	n := now.UnixNano()
	changed = s.advanceImages(n)
	changed = s.advanceApps(n) || changed
	for round := 0; round < 64; round++ {
		progressed := false
		// A round finishes what was due when it started; what that makes
		// due waits for the next round, after the scheduler has run.
		for _, v := range s.st.dueTransitions(n) {
			s.finish(v, v.Next.Due)
			progressed = true
		}
		if s.schedule(now) {
			progressed = true
		}
		if s.monitor(now) {
			changed = true
		}
		if s.st.vnetsDue(n) {
			changed = true
		}
		if s.st.secGroupsDue(n) {
			changed = true
		}
		if !progressed {
			break
		}
		changed = true
		s.gen++ // VMs moved: pages resume no scan (pool.go)
	}
	return changed
}

// finish ends the transient state the VM is in, at time at (unix nanos).
func (s *Server) finish(v *VM, at int64) {
	t := at / int64(time.Second)
	h := v.lastHistory()
	next := func(lcm int) { s.enter(v, lcm, at) }
	if f, ok := failureOf[v.LCM]; ok && v.simFail(v.LCM) {
		v.PrevState, v.PrevLCM = v.State, v.LCM
		v.LCM = f
		v.Next = nil
		return
	}
	switch v.LCM {
	case lcmProlog:
		if h != nil {
			h.PETime = t
			h.RSTime = t
		}
		next(lcmBoot)
	case lcmBoot, lcmBootMigrate, lcmBootPoweroff, lcmBootSuspended, lcmBootStopped, lcmBootUndeploy, lcmMigrate:
		if h != nil {
			v.DeployID = h.Hostname + ":" + v.Name + ":dummy"
			if h.RSTime == 0 {
				h.RSTime = t
			}
		}
		s.st.settle(v, stActive, lcmRunning)
	case lcmPrologResume:
		next(lcmBootStopped)
	case lcmPrologUndeploy:
		next(lcmBootUndeploy)
	case lcmShutdown:
		if h != nil {
			h.RETime, h.ESTime = t, t
		}
		next(lcmEpilog)
	case lcmEpilog, lcmCleanupDelete:
		s.done(v, t)
	case lcmShutdownPoweroff, lcmPrologMigratePoff, lcmHotplugPrologPoff, lcmHotplugEpilogPoff,
		lcmHotplugNICPoff, lcmDiskSnapPoff, lcmDiskSnapRevertPoff, lcmDiskSnapDeletePoff,
		lcmDiskResizePoff, lcmHotplugSaveasPoff, lcmBackupPoff, lcmRestore:
		s.st.settle(v, stPoweroff, lcmInit)
	case lcmSaveSuspend, lcmPrologMigrateSusp, lcmDiskSnapSusp, lcmDiskSnapDeleteSusp, lcmHotplugSaveasSusp:
		s.st.settle(v, stSuspended, lcmInit)
	case lcmSaveStop:
		next(lcmEpilogStop)
	case lcmEpilogStop:
		s.leaveHost(v, t)
		s.st.settle(v, stStopped, lcmInit)
	case lcmShutdownUndeploy:
		next(lcmEpilogUndeploy)
	case lcmEpilogUndeploy:
		s.leaveHost(v, t)
		s.st.settle(v, stUndeployed, lcmInit)
	case lcmDiskResizeUndeployed, lcmHotplugSaveasUndep:
		s.st.settle(v, stUndeployed, lcmInit)
	case lcmHotplugSaveasStopped:
		s.st.settle(v, stStopped, lcmInit)
	case lcmSaveMigrate:
		next(lcmPrologMigrate)
	case lcmPrologMigrate:
		next(lcmBootMigrate)
	case lcmCleanupResubmit:
		s.leaveHost(v, t)
		s.st.settle(v, stPending, lcmInit)
	default:
		// HOTPLUG, HOTPLUG_SNAPSHOT, HOTPLUG_NIC, DISK_SNAPSHOT*, DISK_RESIZE,
		// HOTPLUG_RESIZE, HOTPLUG_SAVEAS, BACKUP: back to RUNNING
		s.st.settle(v, stActive, lcmRunning)
	}
	if v.Next == nil {
		v.LastPoll = t
	}
	if v.State != stActive || v.LCM == lcmRunning {
		// a disk-saveas image becomes usable when the operation ends
		for _, im := range s.st.Images {
			if im.State == imgLocked && im.Template.str("SAVED_VM_ID") == itoa(v.ID) {
				im.State = imgReady
			}
		}
	}
}

// done finishes a VM: host and resources are given back.
func (s *Server) done(v *VM, t int64) {
	s.leaveHost(v, t)
	s.st.releaseResources(v)
	s.st.settle(v, stDone, lcmInit)
	v.ETime = t
	v.Mon = nil
}

// leaveHost closes the current history record and frees the capacity.
func (s *Server) leaveHost(v *VM, t int64) {
	h := v.lastHistory()
	if h == nil || h.ETime != 0 {
		return
	}
	h.ETime = t
	if h.RSTime != 0 && h.RETime == 0 {
		h.RETime = t
	}
	if h.ESTime == 0 {
		h.ESTime = t
	}
	h.EETime = t
	if host := s.st.Hosts[h.HID]; host != nil {
		host.CPUUsage -= int64(v.cpu() * 100)
		host.MemUsage -= v.memoryMB() * 1024
		host.VMs = removeInt(host.VMs, v.ID)
	}
}

// placeOn opens a history record on host h and takes its capacity.
func (s *Server) placeOn(v *VM, h *Host, t int64, c *call) {
	uid, gid, req := -1, -1, -1
	if c != nil {
		uid, gid = c.uid(), c.user.GID
		s.st.ReqID++
		req = s.st.ReqID
	}
	v.History = append(v.History, &history{Seq: len(v.History), Hostname: h.Name, HID: h.ID, CID: h.ClusterID,
		STime: t, VMMad: h.VMMad, TMMad: "dummy", DSID: 0, PSTime: t, UID: uid, GID: gid, ReqID: req})
	h.CPUUsage += int64(v.cpu() * 100)
	h.MemUsage += v.memoryMB() * 1024
	h.VMs = append(h.VMs, v.ID)
	v.UserTemplate.del("SCHED_MESSAGE")
}

// closeAction stamps the action that ended a history record.
func closeAction(v *VM, action int, c *call) {
	if h := v.lastHistory(); h != nil {
		h.Action = action
		if c != nil {
			h.UID, h.GID = c.uid(), c.user.GID
			c.st.ReqID++
			h.ReqID = c.st.ReqID
		}
	}
}

func (h *Host) fits(v *VM) bool {
	return h.CPUUsage+int64(v.cpu()*100) <= h.MaxCPU && h.MemUsage+v.memoryMB()*1024 <= h.MaxMem
}

// deployTo starts the boot of a VM on a host. Like LifeCycleManager's
// deploy_action it looks at the action that closed the previous stay: after
// stop the VM goes through PROLOG_RESUME, after undeploy PROLOG_UNDEPLOY.
func (s *Server) deployTo(v *VM, h *Host, base int64, c *call) {
	t := base / int64(time.Second)
	prev := -1
	if last := v.lastHistory(); last != nil {
		prev = last.Action
	}
	s.placeOn(v, h, t, c)
	switch prev {
	case actStop:
		s.enter(v, lcmPrologResume, base)
	case actUndeploy, actUndeployHard:
		s.enter(v, lcmPrologUndeploy, base)
	default:
		s.enter(v, lcmProlog, base)
	}
	v.Resched = 0
}

// schedule is the simulated mm_sched: it places PENDING VMs (and RUNNING
// ones flagged RESCHED) on the first MONITORED host with room, lowest ID
// first, and leaves SCHED_MESSAGE on those that fit nowhere.
func (s *Server) schedule(now time.Time) bool {
	changed := false
	hosts := idsAsc(s.st.Hosts)
	for _, v := range s.st.pendingVMs() {
		enabled := false
		var target *Host
		for _, hid := range hosts {
			h := s.st.Hosts[hid]
			if h.State != hostMonitored {
				continue
			}
			enabled = true
			if h.fits(v) {
				target = h
				break
			}
		}
		if target == nil {
			msg := "Cannot dispatch VM: No host with enough capacity to deploy the VM"
			if !enabled {
				msg = "Cannot dispatch VM: No hosts enabled to run VMs"
			}
			full := now.Format("Mon Jan 02 15:04:05 2006") + " : " + msg
			if !strings.HasSuffix(v.UserTemplate.str("SCHED_MESSAGE"), msg) {
				v.UserTemplate.set("SCHED_MESSAGE", full)
				changed = true
			}
			continue
		}
		s.deployTo(v, target, now.UnixNano(), nil)
		changed = true
	}
	return changed
}

func itoa(n int) string { return strconv.Itoa(n) }
