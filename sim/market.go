package sim

import (
	"strconv"
	"strings"
)

// Object types of the marketplaces, numbered apart from the list in
// errors.go so other object types can be added there freely.
// Market is a marketplace. Its STATE is 0 ENABLED, 1 DISABLED.
type Market struct {
	base
	MarketMad string
	State     int
	Template  *tmpl
}

// marketMads are the MARKET_MAD_CONF entries of oned.conf (required
// attributes, and whether apps can be created in it), plus the
// simulator's own "sim" market, which serves its apps' files itself.
var marketMads = map[string]struct {
	required []string
	create   bool
}{
	"one": {}, "linuxcontainers": {}, "dockerhub": {}, "docker_registry": {create: false},
	"http": {required: []string{"BASE_URL", "PUBLIC_DIR"}, create: true},
	"s3":   {required: []string{"ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "REGION", "BUCKET"}, create: true},
	"sim":  {create: true},
}

func (st *state) markets() map[int]*Market {
	if st.Markets == nil {
		st.Markets = map[int]*Market{}
	}
	return st.Markets
}

func (st *state) marketXML(m *Market) string {
	var apps []int
	for _, id := range idsAsc(st.apps()) {
		if st.MarketApps[id].MarketID == m.ID {
			apps = append(apps, id)
		}
	}
	var total, free, used int64
	if m.MarketMad == "sim" {
		total, free = 102400, 102400
		for _, id := range apps {
			used += st.MarketApps[id].Size
		}
		free -= used
	}
	return "<MARKETPLACE>" + el("ID", m.ID) + el("UID", m.UID) + el("GID", m.GID) +
		el("UNAME", st.userName(m.UID)) + el("GNAME", st.groupName(m.GID)) + el("NAME", m.Name) +
		el("STATE", m.State) + elc("MARKET_MAD", m.MarketMad) + elc("ZONE_ID", "0") + el("TOTAL_MB", total) +
		el("FREE_MB", free) + el("USED_MB", used) + idsXML("MARKETPLACEAPPS", apps) + m.Perms.xml() +
		m.Template.xml("TEMPLATE") + "</MARKETPLACE>"
}

var marketKind = owned(objKind[*Market]{ot: obMarket, names: namesGlobal, root: "MARKETPLACE_POOL",
	pool: (*state).markets, xml: (*state).marketXML, tmpl: func(m *Market) *tmpl { return m.Template }})

func (s *Server) registerMarkets() {
	s.reg("one.market.info", "i b?", objectInfo(marketKind))
	s.reg("one.marketpool.info", "", poolInfoAll(marketKind))
	s.reg("one.market.rename", "i s", renameHandler(marketKind))
	s.reg("one.market.chown", "i i i", chownHandler(marketKind))
	s.reg("one.market.chmod", "i i i i i i i i i i", chmodHandler(marketKind))
	s.reg("one.market.allocate", "s", func(c *call) (result, *rpcError) {
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		if e := c.authz().add(opCreate, creating(obMarket)).err(); e != nil {
			return result{}, e
		}
		name := t.str("NAME")
		if strings.TrimSpace(name) == "" {
			return result{}, c.errInternal("Invalid NAME, it cannot be empty")
		}
		if id, ok := nameTaken(marketKind, c.st, namesGlobal, -1, c.uid(), name); ok {
			return result{}, c.errInternal("NAME is already taken by MARKETPLACE %d", id)
		}
		if msg := checkMarketTmpl(t); msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		t.del("NAME")
		m := &Market{base: c.ownedBase(0, name), MarketMad: t.str("MARKET_MAD"), Template: t}
		m.ID = max(c.st.nextID("market"), 100)
		c.st.NextID["market"] = m.ID + 1
		c.st.Markets[m.ID] = m
		c.changed()
		return resInt(m.ID), nil
	})
	s.reg("one.market.update", "i s i?", func(c *call) (result, *rpcError) {
		m, e := marketKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		next := m.Template.clone()
		if e := c.updateTmpl(next, c.str(2), c.intOr(3, 0)); e != nil {
			return result{}, e
		}
		// a replace is not checked, a merge is: oned's quirk, in the samples
		if c.intOr(3, 0) == 1 {
			if msg := checkMarketTmpl(next); msg != "" {
				return result{}, c.errInternal("Cannot update template. %s", msg)
			}
		}
		m.Template = next
		return resInt(m.ID), nil
	})
	s.reg("one.market.delete", "i", func(c *call) (result, *rpcError) {
		m, e := marketKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		for _, a := range c.st.apps() {
			if a.MarketID == m.ID {
				return result{}, c.errAction("Cannot delete marketplace. marketplace  %d is not empty.", m.ID)
			}
		}
		delete(c.st.Markets, m.ID)
		c.changed()
		return resInt(m.ID), nil
	})
	s.reg("one.market.enable", "i b", func(c *call) (result, *rpcError) {
		m, e := marketKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		m.State = 1
		if c.bool(2) {
			m.State = 0
		}
		c.changed()
		return resInt(m.ID), nil
	})
	s.registerMarketApps()
}

// checkMarketTmpl is MarketPlace::parse_template: a known driver and its
// required attributes.
func checkMarketTmpl(t *tmpl) string {
	mad := t.str("MARKET_MAD")
	if mad == "" {
		return "No marketplace driver (MARKET_MAD) in template."
	}
	conf, ok := marketMads[mad]
	if !ok {
		return `MARKET_MAD_CONF named "` + mad + `" is not defined in oned.conf`
	}
	for _, r := range conf.required {
		if strings.TrimSpace(t.str(r)) == "" {
			return `MarketPlace template is missing the "` + r + `" attribute or it's empty.`
		}
	}
	return ""
}

// seedMarkets adds the marketplaces of a fresh oned (disabled: the
// simulator has no internet) and, in the demo, a "sim" one with an app.
func seedMarkets(st *state, demo bool, now int64) {
	for _, m := range []struct {
		id         int
		name, mad  string
		tmpl       string
		state, grp int
	}{
		{0, "OpenNebula Public", "one", `DESCRIPTION="OpenNebula Systems MarketPlace"
ENDPOINT="https://marketplace.opennebula.io"
MARKET_MAD="one"`, 1, 0},
		{1, "Linux Containers", "linuxcontainers", `DESCRIPTION="MarketPlace for the public image server fo LXC at http://images.linuxcontainers.org"
ENDPOINT="https://images.linuxcontainers.org"
MARKET_MAD="linuxcontainers"`, 1, 0},
	} {
		st.markets()[m.id] = &Market{base: base{ID: m.id, Name: m.name, Perms: perms{OU: 1, OM: 1, GU: 1, TU: 1}},
			MarketMad: m.mad, State: m.state, Template: mustTmpl(m.tmpl)}
	}
	st.NextID["market"] = 100
	st.NextID["marketapp"] = 0
	if !demo {
		return
	}
	st.Markets[100] = &Market{base: base{ID: 100, Name: "local", Perms: perms{OU: 1, OM: 1, GU: 1, TU: 1}},
		MarketMad: "sim", Template: mustTmpl("DESCRIPTION=\"Appliances served by the simulator itself\"\nMARKET_MAD=\"sim\"")}
	st.NextID["market"] = 101
	a := &MarketApp{base: base{ID: 0, Name: "alpine-app", Perms: perms{OU: 1, OM: 1, GU: 1, TU: 1}},
		RegTime: now, OriginID: -1, Size: 256, Format: "raw", MarketID: 100, State: appReady, Type: appImage,
		Template: mustTmpl("DESCRIPTION=\"Alpine Linux, small\"\nVERSION=\"3.20\"")}
	a.MD5 = appMD5(a)
	a.AppTemplate64 = b64("DEV_PREFIX=\"vd\"\nTYPE=\"OS\"\n")
	a.Template.set("VMTEMPLATE64", b64("CPU=\"0.1\"\nMEMORY=\"128\"\nGRAPHICS=[LISTEN=\"0.0.0.0\",TYPE=\"VNC\"]\n"))
	st.apps()[0] = a
	st.NextID["marketapp"] = 1
	seedDocuments(st)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
