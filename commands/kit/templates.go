package kit

import (
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/onectl/onectl/template"
)

// ReadSource reads a template from a file, or stdin for "-".
func ReadSource(f *Factory, path string) (string, error) {
	if path == "-" {
		b, err := io.ReadAll(f.IO.In)
		if err != nil {
			return "", Usagef("reading template from stdin: %v", err)
		}
		return string(b), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", Usagef("cannot read template file: %v", err)
	}
	return string(b), nil
}

// ParseTemplate checks a template locally, so a typo is a usage error with
// a line number instead of a server round trip.
func ParseTemplate(text, origin string) (*template.Template, error) {
	t, err := template.Parse(text)
	if err != nil {
		return nil, Usagef("malformed template %s: %v", origin, err)
	}
	return t, nil
}

// FromFileOr gives the template of --file when it is set, else the one the
// command's flags describe.
func FromFileOr(c *Call, fromFlags func(*Call) (*template.Template, error)) (string, error) {
	t, err := TemplateFromFileFlag(c)
	if t == nil && err == nil {
		t, err = fromFlags(c)
	}
	if err != nil {
		return "", err
	}
	return t.String(), nil
}

// maxCPU bounds --cpu and --vcpu far above any host, so a slip of the
// keyboard is refused here rather than stored in a template.
const maxCPU = 1 << 20

// SetCapacity checks and sets CPU, VCPU and MEMORY, for create and resize.
func SetCapacity(t *template.Template, cpu string, vcpu int, vcpuSet bool, memory string) error {
	if cpu != "" {
		// !(x > 0) also refuses NaN, which compares false to everything.
		if x, err := strconv.ParseFloat(cpu, 64); err != nil || !(x > 0) || x > maxCPU {
			return Usagef("--cpu must be a positive number up to %d, not %q", maxCPU, cpu)
		}
		t.Set("CPU", cpu)
	}
	if vcpuSet {
		if vcpu <= 0 || vcpu > maxCPU {
			return Usagef("--vcpu must be from 1 to %d", maxCPU)
		}
		t.Set("VCPU", strconv.Itoa(vcpu))
	}
	if memory != "" {
		mb, err := ParseSizeMB(memory)
		if err != nil {
			return Usagef("--memory: %v", err)
		}
		t.Set("MEMORY", strconv.Itoa(mb))
	}
	return nil
}

// TemplateFromFileFlag reads --file when given; nil when not.
func TemplateFromFileFlag(c *Call) (*template.Template, error) {
	if !c.Changed("file") {
		return nil, nil
	}
	path := c.String("file")
	text, err := ReadSource(c.F, path)
	if err != nil {
		return nil, err
	}
	return ParseTemplate(text, "in "+path)
}

// FlagPairs turns the string flags that were given into vector members;
// flagAttr alternates flag names and the attributes they set.
func FlagPairs(c *Call, flagAttr ...string) []template.Pair {
	var pairs []template.Pair
	for i := 0; i+1 < len(flagAttr); i += 2 {
		if v := c.String(flagAttr[i]); v != "" {
			pairs = append(pairs, template.Pair{Name: flagAttr[i+1], Value: v})
		}
	}
	return pairs
}

// ParsePairs reads KEY=VALUE pairs separated by sep (a flag such as --ar
// or --rule given as pairs) into vector members, keys upper-cased; false
// when an element is not KEY=VALUE.
func ParsePairs(s, sep string) ([]template.Pair, bool) {
	var pairs []template.Pair
	for _, kv := range strings.Split(s, sep) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, false
		}
		pairs = append(pairs, template.Pair{Name: strings.ToUpper(strings.TrimSpace(k)), Value: strings.TrimSpace(v)})
	}
	return pairs, true
}
