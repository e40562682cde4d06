package sim

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// SecGroup is a security group. Its VMs are not stored: they are the VMs
// with a NIC that lists the group. A change is pushed to them (oned's
// UPDATING_VMS) until Due, on the simulator's clock.
type SecGroup struct {
	base
	Template *tmpl
	Updating []int `json:",omitempty"`
	Due      int64 `json:",omitempty"`
}

const defaultSGDescription = "The default security group is added to every network. Use it to add default filter " +
	"rules for your networks. You may remove this security group from any network by updating its properties."

var secGroupKind = owned(objKind[*SecGroup]{ot: obSecGroup, names: namesPerOwner, root: "SECURITY_GROUP_POOL",
	pool: func(st *state) map[int]*SecGroup { return st.SecGroups },
	xml:  (*state).secGroupXML,
	tmpl: func(g *SecGroup) *tmpl { return g.Template }})

// sgUsers are the VMs (not DONE) with a NIC in the group, ascending.
func (st *state) sgUsers(id int) []int { return st.allSGUsers()[id] }

// allSGUsers finds the VMs of every group in one pass over the VMs.
func (st *state) allSGUsers() map[int][]int {
	out := map[int][]int{}
	var seen []int
	for vid, v := range st.VMs {
		if v.State == stDone {
			continue
		}
		seen = seen[:0]
		for _, a := range v.Template.A {
			if a.N != "NIC" || !a.IsV {
				continue
			}
			for s := range strings.SplitSeq(vget(a, "SECURITY_GROUPS"), ",") {
				if id, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && !slices.Contains(seen, id) {
					seen = append(seen, id)
					out[id] = append(out[id], vid)
				}
			}
		}
	}
	for _, ids := range out {
		slices.Sort(ids)
	}
	return out
}

func (st *state) secGroupXML(g *SecGroup) string { return st.secGroupXMLWith(g, st.sgUsers(g.ID)) }

func (st *state) secGroupXMLWith(g *SecGroup, users []int) string {
	var updated, updating []int
	for _, id := range users {
		if slices.Contains(g.Updating, id) {
			updating = append(updating, id)
		} else {
			updated = append(updated, id)
		}
	}
	return "<SECURITY_GROUP>" + st.head(&g.base) + g.Perms.xml() + idsXML("UPDATED_VMS", updated) +
		"<OUTDATED_VMS></OUTDATED_VMS>" + idsXML("UPDATING_VMS", updating) + "<ERROR_VMS></ERROR_VMS>" +
		g.Template.xml("TEMPLATE") + "</SECURITY_GROUP>"
}

var portsRe = regexp.MustCompile(`^((\d+|\d+:\d+),)*(\d+|\d+:\d+)$`)

// checkRule is SecurityGroup::is_valid: the message says what is wrong.
func checkRule(r *attr) string {
	proto := strings.ToUpper(vget(r, "PROTOCOL"))
	switch proto {
	case "TCP", "UDP", "ICMP", "ICMPV6", "IPSEC", "ALL":
	default:
		return "Wrong PROTOCOL in rule. Valid options: TCP, UDP, ICMP, ICMPV6, IPSEC, ALL."
	}
	if rng := vget(r, "RANGE"); rng != "" {
		if proto != "TCP" && proto != "UDP" {
			return "RANGE is supported only for TCP and UDP protocols."
		}
		if !portsRe.MatchString(rng) {
			return "Invalid RANGE specification."
		}
		ports := 0
		for _, p := range strings.Split(rng, ",") {
			lo, hi, isRange := strings.Cut(p, ":")
			a, _ := strconv.ParseUint(lo, 10, 32)
			b := a
			if isRange {
				b, _ = strconv.ParseUint(hi, 10, 32)
			}
			switch {
			case b > 65535:
				return "RANGE out of bounds 0-65536."
			case b < a:
				return "RANGE BEGIN value is greater than RANGE END value"
			}
			ports++
			if isRange {
				ports++
			}
			if ports > 15 {
				return "Not more than 15 ports can be specified in a RULE"
			}
		}
	}
	for _, k := range []struct{ attr, proto string }{{"ICMP_TYPE", "ICMP"}, {"ICMPV6_TYPE", "ICMPV6"}} {
		if v := vget(r, k.attr); v != "" {
			if proto != k.proto {
				return k.attr + " is supported only for " + k.proto + " protocol."
			}
			if _, err := strconv.ParseUint(v, 10, 32); err != nil {
				return "Wrong " + k.attr + ", it must be integer"
			}
		}
	}
	if t := strings.ToUpper(vget(r, "RULE_TYPE")); t != "INBOUND" && t != "OUTBOUND" {
		return "Wrong RULE_TYPE in rule. Valid options: INBOUND, OUTBOUND."
	}
	if ip := vget(r, "IP"); ip != "" {
		if _, err := strconv.ParseUint(vget(r, "SIZE"), 10, 32); err != nil {
			return "Wrong or empty SIZE."
		}
		if _, ok := parseIP4(ip); !ok {
			if _, _, ok := parseIP6(ip); !ok {
				return "Wrong format for IP value."
			}
		}
	} else if vhas(r, "NETWORK_ID") {
		if _, err := strconv.Atoi(vget(r, "NETWORK_ID")); err != nil {
			return "Wrong NETWORK_ID."
		}
	}
	return ""
}

