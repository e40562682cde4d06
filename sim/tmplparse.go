package sim

import (
	"errors"
	"strings"

	"github.com/onectl/onectl/template"
)

// parseTmpl reads a template given to a method in either syntax and
// returns oned's "Parse error: ..." text on failure.
func parseTmpl(text string) (*tmpl, string) {
	t, err := template.Parse(text)
	if err != nil {
		if strings.HasPrefix(strings.TrimSpace(text), "<") {
			return nil, "Parse error: XML Template malformed."
		}
		var se *template.SyntaxError
		if errors.As(err, &se) {
			return nil, "Parse error: " + se.Error()
		}
		return nil, "Parse error: " + err.Error()
	}
	out := newTmpl()
	for _, a := range t.Attrs {
		if !a.IsVector() {
			out.A = append(out.A, &attr{N: strings.ToUpper(a.Name), V: a.Value})
			continue
		}
		na := &attr{N: strings.ToUpper(a.Name), IsV: true, Vec: []*pair{}}
		for _, p := range a.Vector {
			// vector members are unique in oned (a map): the last one wins
			vset(na, strings.ToUpper(p.Name), p.Value)
		}
		out.A = append(out.A, na)
	}
	return out, ""
}

// mustTmpl parses a template written in this package's seed data.
func mustTmpl(text string) *tmpl {
	t, msg := parseTmpl(text)
	if msg != "" {
		return newTmpl()
	}
	return t
}

// tmplArg parses the template in parameter i; a syntax error is answered
// as oned does, INTERNAL with the parser's message.
func (c *call) tmplArg(i int) (*tmpl, *rpcError) {
	t, msg := parseTmpl(c.str(i))
	if msg != "" {
		return nil, c.errInternal("%s", msg)
	}
	return t, nil
}
