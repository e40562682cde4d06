package sim

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MarketApp STATE and TYPE values.
const (
	appInit     = 0
	appReady    = 1
	appLocked   = 2
	appError    = 3
	appDisabled = 4

	appImage = 1
)

var appTypes = []string{"UNKNOWN", "IMAGE", "VMTEMPLATE", "SERVICE_TEMPLATE"}

// MarketApp is a marketplace appliance. OriginID is the image it was made
// from (-1 for the seed's).
type MarketApp struct {
	base
	RegTime       int64
	OriginID      int
	Source        string
	MD5           string
	Size          int64 // MB
	Format        string
	AppTemplate64 string
	MarketID      int
	State         int
	Type          int
	Template      *tmpl
	Due           int64 `json:",omitempty"` // unix nanos when the upload ends
}

func (st *state) apps() map[int]*MarketApp {
	if st.MarketApps == nil {
		st.MarketApps = map[int]*MarketApp{}
	}
	return st.MarketApps
}

func (st *state) appXML(a *MarketApp) string {
	mname := ""
	if m := st.markets()[a.MarketID]; m != nil {
		mname = m.Name
	}
	return "<MARKETPLACEAPP>" + el("ID", a.ID) + el("UID", a.UID) + el("GID", a.GID) +
		el("UNAME", st.userName(a.UID)) + el("GNAME", st.groupName(a.GID)) + a.Lock.xml() +
		el("REGTIME", a.RegTime) + el("NAME", a.Name) + elc("ZONE_ID", "0") + elc("ORIGIN_ID", itoa(a.OriginID)) +
		elc("SOURCE", st.appSource(a)) + elc("MD5", a.MD5) + el("SIZE", a.Size) +
		elc("DESCRIPTION", a.Template.str("DESCRIPTION")) + elc("VERSION", a.Template.str("VERSION")) +
		elc("FORMAT", a.Format) + elc("APPTEMPLATE64", a.AppTemplate64) + el("MARKETPLACE_ID", a.MarketID) +
		el("MARKETPLACE", mname) + el("STATE", a.State) + el("TYPE", a.Type) + a.Perms.xml() +
		a.Template.xml("TEMPLATE") + "</MARKETPLACEAPP>"
}

// appSource is where the app's file can be fetched: an http market's
// BASE_URL, or for the simulator's own market a path on the simulator,
// which serves it (see ServeAppFile).
func (st *state) appSource(a *MarketApp) string {
	if a.State != appReady && a.State != appDisabled {
		return a.Source
	}
	m := st.markets()[a.MarketID]
	switch {
	case m == nil:
		return a.Source
	case m.MarketMad == "sim":
		return AppFilePath + strconv.Itoa(a.ID)
	case m.MarketMad == "http":
		return strings.TrimSuffix(m.Template.str("BASE_URL"), "/") + "/" + strconv.Itoa(a.ID)
	}
	return a.Source
}

var appKind = owned(objKind[*MarketApp]{ot: obMarketApp, names: namesPerOwner, root: "MARKETPLACEAPP_POOL",
	pool: (*state).apps, xml: (*state).appXML, tmpl: func(a *MarketApp) *tmpl { return a.Template }})

func (s *Server) registerMarketApps() {
	s.reg("one.marketapp.info", "i b?", objectInfo(appKind))
	s.reg("one.marketapppool.info", "i i i", poolInfo(appKind))
	s.reg("one.marketapp.update", "i s i?", updateHandler(appKind))
	s.reg("one.marketapp.rename", "i s", renameHandler(appKind))
	s.reg("one.marketapp.chown", "i i i", chownHandler(appKind))
	s.reg("one.marketapp.chmod", "i i i i i i i i i i", chmodHandler(appKind))
	s.reg("one.marketapp.lock", "i i b?", lockHandler(appKind))
	s.reg("one.marketapp.unlock", "i", unlockHandler(appKind))
	s.reg("one.marketapp.allocate", "s i", appAllocate)
	s.reg("one.marketapp.delete", "i", func(c *call) (result, *rpcError) {
		a, e := appKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		c.st.appDone(a)
		delete(c.st.MarketApps, a.ID)
		c.changed()
		return resInt(a.ID), nil
	})
	s.reg("one.marketapp.enable", "i b", func(c *call) (result, *rpcError) {
		a, e := appKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		switch {
		case c.bool(2) && a.State == appDisabled:
			a.State = appReady
		case !c.bool(2) && a.State == appReady:
			a.State = appDisabled
		case a.State != appReady && a.State != appDisabled:
			return result{}, c.errInternal("Cannot enable or disable the app in state %s", appStateStr(a.State))
		}
		c.changed()
		return resInt(a.ID), nil
	})
}

func appStateStr(s int) string {
	return [...]string{"INIT", "READY", "LOCKED", "ERROR", "DISABLED"}[s]
}

