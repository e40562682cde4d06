package client

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/onectl/onectl/xmlscan"
)

// ParseVMListEntry reads one <VM> of a pool listing into the fields a list
// row shows, several times faster than ParseVM: the owner header,
// PERMISSIONS and LOCK, the state fields, STIME/ETIME, DEPLOY_ID,
// TEMPLATE's CPU, VCPU, MEMORY and TEMPLATE_ID, its NICs' addresses and
// network, and the HISTORY records. Everything else (Raw and Attrs of the
// templates, disks, monitoring, snapshots, backups) is left empty: use
// ParseVM for a whole VM.
func ParseVMListEntry(raw []byte) (*VM, error) {
	v := &VM{}
	s := xmlscan.New(raw)
	var (
		path [4][]byte // names of the open elements, up to the depth read
		text []byte
		err  error
	)
	fail := func(e error) (*VM, error) { return nil, fmt.Errorf("parse client.VM: %w", e) }
	for {
		kind, name, t, serr := s.Next()
		if errors.Is(serr, io.EOF) {
			break
		}
		if serr != nil {
			return fail(serr)
		}
		switch kind {
		case xmlscan.Text:
			text = append(text, t...)
			continue
		case xmlscan.Start:
			text = text[:0]
			d := s.Depth()
			if d == 1 && string(name) != "VM" {
				return fail(fmt.Errorf("expected element type <VM> but have <%s>", name))
			}
			if d <= len(path) {
				path[d-1] = name
			}
			if skipInList(d, path[1], name) {
				if serr := s.Skip(); serr != nil {
					return fail(serr)
				}
				continue
			}
			switch {
			case d == 2 && string(name) == "LOCK":
				v.Lock = &Lock{}
			case d == 2 && string(name) == "PERMISSIONS":
				v.Permissions = &Permissions{}
			case d == 3 && string(path[1]) == "TEMPLATE" && string(name) == "NIC":
				v.Template.NICs = append(v.Template.NICs, VMNIC{})
			case d == 3 && string(path[1]) == "HISTORY_RECORDS" && string(name) == "HISTORY":
				v.History = append(v.History, History{})
			}
			continue
		}
		d := s.Depth() + 1 // the closed element's depth
		if d > len(path) {
			continue
		}
		val := text
		text = text[:0]
		switch d {
		case 2:
			err = v.setTop(string(name), val)
		case 3:
			switch string(path[1]) {
			case "TEMPLATE":
				v.Template.set(string(name), val)
			case "LOCK":
				err = v.Lock.set(string(name), val)
			case "PERMISSIONS":
				err = v.Permissions.set(string(name), val)
			}
		case 4:
			switch {
			case string(path[1]) == "TEMPLATE" && string(path[2]) == "NIC":
				v.Template.NICs[len(v.Template.NICs)-1].set(string(name), val)
			case string(path[1]) == "HISTORY_RECORDS" && string(path[2]) == "HISTORY":
				err = v.History[len(v.History)-1].set(string(name), val)
			}
		}
		if err != nil {
			return fail(err)
		}
	}
	return v, nil
}

// skipInList tells the subtrees a list row never reads, passed over
// without being decoded: monitoring, the user template, and the template's
// disks, context, graphics and other attributes.
func skipInList(depth int, parent, name []byte) bool {
	switch depth {
	case 2:
		switch string(name) {
		case "MONITORING", "USER_TEMPLATE", "SCHED_ACTIONS", "SNAPSHOTS", "BACKUPS":
			return true
		}
	case 3:
		if string(parent) != "TEMPLATE" {
			return false
		}
		switch string(name) {
		case "CPU", "VCPU", "MEMORY", "TEMPLATE_ID", "NIC":
			return false
		}
		return true
	}
	return false
}

// num parses an integer element as encoding/xml does: surrounding space
// ignored, empty is zero.
func num[T int | int64](dst *T, b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		*dst = 0
		return nil
	}
	// the common case, a short decimal, without a string
	neg := b[0] == '-'
	digits := b
	if neg {
		digits = b[1:]
	}
	if len(digits) > 0 && len(digits) < 19 {
		var n int64
		for _, c := range digits {
			if c < '0' || c > '9' {
				n = -1
				break
			}
			n = n*10 + int64(c-'0')
		}
		if n >= 0 {
			if neg {
				n = -n
			}
			*dst = T(n)
			return nil
		}
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return err
	}
	*dst = T(n)
	return nil
}

