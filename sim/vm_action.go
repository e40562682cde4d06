package sim

import "fmt"

// History ACTION numbers (include/VMActions.h).
const (
	actNone          = 0
	actMigrate       = 1
	actLiveMigrate   = 2
	actUndeploy      = 5
	actUndeployHard  = 6
	actStop          = 9
	actSuspend       = 10
	actResume        = 11
	actDelete        = 13
	actDeleteRecr    = 14
	actPoweroff      = 19
	actPoweroffHard  = 20
	actTerminate     = 27
	actTerminateHard = 28
	actPoffMigrate   = 48
	actPoffHardMigr  = 49
)

// actionLevel is the default VM_*_OPERATIONS level of each action.
var actionLevel = map[string]int{
	"terminate": opManage, "terminate-hard": opManage, "undeploy": opManage, "undeploy-hard": opManage,
	"poweroff": opManage, "poweroff-hard": opManage, "reboot": opManage, "reboot-hard": opManage,
	"hold": opManage, "release": opManage, "stop": opManage, "suspend": opManage, "resume": opManage,
	"resched": opAdmin, "unresched": opAdmin,
}

func (c *call) base() int64 { return c.now.UnixNano() }

func (s *Server) vmAction(c *call) (result, *rpcError) {
	name := c.str(1)
	level, known := actionLevel[name]
	if !known {
		level = opManage
	}
	v, e := vmKind.get(c, 2, level)
	if e != nil {
		return result{}, e
	}
	if !known {
		return result{}, c.errAction("Action \"%s\" is not supported", name)
	}
	notAvail := func() (result, *rpcError) {
		return result{}, c.errPerform(name, "This action is not available for state "+v.stateStr())
	}
	hard := name == "terminate-hard" || name == "undeploy-hard" || name == "poweroff-hard" || name == "reboot-hard"
	running := v.State == stActive && (v.LCM == lcmRunning || v.LCM == lcmUnknown)
	t := c.unix()
	switch name {
	case "terminate", "terminate-hard":
		act := actTerminate
		if hard {
			act = actTerminateHard
		}
		switch {
		case v.State == stDone:
			// oned accepts it and does nothing (samples lifecycle.6)
		case v.State == stPending || v.State == stHold || v.State == stInit:
			s.st.releaseResources(v)
			c.st.settle(v, stDone, lcmInit)
			v.ETime = t
		case v.State == stSuspended || v.State == stPoweroff:
			closeAction(v, act, c)
			s.enter(v, lcmEpilog, c.base())
			if h := v.lastHistory(); h != nil {
				h.RETime, h.ESTime = t, t
			}
		case v.State == stStopped || v.State == stUndeployed:
			s.st.releaseResources(v)
			c.st.settle(v, stDone, lcmInit)
			v.ETime = t
		case running || (hard && v.LCM == lcmShutdown):
			closeAction(v, act, c)
			s.enter(v, lcmShutdown, c.base())
		case v.State == stActive && isFailureLCM(v.LCM):
			closeAction(v, act, c)
			s.done(v, t)
		default:
			return result{}, c.errPerform(name, fmt.Sprintf("Could not terminate VM %d, wrong state %s.", v.ID, v.stateStr()))
		}
	case "undeploy", "undeploy-hard":
		act := actUndeploy
		if hard {
			act = actUndeployHard
		}
		switch {
		case running || (hard && v.LCM == lcmShutdownUndeploy && v.State == stActive):
			closeAction(v, act, c)
			s.enter(v, lcmShutdownUndeploy, c.base())
		case v.State == stPoweroff:
			closeAction(v, act, c)
			s.enter(v, lcmEpilogUndeploy, c.base())
		default:
			return notAvail()
		}
	case "poweroff", "poweroff-hard":
		if !(running || (hard && v.State == stActive && v.LCM == lcmShutdownPoweroff)) {
			return notAvail()
		}
		act := actPoweroff
		if hard {
			act = actPoweroffHard
		}
		closeAction(v, act, c)
		s.enter(v, lcmShutdownPoweroff, c.base())
	case "reboot", "reboot-hard":
		if !(v.State == stActive && v.LCM == lcmRunning) {
			return notAvail()
		}
		v.Resched = 0
	case "hold":
		if v.State != stPending {
			return notAvail()
		}
		c.st.settle(v, stHold, lcmInit)
	case "release":
		if v.State != stHold {
			return notAvail()
		}
		c.st.settle(v, stPending, lcmInit)
	case "stop":
		switch {
		case v.State == stActive && v.LCM == lcmRunning:
			closeAction(v, actStop, c)
			s.enter(v, lcmSaveStop, c.base())
		case v.State == stSuspended:
			closeAction(v, actStop, c)
			s.enter(v, lcmEpilogStop, c.base())
		default:
			return notAvail()
		}
	case "suspend":
		if !(v.State == stActive && v.LCM == lcmRunning) {
			return notAvail()
		}
		closeAction(v, actSuspend, c)
		s.enter(v, lcmSaveSuspend, c.base())
	case "resume":
		switch {
		case v.State == stStopped || v.State == stUndeployed:
			v.PrevState, v.PrevLCM = v.State, v.LCM
			v.State, v.LCM = stPending, lcmInit
			c.st.track(v)
			c.st.vmStateChanged(v, v.PrevState, v.PrevLCM, t)
		case v.State == stSuspended:
			cpHistory(v, t, actResume, c)
			s.enter(v, lcmBootSuspended, c.base())
		case v.State == stPoweroff:
			cpHistory(v, t, actResume, c)
			s.enter(v, lcmBootPoweroff, c.base())
		default:
			return notAvail()
		}
	case "resched", "unresched":
		if !(v.State == stPoweroff || running) {
			return notAvail()
		}
		if name == "resched" {
			v.Resched = 1
			c.st.markResched(v, c.now.Add(s.reschedInterval()).UnixNano())
		} else {
			v.Resched = 0
		}
	}
	c.changed()
	return resInt(v.ID), nil
}

