package sim

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// perms are the nine PERMISSIONS bits of a pool object.
type perms struct {
	OU, OM, OA, GU, GM, GA, TU, TM, TA int
}

func (p perms) xml() string {
	f := func(n string, v int) string { return "<" + n + ">" + strconv.Itoa(v) + "</" + n + ">" }
	return "<PERMISSIONS>" + f("OWNER_U", p.OU) + f("OWNER_M", p.OM) + f("OWNER_A", p.OA) +
		f("GROUP_U", p.GU) + f("GROUP_M", p.GM) + f("GROUP_A", p.GA) +
		f("OTHER_U", p.TU) + f("OTHER_M", p.TM) + f("OTHER_A", p.TA) + "</PERMISSIONS>"
}

type lockInfo struct {
	Locked int
	Owner  int
	Time   int64
	ReqID  int
}

func (l *lockInfo) xml() string {
	if l == nil {
		return ""
	}
	return "<LOCK><LOCKED>" + strconv.Itoa(l.Locked) + "</LOCKED><OWNER>" + strconv.Itoa(l.Owner) +
		"</OWNER><TIME>" + strconv.FormatInt(l.Time, 10) + "</TIME><REQ_ID>" + strconv.Itoa(l.ReqID) +
		"</REQ_ID></LOCK>"
}

// base is what every owned pool object has.
type base struct {
	ID    int
	UID   int
	GID   int
	Name  string
	Perms perms
	Lock  *lockInfo `json:",omitempty"`
}

type token struct {
	Token  string
	Expire int64 // -1 never
	EGID   int
}

// User is a oned user; Password holds the SHA-256 hex like oned's PASSWORD.
type User struct {
	ID         int
	GID        int
	Groups     []int
	Name       string
	Password   string
	AuthDriver string
	Enabled    bool
	Template   *tmpl
	Tokens     []*token
	Quota      Quotas `json:",omitempty"`
}

type Group struct {
	ID       int
	Name     string
	Template *tmpl
	Admins   []int
	Quota    Quotas `json:",omitempty"`
}

type Cluster struct {
	ID         int
	Name       string
	Template   *tmpl
	Datastores []int // a datastore may be in several clusters, see cluster.go
}

type Host struct {
	ID        int
	Name      string
	State     int
	PrevState int
	IMMad     string
	VMMad     string
	ClusterID int
	MaxCPU    int64
	MaxMem    int64 // KB
	CPUUsage  int64
	MemUsage  int64
	VMs       []int
	Template  *tmpl
	ProbeAt   int64        `json:",omitempty"` // unix nanos of the first probe of an INIT host
	Mon       []hostSample `json:",omitempty"`
}

type Datastore struct {
	base
	DSMad    string
	TMMad    string
	Type     int
	DiskType int
	State    int
	TotalMB  int64
	FreeMB   int64
	UsedMB   int64
	Template *tmpl
}

type Image struct {
	base
	Type        int
	DiskType    int
	Persistent  int
	RegTime     int64
	Source      string
	Path        string
	Size        int64 // MB
	State       int
	PrevState   int
	DatastoreID int
	VMs         []int
	Template    *tmpl
	imageRun
}

type VNet struct {
	base
	ClusterIDs []int
	Bridge     string
	VNMad      string
	ARs        []*addrRange
	Template   *tmpl
	vnetExtra  // see vnet.go
}

type VMTemplate struct {
	base
	RegTime  int64
	Template *tmpl
}

// state is the whole simulated cloud; it is what the state file holds.
type state struct {
	Users      map[int]*User
	Groups     map[int]*Group
	Clusters   map[int]*Cluster
	Hosts      map[int]*Host
	Datastores map[int]*Datastore
	Images     map[int]*Image
	VNets      map[int]*VNet
	Templates  map[int]*VMTemplate
	VMs        map[int]*VM
	Hooks      map[int]*Hook
	BackupJobs map[int]*BackupJob
	VMGroups   map[int]*VMGroup
	Markets    map[int]*Market    `json:",omitempty"`
	MarketApps map[int]*MarketApp `json:",omitempty"`
	Documents  map[int]*Document  `json:",omitempty"`
	SecGroups  map[int]*SecGroup
	VNTmpls    map[int]*VNTemplate
	VRouters   map[int]*VRouter
	NextID     map[string]int
	ReqID      int

	ACLs               map[int]*ACLRule
	VDCs               map[int]*VDC
	Zones              map[int]*Zone
	DefaultUserQuotas  Quotas `json:",omitempty"`
	DefaultGroupQuotas Quotas `json:",omitempty"`

	idx        vmIndex     // derived from VMs, see due.go
	clock      int64       // unix seconds of the request being answered (hook records)
	usageCache *usageCache // quota usage counted during one call (quota.go)

	catalog *catalogDue // derived from Images and MarketApps, see due_catalog.go

	vnDue map[int]bool // networks with a Due, see vnet.go; nil until first needed
}

func newState() *state {
	st := &state{
		Users: map[int]*User{}, Groups: map[int]*Group{}, Clusters: map[int]*Cluster{},
		Hosts: map[int]*Host{}, Datastores: map[int]*Datastore{}, Images: map[int]*Image{},
		VNets: map[int]*VNet{}, Templates: map[int]*VMTemplate{}, VMs: map[int]*VM{},
		Hooks: map[int]*Hook{}, BackupJobs: map[int]*BackupJob{}, VMGroups: map[int]*VMGroup{},
		NextID: map[string]int{},
	}
	st.SecGroups = map[int]*SecGroup{}
	st.VNTmpls = map[int]*VNTemplate{}
	st.VRouters = map[int]*VRouter{}
	st.reindex()
	return st
}

func (st *state) nextID(kind string) int {
	id := st.NextID[kind]
	st.NextID[kind] = id + 1
	return id
}

func (st *state) marshal() ([]byte, error) {
	return json.Marshal(st)
}

func (st *state) userName(id int) string {
	if u := st.Users[id]; u != nil {
		return u.Name
	}
	return ""
}

func (st *state) userByName(name string) *User {
	for _, u := range st.Users {
		if u.Name == name {
			return u
		}
	}
	return nil
}

// head is how every owned object's XML starts.
func (st *state) head(b *base) string {
	return el("ID", b.ID) + el("UID", b.UID) + el("GID", b.GID) + el("UNAME", st.userName(b.UID)) +
		el("GNAME", st.groupName(b.GID)) + el("NAME", b.Name)
}

func (st *state) groupName(id int) string {
	if g := st.Groups[id]; g != nil {
		return g.Name
	}
	return ""
}

// idsDesc returns the keys of m from highest to lowest: oned's default
// API_LIST_ORDER is DESC, for every pool.
func idsDesc[T any](m map[int]T) []int {
	ids := idsAsc(m)
	slices.Reverse(ids)
	return ids
}

func idsAsc[T any](m map[int]T) []int {
	ids := make([]int, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func idsXML(root string, ids []int) string {
	var b strings.Builder
	b.WriteString("<" + root + ">")
	for _, id := range ids {
		b.WriteString("<ID>" + strconv.Itoa(id) + "</ID>")
	}
	b.WriteString("</" + root + ">")
	return b.String()
}

func el(name string, v any) string {
	var s string
	switch x := v.(type) {
	case string:
		s = escapeText(x)
	case int:
		s = strconv.Itoa(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	}
	return "<" + name + ">" + s + "</" + name + ">"
}

func elc(name, v string) string { return "<" + name + ">" + cdata(v) + "</" + name + ">" }

func removeInt(s []int, v int) []int {
	out := s[:0]
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
