package user

import (
	"strconv"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

type userRow = kit.QuotaRow[client.User]

func newPool() *kit.QuotaPool[client.User] {
	return &kit.QuotaPool[client.User]{Elem: "USER", ID: func(u *client.User) int { return u.ID }}
}

// userTable has oneuser list's columns first (the default), then extra
// ones for --list.
func userTable() *output.Table {
	u := func(r any) *userRow { return r.(*userRow) }
	return &output.Table{
		Default: []string{"ID", "NAME", "ENABLED", "GROUP", "AUTH", "VMS", "MEMORY", "CPU"},
		Columns: []output.Column{
			{Name: "ID", Right: true, Value: func(r any) string { return strconv.Itoa(u(r).ID) }},
			{Name: "NAME", Value: func(r any) string { return u(r).Obj.Name }},
			{Name: "ENABLED", Value: func(r any) string { return yesNo(u(r).Obj.Enabled == 1) }},
			{Name: "GROUP", Value: func(r any) string { return u(r).Obj.GName }},
			{Name: "AUTH", Value: func(r any) string { return u(r).Obj.AuthDriver }},
			{Name: "VMS", Right: true, Value: func(r any) string { return u(r).VMsCell() }},
			{Name: "MEMORY", Right: true, Value: func(r any) string { return u(r).MemoryCell() }},
			{Name: "CPU", Right: true, Value: func(r any) string { return u(r).CPUCell("  -") }},
			{Name: "GID", Right: true, Value: func(r any) string { return strconv.Itoa(u(r).Obj.GID) }},
			{Name: "PASSWORD", Value: func(r any) string { return u(r).Obj.Password }},
		},
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
