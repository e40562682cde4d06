package sim

import (
	"fmt"
	"strconv"
	"strings"
)

// The scheduler's two small languages, as oned's expression parsers
// define them (src/parsers/expr_bool.y and expr_arith.y):
//
//   - requirements: ATTR = v, ATTR != v, ATTR > n, ATTR < n, ATTR @> v
//     (some value of a multi-valued attribute matches), combined with &, |
//     and a prefix !, in parentheses; &, | and ! share one precedence and
//     group to the left, so "a | b & c" is "(a | b) & c". A string value
//     is a shell glob ("host*"). A missing attribute makes every
//     comparison false, != included. An empty expression is true.
//   - rank: + - * / and a unary -, over numbers and attributes (a missing
//     one counts 0); the result is truncated to an integer.
//
// Tokens follow oned's lexer: a name is [A-Za-z][0-9A-Za-z_]*, a quoted
// string may hold anything but a quote, and "-1" is one number, so
// "FREE_CPU -1" does not parse, as in oned.

// lookupFn returns the values of an attribute: all the values found at
// the first place that has any, nil when it is missing.
type lookupFn func(name string) []string

type tokKind int

const (
	tkEOF tokKind = iota
	tkName
	tkInt
	tkFloat
	tkOp
)

type exprTok struct {
	k   tokKind
	s   string // name text, or the operator character
	nul bool   // the empty quoted string "", which oned's lexer makes a NULL
	i   int
	f   float64
}

