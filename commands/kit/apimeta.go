package kit

import (
	_ "embed"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// methods.tsv is a copy of shared/opennebula-api/methods.tsv: the permission
// each XML-RPC method needs, so help text cannot drift from the API data.
//
//go:embed methods.tsv
var methodsTSV string

type MethodInfo struct {
	Params string
	auth   []string // "VM:MANAGE", "HOST:MANAGE", ...
}

var (
	methodsOnce sync.Once
	methods     map[string]MethodInfo
	authToken   = regexp.MustCompile(`\b[A-Z]+:(USE|MANAGE|ADMIN|CREATE)\b`)
	parenthesis = regexp.MustCompile(`\([^()]*\)`)
)

func loadMethods() {
	methods = map[string]MethodInfo{}
	for _, line := range strings.Split(methodsTSV, "\n")[1:] {
		cols := strings.Split(line, "\t")
		if len(cols) < 4 {
			continue
		}
		// Parenthesised asides ("(default; ... configurable ...)") and the
		// bracketed conditional checks are explanations, not requirements.
		req := parenthesis.ReplaceAllString(cols[3], "")
		if i := strings.Index(req, "["); i >= 0 {
			req = req[:i]
		}
		var auth []string
		seen := map[string]bool{}
		for _, t := range authToken.FindAllString(req, -1) {
			if !seen[t] {
				seen[t] = true
				auth = append(auth, t)
			}
		}
		methods[cols[0]] = MethodInfo{Params: cols[1], auth: auth}
	}
}

func LookupMethod(name string) (MethodInfo, bool) {
	methodsOnce.Do(loadMethods)
	m, ok := methods[name]
	return m, ok
}

// APIHelp is the line every command's help ends with: which XML-RPC method
// it calls and the permission that needs. perm overrides the table where the
// permission depends on the arguments (one.vm.action).
func APIHelp(method, perm string) string {
	if method == "" {
		return ""
	}
	needs := perm
	if needs == "" {
		if m, ok := LookupMethod(method); ok {
			needs = strings.Join(m.auth, ", ")
		}
	}
	if needs == "" {
		return "\n\nXML-RPC: " + method
	}
	return "\n\nXML-RPC: " + method + " (needs " + needs + ")"
}

// Local is the annotation of a command that works on this machine only and
// calls no method (user encode, user key): its help names none.
const Local = "onectl/local"

// MethodNames lists every method of methods.tsv, sorted, for `onectl api`
// and its completion.
func MethodNames() []string {
	methodsOnce.Do(loadMethods)
	names := make([]string, 0, len(methods))
	for n := range methods {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