func isFailureLCM(l int) bool {
	switch l {
	case 36, 37, 38, 39, 40, 41, 42, 44, 46, 47, 48, 49, 50, 61:
		return true
	}
	return false
}

func (s *Server) vmDeploy(c *call) (result, *rpcError) {
	v, h, e := c.vmToHost()
	if e != nil {
		return result{}, e
	}
	if v.State != stPending && v.State != stHold && v.State != stStopped && v.State != stUndeployed {
		return result{}, c.errAction("Deploy action is not available for state %s", v.stateStr())
	}
	if !c.st.clusterHasSystemDS(h.ClusterID) {
		return result{}, c.errAction("cluster [%d] does not have any datastore of type SYSTEM_DS.", h.ClusterID)
	}
	if e := c.checkFits(c.boolOr(3, false), v, h); e != nil {
		return result{}, e
	}
	if e := c.runningQuotaFails(v); e != nil {
		return result{}, e
	}
	s.deployTo(v, h, c.base(), c)
	c.changed()
	return resInt(v.ID), nil
}

// vmToHost loads the VM and the host of one.vm.deploy and one.vm.migrate
// (parameters 1 and 2) in oned's order of checks.
func (c *call) vmToHost() (*VM, *Host, *rpcError) {
	v, e := vmKind.lookup(c, c.int(1))
	if e != nil {
		return nil, nil, e
	}
	h, e := hostKind.lookup(c, c.int(2))
	if e != nil {
		return nil, nil, e
	}
	if h.State == hostOffline {
		return nil, nil, c.errAction("Host is offline, cannot use it to deploy VM")
	}
	if e := c.authz().add(opAdmin, vmKind.auth(v)).add(opManage, hostAuth(h)).err(); e != nil {
		return nil, nil, e
	}
	return v, h, nil
}

// checkFits is the capacity check of deploy and migrate when the caller
// asks to enforce it.
func (c *call) checkFits(enforce bool, v *VM, h *Host) *rpcError {
	if !enforce || h.fits(v) {
		return nil
	}
	why := fmt.Sprintf("Not enough memory: %d/%d", v.memoryMB()*1024, h.MaxMem-h.MemUsage)
	if cpu := int64(v.cpu() * 100); h.CPUUsage+cpu > h.MaxCPU {
		why = fmt.Sprintf("Not enough CPU: %d/%d", cpu, h.MaxCPU-h.CPUUsage)
	}
	return c.errAction("virtual machine [%d] does not fit in host [%d]. %s", v.ID, h.ID, why)
}

