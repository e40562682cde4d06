package sim

import (
	"fmt"
	"strings"
)

var vmKind = owned(objKind[*VM]{ot: obVM, root: "VM_POOL",
	pool: func(st *state) map[int]*VM { return st.VMs }, xml: (*state).vmXML, entry: (*state).vmShortXML,
	tmpl: func(v *VM) *tmpl { return v.UserTemplate }})

func (s *Server) registerVMPool() {
	s.reg("one.vmpool.info", "i i i i s?", func(c *call) (result, *rpcError) {
		return c.vmPool(false)
	})
	s.reg("one.vmpool.infoextended", "i i i i s?", func(c *call) (result, *rpcError) {
		return c.vmPool(true)
	})
	s.reg("one.vmpool.monitoring", "i i?", func(c *call) (result, *rpcError) {
		p := poolSel{flag: c.int(1), start: -1, end: -1}
		if p.flag < -4 {
			return result{}, c.errAPI("Incorrect filter_flag")
		}
		var b strings.Builder
		b.WriteString("<MONITORING_DATA>")
		for _, id := range idsAsc(c.st.VMs) {
			v := c.st.VMs[id]
			if !c.matches(p, v.auth(obVM)) {
				continue
			}
			for _, m := range v.Mon {
				b.WriteString(m.xml(v.ID))
			}
		}
		b.WriteString("</MONITORING_DATA>")
		return resString(b.String()), nil
	})
}

// queryMatch implements the optional KEY=VALUE[&KEY=VALUE] filter as a
// substring match on the VM's attributes (oned matches the JSON body).
func queryMatch(v *VM, q string) bool {
	if strings.TrimSpace(q) == "" {
		return true
	}
	for _, cond := range strings.Split(q, "&") {
		k, val, ok := strings.Cut(cond, "=")
		if !ok {
			continue
		}
		k = strings.ToUpper(strings.TrimSpace(k))
		found := false
		var vals []string
		switch k {
		case "NAME":
			vals = []string{v.Name}
		default:
			for _, t := range []*tmpl{v.Template, v.UserTemplate} {
				for _, a := range t.A {
					if a.N == k && !a.IsV {
						vals = append(vals, a.V)
					}
					for _, p := range a.Vec {
						if p.N == k {
							vals = append(vals, p.V)
						}
					}
				}
			}
		}
		for _, x := range vals {
			if strings.Contains(x, val) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (c *call) vmPool(extended bool) (result, *rpcError) {
	p, e := c.poolSel()
	if e != nil {
		return result{}, e
	}
	state := c.int(4)
	if state < -2 || state > 11 {
		return result{}, c.errAPI("Incorrect filter_flag, state")
	}
	q := c.strOr(5, "")
	keep := func(v *VM) bool {
		switch {
		case state == -1 && v.State == stDone:
			return false
		case state >= 0 && v.State != state:
			return false
		}
		return queryMatch(v, q)
	}
	render := vmKind.entryXML()
	if extended {
		render = vmKind.xml
	}
	return resString(vmKind.listKeyed(c, p, keep, fmt.Sprintf("state=%d query=%q", state, q), render)), nil
}
