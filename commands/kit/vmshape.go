package kit

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/onectl/onectl/template"
)

// VMShape is the template flags `vm create` and `template instantiate`
// share (--name --cpu --vcpu --memory --disk --nic --vnc --spice --ssh
// --net-context --context --raw --boot), so both read them the
// same way and neither group imports the other.
type VMShape struct {
	Name   string
	CPU    string
	VCPU   int
	Memory string
	Disks  []string
	NICs   []string
	// The graphics and contextualization builders of onevm create and
	// onetemplate create/instantiate.
	VNC, Spice, NetContext bool
	SSH                    string // a public key file; "-" means the owner's SSH_PUBLIC_KEY
	Context                []string
	Raw                    string
	Boot                   string

	fs *pflag.FlagSet
}

// VMShapeObjects are the VMShape flags that name objects, for
// CompleteObjectFlags.
var VMShapeObjects = map[string]*Resource{"disk": Images, "nic": VNets}

// AddFlags registers the flags on fs.
func (s *VMShape) AddFlags(fs *pflag.FlagSet) {
	s.fs = fs
	fs.StringVar(&s.Name, "name", "", "name of the VM")
	fs.StringVar(&s.CPU, "cpu", "", "physical CPU share (e.g. 0.5, 1)")
	fs.IntVar(&s.VCPU, "vcpu", 0, "number of virtual CPUs")
	fs.StringVar(&s.Memory, "memory", "", "memory (MB, or with units: 512M, 2G)")
	fs.StringSliceVar(&s.Disks, "disk", nil, "images to attach as disks (IDs or names; repeatable or comma separated)")
	fs.StringSliceVar(&s.NICs, "nic", nil, "virtual networks to attach (IDs or names; repeatable or comma separated)")
	fs.BoolVar(&s.VNC, "vnc", false, "add a VNC console (GRAPHICS TYPE=VNC)")
	fs.BoolVar(&s.Spice, "spice", false, "add a SPICE console (GRAPHICS TYPE=SPICE)")
	fs.StringVar(&s.SSH, "ssh", "", "put a public key in the context: --ssh=FILE, or --ssh alone for the owner's SSH_PUBLIC_KEY")
	fs.Lookup("ssh").NoOptDefVal = "-"
	fs.BoolVar(&s.NetContext, "net-context", false, "put the NICs' network configuration in the context")
	fs.StringSliceVar(&s.Context, "context", nil, "context attributes, KEY=VALUE (repeatable or comma separated)")
	fs.StringVar(&s.Raw, "raw", "", "raw hypervisor data (RAW=[TYPE=kvm, DATA=...])")
	fs.StringVar(&s.Boot, "boot", "", "boot devices in order, e.g. disk0,nic0 (OS BOOT)")
}

// Apply sets what the flags say on t; flags win over what t had. Image and
// network names are resolved with one pool fetch per type.
func (s *VMShape) Apply(ctx context.Context, f *Factory, t *template.Template) error {
	if s.Name != "" {
		t.Set("NAME", s.Name)
	}
	vcpuSet := s.fs != nil && s.fs.Changed("vcpu")
	if err := SetCapacity(t, s.CPU, s.VCPU, vcpuSet, s.Memory); err != nil {
		return err
	}
	add := func(res *Resource, flag, attr, idAttr string, vals []string) error {
		ids, err := resolveEach(ctx, f, res, flag, vals)
		for _, id := range ids {
			t.Add(template.Attr{Name: attr, Vector: []template.Pair{{Name: idAttr, Value: strconv.Itoa(id)}}})
		}
		return err
	}
	if err := add(Images, "disk", "DISK", "IMAGE_ID", s.Disks); err != nil {
		return err
	}
	if err := add(VNets, "nic", "NIC", "NETWORK_ID", s.NICs); err != nil {
		return err
	}
	return s.applyBuilders(t)
}

// applyBuilders adds what the console, context, raw and boot flags say.
func (s *VMShape) applyBuilders(t *template.Template) error {
	for _, g := range []struct {
		on  bool
		typ string
	}{{s.VNC, "VNC"}, {s.Spice, "SPICE"}} {
		if g.on {
			t.Del("GRAPHICS")
			t.Add(template.Attr{Name: "GRAPHICS", Vector: []template.Pair{{Name: "LISTEN", Value: "0.0.0.0"}, {Name: "TYPE", Value: g.typ}}})
		}
	}
	var ctx []template.Pair
	if s.NetContext {
		ctx = append(ctx, template.Pair{Name: "NETWORK", Value: "YES"})
	}
	switch s.SSH {
	case "":
	case "-":
		ctx = append(ctx, template.Pair{Name: "SSH_PUBLIC_KEY", Value: "$USER[SSH_PUBLIC_KEY]"})
	default:
		key, err := os.ReadFile(s.SSH)
		if err != nil {
			return Usagef("--ssh: %v", err)
		}
		ctx = append(ctx, template.Pair{Name: "SSH_PUBLIC_KEY", Value: strings.TrimSpace(string(key))})
	}
	for _, kv := range s.Context {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return Usagef("--context %q: use KEY=VALUE", kv)
		}
		ctx = append(ctx, template.Pair{Name: strings.ToUpper(strings.TrimSpace(k)), Value: v})
	}
	if len(ctx) > 0 {
		if old := t.Vectors("CONTEXT"); len(old) > 0 {
			ctx = append(append([]template.Pair(nil), old[0].Vector...), ctx...)
		}
		t.Del("CONTEXT")
		t.Add(template.Attr{Name: "CONTEXT", Vector: ctx})
	}
	if s.Raw != "" {
		t.Del("RAW")
		t.Add(template.Attr{Name: "RAW", Vector: []template.Pair{{Name: "DATA", Value: s.Raw}, {Name: "TYPE", Value: "kvm"}}})
	}
	if s.Boot != "" {
		osv := []template.Pair{{Name: "BOOT", Value: s.Boot}}
		if old := t.Vectors("OS"); len(old) > 0 {
			for _, p := range old[0].Vector {
				if p.Name != "BOOT" {
					osv = append(osv, p)
				}
			}
		}
		t.Del("OS")
		t.Add(template.Attr{Name: "OS", Vector: osv})
	}
	return nil
}

// resolveEach resolves names with one pool fetch for all of them.
func resolveEach(ctx context.Context, f *Factory, res *Resource, flag string, vals []string) ([]int, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	r := NewResolver(f, res)
	out := make([]int, 0, len(vals))
	for _, v := range vals {
		id, err := r.ID(ctx, v)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", flag, err)
		}
		out = append(out, id)
	}
	return out, nil
}
