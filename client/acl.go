package client

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ACL is one rule of one.acl.info's <ACL_POOL> (xsd/acl_pool.xsd): four
// masks in hex, and oned's text for it.
type ACL struct {
	ID       int    `xml:"ID"`
	User     string `xml:"USER"`
	Resource string `xml:"RESOURCE"`
	Rights   string `xml:"RIGHTS"`
	Zone     string `xml:"ZONE"`
	String   string `xml:"STRING"`
}

// ACLPool is one.acl.info's answer.
type ACLPool struct {
	XMLName xml.Name `xml:"ACL_POOL"`
	ACLs    []ACL    `xml:"ACL"`
}

// ParseACLPool parses an <ACL_POOL> document.
func ParseACLPool(raw []byte) (*ACLPool, error) { return Unmarshal[ACLPool](raw) }

// Selector bits of the user, resource and zone masks (AclRule.h).
const (
	ACLIndividual = 0x100000000
	ACLGroup      = 0x200000000
	ACLAll        = 0x400000000
	ACLCluster    = 0x800000000
)

// ACLResources are the resource types in the order oneacl list prints
// their letters (RES_VHNIUTGDCOZSvRMAPtB).
var ACLResources = []struct {
	Name   string
	Letter string
	Bit    uint64
}{
	{"VM", "V", 0x1000000000}, {"HOST", "H", 0x2000000000}, {"NET", "N", 0x4000000000},
	{"IMAGE", "I", 0x8000000000}, {"USER", "U", 0x10000000000}, {"TEMPLATE", "T", 0x20000000000},
	{"GROUP", "G", 0x40000000000}, {"DATASTORE", "D", 0x100000000000}, {"CLUSTER", "C", 0x200000000000},
	{"DOCUMENT", "O", 0x400000000000}, {"ZONE", "Z", 0x800000000000}, {"SECGROUP", "S", 0x1000000000000},
	{"VDC", "v", 0x2000000000000}, {"VROUTER", "R", 0x4000000000000}, {"MARKETPLACE", "M", 0x8000000000000},
	{"MARKETPLACEAPP", "A", 0x10000000000000}, {"VMGROUP", "P", 0x20000000000000},
	{"VNTEMPLATE", "t", 0x40000000000000}, {"BACKUPJOB", "B", 0x100000000000000},
}

var aclRights = []struct {
	Name  string
	Bit   uint64
	Short string
}{{"USE", 1, "u"}, {"MANAGE", 2, "m"}, {"ADMIN", 4, "a"}, {"CREATE", 8, "c"}}

// ACLParseError says which part of a rule string is wrong.
type ACLParseError struct {
	Part  string // user, resource, rights, zone, or "rule" for the whole
	Value string
	Msg   string
}

func (e *ACLParseError) Error() string {
	if e.Part == "rule" {
		return e.Msg
	}
	return fmt.Sprintf("%s part %q: %s", e.Part, e.Value, e.Msg)
}

var aclIDRe = regexp.MustCompile(`^([#@%]\d+|\*)$`)

// ParseACLRule turns oneacl's rule syntax ("#5 IMAGE+NET/@103 USE+MANAGE
// #0": user, resource, rights and an optional zone) into the hex masks
// one.acl.addrule takes. zone is "" when the rule has none (oned then uses
// its own zone).
func ParseACLRule(rule string) (user, resource, rights, zone string, err error) {
	parts := strings.Fields(rule)
	if len(parts) != 3 && len(parts) != 4 {
		return "", "", "", "", &ACLParseError{Part: "rule", Value: rule,
			Msg: fmt.Sprintf("a rule has three or four parts (user resource rights [zone]), not %d: %q", len(parts), rule)}
	}
	u, err := aclIDs("user", parts[0], false)
	if err != nil {
		return "", "", "", "", err
	}
	r, err := aclResource(parts[1])
	if err != nil {
		return "", "", "", "", err
	}
	var rt uint64
	for _, name := range strings.Split(parts[2], "+") {
		bit := uint64(0)
		for _, x := range aclRights {
			if strings.EqualFold(x.Name, name) {
				bit = x.Bit
			}
		}
		if bit == 0 {
			return "", "", "", "", &ACLParseError{Part: "rights", Value: parts[2],
				Msg: fmt.Sprintf("right '%s' does not exist (USE, MANAGE, ADMIN, CREATE)", name)}
		}
		rt |= bit
	}
	if len(parts) == 4 {
		z, err := aclIDs("zone", parts[3], false)
		if err != nil {
			return "", "", "", "", err
		}
		zone = hex(z)
	}
	return hex(u), hex(r), hex(rt), zone, nil
}