func (s *Server) vmMigrate(c *call) (result, *rpcError) {
	live, enforce, mtype := c.bool(3), c.boolOr(4, false), c.intOr(6, 0)
	v, h, e := c.vmToHost()
	if e != nil {
		return result{}, e
	}
	running := v.State == stActive && (v.LCM == lcmRunning || v.LCM == lcmUnknown)
	if !(v.State == stPoweroff || v.State == stSuspended || running) {
		return result{}, c.errAction("Migrate action is not available for state %s", v.stateStr())
	}
	if v.hid() == h.ID {
		return result{}, c.errAction("VM is already running on host [%d] and datastore [%d]", h.ID, 0)
	}
	if e := c.checkFits(enforce, v, h); e != nil {
		return result{}, e
	}
	if live && v.State != stActive {
		return result{}, c.errAction("Migrate action is not available for state %s", v.stateStr())
	}
	act := actMigrate
	switch {
	case live:
		act = actLiveMigrate
	case mtype == 1:
		act = actPoffMigrate
	case mtype == 2:
		act = actPoffHardMigr
	}
	t := c.unix()
	closeAction(v, act, c)
	s.leaveHost(v, t)
	s.placeOn(v, h, t, c)
	switch {
	case v.State == stPoweroff:
		s.enter(v, lcmPrologMigratePoff, c.base())
	case v.State == stSuspended:
		s.enter(v, lcmPrologMigrateSusp, c.base())
	case live:
		s.enter(v, lcmMigrate, c.base())
	case mtype == 1 || mtype == 2:
		// poweroff, move the disks and boot again on the new host
		s.enter(v, lcmPrologMigrate, c.base())
	default:
		s.enter(v, lcmSaveMigrate, c.base())
	}
	c.changed()
	return resInt(v.ID), nil
}

// vmRecover implements one.vm.recover's six operations.
func (s *Server) vmRecover(c *call) (result, *rpcError) {
	op := c.int(2)
	if op < 0 || op > 5 {
		return result{}, c.errAction("Wrong recovery operation code")
	}
	v, e := vmKind.get(c, 1, opAdmin)
	if e != nil {
		return result{}, e
	}
	t := c.unix()
	switch op {
	case 0, 1:
		if v.State != stActive {
			return result{}, c.errAction("Could not perform a recover operation on VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		s.recover(v, op == 1, c)
	case 2:
		if v.State != stActive {
			return result{}, c.errAction("Could not perform a retry on VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		for from, fail := range failureOf {
			if v.LCM == fail {
				s.enter(v, from, c.base())
			}
		}
	case 3:
		if v.State == stDone {
			return result{}, c.errAction("Virtual machine does not exist")
		}
		closeAction(v, actDelete, c)
		s.done(v, t)
	case 4:
		if v.State == stDone {
			return result{}, c.errAction("Cannot delete-recreate a VM already in DONE state")
		}
		closeAction(v, actDeleteRecr, c)
		s.leaveHost(v, t)
		c.st.settle(v, stPending, lcmInit)
		v.DeployID = ""
	case 5:
		s.leaveHost(v, t)
		s.st.releaseResources(v)
		delete(c.st.VMs, v.ID)
	}
	c.changed()
	return resInt(c.int(1)), nil
}

// recover forces the end of the current step as a success or a failure.
func (s *Server) recover(v *VM, success bool, c *call) {
	at := c.base()
	for from, fail := range failureOf {
		if v.LCM == fail {
			if !success {
				return
			}
			// pretend the failed step had just succeeded
			v.LCM = from
		}
	}
	if !success {
		if f, ok := failureOf[v.LCM]; ok {
			v.LCM = f
			v.Next = nil
		}
		return
	}
	if v.State == stActive && v.LCM != lcmRunning {
		saved := v.UserTemplate.str("SIM_FAIL")
		v.UserTemplate.del("SIM_FAIL")
		tf := v.Template.str("SIM_FAIL")
		v.Template.del("SIM_FAIL")
		s.finish(v, at)
		if saved != "" {
			v.UserTemplate.set("SIM_FAIL", saved)
		}
		if tf != "" {
			v.Template.set("SIM_FAIL", tf)
		}
		// a recovered step moves on at once to the next one
		if v.Next != nil {
			s.st.setDue(v, at+int64(s.delay))
		}
	}
}

// cpHistory closes the current stay and opens a copy of it on the same
// host, as LifeCycleManager does when a VM boots again in place.
func cpHistory(v *VM, t int64, action int, c *call) {
	h := v.lastHistory()
	if h == nil {
		return
	}
	h.ETime = t
	if h.RETime == 0 {
		h.RETime = t
	}
	n := &history{Seq: h.Seq + 1, Hostname: h.Hostname, HID: h.HID, CID: h.CID, STime: t, VMMad: h.VMMad,
		TMMad: h.TMMad, DSID: h.DSID, RSTime: t, UID: -1, GID: -1, ReqID: -1}
	v.History = append(v.History, n)
	closeAction(v, action, c)
}
