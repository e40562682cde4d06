package kit

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
	ID   int
	Name string // non-empty: resolve through the pool
}

// maxRange bounds `a..b` so a typo like 1..1000000000 is refused instead of
// firing a billion calls.
const maxRange = 100000

// parseIDArg splits one argument: `5`, `web`, `1..5`, `1,3,7..9`, `web,db`.
func parseIDArg(arg string) ([]idToken, error) {
	if strings.TrimSpace(arg) == "" {
		return nil, Usagef("empty ID")
	}
	var out []idToken
	for _, part := range strings.Split(arg, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, Usagef("invalid ID list %q: empty element", arg)
		}
		if lo, hi, ok := strings.Cut(part, ".."); ok {
			a, errA := strconv.Atoi(lo)
			b, errB := strconv.Atoi(hi)
			if errA != nil || errB != nil || a < 0 || b < 0 {
				return nil, Usagef("invalid range %q: use START..END with numeric IDs", part)
			}
			if a > b {
				return nil, Usagef("invalid range %q: start is greater than end", part)
			}
			if b-a >= maxRange {
				return nil, Usagef("invalid range %q: more than %d IDs", part, maxRange)
			}
			for i := a; i <= b; i++ {
				out = append(out, idToken{ID: i})
			}
			continue
		}
		if n, err := strconv.Atoi(part); err == nil {
			if n < 0 {
				return nil, Usagef("invalid ID %q", part)
			}
			out = append(out, idToken{ID: n})
			continue
		}
		out = append(out, idToken{Name: part})
	}
	return out, nil
}

// Resolver turns ID arguments into numeric IDs. Names are looked up in the
// pool once per command, however many names the command was given.
type Resolver struct {
	F     *Factory
	Res   *Resource
	names map[string][]int
}

func NewResolver(f *Factory, res *Resource) *Resolver { return &Resolver{F: f, Res: res} }

// IDs expands every argument, keeping order and dropping repeats.
func (r *Resolver) IDs(ctx context.Context, args []string) ([]int, error) {
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
		id := t.ID
		if t.Name != "" {
			var err error
			if id, err = r.lookup(ctx, t.Name); err != nil {
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
func (r *Resolver) ID(ctx context.Context, arg string) (int, error) {
	toks, err := parseIDArg(arg)
	if err != nil {
		return 0, err
	}
	if len(toks) != 1 {
		return 0, Usagef("%q names %d %ss; this argument takes one", arg, len(toks), r.Res.Label)
	}
	if toks[0].Name == "" {
		return toks[0].ID, nil
	}
	return r.lookup(ctx, toks[0].Name)
}

func (r *Resolver) lookup(ctx context.Context, name string) (int, error) {
	if r.names == nil {
		if r.F.G.DryRun {
			return 0, Usagef("--dry-run calls nothing, so it cannot resolve the %s name %q: use its ID", r.Res.Label, name)
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
		return 0, &CodedError{Code: ExitNotFound, Err: fmt.Errorf("%s %q not found", r.Res.Label, name)}
	default:
		sort.Ints(ids)
		s := make([]string, len(ids))
		for i, id := range ids {
			s[i] = strconv.Itoa(id)
		}
		return 0, Usagef("%s name %q is ambiguous: IDs %s; use an ID", r.Res.Label, name, strings.Join(s, ", "))
	}
}

func (r *Resolver) load(ctx context.Context) error {
	c, err := r.F.Client()
	if err != nil {
		return err
	}
	r.names = map[string][]int{}
	return c.Objects(ctx, r.Res.Pool, func(_ string, obj []byte) error {
		o, err := client.Ref(obj)
		if err == nil {
			r.names[o.Name] = append(r.names[o.Name], o.ID)
		}
		return err
	})
}

// OneObject resolves the argument naming one object and returns the client
// to act on it with: the opening of every single-object command.
func OneObject(ctx context.Context, f *Factory, res *Resource, arg string) (int, *client.Client, error) {
	id, err := NewResolver(f, res).ID(ctx, arg)
	if err != nil {
		return 0, nil, err
	}
	c, err := f.Client()
	return id, c, err
}
