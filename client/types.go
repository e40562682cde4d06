package client

import (
	"encoding/xml"
	"fmt"
	"strings"
)

// Unmarshal parses an XML document returned by oned into T.
func Unmarshal[T any](raw []byte) (*T, error) {
	var v T
	if err := xml.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("parse %T: %w", v, err)
	}
	return &v, nil
}

// Owned is the header every owned object starts with (VM, template, image,
// network, datastore, and the groups still to come), embedded so each type
// declares only what is its own.
type Owned struct {
	ID          int          `xml:"ID"`
	UID         int          `xml:"UID"`
	GID         int          `xml:"GID"`
	UName       string       `xml:"UNAME"`
	GName       string       `xml:"GNAME"`
	Name        string       `xml:"NAME"`
	Permissions *Permissions `xml:"PERMISSIONS"`
	Lock        *Lock        `xml:"LOCK"`
}

// Permissions is the owner/group/other use-manage-admin matrix.
type Permissions struct {
	OwnerU int `xml:"OWNER_U"`
	OwnerM int `xml:"OWNER_M"`
	OwnerA int `xml:"OWNER_A"`
	GroupU int `xml:"GROUP_U"`
	GroupM int `xml:"GROUP_M"`
	GroupA int `xml:"GROUP_A"`
	OtherU int `xml:"OTHER_U"`
	OtherM int `xml:"OTHER_M"`
	OtherA int `xml:"OTHER_A"`
}

// Octal renders the permissions like chmod and onevm chmod take them: "600".
func (p Permissions) Octal() string {
	digit := func(u, m, a int) int { return bit(u)<<2 | bit(m)<<1 | bit(a) }
	return fmt.Sprintf("%d%d%d", digit(p.OwnerU, p.OwnerM, p.OwnerA),
		digit(p.GroupU, p.GroupM, p.GroupA), digit(p.OtherU, p.OtherM, p.OtherA))
}

// String renders the permissions as the CLI shows them: "um-------".
func (p Permissions) String() string {
	t := func(u, m, a int) string {
		return flag(u, "u") + flag(m, "m") + flag(a, "a")
	}
	return t(p.OwnerU, p.OwnerM, p.OwnerA) + t(p.GroupU, p.GroupM, p.GroupA) + t(p.OtherU, p.OtherM, p.OtherA)
}

func bit(v int) int {
	if v != 0 {
		return 1
	}
	return 0
}

func flag(v int, s string) string {
	if v != 0 {
		return s
	}
	return "-"
}

// Lock is present on locked objects; Locked is the lock level (1 USE,
// 2 MANAGE, 3 ADMIN, 4 ALL).
type Lock struct {
	Locked int `xml:"LOCKED"`
	Owner  int `xml:"OWNER"`
	Time   int `xml:"TIME"`
	ReqID  int `xml:"REQ_ID"`
}

// IDs is a list of <ID> children, as in <VMS><ID>1</ID></VMS>.
type IDs struct {
	ID []int `xml:"ID"`
}

// Attribute is one element of a free-form template: a single value
// (Value set, no Children) or a vector such as DISK=[...] (Children set).
type Attribute struct {
	XMLName  xml.Name
	Value    string      `xml:",chardata"`
	Children []Attribute `xml:",any"`
}

// Name is the attribute's element name.
func (a Attribute) Name() string { return a.XMLName.Local }

// Get returns the trimmed value of the first child called name.
func (a Attribute) Get(name string) string { return get(a.Children, name) }

func get(attrs []Attribute, name string) string {
	for _, c := range attrs {
		if c.XMLName.Local == name {
			return strings.TrimSpace(c.Value)
		}
	}
	return ""
}

// Template is a free-form OpenNebula template (or MONITORING block): the
// parsed attributes plus the raw inner XML, kept so output can render it
// without losing anything the types do not model.
type Template struct {
	Raw   string      `xml:",innerxml"`
	Attrs []Attribute `xml:",any"`
}

// Get returns the trimmed value of the first top-level attribute called name.
func (t Template) Get(name string) string { return get(t.Attrs, name) }

// All returns every top-level attribute called name (vectors repeat).
func (t Template) All(name string) []Attribute {
	var out []Attribute
	for _, a := range t.Attrs {
		if a.XMLName.Local == name {
			out = append(out, a)
		}
	}
	return out
}
