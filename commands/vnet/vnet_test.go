package vnet

import (
	"strings"
	"testing"

	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/sim"
	"github.com/onectl/onectl/template"
)

// The demo's networks as onevnet list and show print them.
func TestVNetGolden(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{}, NewCmd)
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"vnet_list", []string{"vnet", "list"}},
		{"vnet_list_csv", []string{"vnet", "list", "-o", "csv", "--list", "ID,NAME,PARENT,SIZE,LEASES"}},
		{"vnet_show_public", []string{"vnet", "show", "public"}},
		{"vnet_show_lab", []string{"vnet", "show", "2", "--show-ar"}},
	} {
		r := tc.Run(nil, c.args...)
		if r.Code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, r.Code, r.Stderr)
		}
		kittest.Golden(t, c.golden, r.Stdout)
	}
}

func TestParseARSpec(t *testing.T) {
	for spec, want := range map[string]string{
		"ip4:192.168.0.10:50":                       `AR=[` + "\n" + `  TYPE="IP4",` + "\n" + `  IP="192.168.0.10",` + "\n" + `  SIZE="50" ]`,
		"ether:8":                                   `AR=[` + "\n" + `  TYPE="ETHER",` + "\n" + `  SIZE="8" ]`,
		"ether:02:00:aa:00:00:01:8":                 `AR=[` + "\n" + `  TYPE="ETHER",` + "\n" + `  MAC="02:00:aa:00:00:01",` + "\n" + `  SIZE="8" ]`,
		"ip6_static:2001:db8::1:16":                 `AR=[` + "\n" + `  TYPE="IP6_STATIC",` + "\n" + `  IP6="2001:db8::1",` + "\n" + `  SIZE="16" ]`,
		"type=ip6,global_prefix=2001:db8::,size=16": `AR=[` + "\n" + `  TYPE="ip6",` + "\n" + `  GLOBAL_PREFIX="2001:db8::",` + "\n" + `  SIZE="16" ]`,
	} {
		a, err := ParseARSpec(spec)
		if err != nil {
			t.Errorf("%s: %v", spec, err)
			continue
		}
		if got := a.Name + "=[\n" + pairs(a.Vector) + " ]"; got != want {
			t.Errorf("%s:\n got %s\nwant %s", spec, got, want)
		}
	}
	for _, bad := range []string{"ip4", "ip4:10.0.0.1", "ip4:10.0.0.1:0", "ip4:nope:5", "ip5:10.0.0.1:4", "ether:zz:4", "=x"} {
		if _, err := ParseARSpec(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func pairs(ps []template.Pair) string {
	var out []string
	for _, p := range ps {
		out = append(out, "  "+p.Name+"=\""+p.Value+"\"")
	}
	return strings.Join(out, ",\n")
}
