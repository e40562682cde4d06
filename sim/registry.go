package sim

import (
	"strings"
	"time"
)

type ptype int

const (
	pString ptype = iota
	pInt
	pBool
	pI8
	pArray
)

// handler runs with the state lock held and the caller authenticated.
type handler func(c *call) (result, *rpcError)

// method declares the wire signature of one XML-RPC method: parameter
// types after the session, with optional trailing ones marked.
type method struct {
	params   []ptype
	required int
	h        handler
}

// sig turns "i s b?" style signatures (types after the session string;
// s string, i int, b bool, I i8, a array; a trailing ? marks an optional
// parameter) into a method.
func sig(spec string, h handler) *method {
	m := &method{h: h, required: 1}
	m.params = append(m.params, pString)
	for _, f := range strings.Fields(spec) {
		opt := strings.HasSuffix(f, "?")
		f = strings.TrimSuffix(f, "?")
		var t ptype
		switch f {
		case "s":
			t = pString
		case "i":
			t = pInt
		case "b":
			t = pBool
		case "I":
			t = pI8
		case "a":
			t = pArray
		default:
			panic("sim: bad signature " + spec) // programming error in the table below
		}
		m.params = append(m.params, t)
		if !opt {
			m.required = len(m.params)
		}
	}
	return m
}

func typeFault(t ptype) string {
	switch t {
	case pInt:
		return "Parameter that is supposed to be integer is not"
	case pBool:
		return "Parameter that is supposed to be boolean is not"
	case pI8:
		return "Parameter that is supposed to be 64-bit integer is not"
	case pArray:
		return "Parameter that is supposed to be an array is not"
	}
	return "Parameter that is supposed to be a string is not"
}

// check returns the xmlrpc-c fault text for a call that does not fit the
// signature, or "". Extra parameters are ignored, as xmlrpc-c does.
func (m *method) check(ps []value) string {
	for i, t := range m.params {
		if i >= len(ps) {
			if i < m.required {
				return "Not enough parameters"
			}
			return ""
		}
		var ok bool
		switch t {
		case pString:
			ok = ps[i].k == kString
		case pInt:
			ok = ps[i].k == kInt
		case pBool:
			ok = ps[i].k == kBool
		case pI8:
			ok = ps[i].k == kI8
		case pArray:
			ok = ps[i].k == kArray
		}
		if !ok {
			return typeFault(t)
		}
	}
	return ""
}

// call is one request in flight.
type call struct {
	s      *Server
	st     *state
	method string
	params []value
	now    time.Time
	user   *User
	groups map[int]bool
	egid   int // effective group of a scoped token, -1 otherwise
	dirty  bool
}

func (c *call) uid() int {
	if c.user == nil {
		return -1
	}
	return c.user.ID
}

func (c *call) has(i int) bool   { return i < len(c.params) }
func (c *call) str(i int) string { return c.params[i].s }
func (c *call) int(i int) int    { return int(c.params[i].i) }
func (c *call) bool(i int) bool  { return c.params[i].b }
func (c *call) unix() int64      { return c.now.Unix() }
func (c *call) changed()         { c.dirty = true; c.st.usageCache = nil }
func (c *call) intOr(i, def int) int {
	if c.has(i) {
		return c.int(i)
	}
	return def
}
func (c *call) boolOr(i int, def bool) bool {
	if c.has(i) {
		return c.bool(i)
	}
	return def
}
func (c *call) strOr(i int, def string) string {
	if c.has(i) {
		return c.str(i)
	}
	return def
}

func (s *Server) reg(name, spec string, h handler) {
	s.methods[name] = sig(spec, h)
}

// registerAll lists every method the simulator answers; each object type
// adds its own in its file.
func (s *Server) registerAll() {
	s.registerSystem()
	s.registerUsers()
	s.registerGroups()
	s.registerACLs()
	s.registerVDCs()
	s.registerZones()
	s.registerHosts()
	s.registerClusters()
	s.registerDatastores()
	s.registerDatastoreOps()
	s.registerImages()
	s.registerVNets()
	s.registerSecGroups()
	s.registerVNTemplates()
	s.registerVRouters()
	s.registerTemplates()
	s.registerMarkets()
	s.registerDocuments()
	s.registerVMs()
	s.registerVMOps()
	s.registerVMPool()
	s.registerHooks()
	s.registerBackupJobs()
	s.registerVMGroups()
}
