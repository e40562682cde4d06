package kit

import (
	"encoding/xml"

	"github.com/onectl/onectl/client"
)

// imageStatus reads an image's state for --wait: LOCKED while the
// datastore copies it, READY (or USED) after, ERROR when the copy failed.
func imageStatus(raw []byte) (Status, error) {
	var v struct {
		State int    `xml:"STATE"`
		Error string `xml:"TEMPLATE>ERROR"`
	}
	if err := xml.Unmarshal(raw, &v); err != nil {
		return Status{}, err
	}
	s := Status{Name: client.ImageStateName(v.State)}
	switch v.State {
	case 4, 6, 7, 9, 10: // LOCKED, CLONE, DELETE, LOCKED_USED, LOCKED_USED_PERS
	case 5:
		s.Failed, s.Settled = true, true
		if v.Error != "" {
			s.Why = " (" + v.Error + ")"
		}
	default:
		s.Settled = true
	}
	return s, nil
}

// appStatus reads a marketplace app's state: LOCKED while it is uploaded.
func appStatus(raw []byte) (Status, error) {
	var v struct {
		State int    `xml:"STATE"`
		Error string `xml:"TEMPLATE>ERROR"`
	}
	if err := xml.Unmarshal(raw, &v); err != nil {
		return Status{}, err
	}
	names := []string{"INIT", "READY", "LOCKED", "ERROR", "DISABLED"}
	s := Status{Name: "UNKNOWN"}
	if v.State >= 0 && v.State < len(names) {
		s.Name = names[v.State]
	}
	s.Settled = v.State != 0 && v.State != 2
	if v.State == 3 {
		s.Failed = true
		if v.Error != "" {
			s.Why = " (" + v.Error + ")"
		}
	}
	return s, nil
}