func (v *VM) setTop(name string, val []byte) error {
	switch name {
	case "ID":
		return num(&v.ID, val)
	case "UID":
		return num(&v.UID, val)
	case "GID":
		return num(&v.GID, val)
	case "UNAME":
		v.UName = string(val)
	case "GNAME":
		v.GName = string(val)
	case "NAME":
		v.Name = string(val)
	case "LAST_POLL":
		return num(&v.LastPoll, val)
	case "STATE":
		return num(&v.State, val)
	case "LCM_STATE":
		return num(&v.LCMState, val)
	case "PREV_STATE":
		return num(&v.PrevState, val)
	case "PREV_LCM_STATE":
		return num(&v.PrevLCMState, val)
	case "RESCHED":
		return num(&v.Resched, val)
	case "STIME":
		return num(&v.STime, val)
	case "ETIME":
		return num(&v.ETime, val)
	case "DEPLOY_ID":
		v.DeployID = string(val)
	}
	return nil
}

func (t *VMTemplateSection) set(name string, val []byte) {
	switch name {
	case "CPU":
		t.CPU = string(val)
	case "VCPU":
		t.VCPU = string(val)
	case "MEMORY":
		t.Memory = string(val)
	case "TEMPLATE_ID":
		t.TemplateID = string(val)
	}
}

func (l *Lock) set(name string, val []byte) error {
	switch name {
	case "LOCKED":
		return num(&l.Locked, val)
	case "OWNER":
		return num(&l.Owner, val)
	case "TIME":
		return num(&l.Time, val)
	case "REQ_ID":
		return num(&l.ReqID, val)
	}
	return nil
}

func (p *Permissions) set(name string, val []byte) error {
	for _, f := range []struct {
		n string
		d *int
	}{{"OWNER_U", &p.OwnerU}, {"OWNER_M", &p.OwnerM}, {"OWNER_A", &p.OwnerA},
		{"GROUP_U", &p.GroupU}, {"GROUP_M", &p.GroupM}, {"GROUP_A", &p.GroupA},
		{"OTHER_U", &p.OtherU}, {"OTHER_M", &p.OtherM}, {"OTHER_A", &p.OtherA}} {
		if f.n == name {
			return num(f.d, val)
		}
	}
	return nil
}

func (n *VMNIC) set(name string, val []byte) {
	switch name {
	case "NIC_ID":
		n.NICID = string(val)
	case "NETWORK":
		n.Network = string(val)
	case "NETWORK_ID":
		n.NetworkID = string(val)
	case "IP":
		n.IP = string(val)
	case "IP6":
		n.IP6 = string(val)
	case "IP6_GLOBAL":
		n.IP6Global = string(val)
	case "IP6_ULA":
		n.IP6ULA = string(val)
	case "MAC":
		n.MAC = string(val)
	}
}

func (h *History) set(name string, val []byte) error {
	switch name {
	case "OID":
		return num(&h.OID, val)
	case "SEQ":
		return num(&h.Seq, val)
	case "HOSTNAME":
		h.Hostname = string(val)
	case "HID":
		return num(&h.HID, val)
	case "CID":
		return num(&h.CID, val)
	case "STIME":
		return num(&h.STime, val)
	case "ETIME":
		return num(&h.ETime, val)
	case "VM_MAD":
		h.VMMad = string(val)
	case "TM_MAD":
		h.TMMad = string(val)
	case "DS_ID":
		return num(&h.DSID, val)
	case "PSTIME":
		return num(&h.PSTime, val)
	case "PETIME":
		return num(&h.PETime, val)
	case "RSTIME":
		return num(&h.RSTime, val)
	case "RETIME":
		return num(&h.RETime, val)
	case "ESTIME":
		return num(&h.ESTime, val)
	case "EETIME":
		return num(&h.EETime, val)
	case "ACTION":
		return num(&h.Action, val)
	case "UID":
		return num(&h.UID, val)
	case "GID":
		return num(&h.GID, val)
	case "REQUEST_ID":
		h.RequestID = string(val)
	}
	return nil
}
