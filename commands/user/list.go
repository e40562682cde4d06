package user

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// userRow is one user of the pool with the QUOTAS element that follows it
// and the pool's default quotas, which only arrive at its end.
type userRow struct {
	client.User
	vm  *client.VMQuota
	def *client.Quotas
}

// poolReader reads a USER_POOL element by element: users become rows,
// their QUOTAS attach to them, the default quotas to every row.
type poolReader struct {
	last *userRow
	def  client.Quotas
}

func (p *poolReader) row(elem []byte) (any, error) {
	switch {
	case bytes.HasPrefix(elem, []byte("<USER>")), bytes.HasPrefix(elem, []byte("<USER ")):
		r := &userRow{def: &p.def}
		if err := xml.Unmarshal(elem, &r.User); err != nil {
			return nil, err
		}
		r.vm = r.User.Quotas.VM
		p.last = r
		return r, nil
	case bytes.HasPrefix(elem, []byte("<QUOTAS>")):
		var q client.PoolQuotas
		if err := xml.Unmarshal(elem, &q); err != nil {
			return nil, err
		}
		if p.last != nil && p.last.ID == q.ID {
			p.last.vm = q.VM
		}
		return &kit.PoolExtra{Follows: true}, nil
	default:
		var d client.DefaultQuotas
		if err := xml.Unmarshal(elem, &d); err != nil {
			return nil, err
		}
		p.def = d.Quotas
		return &kit.PoolExtra{}, nil
	}
}

// The VMS, MEMORY and CPU cells are oneuser list's: "used / limit", the
// limit through the default quotas, "-" when unlimited, and "-" alone for
// oneadmin, who has no quota.
func (r *userRow) quota(metric string) (used, limit float64, ok bool) {
	vm := r.vm
	if vm == nil {
		if r.ID == 0 {
			return 0, 0, false
		}
		vm = client.DefaultVMQuota()
	}
	used, _ = vm.Metric(metric + "_USED")
	l, _ := vm.Metric(metric)
	return used, client.Limit(l, r.def.VMDefault(metric)), true
}

func vmsCell(r *userRow) string {
	used, limit, ok := r.quota("VMS")
	switch {
	case !ok:
		return "-"
	case limit == client.QuotaUnlimited:
		return fmt.Sprintf("%3d /   -", int64(used))
	}
	return fmt.Sprintf("%3d / %3d", int64(used), int64(limit))
}

func memoryCell(r *userRow) string {
	used, limit, ok := r.quota("MEMORY")
	switch {
	case !ok:
		return "-"
	case limit == client.QuotaUnlimited:
		return fmt.Sprintf("%7s /       -", output.HumanMB(int64(used)))
	}
	return fmt.Sprintf("%7s / %7s", output.HumanMB(int64(used)), output.HumanMB(int64(limit)))
}

func cpuCell(r *userRow) string {
	used, limit, ok := r.quota("CPU")
	switch {
	case !ok:
		return "-"
	case limit == client.QuotaUnlimited:
		return fmt.Sprintf("%3.1f /   -", used)
	}
	return fmt.Sprintf("%3.1f / %3.1f", used, limit)
}

// userTable has oneuser list's columns first (the default), then extra
// ones for --list.
func userTable() *output.Table {
	u := func(r any) *userRow { return r.(*userRow) }
	return &output.Table{
		Default: []string{"ID", "NAME", "ENABLED", "GROUP", "AUTH", "VMS", "MEMORY", "CPU"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(u(r).ID) }},
			{Name: "NAME", Value: func(r any) string { return u(r).Name }},
			{Name: "ENABLED", Value: func(r any) string { return yesNo(u(r).Enabled == 1) }},
			{Name: "GROUP", Value: func(r any) string { return u(r).GName }},
			{Name: "AUTH", Value: func(r any) string { return u(r).AuthDriver }},
			{Name: "VMS", Right: true, Value: func(r any) string { return vmsCell(u(r)) }},
			{Name: "MEMORY", Right: true, Value: func(r any) string { return memoryCell(u(r)) }},
			{Name: "CPU", Right: true, Value: func(r any) string { return cpuCell(u(r)) }},
			{Name: "GID", Right: true, Value: func(r any) string { return strconv.Itoa(u(r).GID) }},
			{Name: "PASSWORD", Value: func(r any) string { return u(r).Password }},
		},
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