func hex(v uint64) string { return strconv.FormatUint(v, 16) }

// aclIDs reads "#id", "@id", "%id" (cluster, resources only) or "*".
func aclIDs(part, s string, cluster bool) (uint64, error) {
	if !aclIDRe.MatchString(s) || (!cluster && s[0] == '%') {
		want := "#<id>, @<group id> or *"
		if cluster {
			want = "#<id>, @<group id>, %<cluster id> or *"
		}
		if part == "zone" {
			want = "#<zone id> or *"
		}
		return 0, &ACLParseError{Part: part, Value: s, Msg: "expected " + want}
	}
	if s == "*" {
		return ACLAll, nil
	}
	id, err := strconv.ParseUint(s[1:], 10, 32)
	if err != nil {
		return 0, &ACLParseError{Part: part, Value: s, Msg: "the ID is too large"}
	}
	sel := map[byte]uint64{'#': ACLIndividual, '@': ACLGroup, '%': ACLCluster}[s[0]]
	if part == "zone" && sel != ACLIndividual {
		return 0, &ACLParseError{Part: part, Value: s, Msg: "expected #<zone id> or *"}
	}
	return sel | id, nil
}

func aclResource(s string) (uint64, error) {
	types, ids, ok := strings.Cut(s, "/")
	if !ok || strings.Contains(ids, "/") {
		return 0, &ACLParseError{Part: "resource", Value: s, Msg: "expected TYPE[+TYPE...]/<ids>, e.g. VM+IMAGE/@100"}
	}
	var mask uint64
	for _, name := range strings.Split(types, "+") {
		bit := uint64(0)
		for _, x := range ACLResources {
			if strings.EqualFold(x.Name, name) {
				bit = x.Bit
			}
		}
		if bit == 0 {
			return 0, &ACLParseError{Part: "resource", Value: s, Msg: fmt.Sprintf("resource '%s' does not exist", name)}
		}
		mask |= bit
	}
	id, err := aclIDs("resource", ids, true)
	if err != nil {
		return 0, err
	}
	return mask | id, nil
}

func (a *ACL) mask(s string) uint64 {
	v, _ := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(s), "0x"), 16, 64)
	return v
}

func idPart(m uint64, cluster bool) string {
	id := strconv.FormatInt(int64(int32(uint32(m))), 10)
	switch {
	case m&ACLIndividual != 0:
		return "#" + id
	case m&ACLGroup != 0:
		return "@" + id
	case cluster && m&ACLCluster != 0:
		return "%" + id
	case m&ACLAll != 0:
		return "*"
	}
	return "??"
}

// UserStr, ResourceLetters, ResourceID, RightsStr and ZoneStr are the
// columns of oneacl list: "#2", "V--I-T-...", "@100", "u---", "#0".
func (a *ACL) UserStr() string { return idPart(a.mask(a.User), false) }

func (a *ACL) ResourceLetters() string {
	m := a.mask(a.Resource)
	var b strings.Builder
	for _, r := range ACLResources {
		if m&r.Bit != 0 {
			b.WriteString(r.Letter)
		} else {
			b.WriteString("-")
		}
	}
	return b.String()
}

func (a *ACL) ResourceID() string { return idPart(a.mask(a.Resource), true) }

func (a *ACL) RightsStr() string {
	m := a.mask(a.Rights)
	var b strings.Builder
	for _, r := range aclRights {
		if m&r.Bit != 0 {
			b.WriteString(r.Short)
		} else {
			b.WriteString("-")
		}
	}
	return b.String()
}

func (a *ACL) ZoneStr() string { return idPart(a.mask(a.Zone), false) }
