package kit

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/pflag"

	"github.com/onectl/onectl/template"
)

// VMShape is the template flags `vm create` and `template instantiate`
// share (--name --cpu --vcpu --memory --disk --nic), so both read them the
// same way and neither group imports the other.
type VMShape struct {
	Name   string
	CPU    string
	VCPU   int
	Memory string
	Disks  []string
	NICs   []string

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
	return add(VNets, "nic", "NIC", "NETWORK_ID", s.NICs)
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
