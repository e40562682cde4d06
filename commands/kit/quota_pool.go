package kit

import (
	"bytes"
	"encoding/xml"
	"fmt"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/output"
)

// QuotaPool reads the pools of users and groups for a List, element by
// element: each object (<USER>, <GROUP>) becomes a QuotaRow, the QUOTAS
// element after it fills that row's VM quota, and the default quotas
// that close the pool reach every row (cells are only computed when the
// table is printed, after the whole pool was read).
type QuotaPool[T any] struct {
	Elem string         // USER or GROUP
	ID   func(*T) int   // the object's ID
	last *QuotaRow[T]   // the object the next QUOTAS belong to
	def  *client.Quotas // filled by the closing default quotas
}

// QuotaRow is one user or group of a pool with its VM quota.
type QuotaRow[T any] struct {
	Obj *T
	ID  int
	VM  *client.VMQuota
	Def *client.Quotas
}

// Row is the List's Row function.
func (p *QuotaPool[T]) Row(elem []byte) (any, error) {
	if p.def == nil {
		p.def = &client.Quotas{}
	}
	switch {
	case bytes.HasPrefix(elem, []byte("<"+p.Elem+">")):
		obj := new(T)
		if err := xml.Unmarshal(elem, obj); err != nil {
			return nil, err
		}
		r := &QuotaRow[T]{Obj: obj, ID: p.ID(obj), Def: p.def}
		p.last = r
		return r, nil
	case bytes.HasPrefix(elem, []byte("<QUOTAS>")):
		var q client.PoolQuotas
		if err := xml.Unmarshal(elem, &q); err != nil {
			return nil, err
		}
		if p.last != nil && p.last.ID == q.ID {
			p.last.VM = q.VM
		}
		return &PoolExtra{Follows: true}, nil
	default:
		var d client.DefaultQuotas
		if err := xml.Unmarshal(elem, &d); err != nil {
			return nil, err
		}
		*p.def = d.Quotas
		return &PoolExtra{}, nil
	}
}

// quota is a VM metric as the list shows it: used, and the limit through
// the default quotas. ok is false for ID 0 (oneadmin, the oneadmin group)
// without a VM quota: the CLI prints a bare "-" there.
func (r *QuotaRow[T]) quota(metric string) (used, limit float64, ok bool) {
	vm := r.VM
	if vm == nil {
		if r.ID == 0 {
			return 0, 0, false
		}
		vm = client.DefaultVMQuota()
	}
	used, _ = vm.Metric(metric + "_USED")
	l, _ := vm.Metric(metric)
	return used, client.Limit(l, r.Def.VMDefault(metric)), true
}

// VMsCell, MemoryCell and CPUCell are the VMS, MEMORY and CPU cells of
// oneuser list and onegroup list ("used / limit", "-" for unlimited).
// cpuDash is what follows "/" for an unlimited CPU: oneuser pads it to 3
// columns, onegroup to 4.
func (r *QuotaRow[T]) VMsCell() string {
	used, limit, ok := r.quota("VMS")
	switch {
	case !ok:
		return "-"
	case limit == client.QuotaUnlimited:
		return fmt.Sprintf("%3d /   -", int64(used))
	}
	return fmt.Sprintf("%3d / %3d", int64(used), int64(limit))
}

func (r *QuotaRow[T]) MemoryCell() string {
	used, limit, ok := r.quota("MEMORY")
	switch {
	case !ok:
		return "-"
	case limit == client.QuotaUnlimited:
		return fmt.Sprintf("%7s /       -", output.HumanMB(int64(used)))
	}
	return fmt.Sprintf("%7s / %7s", output.HumanMB(int64(used)), output.HumanMB(int64(limit)))
}

func (r *QuotaRow[T]) CPUCell(cpuDash string) string {
	used, limit, ok := r.quota("CPU")
	switch {
	case !ok:
		return "-"
	case limit == client.QuotaUnlimited:
		return fmt.Sprintf("%3.1f / %s", used, cpuDash)
	}
	return fmt.Sprintf("%3.1f / %3.1f", used, limit)
}
