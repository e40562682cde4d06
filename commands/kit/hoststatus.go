package kit

import (
	"encoding/xml"

	"github.com/onectl/onectl/client"
)

// hostStatus reads a host's state for --wait: INIT until its first probe,
// then MONITORED (or DISABLED, OFFLINE); ERROR is a failure.
func hostStatus(raw []byte) (Status, error) {
	var h struct {
		State int `xml:"STATE"`
	}
	if err := xml.Unmarshal(raw, &h); err != nil {
		return Status{}, err
	}
	return Status{Name: client.HostStateName(h.State), Failed: h.State == 3, Settled: h.State != 0}, nil
}
