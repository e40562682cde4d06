package sim

import (
	"encoding/base64"
	"slices"
)

// imageStateNames are Image::state_to_str's names, by STATE value.
var imageStateNames = []string{"INIT", "READY", "USED", "DISABLED", "LOCKED", "ERROR", "CLONE", "DELETE",
	"USED_PERS", "LOCKED_USED", "LOCKED_USED_PERS"}

func knownImageState(s string) bool { return slices.Contains(imageStateNames, s) }

// diffHooked is an object type whose state hooks are found by comparing
// states after each request rather than where they change: image and
// network states change in many places.
type diffHooked struct {
	resource string                      // HOOK_OBJECT and RESOURCE: IMAGE, NET
	names    []string                    // state names by STATE value
	states   func(st *state) map[int]int // STATE of every object
	xml      func(st *state, id int) string
}

var diffHookedTypes = []diffHooked{
	{resource: "IMAGE", names: imageStateNames,
		states: func(st *state) map[int]int {
			m := make(map[int]int, len(st.Images))
			for id, im := range st.Images {
				m[id] = im.State
			}
			return m
		},
		xml: func(st *state, id int) string { return st.imageXML(st.Images[id]) }},
	{resource: "NET", names: vnStateNames,
		states: func(st *state) map[int]int {
			m := make(map[int]int, len(st.VNets))
			for id, n := range st.VNets {
				m[id] = n.State
			}
			return m
		},
		xml: func(st *state, id int) string { return st.vnetXML(st.VNets[id], showAll) }},
}

// statesSeen is the state of each object when state hooks last looked, per
// resource (derived, never saved), kept only while such a hook exists.
type statesSeen map[string]map[int]int

// fireDiffHooks records the IMAGE and NET state hooks of the objects whose
// state changed since the last look, and says whether it recorded any.
func (s *Server) fireDiffHooks(t int64) bool {
	recorded := false
	for _, d := range diffHookedTypes {
		if s.fireStateDiff(d, t) {
			recorded = true
		}
	}
	return recorded
}

func (s *Server) fireStateDiff(d diffHooked, t int64) bool {
	var hooks []*Hook
	for _, id := range idsAsc(s.st.Hooks) {
		if h := s.st.Hooks[id]; h.Type == "state" && h.Template.str("RESOURCE") == d.resource {
			hooks = append(hooks, h)
		}
	}
	if len(hooks) == 0 {
		delete(s.seen, d.resource)
		return false
	}
	if s.seen == nil {
		s.seen = statesSeen{}
	}
	seen, first := s.seen[d.resource], s.seen[d.resource] == nil
	now := d.states(s.st)
	s.seen[d.resource] = now
	if first {
		return false
	}
	name := func(st int) string {
		if st >= 0 && st < len(d.names) {
			return d.names[st]
		}
		return ""
	}
	recorded := false
	for _, id := range idsAsc(now) {
		prev, known := seen[id]
		cur := name(now[id])
		if !known || prev == now[id] || cur == "" {
			continue
		}
		for _, hk := range hooks {
			if hk.Template.str("STATE") != cur {
				continue
			}
			msg := "<HOOK_MESSAGE><HOOK_TYPE>STATE</HOOK_TYPE><HOOK_OBJECT>" + d.resource + "</HOOK_OBJECT>" +
				el("STATE", cur) + el("RESOURCE_ID", id) + d.xml(s.st, id) + "</HOOK_MESSAGE>"
			hk.record(t, expandArgs(hk.Template.str("ARGUMENTS"), map[string]string{
				"TEMPLATE": base64.StdEncoding.EncodeToString([]byte(msg)), "ID": itoa(id), "PREV_STATE": name(prev)}), "", false)
			recorded = true
		}
	}
	return recorded
}
