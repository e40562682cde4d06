package sim

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Scheduled actions run as oned's ScheduledActionManager runs them: at
// each pass, the first due action of each VM (TIME passed, not DONE since)
// is called as oneadmin through the same method a user would call; success
// sets DONE to now and clears MESSAGE, and a repeating action moves TIME to
// its next occurrence; a failure leaves it due and sets MESSAGE to the
// time and the error. A TIME of "+N" counts from the VM's start.

// watchSched notes that a VM has scheduled actions to look at.
func (st *state) watchSched(v *VM) {
	if st.idx.schedVMs == nil {
		st.idx.schedVMs = map[int]bool{}
	}
	st.idx.schedVMs[v.ID] = true
}

// adminCall is a request made by oned itself, as oneadmin.
func (s *Server) adminCall(method string, now time.Time, params ...value) *call {
	return &call{s: s, st: s.st, method: method, now: now, user: s.st.Users[0], groups: map[int]bool{0: true},
		egid: -1, params: append([]value{{k: kString}}, params...)}
}

func vStr(s string) value { return value{k: kString, s: s} }
func vInt(n int) value    { return value{k: kInt, i: int64(n)} }
func vBool(b bool) value  { return value{k: kBool, b: b} }

// schedTime is the absolute time of a SCHED_ACTION.
func schedTime(a *attr, start int64) (int64, bool) {
	t := strings.TrimSpace(vget(a, "TIME"))
	if rel, ok := strings.CutPrefix(t, "+"); ok {
		n, err := strconv.ParseInt(rel, 10, 64)
		return start + n, err == nil
	}
	n, err := strconv.ParseInt(t, 10, 64)
	return n, err == nil
}

// schedDue is ScheduledAction::is_due.
func schedDue(a *attr, start, now int64) bool {
	at, ok := schedTime(a, start)
	if !ok {
		return false
	}
	endType, _ := strconv.Atoi(vget(a, "END_TYPE"))
	endValue, _ := strconv.ParseInt(vget(a, "END_VALUE"), 10, 64)
	switch {
	case vget(a, "END_TYPE") == "":
	case endType == 1 && endValue <= 0: // TIMES
		return false
	case endType == 2 && now > endValue: // DATE
		return false
	}
	done, _ := strconv.ParseInt(vget(a, "DONE"), 10, 64)
	if done > 0 && done >= at {
		return false
	}
	return at < now
}

// schedNext is ScheduledAction::next_action: DONE is now, and a repeating
// action gets its next TIME (REPEAT 0 weekly, 1 monthly, 2 yearly, 3
// hourly; DAYS the week/month/year days or the hours between runs).
func schedNext(a *attr, start int64, now time.Time) {
	vset(a, "DONE", strconv.FormatInt(now.Unix(), 10))
	repeat, err := strconv.Atoi(vget(a, "REPEAT"))
	if err != nil || repeat < 0 || repeat > 3 {
		return
	}
	var days []int
	for _, d := range strings.Split(vget(a, "DAYS"), ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(d)); err == nil {
			days = append(days, n)
		}
	}
	slices.Sort(days)
	days = slices.Compact(days)
	if len(days) == 0 {
		return
	}
	if vget(a, "END_TYPE") == "1" {
		n, _ := strconv.ParseInt(vget(a, "END_VALUE"), 10, 64)
		if n <= 0 {
			return
		}
		vset(a, "END_VALUE", strconv.FormatInt(n-1, 10))
	}
	at, _ := schedTime(a, start)
	if repeat == 3 {
		for at < now.Unix() {
			at += int64(days[0]) * 3600
		}
		vset(a, "TIME", strconv.FormatInt(at, 10))
		return
	}
	var cday, period int
	switch repeat {
	case 0:
		cday, period = int(now.Weekday()), 7
	case 1:
		cday = now.Day()
		period = time.Date(now.Year(), now.Month()+1, 0, 0, 0, 0, 0, now.Location()).Day()
	case 2:
		cday = now.YearDay() - 1
		period = time.Date(now.Year(), 12, 31, 0, 0, 0, 0, now.Location()).YearDay()
	}
	delta := 0
	switch {
	case cday < days[0]:
		delta = days[0] - cday
	case cday >= days[len(days)-1]:
		delta = period - cday + days[0]
	default:
		for _, d := range days {
			if d > cday {
				delta = d - cday
				break
			}
		}
	}
	vset(a, "TIME", strconv.FormatInt(at+int64(delta)*24*3600, 10))
}

