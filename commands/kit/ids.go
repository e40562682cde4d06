package kit

import (
	"context"
	"fmt"
	"math"
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

// maxRange bounds the IDs one command may name, over all its arguments
// together, so a typo like 1..1000000000 (or ten thousand ranges) is
// refused instead of firing a billion calls or filling the memory.
const maxRange = 100000

// maxID is the largest ID oned has: IDs are C ints, sent as XML-RPC <int>.
const maxID = math.MaxInt32

// parseIDArg splits one argument: `5`, `web`, `1..5`, `1,3,7..9`, `web,db`.
// It gives at most budget tokens and refuses an argument that would give
// more.
func parseIDArg(arg string, budget int) ([]idToken, error) {
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
			a, errA := parseID(lo)
			b, errB := parseID(hi)
			if errA != nil || errB != nil {
				return nil, Usagef("invalid range %q: use START..END with IDs from 0 to %d", part, maxID)
			}
			if a > b {
				return nil, Usagef("invalid range %q: start is greater than end", part)
			}
			if b-a >= budget-len(out) {
				return nil, Usagef("invalid range %q: more than %d IDs in the arguments", part, maxRange)
			}
			for i := a; i <= b; i++ {
				out = append(out, idToken{ID: i})
			}
			continue
		}
		if len(out) >= budget {
			return nil, Usagef("more than %d IDs in the arguments", maxRange)
		}
		if looksNumeric(part) {
			n, err := parseID(part)
			if err != nil {
				return nil, Usagef("invalid ID %q: IDs go from 0 to %d", part, maxID)
			}
			out = append(out, idToken{ID: n})
			continue
		}
		out = append(out, idToken{Name: part})
	}
	return out, nil
}

// looksNumeric: a signed string of digits is meant as an ID, never as a
// name, even when it is out of range.
func looksNumeric(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func parseID(s string) (int, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 || n > maxID {
		return 0, fmt.Errorf("invalid ID %q", s)
	}
	return int(n), nil
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
		t, err := parseIDArg(a, maxRange-len(toks))
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
	toks, err := parseIDArg(arg, maxRange)
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
	// Through the reader, so a dry run resolves names on the real cloud
	// and still sends no write.
	return c.Reader().Objects(ctx, r.Res.Pool, func(_ string, obj []byte) error {
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
