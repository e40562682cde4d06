package output

import "bytes"

// The JSON and YAML shapes follow OpenNebula's CLI (XMLElement#to_hash):
// the root name is the single top key, children become keys in the order
// their name first appears, a leaf with text is a string, an element with
// neither text nor children is an empty object. Unlike the CLI, an element
// the schema lets repeat is always an array, so scripts never have to check.

// group is the run of children sharing one name, in first-appearance order.
type group struct {
	name  string
	nodes []*Node
	// array is decided once per group: the schema allows repetition, or
	// the document repeats the element anyway (free-form templates).
	array  bool
	schema *schemaNode
}

// groups collects children by name without a map for the usual handful of
// names; a pool of thousands of VMs is one group and stays linear.
func groups(n *Node, s *schemaNode) []group {
	out := make([]group, 0, len(n.Children))
	var index map[string]int
	for _, c := range n.Children {
		i := -1
		if index != nil {
			if j, ok := index[c.Name]; ok {
				i = j
			}
		} else {
			for j := len(out) - 1; j >= 0; j-- {
				if out[j].name == c.Name {
					i = j
					break
				}
			}
			if len(out) > 16 {
				index = make(map[string]int, len(out)*2)
				for j, g := range out {
					index[g.name] = j
				}
			}
		}
		if i < 0 {
			out = append(out, group{name: c.Name, nodes: []*Node{c}})
			if index != nil {
				index[c.Name] = len(out) - 1
			}
			continue
		}
		out[i].nodes = append(out[i].nodes, c)
	}
	for i := range out {
		g := &out[i]
		g.schema = s.child(g.name)
		g.array = len(g.nodes) > 1 || (g.schema != nil && g.schema.repeat)
	}
	return out
}

// XMLToJSON converts an OpenNebula XML document into the JSON that the
// OpenNebula CLI prints for --json (2-space indent, trailing newline).
func XMLToJSON(doc []byte) ([]byte, error) {
	root, err := ParseXML(doc)
	if err != nil {
		return nil, err
	}
	s, err := schemaRoot(root.Name)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Grow(len(doc) + len(doc)/2)
	b.WriteString("{\n  ")
	writeJSONString(&b, root.Name)
	b.WriteString(": ")
	writeJSONNode(&b, root, s, 1)
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

func writeJSONNode(b *bytes.Buffer, n *Node, s *schemaNode, depth int) {
	if len(n.Children) == 0 {
		if n.hasText {
			writeJSONString(b, n.Text)
		} else {
			// Ruby's generator opens and closes an empty hash on two lines.
			b.WriteString("{\n")
			indent(b, depth)
			b.WriteByte('}')
		}
		return
	}
	b.WriteString("{\n")
	if len(n.Children) <= 16 {
		writeJSONChildren(b, n, s, depth)
	} else {
		gs := groups(n, s)
		for i := range gs {
			if i > 0 {
				b.WriteString(",\n")
			}
			writeJSONGroup(b, &gs[i], depth)
		}
	}
	b.WriteByte('\n')
	indent(b, depth)
	b.WriteByte('}')
}

// writeJSONChildren is groups() + writeJSONGroup for the usual handful of
// children, without building the groups: a name's group is written where
// the name first appears.
func writeJSONChildren(b *bytes.Buffer, n *Node, s *schemaNode, depth int) {
	first := true
	for i, c := range n.Children {
		seen := false
		for _, p := range n.Children[:i] {
			if p.Name == c.Name {
				seen = true
				break
			}
		}
		if seen {
			continue
		}
		count := 0
		for _, o := range n.Children[i:] {
			if o.Name == c.Name {
				count++
			}
		}
		if !first {
			b.WriteString(",\n")
		}
		first = false
		sc := s.child(c.Name)
		indent(b, depth+1)
		writeJSONString(b, c.Name)
		b.WriteString(": ")
		if count == 1 && (sc == nil || !sc.repeat) {
			writeJSONNode(b, c, sc, depth+1)
			continue
		}
		b.WriteString("[\n")
		k := 0
		for _, o := range n.Children[i:] {
			if o.Name != c.Name {
				continue
			}
			if k > 0 {
				b.WriteString(",\n")
			}
			k++
			indent(b, depth+2)
			writeJSONNode(b, o, sc, depth+2)
		}
		b.WriteByte('\n')
		indent(b, depth+1)
		b.WriteByte(']')
	}
}

// writeJSONGroup writes one key of an object at depth: the group's name
// and its element or array of elements.
func writeJSONGroup(b *bytes.Buffer, g *group, depth int) {
	indent(b, depth+1)
	writeJSONString(b, g.name)
	b.WriteString(": ")
	if !g.array {
		writeJSONNode(b, g.nodes[0], g.schema, depth+1)
		return
	}
	b.WriteString("[\n")
	for j, c := range g.nodes {
		if j > 0 {
			b.WriteString(",\n")
		}
		indent(b, depth+2)
		writeJSONNode(b, c, g.schema, depth+2)
	}
	b.WriteByte('\n')
	indent(b, depth+1)
	b.WriteByte(']')
}

const spaces = "                                                                "

func indent(b *bytes.Buffer, depth int) {
	n := depth * 2
	for n > len(spaces) {
		b.WriteString(spaces)
		n -= len(spaces)
	}
	b.WriteString(spaces[:n])
}

// writeJSONString escapes like Ruby's JSON generator, which the reference
// output comes from: only quotes, backslashes and control characters, so
// "&" and "<" in requirements expressions stay readable.
func writeJSONString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		}
		start = i + 1
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// writeJSONBytes is writeJSONString for text still in a buffer.
func writeJSONBytes(b *bytes.Buffer, s []byte) {
	for _, c := range s {
		if c < 0x20 || c == '"' || c == '\\' {
			writeJSONString(b, string(s))
			return
		}
	}
	b.WriteByte('"')
	b.Write(s)
	b.WriteByte('"')
}
