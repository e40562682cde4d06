package client

// StateName is one state as the CLI names it: the long name (RUNNING,
// POWEROFF) and the short one its lists show in the STAT column (runn,
// poff). Several long names may share a short one.
type StateName struct{ Name, Short string }

func exportStates(tables ...[]stateName) []StateName {
	var out []StateName
	for _, t := range tables {
		for _, s := range t {
			out = append(out, StateName{Name: s.name, Short: s.short})
		}
	}
	return out
}

// VMStateNames lists the VM states and the LCM states of an active VM.
func VMStateNames() []StateName { return exportStates(vmStates, lcmStates) }

// HostStateNames lists the host states.
func HostStateNames() []StateName { return exportStates(hostStates) }

// ImageStateNames lists the image states.
func ImageStateNames() []StateName { return exportStates(imageStates) }

// DatastoreStateNames lists the datastore states.
func DatastoreStateNames() []StateName { return exportStates(datastoreStates) }

// VNetStateNames lists the virtual network states.
func VNetStateNames() []StateName { return exportStates(vnetStates) }