func lexExpr(src string) ([]exprTok, error) {
	var out []exprTok
	i := 0
	for i < len(src) {
		ch := src[i]
		switch {
		case ch == ' ' || ch == '\t':
			i++
		case isDigit(ch) || (ch == '-' && i+1 < len(src) && isDigit(src[i+1])):
			j := i + 1
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			if j+1 < len(src) && src[j] == '.' && isDigit(src[j+1]) {
				j++
				for j < len(src) && isDigit(src[j]) {
					j++
				}
				f, _ := strconv.ParseFloat(src[i:j], 64)
				out = append(out, exprTok{k: tkFloat, f: f, s: src[i:j]})
			} else {
				n, _ := strconv.Atoi(src[i:j])
				out = append(out, exprTok{k: tkInt, i: n, s: src[i:j]})
			}
			i = j
		case strings.IndexByte("@!&|=><()*+/^-", ch) >= 0:
			out = append(out, exprTok{k: tkOp, s: string(ch)})
			i++
		case isAlpha(ch):
			j := i + 1
			for j < len(src) && (isAlpha(src[j]) || isDigit(src[j]) || src[j] == '_') {
				j++
			}
			out = append(out, exprTok{k: tkName, s: src[i:j]})
			i = j
		case ch == '"':
			j := strings.IndexByte(src[i+1:], '"')
			if j < 0 {
				return nil, fmt.Errorf("syntax error, unterminated string at column %d", i+1)
			}
			s := src[i+1 : i+1+j]
			out = append(out, exprTok{k: tkName, s: s, nul: s == ""})
			i += j + 2
		default:
			return nil, fmt.Errorf("syntax error, unexpected character '%c' at column %d", ch, i+1)
		}
	}
	return append(out, exprTok{k: tkEOF}), nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

type exprParser struct {
	toks []exprTok
	pos  int
	look lookupFn
}

func (p *exprParser) peek() exprTok { return p.toks[p.pos] }
func (p *exprParser) next() exprTok {
	t := p.toks[p.pos]
	if t.k != tkEOF {
		p.pos++
	}
	return t
}
func (p *exprParser) isOp(s string) bool { t := p.peek(); return t.k == tkOp && t.s == s }

func (p *exprParser) unexpected() error {
	t := p.peek()
	if t.k == tkEOF {
		return fmt.Errorf("syntax error, unexpected end of expression")
	}
	return fmt.Errorf("syntax error, unexpected '%s'", t.s)
}

// evalRequirements evaluates a requirements expression against look.
func evalRequirements(src string, look lookupFn) (bool, error) {
	r, err := compileRequirements(src)
	if err != nil {
		return false, err
	}
	return r.eval(look)
}

// requirementsExpr is a requirements expression read once, to be
// evaluated against many hosts.
type requirementsExpr struct{ toks []exprTok }

func compileRequirements(src string) (*requirementsExpr, error) {
	toks, err := lexExpr(src)
	if err != nil {
		return nil, err
	}
	return &requirementsExpr{toks: toks}, nil
}

func (r *requirementsExpr) eval(look lookupFn) (bool, error) {
	p := &exprParser{toks: r.toks, look: look}
	if p.peek().k == tkEOF {
		return true, nil
	}
	v, err := p.boolExpr()
	if err != nil {
		return false, err
	}
	if p.peek().k != tkEOF {
		return false, p.unexpected()
	}
	return v, nil
}

func (p *exprParser) boolExpr() (bool, error) {
	v, err := p.boolUnary()
	if err != nil {
		return false, err
	}
	for p.isOp("&") || p.isOp("|") {
		op := p.next().s
		r, err := p.boolUnary()
		if err != nil {
			return false, err
		}
		if op == "&" {
			v = v && r
		} else {
			v = v || r
		}
	}
	return v, nil
}

func (p *exprParser) boolUnary() (bool, error) {
	switch {
	case p.isOp("!"):
		p.next()
		v, err := p.boolUnary()
		return !v, err
	case p.isOp("("):
		p.next()
		v, err := p.boolExpr()
		if err != nil {
			return false, err
		}
		if !p.isOp(")") {
			return false, p.unexpected()
		}
		p.next()
		return v, nil
	case p.peek().k == tkName:
		return p.comparison()
	}
	return false, p.unexpected()
}

func (p *exprParser) comparison() (bool, error) {
	name := p.next().s
	var op string
	switch {
	case p.isOp("="), p.isOp(">"), p.isOp("<"):
		op = p.next().s
	case p.isOp("!"), p.isOp("@"):
		first := p.next().s
		want := map[string]string{"!": "=", "@": ">"}[first]
		if !p.isOp(want) {
			return false, p.unexpected()
		}
		p.next()
		op = first + want
	default:
		return false, p.unexpected()
	}
	rhs := p.next()
	vals := p.look(name)
	switch rhs.k {
	case tkInt, tkFloat:
		want := rhs.f
		if rhs.k == tkInt {
			want = float64(rhs.i)
		}
		return compareNumber(op, vals, want, rhs.k == tkInt), nil
	case tkName:
		if op == ">" || op == "<" {
			return false, fmt.Errorf("syntax error, unexpected string %q after '%s'", rhs.s, op)
		}
		return compareString(op, vals, rhs.s, rhs.nul), nil
	}
	if rhs.k == tkOp {
		return false, fmt.Errorf("syntax error, unexpected '%s' after '%s'", rhs.s, op)
	}
	return false, fmt.Errorf("syntax error, unexpected end of expression after '%s'", op)
}

// numberOf reads a value the way a C++ stream does: a leading number, the
// rest ignored; ok is false when there is none.
func numberOf(s string, integer bool) (float64, bool) {
	s = strings.TrimSpace(s)
	j := 0
	if j < len(s) && (s[j] == '-' || s[j] == '+') {
		j++
	}
	start := j
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == start {
		return 0, false
	}
	if !integer && j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
		j++
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	}
	f, err := strconv.ParseFloat(s[:j], 64)
	return f, err == nil
}

func compareNumber(op string, vals []string, want float64, integer bool) bool {
	if op == "@>" {
		for _, s := range vals {
			if f, ok := numberOf(s, integer); ok && f == want {
				return true
			}
		}
		return false
	}
	if len(vals) == 0 {
		return false
	}
	got, ok := numberOf(vals[0], integer)
	if !ok {
		return false
	}
	switch op {
	case "=":
		return got == want
	case "!=":
		return got != want
	case ">":
		return got > want
	default:
		return got < want
	}
}

