package sim

import "testing"

func testLookup(name string) []string {
	return map[string][]string{
		"ID":          {"3"},
		"NAME":        {"host03.lab"},
		"CLUSTER_ID":  {"100"},
		"FREE_CPU":    {"650"},
		"LOAD":        {"0.75"},
		"HYPERVISOR":  {"kvm"},
		"PINNED":      {"NO"},
		"CLUSTERS/ID": {"0", "100"},
		"TAGS":        {"ssd", "gpu-a100"},
		"WEIRD":       {"12abc"},
	}[name]
}

func TestEvalRequirements(t *testing.T) {
	for _, c := range []struct {
		expr string
		want bool
	}{
		{"", true},
		{"ID = 3", true},
		{"ID != 3", false},
		{"ID > 2 & ID < 4", true},
		{"CLUSTER_ID = 0 | CLUSTER_ID = 100", true},
		{"!(CLUSTER_ID = 100)", false},
		{"! ID = 4", true},
		{`NAME = "host0*"`, true},
		{`NAME = "host0?.lab"`, true},
		{`NAME = "host0[1-2]*"`, false},
		{`NAME = "host0[!1-2]*"`, true},
		{`NAME != "web*"`, true},
		{`HYPERVISOR = kvm`, true},
		{`HYPERVISOR = KVM`, false},
		{"LOAD < 0.8", true},
		{"LOAD = 0.75", true},
		{"FREE_CPU > 600.5", true},
		{`"CLUSTERS/ID" @> 100`, true},
		{`"CLUSTERS/ID" @> 7`, false},
		{`TAGS @> "gpu*"`, true},
		{"WEIRD = 12", true}, // a leading number counts, as a C++ stream reads it
		// a missing attribute fails every comparison, != included
		{"MISSING = 1", false},
		{"MISSING != 1", false},
		{`MISSING != "x"`, false},
		{"!(MISSING = 1)", true},
		{`NAME = ""`, false},
		// one precedence, grouped to the left
		{"ID = 3 | ID = 1 & ID = 2", false},
		{"ID = 1 & ID = 2 | ID = 3", true},
		{"ID = 3 | (ID = 1 & ID = 2)", true},
		{`!(PUBLIC_CLOUD = YES) & !(PIN_POLICY = PINNED)`, true},
	} {
		got, err := evalRequirements(c.expr, testLookup)
		if err != nil || got != c.want {
			t.Errorf("%q = %v, %v; want %v", c.expr, got, err, c.want)
		}
	}
}

func TestEvalRequirementsSyntax(t *testing.T) {
	for _, e := range []string{"ID =", "ID", "ID = 3 &", "(ID = 3", "ID = 3)", `NAME = "open`, "ID ~ 3",
		`NAME > "a"`, "ID @ 3", "ID = 3 ID = 4", "3 = ID"} {
		if _, err := evalRequirements(e, testLookup); err == nil {
			t.Errorf("%q: no syntax error", e)
		}
	}
}

func TestEvalRank(t *testing.T) {
	for _, c := range []struct {
		expr string
		want int
	}{
		{"", 0},
		{"FREE_CPU", 650},
		{"- FREE_CPU", -650},
		{"FREE_CPU * 2 + ID", 1303},
		{"(FREE_CPU + ID) * 2", 1306},
		{"FREE_CPU / 4", 162},
		{"LOAD * 10", 7},
		{"MISSING + 5", 5},
		{"ID / 0", 0},
		{"10 - ID - 2", 5},
	} {
		got, err := evalRank(c.expr, testLookup)
		if err != nil || got != c.want {
			t.Errorf("%q = %v, %v; want %v", c.expr, got, err, c.want)
		}
	}
	// "-2" is one number token, so this does not parse, as in oned
	if _, err := evalRank("FREE_CPU -2", testLookup); err == nil {
		t.Error("FREE_CPU -2 parsed")
	}
}

func TestGlobMatch(t *testing.T) {
	for _, c := range []struct {
		p, s string
		want bool
	}{
		{"*", "", true}, {"a*c", "abbc", true}, {"a*c", "abcd", false}, {"a/*", "a/b/c", true},
		{`a\*`, "a*", true}, {`a\*`, "ab", false}, {"[abc]x", "bx", true}, {"[^abc]x", "bx", false},
		{"??", "ab", true}, {"??", "a", false}, {"[]]", "]", true},
	} {
		if got := globMatch(c.p, c.s); got != c.want {
			t.Errorf("glob %q %q = %v", c.p, c.s, got)
		}
	}
}
