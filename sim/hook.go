package sim

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
)

// Hooks: an API hook fires on every call of its CALL (oned sends the event
// whether the call succeeded or not); a state hook fires when a VM or host
// reaches its state. The simulator runs no command: each firing is
// recorded in the hook log as oned records an execution, with the
// arguments the command would have been given ($API, $TEMPLATE, $ID,
// $PREV_STATE and $PREV_LCM_STATE expanded), exit code 0 and a standard
// output saying that nothing ran.

// hookLogRetention is oned.conf's HOOK_LOG_CONF LOG_RETENTION: the
// records kept per hook.
const hookLogRetention = 20

// hookNotRun is the STDOUT of every recorded execution.
const hookNotRun = "onectl sim: hook commands are not run; this record shows the arguments it would have had"

type Hook struct {
	base
	Type     string // api | state
	Template *tmpl
	Log      []*hookExec `json:",omitempty"`
	NextExec int
}

type hookExec struct {
	HookID     int
	ExecID     int
	Timestamp  int64
	Arguments  string
	Command    string
	Code       int
	RemoteHost string `json:",omitempty"`
	Retry      bool   `json:",omitempty"`
}

func (x *hookExec) xml() string {
	enc := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	s := "<HOOK_EXECUTION_RECORD>" + el("HOOK_ID", x.HookID) + el("EXECUTION_ID", x.ExecID) +
		el("TIMESTAMP", x.Timestamp) + elc("ARGUMENTS", x.Arguments) + "<EXECUTION_RESULT>" +
		elc("COMMAND", x.Command) + elc("STDOUT", enc(hookNotRun)) + elc("STDERR", "") +
		elc("CODE", itoa(x.Code)) + "</EXECUTION_RESULT>"
	if x.RemoteHost != "" {
		s += elc("REMOTE_HOST", x.RemoteHost)
	}
	if x.Retry {
		s += elc("RETRY", "yes")
	}
	return s + "</HOOK_EXECUTION_RECORD>"
}

var hookKind = owned(objKind[*Hook]{ot: obHook, names: namesPerOwner, root: "HOOK_POOL",
	pool:  func(st *state) map[int]*Hook { return st.Hooks },
	xml:   func(st *state, h *Hook) string { return h.xml(true) },
	entry: func(st *state, h *Hook) string { return h.xml(false) },
	tmpl:  func(h *Hook) *tmpl { return h.Template }})

func (h *Hook) xml(withLog bool) string {
	s := "<HOOK>" + el("ID", h.ID) + el("NAME", h.Name) + el("TYPE", h.Type) + h.Lock.xml() +
		h.Template.xml("TEMPLATE")
	if withLog {
		var b strings.Builder
		for _, x := range h.Log {
			b.WriteString(x.xml())
		}
		if b.Len() == 0 {
			s += "<HOOKLOG/>"
		} else {
			s += "<HOOKLOG>" + b.String() + "</HOOKLOG>"
		}
	}
	return s + "</HOOK>"
}

// record adds an execution to the hook's log, keeping the last
// hookLogRetention ones.
func (h *Hook) record(t int64, args, remote string, retry bool) {
	cmd := h.Template.str("COMMAND")
	if args != "" {
		cmd += " " + args
	}
	h.Log = append(h.Log, &hookExec{HookID: h.ID, ExecID: h.NextExec, Timestamp: t, Arguments: args,
		Command: cmd, RemoteHost: remote, Retry: retry})
	h.NextExec++
	if len(h.Log) > hookLogRetention {
		h.Log = h.Log[len(h.Log)-hookLogRetention:]
	}
}

// expandArgs replaces the hook's ARGUMENTS variables.
func expandArgs(args string, vars map[string]string) string {
	// longest names first, so $PREV_LCM_STATE is not read as $PREV...
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return len(b) - len(a) })
	for _, n := range names {
		args = strings.ReplaceAll(args, "$"+n, vars[n])
	}
	return args
}

// apiHook is what fireAPIHooks needs from before the call: whether a
// hook waits for it, and for a delete the object's XML, which oned puts
// in the EXTRA of the hook's $API (gone after the call).
type apiHook struct {
	on    bool
	extra string
}

func (s *Server) apiHooked(c *call) apiHook {
	for _, h := range s.st.Hooks {
		if h.Type == "api" && h.Template.str("CALL") == c.method {
			var x apiHook
			x.on = true
			if strings.HasSuffix(c.method, ".delete") && len(c.params) > 1 && c.params[1].k == kInt {
				x.extra = s.objectXML(c, strings.TrimSuffix(c.method, ".delete"), int(c.params[1].i))
			}
			return x
		}
	}
	return apiHook{}
}

// objectXML is the info document of an object, read as oneadmin; "" when
// there is none.
func (s *Server) objectXML(c *call, prefix string, id int) string {
	m := s.methods[prefix+".info"]
	if m == nil {
		return ""
	}
	r, e := m.h(s.adminCall(prefix+".info", c.now, vInt(id)))
	if e != nil {
		return ""
	}
	return r.s
}

