package api

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// param is one parameter of a method's signature in methods.tsv:
// "host_id:int", "enforce:bool?", "group_ids:array<int>?".
type param struct {
	name     string
	typ      string // string, int, i8, bool, array<int>
	optional bool
}

// parseSignature reads the params column, leaving out the session, which
// the client adds.
func parseSignature(sig string) []param {
	var ps []param
	for _, f := range strings.Split(sig, ",") {
		f = strings.TrimSpace(f)
		name, typ, ok := strings.Cut(f, ":")
		if !ok || name == "session" {
			continue
		}
		p := param{name: name, typ: typ}
		if strings.HasSuffix(typ, "?") {
			p.typ, p.optional = strings.TrimSuffix(typ, "?"), true
		}
		ps = append(ps, p)
	}
	return ps
}

// usage renders a signature as a command line: "<id:int> [<enforce:bool>]".
func usage(ps []param) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = "<" + p.name + ":" + p.typ + ">"
		if p.optional {
			parts[i] = "[" + parts[i] + "]"
		}
	}
	return strings.Join(parts, " ")
}

// typeArgs turns the words of the command line into the values the method
// takes, so oned receives <i4>, <boolean>, <i8> and <string> where it
// expects them. A string argument "@FILE" is the file's contents ("@-":
// standard input), for templates.
func typeArgs(ps []param, words []string, stdin io.Reader) ([]any, error) {
	required := 0
	for _, p := range ps {
		if !p.optional {
			required++
		}
	}
	if len(words) < required || len(words) > len(ps) {
		n := fmt.Sprint(required)
		if len(ps) != required {
			n = fmt.Sprintf("%d to %d", required, len(ps))
		}
		return nil, fmt.Errorf("takes %s argument(s) after the session: %s", n, usage(ps))
	}
	vals := make([]any, len(words))
	for i, w := range words {
		v, err := typeArg(ps[i], w, stdin)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	return vals, nil
}

func typeArg(p param, w string, stdin io.Reader) (any, error) {
	switch p.typ {
	case "int":
		n, err := strconv.ParseInt(w, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("<%s> must be an integer, not %q", p.name, w)
		}
		return int(n), nil
	case "i8":
		n, err := strconv.ParseInt(w, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("<%s> must be an integer, not %q", p.name, w)
		}
		return n, nil
	case "bool":
		switch strings.ToLower(w) {
		case "true", "1", "yes", "on":
			return true, nil
		case "false", "0", "no", "off":
			return false, nil
		}
		return nil, fmt.Errorf("<%s> must be true or false, not %q", p.name, w)
	case "array<int>":
		var ids []int
		for _, s := range strings.Split(w, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			n, err := strconv.ParseInt(s, 10, 32)
			if err != nil {
				return nil, fmt.Errorf("<%s> must be integers separated by commas, not %q", p.name, w)
			}
			ids = append(ids, int(n))
		}
		return ids, nil
	default:
		if !strings.HasPrefix(w, "@") || len(w) == 1 {
			return w, nil
		}
		var b []byte
		var err error
		if w == "@-" {
			b, err = io.ReadAll(stdin)
		} else {
			b, err = os.ReadFile(w[1:])
		}
		if err != nil {
			return nil, fmt.Errorf("<%s>: %v", p.name, err)
		}
		return string(b), nil
	}
}
