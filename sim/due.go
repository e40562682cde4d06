package sim

import (
	"container/heap"
	"slices"
)

// Every request first completes what is due, so with a large pool the
// cost of a request must not grow with the number of VMs. The state keeps
// three indexes, rebuilt from the VMs on load and never saved:
//
//   - transitions: a min-heap of VM.Next due times (unix nanos);
//   - monitors: a min-heap of the next monitoring sample of RUNNING VMs
//     (unix seconds);
//   - pending: the VMs that may be PENDING, which is all the scheduler reads.
//
// Entries are hints checked against the VM when they come up, so code that
// moves a VM on need not find and remove the old entry: a stale one is
// dropped. What must hold is that every due time has an entry: VM.Next is
// set only through setDue, and a VM becomes PENDING or RUNNING only
// through settle, allocation or track.

type dueEntry struct {
	at int64
	id int
}

type dueHeap []dueEntry

func (h dueHeap) Len() int           { return len(h) }
func (h dueHeap) Less(i, j int) bool { return h[i].at < h[j].at }
func (h dueHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)        { *h = append(*h, x.(dueEntry)) }
func (h *dueHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// popDue removes and returns the entries due at or before t.
func (h *dueHeap) popDue(t int64) []dueEntry {
	var out []dueEntry
	for h.Len() > 0 && (*h)[0].at <= t {
		out = append(out, heap.Pop(h).(dueEntry))
	}
	return out
}

// vmIndex is the part of the state that is derived, not saved.
type vmIndex struct {
	transitions dueHeap
	monitors    dueHeap
	monQueued   map[int]int64 // the live monitors entry of each VM
	pending     map[int]bool
	resched     map[int]int64 // VMs flagged RESCHED: when the scheduler looks, see sched.go
	schedVMs    map[int]bool  // VMs with scheduled actions, see sched_actions.go
	hostsDue    int64         // unix nanos of the next host probe or sample, see host.go
}

// reindex rebuilds the indexes from the VMs (after loading a state file).
func (st *state) reindex() {
	st.idx = vmIndex{monQueued: map[int]int64{}, pending: map[int]bool{}}
	for _, v := range st.VMs {
		if v.Next != nil {
			heap.Push(&st.idx.transitions, dueEntry{v.Next.Due, v.ID})
		}
		st.track(v)
		st.markResched(v, 0)
		if len(v.Template.vectors("SCHED_ACTION")) > 0 {
			st.watchSched(v)
		}
	}
}

// setDue makes the VM's current transient state end at due (unix nanos).
func (st *state) setDue(v *VM, due int64) {
	if v.Next == nil {
		v.Next = &transition{Image: -1}
	}
	v.Next.Due = due
	heap.Push(&st.idx.transitions, dueEntry{due, v.ID})
}

// settle puts the VM in a stable state.
func (st *state) settle(v *VM, state, lcm int) {
	prevState, prevLCM := v.State, v.LCM
	v.State, v.LCM = state, lcm
	v.PrevState, v.PrevLCM = state, lcm
	v.Next = nil
	st.track(v)
	if prevState != state || prevLCM != lcm {
		st.vmStateChanged(v, prevState, prevLCM, st.clock)
	}
}

// track indexes a VM whose state was just set: a PENDING one for the
// scheduler, a RUNNING one for a monitoring sample at the next pass.
func (st *state) track(v *VM) {
	if v.State == stPending {
		st.idx.pending[v.ID] = true
	}
	if v.State == stActive && v.LCM == lcmRunning {
		st.queueMonitor(v.ID, 0)
	}
}

func (st *state) queueMonitor(id int, at int64) {
	st.idx.monQueued[id] = at
	heap.Push(&st.idx.monitors, dueEntry{at, id})
}

// dueTransitions returns, in ascending id order, the VMs whose transition
// is due at or before n (unix nanos). A VM shows up once, even when it has
// several entries.
func (st *state) dueTransitions(n int64) []*VM {
	var ids []int
	for _, e := range st.idx.transitions.popDue(n) {
		if v := st.VMs[e.id]; v != nil && v.Next != nil && v.Next.Due == e.at {
			ids = append(ids, e.id)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	vms := make([]*VM, len(ids))
	for i, id := range ids {
		vms[i] = st.VMs[id]
	}
	return vms
}

// dueMonitors returns the VMs whose monitoring entry is due at or before
// t (unix seconds); the caller checks and requeues them.
func (st *state) dueMonitors(t int64) []*VM {
	var vms []*VM
	for _, e := range st.idx.monitors.popDue(t) {
		if at, ok := st.idx.monQueued[e.id]; !ok || at != e.at {
			continue // superseded by a later entry
		}
		delete(st.idx.monQueued, e.id)
		if v := st.VMs[e.id]; v != nil {
			vms = append(vms, v)
		}
	}
	return vms
}

// pendingVMs returns the PENDING VMs in ascending id order and forgets
// those that are not PENDING any more.
func (st *state) pendingVMs() []*VM {
	ids := make([]int, 0, len(st.idx.pending))
	for id := range st.idx.pending {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var vms []*VM
	for _, id := range ids {
		v := st.VMs[id]
		if v == nil || v.State != stPending {
			delete(st.idx.pending, id)
			continue
		}
		vms = append(vms, v)
	}
	return vms
}