func checkRules(t *tmpl) string {
	for _, r := range t.vectors("RULE") {
		if msg := checkRule(r); msg != "" {
			return msg
		}
	}
	return ""
}

// sgNameTaken says why a name cannot be the caller's new group's: oned
// names are unique per owner.
func (c *call) sgNameTaken(name string) string {
	if id, ok := nameTaken(secGroupKind, c.st, namesPerOwner, -1, c.uid(), name); ok {
		return "NAME is already taken by SecurityGroup " + strconv.Itoa(id) + "."
	}
	return ""
}

// pushRules starts sending the group's rules to its VMs.
func (c *call) pushRules(g *SecGroup) {
	g.Updating = c.st.sgUsers(g.ID)
	g.Due = 0
	if len(g.Updating) > 0 {
		g.Due = c.now.UnixNano() + c.s.vnetDelay()
	}
	c.changed()
}

// secGroupsDue ends the rule pushes due at t (unix nanos).
func (st *state) secGroupsDue(t int64) bool {
	changed := false
	for _, g := range st.SecGroups {
		if g.Due != 0 && g.Due <= t {
			g.Due, g.Updating = 0, nil
			changed = true
		}
	}
	return changed
}

func (s *Server) registerSecGroups() {
	s.reg("one.secgroup.info", "i b?", objectInfo(secGroupKind))
	s.reg("one.secgrouppool.info", "i i i", func(c *call) (result, *rpcError) {
		p, e := c.poolSel()
		if e != nil {
			return result{}, e
		}
		users := c.st.allSGUsers()
		return resString(secGroupKind.list(c, p, nil, func(st *state, g *SecGroup) string {
			return st.secGroupXMLWith(g, users[g.ID])
		})), nil
	})
	s.reg("one.secgroup.allocate", "s", func(c *call) (result, *rpcError) {
		if e := c.authz().add(opCreate, creating(obSecGroup)).err(); e != nil {
			return result{}, e
		}
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		name := t.str("NAME")
		if name == "" {
			return result{}, c.errInternal("No NAME in template for Security Group.")
		}
		if msg := c.sgNameTaken(name); msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		if msg := checkRules(t); msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		t.del("NAME")
		id := c.st.nextID("secgroup")
		c.st.SecGroups[id] = &SecGroup{base: c.ownedBase(id, name), Template: t}
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.secgroup.clone", "i s", func(c *call) (result, *rpcError) {
		src, e := secGroupKind.lookup(c, c.int(1))
		if e != nil {
			return result{}, e
		}
		if e := c.authz().add(opUse, secGroupKind.auth(src)).add(opCreate, creating(obSecGroup)).err(); e != nil {
			return result{}, e
		}
		name := c.str(2)
		if msg := c.sgNameTaken(name); msg != "" {
			return result{}, c.errAllocate(obSecGroup, msg)
		}
		id := c.st.nextID("secgroup")
		c.st.SecGroups[id] = &SecGroup{base: c.ownedBase(id, name), Template: src.Template.clone()}
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.secgroup.delete", "i", func(c *call) (result, *rpcError) {
		g, e := secGroupKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if g.ID == 0 {
			return result{}, c.errAction("Cannot delete security group. The default security group (ID 0) cannot be deleted.")
		}
		if len(c.st.sgUsers(g.ID)) > 0 {
			return result{}, c.errAction("Cannot delete security group. The security group has VMs using it")
		}
		delete(c.st.SecGroups, g.ID)
		c.changed()
		return resInt(g.ID), nil
	})
	s.reg("one.secgroup.update", "i s i?", func(c *call) (result, *rpcError) {
		g, e := secGroupKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		next := g.Template.clone()
		if e := c.updateTmpl(next, c.str(2), c.intOr(3, 0)); e != nil {
			return result{}, e
		}
		if msg := checkRules(next); msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		g.Template = next
		c.pushRules(g)
		return resInt(g.ID), nil
	})
	// commit pushes the rules again: to every VM, or with recovery only to
	// the outdated and failed ones, which the simulator never has.
	s.reg("one.secgroup.commit", "i b?", func(c *call) (result, *rpcError) {
		g, e := secGroupKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if !c.boolOr(2, false) {
			c.pushRules(g)
		}
		return resInt(g.ID), nil
	})
	s.reg("one.secgroup.rename", "i s", renameHandler(secGroupKind))
	s.reg("one.secgroup.chown", "i i i", chownHandler(secGroupKind))
	s.reg("one.secgroup.chmod", "i i i i i i i i i i", chmodHandler(secGroupKind))
}

// seedSecGroups adds the default group oned creates (ID 0); users' groups
// start at 100.
func seedSecGroups(st *state) {
	t := newTmpl()
	t.set("DESCRIPTION", defaultSGDescription)
	t.addVector("RULE", &pair{"PROTOCOL", "ALL"}, &pair{"RULE_TYPE", "OUTBOUND"})
	t.addVector("RULE", &pair{"PROTOCOL", "ALL"}, &pair{"RULE_TYPE", "INBOUND"})
	st.SecGroups[0] = &SecGroup{base: base{ID: 0, Name: "default",
		Perms: perms{OU: 1, OM: 1, OA: 1, GU: 1, TU: 1}}, Template: t}
	st.NextID["secgroup"] = 100
}
