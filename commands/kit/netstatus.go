package kit

import (
	"encoding/xml"

	"github.com/onectl/onectl/client"
)

// vnetStatus reads a virtual network's state for --wait: LOCK_CREATE and
// LOCK_DELETE are the driver at work, ERROR and UPDATE_FAILURE failures.
func vnetStatus(raw []byte) (Status, error) {
	var v struct {
		State int `xml:"STATE"`
	}
	if err := xml.Unmarshal(raw, &v); err != nil {
		return Status{}, err
	}
	name := client.VNetStateName(v.State)
	return Status{Name: name, Failed: name == "ERROR" || name == "UPDATE_FAILURE",
		Settled: name != "INIT" && name != "LOCK_CREATE" && name != "LOCK_DELETE"}, nil
}
