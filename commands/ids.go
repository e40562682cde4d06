package commands

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/onectl/onectl/client"
)

// idToken is one element of an ID argument: a numeric ID or a name to resolve.
type idToken struct {
	id   int
	name string // non-empty: resolve through the pool
}

// maxRange bounds `a..b` so a typo like 1..1000000000 is refused instead of
// firing a billion calls.
const maxRange = 100000

// parseIDArg splits one argument: `5`, `web`, `1..5`, `1,3,7..9`, `web,db`.
func parseIDArg(arg string) ([]idToken, error) {
	if strings.TrimSpace(arg) == "" {
		return nil, usageErrorf("empty ID")
	}
	var out []idToken
	for _, part := range strings.Split(arg, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, usageErrorf("invalid ID list %q: empty element", arg)
		}
		if lo, hi, ok := strings.Cut(part, ".."); ok {
			a, errA := strconv.Atoi(lo)
			b, errB := strconv.Atoi(hi)
			if errA != nil || errB != nil || a < 0 || b < 0 {
				return nil, usageErrorf("invalid range %q: use START..END with numeric IDs", part)
			}
			if a > b {
				return nil, usageErrorf("invalid range %q: start is greater than end", part)
			}
			if b-a >= maxRange {
				return nil, usageErrorf("invalid range %q: more than %d IDs", part, maxRange)
			}
			for i := a; i <= b; i++ {
				out = append(out, idToken{id: i})
			}
			continue
		}
		if n, err := strconv.Atoi(part); err == nil {
			if n < 0 {
				return nil, usageErrorf("invalid ID %q", part)
			}
			out = append(out, idToken{id: n})
			continue
		}
		out = append(out, idToken{name: part})
	}
	return out, nil
}

// resource describes an OpenNebula object type for lookups and listings.
type resource struct {
	noun  string // command name: "vm"
	kind  string // XML element: "VM"
	label string // for messages: "VM"
	pool  client.PoolQuery
	info  string // "one.vm.info"
}

var (
	vmRes        = &resource{noun: "vm", kind: "VM", label: "VM", info: "one.vm.info", pool: client.PoolQuery{Method: "one.vmpool.info", Paged: true, Filter: -2, Extra: []any{-1}}}
	hostRes      = &resource{noun: "host", kind: "HOST", label: "host", info: "one.host.info", pool: client.PoolQuery{Method: "one.hostpool.info"}}
	datastoreRes = &resource{noun: "datastore", kind: "DATASTORE", label: "datastore", info: "one.datastore.info", pool: client.PoolQuery{Method: "one.datastorepool.info"}}
	userRes      = &resource{noun: "user", kind: "USER", label: "user", info: "one.user.info", pool: client.PoolQuery{Method: "one.userpool.info"}}
	groupRes     = &resource{noun: "group", kind: "GROUP", label: "group", info: "one.group.info", pool: client.PoolQuery{Method: "one.grouppool.info"}}
	imageRes     = &resource{noun: "image", kind: "IMAGE", label: "image", info: "one.image.info", pool: client.PoolQuery{Method: "one.imagepool.info", Paged: true, Filter: -2}}
	vnetRes      = &resource{noun: "vnet", kind: "VNET", label: "virtual network", info: "one.vn.info", pool: client.PoolQuery{Method: "one.vnpool.info", Paged: true, Filter: -2}}
	templateRes  = &resource{noun: "template", kind: "VMTEMPLATE", label: "template", info: "one.template.info", pool: client.PoolQuery{Method: "one.templatepool.info", Paged: true, Filter: -2}}
)

// resolver turns ID arguments into numeric IDs. Names are looked up in the
// pool once per command, however many names the command was given.
type resolver struct {
	f     *Factory
	res   *resource
	names map[string][]int
}

func newResolver(f *Factory, res *resource) *resolver { return &resolver{f: f, res: res} }

// IDs expands every argument, keeping order and dropping repeats.
func (r *resolver) IDs(ctx context.Context, args []string) ([]int, error) {
	var toks []idToken
	for _, a := range args {
		t, err := parseIDArg(a)
		if err != nil {
			return nil, err
		}
		toks = append(toks, t...)
	}
	seen := map[int]bool{}
	var ids []int
	for _, t := range toks {
		id := t.id
		if t.name != "" {
			var err error
			if id, err = r.lookup(ctx, t.name); err != nil {
				return nil, err
			}
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// ID resolves an argument that must name exactly one object.
func (r *resolver) ID(ctx context.Context, arg string) (int, error) {
	toks, err := parseIDArg(arg)
	if err != nil {
		return 0, err
	}
	if len(toks) != 1 {
		return 0, usageErrorf("%q names %d %ss; this argument takes one", arg, len(toks), r.res.label)
	}
	if toks[0].name == "" {
		return toks[0].id, nil
	}
	return r.lookup(ctx, toks[0].name)
}

func (r *resolver) lookup(ctx context.Context, name string) (int, error) {
	if r.names == nil {
		if r.f.G.DryRun {
			return 0, usageErrorf("--dry-run calls nothing, so it cannot resolve the %s name %q: use its ID", r.res.label, name)
		}
		if err := r.load(ctx); err != nil {
			return 0, err
		}
	}
	ids := r.names[name]
	switch len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		return 0, &CodedError{Code: ExitNotFound, Err: fmt.Errorf("%s %q not found", r.res.label, name)}
	default:
		sort.Ints(ids)
		s := make([]string, len(ids))
		for i, id := range ids {
			s[i] = strconv.Itoa(id)
		}
		return 0, usageErrorf("%s name %q is ambiguous: IDs %s; use an ID", r.res.label, name, strings.Join(s, ", "))
	}
}

func (r *resolver) load(ctx context.Context) error {
	c, err := r.f.Client()
	if err != nil {
		return err
	}
	r.names = map[string][]int{}
	return c.Objects(ctx, r.res.pool, func(_ string, obj []byte) error {
		o, err := client.Ref(obj)
		if err == nil {
			r.names[o.Name] = append(r.names[o.Name], o.ID)
		}
		return err
	})
}

// oneObject resolves the argument naming one object and returns the client
// to act on it with: the opening of every single-object command.
func oneObject(ctx context.Context, f *Factory, res *resource, arg string) (int, *client.Client, error) {
	id, err := newResolver(f, res).ID(ctx, arg)
	if err != nil {
		return 0, nil, err
	}
	c, err := f.Client()
	return id, c, err
}
