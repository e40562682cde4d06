package kit

import (
	"strings"
	"testing"
)

// FuzzParseIDArg: any argument gives IDs within oned's range and the
// budget, names that are trimmed and non-empty, or a usage error.
//
//	go test ./commands/kit -run '^$' -fuzz FuzzParseIDArg -fuzztime 30s
func FuzzParseIDArg(f *testing.F) {
	for _, s := range []string{"5", "web", "1..5", "1,3,7..9", "web,db", " 2 , x ", "0..99999", "2147483647",
		"2147483648", "-1", "1..", "..", "1,,2", "a..b", "9..1", "+7", "0..2147483647", "\x00"} {
		f.Add(s, 100)
	}
	f.Fuzz(func(t *testing.T, arg string, budget int) {
		budget = min(max(budget, 0), maxRange)
		toks, err := parseIDArg(arg, budget)
		if err != nil {
			if ExitCode(err) != ExitUsage {
				t.Fatalf("%q: error %v is not a usage error", arg, err)
			}
			return
		}
		if len(toks) > budget {
			t.Fatalf("%q: %d IDs over a budget of %d", arg, len(toks), budget)
		}
		for _, tk := range toks {
			if tk.Name == "" && (tk.ID < 0 || tk.ID > maxID) {
				t.Fatalf("%q: ID %d out of range", arg, tk.ID)
			}
			if tk.Name != "" && (tk.Name != strings.TrimSpace(tk.Name) || strings.Contains(tk.Name, ",") || looksNumeric(tk.Name)) {
				t.Fatalf("%q: bad name %q", arg, tk.Name)
			}
		}
	})
}
