package sim

import (
	"encoding/base64"
	"slices"
)

// imageStateNames are Image::state_to_str's names, by STATE value.
var imageStateNames = []string{"INIT", "READY", "USED", "DISABLED", "LOCKED", "ERROR", "CLONE", "DELETE",
	"USED_PERS", "LOCKED_USED", "LOCKED_USED_PERS"}

// imageStatesSeen is the state of each image when state hooks last looked
// (derived, never saved): image states change in many places, so the
// changes are found by comparing after each request, and only while an
// IMAGE state hook exists.
type imageStatesSeen map[int]int

// fireImageHooks records the IMAGE state hooks for the images whose state
// changed since the last look, and says whether it recorded any.
func (s *Server) fireImageHooks(t int64) bool {
	var hooks []*Hook
	for _, id := range idsAsc(s.st.Hooks) {
		if h := s.st.Hooks[id]; h.Type == "state" && h.Template.str("RESOURCE") == "IMAGE" {
			hooks = append(hooks, h)
		}
	}
	if len(hooks) == 0 {
		s.imagesSeen = nil
		return false
	}
	recorded := false
	first := s.imagesSeen == nil
	if first {
		s.imagesSeen = imageStatesSeen{}
	}
	for _, id := range idsAsc(s.st.Images) {
		im := s.st.Images[id]
		prev, known := s.imagesSeen[id]
		s.imagesSeen[id] = im.State
		if first || (known && prev == im.State) || im.State < 0 || im.State >= len(imageStateNames) {
			continue
		}
		name := imageStateNames[im.State]
		for _, hk := range hooks {
			if hk.Template.str("STATE") != name {
				continue
			}
			msg := "<HOOK_MESSAGE><HOOK_TYPE>STATE</HOOK_TYPE><HOOK_OBJECT>IMAGE</HOOK_OBJECT>" + el("STATE", name) +
				el("RESOURCE_ID", id) + s.st.imageXML(im) + "</HOOK_MESSAGE>"
			prevName := ""
			if known && prev >= 0 && prev < len(imageStateNames) {
				prevName = imageStateNames[prev]
			}
			hk.record(t, expandArgs(hk.Template.str("ARGUMENTS"), map[string]string{
				"TEMPLATE": base64.StdEncoding.EncodeToString([]byte(msg)), "ID": itoa(id), "PREV_STATE": prevName}), "", false)
			recorded = true
		}
	}
	for id := range s.imagesSeen {
		if s.st.Images[id] == nil {
			delete(s.imagesSeen, id)
		}
	}
	return recorded
}

func knownImageState(s string) bool { return slices.Contains(imageStateNames, s) }
