package kit

import (
	"strconv"

	"github.com/spf13/pflag"

	"github.com/onectl/onectl/template"
)

// ARShape is the address range flags of `vnet addar` and `vntemplate
// instantiate` (--size --mac --ip --ip6 --ip6-global --ip6-ula
// --prefix-length --gateway --netmask --vn-mad --vlanid), read into an
// AR=[...] vector the way OpenNebula's CLI builds it: the TYPE follows
// from which addresses are given.
type ARShape struct {
	Size, MAC, IP, IP6, Global, ULA, PrefixLength, Gateway, Netmask, VNMad, VLANID string
}

// AddFlags registers the flags on fs, without shorthands: the commands
// that take them have their own (-m is --multiple).
func (s *ARShape) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&s.Size, "size", "", "number of addresses of the range")
	fs.StringVar(&s.MAC, "mac", "", "first MAC address of the range")
	fs.StringVar(&s.IP, "ip", "", "first IPv4 address of the range")
	fs.StringVar(&s.IP6, "ip6", "", "first IPv6 address of a static IPv6 range (with --prefix-length)")
	fs.StringVar(&s.Global, "ip6-global", "", "IPv6 global prefix (SLAAC range)")
	fs.StringVar(&s.ULA, "ip6-ula", "", "IPv6 unique local prefix (SLAAC range)")
	fs.StringVar(&s.PrefixLength, "prefix-length", "", "prefix length of a static IPv6 range")
	fs.StringVar(&s.Gateway, "gateway", "", "gateway of the range")
	fs.StringVar(&s.Netmask, "netmask", "", "network mask of the range")
	fs.StringVar(&s.VNMad, "vn-mad", "", "network driver of the range")
	fs.StringVar(&s.VLANID, "vlanid", "", "VLAN ID of the range")
}

// Given says whether any of the flags was used.
func (s *ARShape) Given() bool { return *s != ARShape{} }

// Type is the AR TYPE the given addresses make.
func (s *ARShape) Type() string {
	slaac := s.Global != "" || s.ULA != ""
	switch {
	case s.IP != "" && slaac:
		return "IP4_6"
	case s.IP != "" && s.IP6 != "":
		return "IP4_6_STATIC"
	case s.IP != "":
		return "IP4"
	case s.IP6 != "":
		return "IP6_STATIC"
	case slaac:
		return "IP6"
	}
	return "ETHER"
}

// Vector is the AR=[...] the flags describe; a usage error when --size is
// missing or not a positive number.
func (s *ARShape) Vector() (template.Attr, error) {
	if n, err := strconv.Atoi(s.Size); err != nil || n <= 0 {
		return template.Attr{}, Usagef("--size must be a positive number of addresses")
	}
	pairs := []template.Pair{{Name: "TYPE", Value: s.Type()}, {Name: "SIZE", Value: s.Size}}
	for _, kv := range []struct{ name, v string }{{"IP", s.IP}, {"IP6", s.IP6}, {"MAC", s.MAC},
		{"GLOBAL_PREFIX", s.Global}, {"ULA_PREFIX", s.ULA}, {"PREFIX_LENGTH", s.PrefixLength},
		{"GATEWAY", s.Gateway}, {"NETWORK_MASK", s.Netmask}, {"VN_MAD", s.VNMad}, {"VLAN_ID", s.VLANID}} {
		if kv.v != "" {
			pairs = append(pairs, template.Pair{Name: kv.name, Value: kv.v})
		}
	}
	return template.Attr{Name: "AR", Vector: pairs}, nil
}
