package output

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// XMLToYAML converts an OpenNebula XML document into YAML shaped like the
// OpenNebula CLI's --yaml: a "---" document, keys in document order, every
// value a string, quoted the way Ruby's Psych quotes them so the output
// diffs cleanly against onevm show --yaml.
func XMLToYAML(doc []byte) ([]byte, error) {
	root, err := ParseXML(doc)
	if err != nil {
		return nil, err
	}
	s, err := schemaRoot(root.Name)
	if err != nil {
		return nil, err
	}
	return encodeYAML(root.Name, yamlNode(root, s))
}

// yamlDoc encodes a root whose children are the groups gs.
func yamlDoc(root string, gs []group) ([]byte, error) {
	return encodeYAML(root, yamlGroups(gs))
}

func encodeYAML(root string, body *yaml.Node) ([]byte, error) {
	top := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	top.Content = append(top.Content, yamlString(root), body)

	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(top); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return psychSequences(b.Bytes()), nil
}

// psychSequences moves block sequences under a mapping key two columns
// left, where Psych (and so OpenNebula's CLI) puts them:
//
//	VM:            VM:
//	    - ID: '3'  - ID: '3'
//
// yaml.v3 has no setting for it. Literal blocks move with their key and are
// never read as structure.
func psychSequences(in []byte) []byte {
	lines := strings.SplitAfter(string(in), "\n")
	var out strings.Builder
	out.Grow(len(in))
	var open []int // key columns of the sequences being moved
	literal := -1  // key column of a literal block being copied, or -1
	for i, line := range lines {
		ind := len(line) - len(strings.TrimLeft(line, " "))
		body := strings.TrimRight(line[ind:], "\n")
		for len(open) > 0 && body != "" && ind <= open[len(open)-1] {
			open = open[:len(open)-1]
		}
		if literal >= 0 && (body == "" || ind > literal) {
			out.WriteString(line[min(2*len(open), ind):])
			continue
		}
		literal = -1
		out.WriteString(line[min(2*len(open), ind):])
		key := ind
		if strings.HasPrefix(body, "- ") {
			key += 2
		}
		switch {
		case strings.HasSuffix(body, ": |-") || strings.HasSuffix(body, ": |") || strings.HasSuffix(body, ": |+"):
			literal = key
		case strings.HasSuffix(body, ":") && i+1 < len(lines):
			next := lines[i+1]
			nind := len(next) - len(strings.TrimLeft(next, " "))
			if nind == key+2 && strings.HasPrefix(next[nind:], "- ") {
				open = append(open, key)
			}
		}
	}
	return []byte(out.String())
}

func yamlNode(n *Node, s *schemaNode) *yaml.Node {
	if len(n.Children) == 0 {
		if n.hasText {
			return yamlString(n.Text)
		}
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
	}
	return yamlGroups(groups(n, s))
}

func yamlGroups(gs []group) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: make([]*yaml.Node, 0, 2*len(gs))}
	for _, g := range gs {
		var v *yaml.Node
		if g.array {
			v = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: make([]*yaml.Node, 0, len(g.nodes))}
			for _, c := range g.nodes {
				v.Content = append(v.Content, yamlNode(c, g.schema))
			}
		} else {
			v = yamlNode(g.nodes[0], g.schema)
		}
		m.Content = append(m.Content, yamlString(g.name), v)
	}
	return m
}

// yamlString picks the scalar style the way Psych (YAMLTree#visit_String)
// does: strings starting with a non-word character are double-quoted,
// strings a YAML reader would take for a number, bool or null are
// single-quoted, the rest is left plain and the emitter quotes it when plain
// would be unsafe.
func yamlString(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	switch {
	case strings.Contains(strings.TrimSuffix(s, "\n"), "\n"):
		n.Style = yaml.LiteralStyle
	case s == "<<":
		n.Style = yaml.SingleQuotedStyle
	case s == "y" || s == "Y" || s == "n" || s == "N":
		n.Style = yaml.DoubleQuotedStyle
	case s != "" && !startsWithWord(s) && !strings.Contains(afterFirstRune(s), `"`):
		n.Style = yaml.DoubleQuotedStyle
	case strings.HasPrefix(s, `"`):
		// what libyaml does with Psych's plain request for a value that
		// opens with a quote (onevrouter show -y: SMP_A: "\"unterminated")
		n.Style = yaml.DoubleQuotedStyle
	case readsAsNonString(s):
		n.Style = yaml.SingleQuotedStyle
	}
	return n
}

// afterFirstRune is s without its first character: Psych's
// /^[^[:word:]][^"]*$/ lets the first one be a quote.
func afterFirstRune(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[n:]
}

// startsWithWord is Ruby's /\A[[:word:]]/.
func startsWithWord(s string) bool {
	for _, r := range s {
		return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.Is(unicode.Pc, r)
	}
	return false
}

var (
	// Numbers and timestamps of YAML 1.1 (what Psych and PyYAML read) and
	// 1.2 (yaml.v3, yq): quoting a string that only one of them would
	// convert is harmless, leaving it plain is not.
	yamlNumber = regexp.MustCompile(`^(?:` +
		`[0-9][0-9_,]*` + // decimal, Psych accepts 1,000
		`|0[xX][0-9a-fA-F_]+|0o[0-7]+|0b[01_]+` +
		`|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?` + // sexagesimal
		`|[0-9][0-9_,]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?` +
		`|[0-9][0-9_]*[eE][-+]?[0-9]+` +
		`|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?` +
		`)$`)
	yamlWords = map[string]bool{}
)

func init() {
	for _, w := range []string{"yes", "no", "true", "false", "on", "off", "null"} {
		yamlWords[w] = true
		yamlWords[strings.ToUpper(w)] = true
		yamlWords[strings.ToUpper(w[:1])+w[1:]] = true
	}
}

// readsAsNonString is only asked about strings that start with a word
// character (the others are double-quoted already), so signs, dots and "~"
// need no case here.
func readsAsNonString(s string) bool {
	if s == "" {
		return true
	}
	if s[0] >= '0' && s[0] <= '9' {
		return yamlNumber.MatchString(s)
	}
	return yamlWords[s]
}
