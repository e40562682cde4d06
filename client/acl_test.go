package client

import (
	"errors"
	"testing"
)

func TestParseACLRule(t *testing.T) {
	for _, c := range []struct{ in, u, r, rt, z string }{
		{"#2 VM/@100 USE #0", "100000002", "1200000064", "1", "100000000"},
		{"@1 VM+IMAGE+TEMPLATE+DOCUMENT+SECGROUP+VMGROUP+BACKUPJOB/* CREATE *", "200000001", "121429400000000", "8", "400000000"},
		{"* ZONE/* USE", "400000000", "800400000000", "1", ""},
		{"#5 image+net/@103 use+manage", "100000005", "c200000067", "3", ""},
		{"@1 HOST/%0 MANAGE #0", "200000001", "2800000000", "2", "100000000"},
	} {
		u, r, rt, z, err := ParseACLRule(c.in)
		if err != nil || u != c.u || r != c.r || rt != c.rt || z != c.z {
			t.Errorf("%q: got %s %s %s %s %v", c.in, u, r, rt, z, err)
		}
	}
}

// A bad rule names the part that is wrong.
func TestParseACLRuleErrors(t *testing.T) {
	for _, c := range []struct{ in, part, msg string }{
		{"#3 IMAGE/#0 EAT", "rights", `rights part "EAT": right 'EAT' does not exist (USE, MANAGE, ADMIN, CREATE)`},
		{"bob IMAGE/#0 USE", "user", `user part "bob": expected #<id>, @<group id> or *`},
		{"%1 IMAGE/#0 USE", "user", `user part "%1": expected #<id>, @<group id> or *`},
		{"#3 IMAGES/#0 USE", "resource", `resource part "IMAGES/#0": resource 'IMAGES' does not exist`},
		{"#3 IMAGE USE", "resource", `resource part "IMAGE": expected TYPE[+TYPE...]/<ids>, e.g. VM+IMAGE/@100`},
		{"#3 IMAGE/x USE", "resource", `resource part "x": expected #<id>, @<group id>, %<cluster id> or *`},
		{"#3 IMAGE/#0 USE @0", "zone", `zone part "@0": expected #<zone id> or *`},
		{"#3 IMAGE/#0", "rule", `a rule has three or four parts (user resource rights [zone]), not 2: "#3 IMAGE/#0"`},
	} {
		_, _, _, _, err := ParseACLRule(c.in)
		var pe *ACLParseError
		if !errors.As(err, &pe) || pe.Part != c.part || err.Error() != c.msg {
			t.Errorf("%q: got %v", c.in, err)
		}
	}
}

func TestACLColumns(t *testing.T) {
	a := ACL{User: "200000001", Resource: "121429400000000", Rights: "8", Zone: "400000000"}
	if a.UserStr() != "@1" || a.ResourceLetters() != "V--I-T---O-S----P-B" || a.ResourceID() != "*" ||
		a.RightsStr() != "---c" || a.ZoneStr() != "*" {
		t.Fatalf("%s %s %s %s %s", a.UserStr(), a.ResourceLetters(), a.ResourceID(), a.RightsStr(), a.ZoneStr())
	}
	b := ACL{User: "100000002", Resource: "1200000064", Rights: "1", Zone: "100000000"}
	if b.UserStr() != "#2" || b.ResourceID() != "@100" || b.RightsStr() != "u---" || b.ZoneStr() != "#0" {
		t.Fatalf("%+v", b)
	}
}