func compareString(op string, vals []string, pattern string, null bool) bool {
	if null || len(vals) == 0 {
		return false
	}
	switch op {
	case "=":
		return globMatch(pattern, vals[0])
	case "!=":
		return !globMatch(pattern, vals[0])
	}
	for _, s := range vals {
		if globMatch(pattern, s) {
			return true
		}
	}
	return false
}

// globMatch is fnmatch(3) without flags: * and ? match any character, a
// slash included; [...] is a set (with ranges and a leading ! or ^); a
// backslash quotes the next character.
func globMatch(pat, s string) bool {
	for len(pat) > 0 {
		switch pat[0] {
		case '*':
			for len(pat) > 0 && pat[0] == '*' {
				pat = pat[1:]
			}
			if pat == "" {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if globMatch(pat, s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
			pat, s = pat[1:], s[1:]
		case '[':
			end := strings.IndexByte(pat[1:], ']')
			if end < 0 || s == "" {
				if s == "" || s[0] != '[' {
					return false
				}
				pat, s = pat[1:], s[1:]
				continue
			}
			if end == 0 { // "[]...]": a leading ] is a member
				if e2 := strings.IndexByte(pat[2:], ']'); e2 >= 0 {
					end = e2 + 1
				}
			}
			set := pat[1 : end+1]
			neg := len(set) > 0 && (set[0] == '!' || set[0] == '^')
			if neg {
				set = set[1:]
			}
			if inSet(set, s[0]) == neg {
				return false
			}
			pat, s = pat[end+2:], s[1:]
		case '\\':
			if len(pat) > 1 {
				pat = pat[1:]
			}
			fallthrough
		default:
			if s == "" || s[0] != pat[0] {
				return false
			}
			pat, s = pat[1:], s[1:]
		}
	}
	return s == ""
}

func inSet(set string, c byte) bool {
	for i := 0; i < len(set); i++ {
		if i+2 < len(set) && set[i+1] == '-' {
			if set[i] <= c && c <= set[i+2] {
				return true
			}
			i += 2
			continue
		}
		if set[i] == c {
			return true
		}
	}
	return false
}

// evalRank evaluates a rank expression against look.
func evalRank(src string, look lookupFn) (int, error) {
	toks, err := lexExpr(src)
	if err != nil {
		return 0, err
	}
	p := &exprParser{toks: toks, look: look}
	if p.peek().k == tkEOF {
		return 0, nil
	}
	v, err := p.sum()
	if err != nil {
		return 0, err
	}
	if p.peek().k != tkEOF {
		return 0, p.unexpected()
	}
	return int(v), nil
}

func (p *exprParser) sum() (float64, error) {
	v, err := p.product()
	for err == nil && (p.isOp("+") || p.isOp("-")) {
		op := p.next().s
		var r float64
		if r, err = p.product(); err == nil {
			if op == "+" {
				v += r
			} else {
				v -= r
			}
		}
	}
	return v, err
}

func (p *exprParser) product() (float64, error) {
	v, err := p.factor()
	for err == nil && (p.isOp("*") || p.isOp("/")) {
		op := p.next().s
		var r float64
		if r, err = p.factor(); err == nil {
			if op == "*" {
				v *= r
			} else if r != 0 {
				v /= r
			} else {
				v = 0 // oned's float division would give inf, whose int is undefined
			}
		}
	}
	return v, err
}

func (p *exprParser) factor() (float64, error) {
	t := p.peek()
	switch {
	case t.k == tkInt:
		p.next()
		return float64(t.i), nil
	case t.k == tkFloat:
		p.next()
		return t.f, nil
	case t.k == tkName:
		p.next()
		if vals := p.look(t.s); len(vals) > 0 {
			f, _ := numberOf(vals[0], false)
			return f, nil
		}
		return 0, nil
	case p.isOp("-"):
		p.next()
		v, err := p.factor()
		return -v, err
	case p.isOp("("):
		p.next()
		v, err := p.sum()
		if err != nil {
			return 0, err
		}
		if !p.isOp(")") {
			return 0, p.unexpected()
		}
		p.next()
		return v, nil
	}
	return 0, p.unexpected()
}