// schedCall maps a scheduled ACTION and its ARGS to the API call that
// performs it; ok is false with oned's message for malformed ARGS.
func schedCall(vmID int, action, args string) (string, []value, string) {
	parts := strings.Split(args, ",")
	arg := func(i int) (string, bool) {
		if i < len(parts) && strings.TrimSpace(parts[i]) != "" {
			return strings.TrimSpace(parts[i]), true
		}
		return "", false
	}
	num := func(i int) (int, bool) {
		s, ok := arg(i)
		n, err := strconv.Atoi(s)
		return n, ok && err == nil
	}
	id := vInt(vmID)
	switch action {
	case "snapshot-create":
		if name, ok := arg(0); ok {
			return "one.vm.snapshotcreate", []value{id, vStr(name)}, ""
		}
		return "", nil, "Missing or malformed ARGS for: snapshot-create. Format: snapshot-name"
	case "snapshot-revert", "snapshot-delete":
		if n, ok := num(0); ok {
			return "one.vm." + strings.ReplaceAll(action, "-", ""), []value{id, vInt(n)}, ""
		}
		return "", nil, "Missing or malformed ARGS for: " + action + ". Format: snapshot-id"
	case "disk-snapshot-create":
		d, ok1 := num(0)
		name, ok2 := arg(1)
		if ok1 && ok2 {
			return "one.vm.disksnapshotcreate", []value{id, vInt(d), vStr(name)}, ""
		}
		return "", nil, "Missing or malformed ARGS for: disk-snapshot-create. Format: disk-id, snapshot-name"
	case "disk-snapshot-revert", "disk-snapshot-delete":
		d, ok1 := num(0)
		sn, ok2 := num(1)
		if ok1 && ok2 {
			return "one.vm." + strings.ReplaceAll(action, "-", ""), []value{id, vInt(d), vInt(sn)}, ""
		}
		return "", nil, "Missing or malformed ARGS for: " + action + ". Format: disk-id, snapshot-id"
	case "backup":
		ds, ok := num(0)
		reset := false
		if s, ok2 := arg(1); ok2 {
			reset = s == "1" || strings.EqualFold(s, "true")
		}
		if ok {
			return "one.vm.backup", []value{id, vInt(ds), vBool(reset)}, ""
		}
		return "", nil, "Missing or malformed ARGS for: backup. Format: datastore-id, reset"
	}
	return "one.vm.action", []value{vStr(action), id}, ""
}

// runSchedActions runs the due scheduled actions of VMs.
func (s *Server) runSchedActions(now time.Time) bool {
	if len(s.st.idx.schedVMs) == 0 {
		return false
	}
	ids := make([]int, 0, len(s.st.idx.schedVMs))
	for id := range s.st.idx.schedVMs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	changed := false
	for _, id := range ids {
		v := s.st.VMs[id]
		if v == nil || v.State == stDone {
			delete(s.st.idx.schedVMs, id)
			continue
		}
		acts := v.Template.vectors("SCHED_ACTION")
		if len(acts) == 0 {
			delete(s.st.idx.schedVMs, id)
			continue
		}
		for _, a := range acts {
			if !schedDue(a, v.STime, now.Unix()) {
				continue
			}
			s.runSched(a, v.ID, v.STime, now)
			changed = true
			break // one action per VM and pass, as oned
		}
	}
	return changed
}

// runSched performs one scheduled action and records the outcome on it.
func (s *Server) runSched(a *attr, objID int, start int64, now time.Time) {
	action := vget(a, "ACTION")
	method, params, msg := schedCall(objID, action, vget(a, "ARGS"))
	if msg == "" {
		c := s.adminCall(method, now, params...)
		if _, e := s.methods[method].h(c); e != nil {
			// oned names the action, not the method, in this message
			msg = "[" + action + "]" + strings.TrimPrefix(e.msg, "["+method+"]")
		}
	}
	if msg != "" {
		vset(a, "MESSAGE", now.Format("Mon Jan 02 15:04:05 2006")+" : "+msg)
		return
	}
	vset(a, "MESSAGE", "")
	schedNext(a, start, now)
}