// fireAPIHooks records the API hooks on the method just called; params
// are the call's, result its answer (nil e) or failure. The EXTRA of an
// allocate or delete holds the object, as oned sends it.
func (s *Server) fireAPIHooks(c *call, x apiHook, res result, e *rpcError) {
	if !x.on {
		return // most calls: nothing to look at, nothing allocated
	}
	if e == nil && strings.HasSuffix(c.method, ".allocate") && res.k == kInt {
		x.extra = s.objectXML(c, strings.TrimSuffix(c.method, ".allocate"), int(res.i))
	}
	var hooks []*Hook
	for _, id := range idsAsc(s.st.Hooks) {
		h := s.st.Hooks[id]
		if h.Type == "api" && h.Template.str("CALL") == c.method {
			hooks = append(hooks, h)
		}
	}
	if len(hooks) == 0 {
		return
	}
	var b strings.Builder
	ok := 1
	if e != nil {
		ok = 0
	}
	b.WriteString("<CALL_INFO>" + el("RESULT", ok) + "<PARAMETERS>")
	for i, p := range c.params {
		v := p.text()
		if i == 0 {
			v = "****" // the session is a hidden parameter
		}
		b.WriteString("<PARAMETER>" + el("POSITION", i+1) + "<TYPE>IN</TYPE>" + el("VALUE", v) + "</PARAMETER>")
	}
	out := ""
	if e != nil {
		out = e.msg
	} else {
		out = res.text()
	}
	b.WriteString("<PARAMETER>" + el("POSITION", len(c.params)+1) + "<TYPE>OUT</TYPE>" + el("VALUE", out) +
		"</PARAMETER></PARAMETERS><EXTRA>" + x.extra + "</EXTRA></CALL_INFO>")
	api := base64.StdEncoding.EncodeToString([]byte(b.String()))
	for _, h := range hooks {
		h.record(c.unix(), expandArgs(h.Template.str("ARGUMENTS"), map[string]string{"API": api}), "", false)
	}
	c.changed()
}

// hostStateChanged records the state hooks on hosts that wait for the
// host's new state.
func (s *Server) hostStateChanged(h *Host, prev int, t int64) {
	if len(s.st.Hooks) == 0 {
		return
	}
	name := hostStateNames[h.State]
	for _, id := range idsAsc(s.st.Hooks) {
		hk := s.st.Hooks[id]
		if hk.Type != "state" || hk.Template.str("RESOURCE") != "HOST" || hk.Template.str("STATE") != name {
			continue
		}
		msg := "<HOOK_MESSAGE><HOOK_TYPE>STATE</HOOK_TYPE><HOOK_OBJECT>HOST</HOOK_OBJECT>" + el("STATE", name) +
			el("RESOURCE_ID", h.ID) + s.st.hostXML(h) + "</HOOK_MESSAGE>"
		args := expandArgs(hk.Template.str("ARGUMENTS"), map[string]string{
			"TEMPLATE": base64.StdEncoding.EncodeToString([]byte(msg)), "ID": itoa(h.ID),
			"PREV_STATE": hostStateNames[prev]})
		remote := ""
		if strings.EqualFold(hk.Template.str("REMOTE"), "YES") {
			remote = h.Name
		}
		hk.record(t, args, remote, false)
	}
}

// vmStateChanged records the state hooks on VMs that wait for the VM's
// new STATE and LCM_STATE; the state code calls it on every change.
func (st *state) vmStateChanged(v *VM, prevState, prevLCM int, t int64) {
	if len(st.Hooks) == 0 {
		return
	}
	sname := vmStateNames[v.State]
	lname := "LCM_INIT"
	if v.State == stActive {
		lname = lcmStateNames[v.LCM]
	}
	for _, id := range idsAsc(st.Hooks) {
		hk := st.Hooks[id]
		if hk.Type != "state" || hk.Template.str("RESOURCE") != "VM" || hk.Template.str("STATE") != sname ||
			hk.Template.str("LCM_STATE") != lname {
			continue
		}
		msg := "<HOOK_MESSAGE><HOOK_TYPE>STATE</HOOK_TYPE><HOOK_OBJECT>VM</HOOK_OBJECT>" + el("STATE", sname) +
			el("LCM_STATE", lname) + el("RESOURCE_ID", v.ID)
		remote := ""
		if h := v.lastHistory(); h != nil && h.ETime == 0 {
			remote = h.Hostname
		}
		if remote != "" {
			msg += el("REMOTE_HOST", remote)
		} else {
			msg += "<REMOTE_HOST/>"
		}
		msg += st.vmXML(v) + "</HOOK_MESSAGE>"
		prevL := "LCM_INIT"
		if prevState == stActive {
			prevL = lcmStateNames[prevLCM]
		}
		args := expandArgs(hk.Template.str("ARGUMENTS"), map[string]string{
			"TEMPLATE": base64.StdEncoding.EncodeToString([]byte(msg)), "ID": itoa(v.ID),
			"PREV_STATE": vmStateNames[prevState], "PREV_LCM_STATE": prevL})
		if !strings.EqualFold(hk.Template.str("REMOTE"), "YES") {
			remote = ""
		}
		hk.record(t, args, remote, false)
	}
}

// hostStateNames are Host::state_to_str's names, by STATE value.
var hostStateNames = map[int]string{0: "INIT", 1: "MONITORING_MONITORED", 2: "MONITORED", 3: "ERROR",
	4: "DISABLED", 5: "MONITORING_ERROR", 6: "MONITORING_INIT", 7: "MONITORING_DISABLED", 8: "OFFLINE"}

// text is a parameter as oned's ParamList prints it into CALL_INFO.
func (p value) text() string {
	switch p.k {
	case kInt, kI8:
		return strconv.FormatInt(p.i, 10)
	case kBool:
		if p.b {
			return "1"
		}
		return "0"
	case kDouble:
		return strconv.FormatFloat(p.f, 'f', -1, 64)
	case kString:
		return p.s
	}
	return ""
}

func (r result) text() string {
	switch r.k {
	case kInt, kI8:
		return strconv.FormatInt(r.i, 10)
	case kBool:
		if r.b {
			return "1"
		}
		return "0"
	}
	return r.s
}
