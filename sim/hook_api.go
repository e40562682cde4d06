package sim

import (
	"slices"
	"strings"
)

// vmHookOn maps a VM state hook's ON to the STATE and LCM_STATE it waits
// for (HookStateVM::parse_template); CUSTOM takes them from the template.
var vmHookOn = map[string][2]string{
	"PROLOG": {"ACTIVE", "PROLOG"}, "RUNNING": {"ACTIVE", "RUNNING"}, "SHUTDOWN": {"ACTIVE", "EPILOG"},
	"STOP": {"STOPPED", "LCM_INIT"}, "DONE": {"DONE", "LCM_INIT"}, "UNKNOWN": {"ACTIVE", "UNKNOWN"},
}

func knownName(names []string, s string) bool {
	for _, n := range names {
		if n == s {
			return true
		}
	}
	return false
}

// parseHook checks a new hook's template and turns it into the one oned
// stores (Hook::insert and the type's parse_template), or says why not.
func (s *Server) parseHook(t *tmpl) (typ, msg string) {
	typ = t.str("TYPE")
	if t.str("COMMAND") == "" {
		return "", "No COMMAND in template for Hook."
	}
	if t.str("REMOTE") == "" {
		t.set("REMOTE", "NO")
	}
	t.del("TYPE")
	if typ == "api" {
		call := t.str("CALL")
		if _, ok := s.methods[call]; !ok {
			return "", "API call does not exist or is not supported: " + call
		}
		return typ, ""
	}
	res := t.str("RESOURCE")
	switch res {
	case "":
		return "", "RESOURCE attribute is required for STATE hooks."
	case "VM":
		on := strings.ToUpper(t.str("ON"))
		t.del("ON")
		st, ok := vmHookOn[on]
		if on == "CUSTOM" {
			st = [2]string{t.str("STATE"), t.str("LCM_STATE")}
			if !knownName(vmStateNames, st[0]) {
				return "", "Wrong STATE: " + st[0]
			}
			if !knownName(lcmStateNames, st[1]) {
				return "", "Wrong LCM_STATE: " + st[1]
			}
		} else if !ok {
			return "", "Unkown state condition: " + on
		}
		t.set("STATE", st[0])
		t.set("LCM_STATE", st[1])
	case "HOST":
		st := t.str("STATE")
		found := false
		for _, n := range hostStateNames {
			found = found || n == st
		}
		if !found {
			return "", "Invalid STATE: " + st
		}
	case "IMAGE":
		st := t.str("STATE")
		if st == "" {
			return "", "Hook STATE attribute not found or invalid"
		}
		if !knownImageState(st) || st == "INIT" {
			return "", "Invalid or unkown STATE condition: " + st
		}
	case "NET":
		// HookStateVirtualNetwork::parse_template: an unknown name reads
		// as INIT, which no network hook may wait for
		if st := t.str("STATE"); !slices.Contains(vnStateNames, st) || st == "INIT" {
			return "", "Invalid STATE: " + st
		}
	default:
		return "", "Invalid resource type: " + res
	}
	return typ, ""
}

func (s *Server) registerHooks() {
	s.reg("one.hook.info", "i b?", objectInfo(hookKind))
	s.reg("one.hookpool.info", "i i i", poolInfo(hookKind))
	s.reg("one.hook.allocate", "s", func(c *call) (result, *rpcError) {
		if e := c.authz().add(opCreate, creating(obHook)).err(); e != nil {
			return result{}, e
		}
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		if typ := t.str("TYPE"); typ != "api" && typ != "state" {
			return result{}, c.errInternal("Invalid Hook type: %s", typ)
		}
		name := t.str("NAME")
		if id, ok := nameTaken(hookKind, c.st, namesGlobal, -1, c.uid(), name); ok {
			return result{}, c.errInternal("NAME is already taken by Hook %d.", id)
		}
		t.del("NAME")
		if name == "" {
			return result{}, c.errInternal("No NAME in template for Hook.")
		}
		typ, msg := s.parseHook(t)
		if msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		id := c.st.nextID("hook")
		c.st.Hooks[id] = &Hook{base: base{ID: id, Name: name, Perms: perms{OU: 1, OM: 1}}, Type: typ, Template: t}
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.hook.delete", "i", deleteHandler(hookKind))
	s.reg("one.hook.update", "i s i?", func(c *call) (result, *rpcError) {
		h, e := hookKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		nt := h.Template.clone()
		if e := c.updateTmpl(nt, c.str(2), c.intOr(3, 0)); e != nil {
			return result{}, e
		}
		if msg := hookPostUpdate(h, nt); msg != "" {
			return result{}, c.errInternal("Cannot update template. %s", msg)
		}
		h.Template = nt
		return resInt(h.ID), nil
	})
	s.reg("one.hook.rename", "i s", renameHandler(hookKind))
	s.reg("one.hook.lock", "i i b?", lockHandler(hookKind))
	s.reg("one.hook.unlock", "i", unlockHandler(hookKind))
	s.reg("one.hook.retry", "i i", func(c *call) (result, *rpcError) {
		h, e := hookKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		for _, x := range h.Log {
			if x.ExecID == c.int(2) {
				h.record(c.unix(), x.Arguments, x.RemoteHost, true)
				c.changed()
				return resInt(h.ID), nil
			}
		}
		return result{}, c.errInternal("Invalid HookLog body. Arguments not found.")
	})
	// hooklog.info(min_ts, max_ts, hook_id, rc): the records of every hook
	// (or one), newest hook first; rc -1 keeps failures, 1 successes.
	s.reg("one.hooklog.info", "i i i i", func(c *call) (result, *rpcError) {
		if c.user.GID != 0 {
			return result{}, c.fail(codeAuthorization, "User ["+itoa(c.uid())+"] not authorized to perform action on hook.")
		}
		minTS, maxTS, hid, rc := int64(c.int(1)), int64(c.int(2)), c.int(3), c.int(4)
		var b strings.Builder
		for _, id := range idsDesc(c.st.Hooks) {
			if hid >= 0 && id != hid {
				continue
			}
			for _, x := range c.st.Hooks[id].Log {
				switch {
				case minTS >= 0 && x.Timestamp < minTS, maxTS >= 0 && x.Timestamp > maxTS,
					rc == -1 && x.Code == 0, rc == 1 && x.Code != 0:
					continue
				}
				b.WriteString(x.xml())
			}
		}
		if b.Len() == 0 {
			return resString("<HOOKLOG></HOOKLOG>"), nil
		}
		return resString("<HOOKLOG>" + b.String() + "</HOOKLOG>"), nil
	})
}

// hookPostUpdate is Hook::post_update_template: COMMAND stays mandatory,
// and a state hook keeps a valid STATE.
func hookPostUpdate(h *Hook, t *tmpl) string {
	if t.str("COMMAND") == "" {
		return "The COMMAND attribute is not defined."
	}
	if h.Type == "state" && t.str("STATE") == "" {
		return "The STATE attribute is not defined or it's invalid."
	}
	return ""
}
