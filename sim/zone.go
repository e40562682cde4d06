package sim

import (
	"strings"
)

// Zone is a zone of the federation; a standalone oned has only zone 0,
// whose SERVER_POOL lists its HA servers (src/zone/Zone.cc).
type Zone struct {
	ID       int
	Name     string
	State    int // 0 ENABLED, 1 DISABLED
	Template *tmpl
	Servers  []*zoneServer
	NextSrv  int
}

type zoneServer struct {
	ID       int
	Name     string
	Endpoint string
}

// defaultEndpoint is oned's own, until the server knows where it listens.
const defaultEndpoint = "http://localhost:2633/RPC2"

func (st *state) seedZones() {
	if st.Zones != nil {
		return
	}
	t := newTmpl()
	t.set("ENDPOINT", defaultEndpoint)
	st.Zones = map[int]*Zone{0: {ID: 0, Name: "OpenNebula", Template: t}}
	st.NextID["zone"] = max(st.NextID["zone"], 100)
}

func (st *state) zoneXML(z *Zone) string {
	var b strings.Builder
	b.WriteString("<ZONE>" + el("ID", z.ID) + el("NAME", z.Name) + el("STATE", z.State) + z.Template.xml("TEMPLATE"))
	b.WriteString("<SERVER_POOL>")
	for _, s := range z.Servers {
		b.WriteString("<SERVER>" + elc("ENDPOINT", s.Endpoint) + el("ID", s.ID) + elc("NAME", s.Name) + "</SERVER>")
	}
	b.WriteString("</SERVER_POOL></ZONE>")
	return b.String()
}

// zoneAuth: zones belong to oneadmin; "* ZONE/* USE *" lets everyone use them.
func zoneAuth(z *Zone) authObj {
	return authObj{ot: obZone, id: z.ID, uid: 0, gid: 0, perms: perms{OU: 1, OM: 1, OA: 1}}
}

var zoneKind = &objKind[*Zone]{ot: obZone, root: "ZONE_POOL", auth: zoneAuth,
	pool: func(st *state) map[int]*Zone { return st.Zones },
	xml:  func(st *state, z *Zone) string { return st.zoneXML(z) },
	tmpl: func(z *Zone) *tmpl { return z.Template }}

// SetEndpoint records where the simulator listens as the local zone's
// ENDPOINT, so `zone set 0` points back at it.
func (s *Server) SetEndpoint(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if z := s.st.Zones[0]; z != nil {
		z.Template.set("ENDPOINT", url)
	}
}

func (s *Server) registerZones() {
	s.reg("one.zone.info", "i b?", objectInfo(zoneKind))
	s.reg("one.zonepool.info", "", poolInfoAll(zoneKind))
	s.reg("one.zone.update", "i s i?", func(c *call) (result, *rpcError) {
		z, e := zoneKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if e := c.updateTmpl(z.Template, c.str(2), c.intOr(3, 0)); e != nil {
			return result{}, e
		}
		// Zone::post_update_template: ENDPOINT stays, SERVER never lives here
		if z.Template.str("ENDPOINT") == "" {
			z.Template.set("ENDPOINT", "-")
		}
		z.Template.del("SERVER")
		return resInt(z.ID), nil
	})
	s.reg("one.zone.allocate", "s i?", func(c *call) (result, *rpcError) {
		if _, e := c.tmplArg(1); e != nil {
			return result{}, e
		}
		if e := c.authz().add(opCreate, creating(obZone)).err(); e != nil {
			return result{}, e
		}
		return result{}, c.fail(codeAllocate, "Error allocating a new zone. New zones can only be created at federation master")
	})
	s.reg("one.zone.rename", "i s", func(c *call) (result, *rpcError) {
		z, e := zoneKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if m := objNameInvalid(c.str(2)); m != "" {
			return result{}, c.errAction("%s", m)
		}
		for _, o := range c.st.Zones {
			if o != z && o.Name == c.str(2) {
				return result{}, c.errAction("NAME is already taken by ZONE %d.", o.ID)
			}
		}
		z.Name = c.str(2)
		c.changed()
		return resInt(z.ID), nil
	})
	s.reg("one.zone.delete", "i", func(c *call) (result, *rpcError) {
		z, e := zoneKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		if z.ID < 100 {
			return result{}, c.errAction("Cannot delete zone. System Zones (ID < 100) cannot be deleted.")
		}
		delete(c.st.Zones, z.ID)
		c.changed()
		return resInt(z.ID), nil
	})
	s.reg("one.zone.enable", "i b", func(c *call) (result, *rpcError) {
		z, e := zoneKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		z.State = 1
		if c.bool(2) {
			z.State = 0
		}
		c.changed()
		return resInt(z.ID), nil
	})
	s.reg("one.zone.addserver", "i s", func(c *call) (result, *rpcError) {
		if c.int(1) != 0 {
			return result{}, c.errAction("Servers have to be added through the target zone endpoints")
		}
		z, e := zoneKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		t, msg := parseTmpl(c.str(2))
		if msg != "" {
			return result{}, c.errAction("%s", msg)
		}
		vs := t.vectors("SERVER")
		if len(vs) == 0 {
			return result{}, c.errAction("")
		}
		name, ep := vget(vs[0], "NAME"), vget(vs[0], "ENDPOINT")
		switch {
		case name == "":
			return result{}, c.errAction("Missing NAME in SERVER")
		case ep == "":
			return result{}, c.errAction("Missing ENDPOINT in SERVER")
		}
		z.Servers = append(z.Servers, &zoneServer{ID: z.NextSrv, Name: name, Endpoint: ep})
		z.NextSrv++
		c.changed()
		return resInt(z.ID), nil
	})
	s.reg("one.zone.delserver", "i i", func(c *call) (result, *rpcError) {
		if c.int(1) != 0 {
			return result{}, c.errAction("Servers have to be deleted through the target zone endpoints")
		}
		z, e := zoneKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		for i, s := range z.Servers {
			if s.ID == c.int(2) {
				z.Servers = append(z.Servers[:i:i], z.Servers[i+1:]...)
				c.changed()
				return resInt(z.ID), nil
			}
		}
		return result{}, c.errAction("SERVER not found in zone")
	})
	s.reg("one.zone.resetserver", "i i", func(c *call) (result, *rpcError) {
		if c.int(1) != 0 {
			return result{}, c.errAction("Servers have to be deleted through the target zone endpoints")
		}
		if _, e := zoneKind.get(c, 1, opAdmin); e != nil {
			return result{}, e
		}
		return resInt(c.int(1)), nil
	})
	s.reg("one.zone.raftstatus", "", func(c *call) (result, *rpcError) {
		if e := c.authz().add(opAdmin, zoneAuth(c.st.Zones[0])).err(); e != nil {
			return result{}, e
		}
		return resString("<RAFT><SERVER_ID>-1</SERVER_ID><STATE>0</STATE><TERM>0</TERM><VOTEDFOR>-1</VOTEDFOR>" +
			"<COMMIT>0</COMMIT><LOG_INDEX>-1</LOG_INDEX><LOG_TERM>-1</LOG_TERM><FEDLOG_INDEX>-1</FEDLOG_INDEX></RAFT>"), nil
	})
}