// appAllocate is one.marketapp.allocate(template, market_id): the app is
// LOCKED while its image is uploaded and READY one delay later. A missing
// origin image leaves the app in ERROR and fails the call, as oned does.
func appAllocate(c *call) (result, *rpcError) {
	t, e := c.tmplArg(1)
	if e != nil {
		return result{}, e
	}
	name := t.str("NAME")
	if strings.TrimSpace(name) == "" {
		return result{}, c.errInternal("Invalid NAME, it cannot be empty")
	}
	if strings.Contains(name, `"`) {
		return result{}, c.errInternal(`Invalid NAME, char '"' is not allowed`)
	}
	if e := c.authz().add(opCreate, creating(obMarketApp)).err(); e != nil {
		return result{}, e
	}
	m := c.st.markets()[c.int(2)]
	if m == nil {
		return result{}, c.errInternal("Cannot find associated MARKETPLACE")
	}
	if !marketMads[m.MarketMad].create || m.State != 0 {
		return result{}, c.errAction("Create disabled for market: %s", m.Name)
	}
	origin, err := strconv.Atoi(t.str("ORIGIN_ID"))
	if err != nil {
		return result{}, c.errInternal("Missing ORIGIN_ID for the MARKETPLACEAPP")
	}
	if id, ok := nameTaken(appKind, c.st, namesPerOwner, -1, c.uid(), name); ok {
		return result{}, c.errInternal("NAME is already taken by MARKETPLACEAPP %d", id)
	}
	for _, a := range []string{"NAME", "ORIGIN_ID"} {
		t.del(a)
	}
	if t.str("TYPE") == "" {
		t.set("TYPE", "IMAGE")
	}
	typ := appImage
	for i, n := range appTypes {
		if strings.EqualFold(t.str("TYPE"), n) {
			typ = i
		}
	}
	if t.str("VERSION") == "" {
		t.set("VERSION", "0.0")
	}
	a := &MarketApp{base: c.ownedBase(c.st.nextID("marketapp"), name), RegTime: c.unix(), OriginID: origin,
		MarketID: m.ID, State: appLocked, Type: typ, Template: t, AppTemplate64: t.str("APPTEMPLATE64")}
	t.del("APPTEMPLATE64")
	c.st.apps()[a.ID] = a
	c.changed()
	if typ != appImage {
		// a VM or service template app has no file to upload
		a.State = appReady
		return resInt(a.ID), nil
	}
	im := c.st.Images[origin]
	msg := ""
	if im == nil {
		msg = "Image does not exist."
	} else if msg = im.startClone(); msg == "" {
		im.AppOps = append(im.AppOps, a.ID)
		a.Size, a.Format = im.Size, im.Format
		if a.Format == "" {
			a.Format = "raw"
		}
		if a.AppTemplate64 == "" {
			a.AppTemplate64 = b64("DEV_PREFIX=\"" + im.Template.str("DEV_PREFIX") + "\"\nTYPE=\"" + imageTypes[im.Type] + "\"\n")
		}
		a.MD5 = appMD5(a)
		a.Due = c.now.UnixNano() + int64(c.s.delay)
		c.st.due().apps.add(a.ID, a.Due)
		return resInt(a.ID), nil
	}
	a.State = appError
	t.set("ERROR", c.now.Format(time.ANSIC)+" : "+msg)
	return result{}, c.errInternal("%s", msg)
}

// advanceApps ends the uploads due at n (unix nanos).
func (s *Server) advanceApps(n int64) bool {
	changed := false
	for _, id := range s.st.due().apps.pop(n) {
		a := s.st.MarketApps[id]
		if a == nil || a.Due == 0 || a.Due > n {
			continue
		}
		a.Due = 0
		a.State = appReady
		s.st.appDone(a)
		changed = true
	}
	return changed
}

// appDone frees the origin image of an app whose upload ended.
func (st *state) appDone(a *MarketApp) {
	if im := st.Images[a.OriginID]; im != nil && containsInt(im.AppOps, a.ID) {
		im.AppOps = removeInt(im.AppOps, a.ID)
		im.cloneDone()
	}
}

// AppFilePath is where the simulator serves the files of its own
// marketplace's apps (GET AppFilePath + app id).
const AppFilePath = "/sim/marketapp/"

// AppFile is the content the simulator serves for an app: deterministic
// bytes, one KiB per MB of the app's SIZE, so downloads are real but
// small.
func AppFile(id int, size int64) []byte {
	line := []byte("onectl simulator appliance " + strconv.Itoa(id) + "\n")
	n := int(max(size, 1)) * 1024
	out := make([]byte, 0, n)
	for len(out) < n {
		out = append(out, line...)
	}
	return out[:n]
}

func appMD5(a *MarketApp) string {
	h := md5.Sum(AppFile(a.ID, a.Size))
	return hex.EncodeToString(h[:])
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// serveAppFile answers a GET of AppFilePath + id with the file of a READY
// app of the simulator's own marketplace.
func (s *Server) serveAppFile(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, AppFilePath))
	s.mu.Lock()
	s.advance(s.now())
	var body []byte
	if a := s.st.apps()[id]; err == nil && a != nil && a.State == appReady {
		if m := s.st.markets()[a.MarketID]; m != nil && m.MarketMad == "sim" {
			body = AppFile(a.ID, a.Size)
		}
	}
	s.mu.Unlock()
	if body == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}
