package sim

import (
	"hash/fnv"
	"strings"
	"time"
)

// maxSamples is how many monitoring records a VM keeps.
const maxSamples = 60

// sample makes a plausible monitoring record; values derive from the VM
// and the time, so the same state gives the same numbers.
func sample(v *VM, t int64) monSample {
	h := fnv.New32a()
	h.Write([]byte(v.Name))
	seed := int64(h.Sum32()%1000) + t%97
	mem := v.memoryMB() * 1024
	return monSample{
		Timestamp: t, CPU: float64(seed%int64(v.cpu()*100+1)) / 1.0,
		Memory: mem * (50 + seed%40) / 100,
		NetRX:  seed * 1000 * (t % 1000), NetTX: seed * 700 * (t % 1000),
		DiskRdBytes: seed * 4096, DiskWrBytes: seed * 2048, DiskRdIOPS: seed * 3, DiskWrIOPS: seed * 2,
	}
}

// monitor adds a record to every RUNNING VM whose last one is older than
// the monitoring interval (five transition delays, at least a second).
// Only the VMs whose monitoring entry is due are looked at.
func (s *Server) monitor(now time.Time) bool {
	interval := 5 * s.delay
	if interval < time.Second {
		interval = time.Second
	}
	// step is the interval in whole seconds, rounded up: the first t with
	// (t-last)s >= interval is last+step.
	step := int64((interval + time.Second - 1) / time.Second)
	t := now.Unix()
	changed := false
	for _, v := range s.st.dueMonitors(t) {
		if v.State != stActive || v.LCM != lcmRunning {
			continue // track queues it again when it runs again
		}
		if n := len(v.Mon); n > 0 && time.Duration(t-v.Mon[n-1].Timestamp)*time.Second < interval {
			s.st.queueMonitor(v.ID, v.Mon[n-1].Timestamp+step)
			continue
		}
		v.Mon = append(v.Mon, sample(v, t))
		if len(v.Mon) > maxSamples {
			v.Mon = v.Mon[len(v.Mon)-maxSamples:]
		}
		v.LastPoll = t
		s.st.queueMonitor(v.ID, t+step)
		changed = true
	}
	return changed
}

func (s *Server) registerVMMonitoring() {
	s.reg("one.vm.monitoring", "i", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opUse|noLock)
		if e != nil {
			return result{}, e
		}
		var b strings.Builder
		b.WriteString("<MONITORING_DATA>")
		for _, m := range v.Mon {
			b.WriteString(m.xml(v.ID))
		}
		b.WriteString("</MONITORING_DATA>")
		return resString(b.String()), nil
	})
}
