package template

import "strings"

// String renders t the way OpenNebula's CLI prints a template in `show`
// (XMLElement#template_like_str):
//
//	CPU="0.1"
//	OS=[
//	  ARCH="x86_64",
//	  UUID="0c4b..." ]
//
// Lines are joined by "\n" with no trailing newline. Only '"' is escaped:
// oned's parser turns `\"` back into '"' and keeps every other backslash, so
// escaping '\' too would double each backslash on every edit round trip.
func (t *Template) String() string {
	var b strings.Builder
	for i, a := range t.Attrs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(a.Name)
		b.WriteByte('=')
		if !a.IsVector() {
			writeQuoted(&b, a.Value)
			continue
		}
		b.WriteString("[\n")
		for j, p := range a.Vector {
			if j > 0 {
				b.WriteString(",\n")
			}
			b.WriteString("  ")
			b.WriteString(p.Name)
			b.WriteByte('=')
			writeQuoted(&b, p.Value)
		}
		b.WriteString(" ]")
	}
	return b.String()
}

func writeQuoted(b *strings.Builder, v string) {
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(v, `"`, `\"`))
	b.WriteByte('"')
}
