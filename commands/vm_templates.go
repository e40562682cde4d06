package commands

import (
	"io"
	"os"
	"strconv"

	"github.com/spf13/pflag"

	"github.com/onectl/onectl/template"
)

// readSource reads a template from a file, or stdin for "-".
func readSource(f *Factory, path string) (string, error) {
	if path == "-" {
		b, err := io.ReadAll(f.IO.In)
		if err != nil {
			return "", usageErrorf("reading template from stdin: %v", err)
		}
		return string(b), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", usageErrorf("cannot read template file: %v", err)
	}
	return string(b), nil
}

// parseTemplate checks a template locally, so a typo is a usage error with
// a line number instead of a server round trip.
func parseTemplate(text, origin string) (*template.Template, error) {
	t, err := template.Parse(text)
	if err != nil {
		return nil, usageErrorf("malformed template %s: %v", origin, err)
	}
	return t, nil
}

// fromFileOr gives the template of --file when it is set, else the one the
// command's flags describe.
func fromFileOr(c *call, fromFlags func(*call) (*template.Template, error)) (string, error) {
	t, err := templateFromFileFlag(c)
	if t == nil && err == nil {
		t, err = fromFlags(c)
	}
	if err != nil {
		return "", err
	}
	return t.String(), nil
}

// setCapacity checks and sets CPU, VCPU and MEMORY, for create and resize.
func setCapacity(t *template.Template, cpu string, vcpu int, vcpuSet bool, memory string) error {
	if cpu != "" {
		if x, err := strconv.ParseFloat(cpu, 64); err != nil || x <= 0 {
			return usageErrorf("--cpu must be a positive number, not %q", cpu)
		}
		t.Set("CPU", cpu)
	}
	if vcpuSet {
		if vcpu <= 0 {
			return usageErrorf("--vcpu must be positive")
		}
		t.Set("VCPU", strconv.Itoa(vcpu))
	}
	if memory != "" {
		mb, err := parseSizeMB(memory)
		if err != nil {
			return usageErrorf("--memory: %v", err)
		}
		t.Set("MEMORY", strconv.Itoa(mb))
	}
	return nil
}

// templateFromFileFlag reads --file when given; nil when not.
func templateFromFileFlag(c *call) (*template.Template, error) {
	if !c.Changed("file") {
		return nil, nil
	}
	path := c.String("file")
	text, err := readSource(c.f, path)
	if err != nil {
		return nil, err
	}
	return parseTemplate(text, "in "+path)
}

func resizeTemplate(c *call) (string, error) { return fromFileOr(c, resizeFromFlags) }

func resizeFromFlags(c *call) (*template.Template, error) {
	t := &template.Template{}
	if err := setCapacity(t, c.String("cpu"), c.Int("vcpu"), c.Changed("vcpu"), c.String("memory")); err != nil {
		return nil, err
	}
	if len(t.Attrs) == 0 {
		return nil, usageErrorf("give --cpu, --vcpu, --memory or --file")
	}
	return t, nil
}

func diskAttachFlags(fs *pflag.FlagSet) {
	fs.String("image", "", "image to attach (ID or name)")
	fs.String("target", "", "device the disk appears as (e.g. vdb)")
	fs.String("prefix", "", "device prefix (e.g. vd, sd)")
	fs.String("cache", "", "cache mode (e.g. none, writeback)")
	fs.String("discard", "", "discard mode (ignore, unmap)")
	fs.String("size", "", "size of a volatile disk (MB or 10G), instead of --image")
	fs.String("file", "", "DISK template file (- for stdin)")
}

func diskTemplate(c *call) (string, error) { return fromFileOr(c, diskFromFlags) }

func diskFromFlags(c *call) (*template.Template, error) {
	var pairs []template.Pair
	switch {
	case c.String("image") != "" && c.String("size") != "":
		return nil, usageErrorf("--image and --size exclude each other")
	case c.String("image") != "":
		v, err := readArg(c.cmd.Context(), c.f, arg{name: "image", kind: argImage}, c.String("image"))
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, template.Pair{Name: "IMAGE_ID", Value: strconv.Itoa(v.(int))})
	case c.String("size") != "":
		mb, err := parseSizeMB(c.String("size"))
		if err != nil {
			return nil, usageErrorf("--size: %v", err)
		}
		pairs = append(pairs, template.Pair{Name: "TYPE", Value: "fs"}, template.Pair{Name: "SIZE", Value: strconv.Itoa(mb)})
	default:
		return nil, usageErrorf("give --image, --size or --file")
	}
	pairs = append(pairs, flagPairs(c, "target", "TARGET", "prefix", "DEV_PREFIX", "cache", "CACHE", "discard", "DISCARD")...)
	t := &template.Template{}
	t.Add(template.Attr{Name: "DISK", Vector: pairs})
	return t, nil
}

func nicAttachFlags(fs *pflag.FlagSet) {
	fs.String("network", "", "virtual network to attach (ID or name)")
	fs.String("ip", "", "IP address to ask for")
	fs.String("nic-name", "", "name of the new NIC")
	fs.String("file", "", "NIC template file (- for stdin)")
}

func nicTemplate(c *call) (string, error) { return fromFileOr(c, nicFromFlags) }

func nicFromFlags(c *call) (*template.Template, error) {
	if c.String("network") == "" {
		return nil, usageErrorf("give --network or --file")
	}
	v, err := readArg(c.cmd.Context(), c.f, arg{name: "network", kind: argVnet}, c.String("network"))
	if err != nil {
		return nil, err
	}
	pairs := append([]template.Pair{{Name: "NETWORK_ID", Value: strconv.Itoa(v.(int))}}, flagPairs(c, "ip", "IP", "nic-name", "NAME")...)
	t := &template.Template{}
	t.Add(template.Attr{Name: "NIC", Vector: pairs})
	return t, nil
}

func pciTemplate(c *call) (string, error) { return fromFileOr(c, pciFromFlags) }

func pciFromFlags(c *call) (*template.Template, error) {
	pairs := flagPairs(c, "pci", "SHORT_ADDRESS", "pci-vendor", "VENDOR", "pci-device", "DEVICE", "pci-class", "CLASS")
	if len(pairs) == 0 {
		return nil, usageErrorf("give --pci, --pci-vendor/--pci-device/--pci-class or --file")
	}
	t := &template.Template{}
	t.Add(template.Attr{Name: "PCI", Vector: pairs})
	return t, nil
}

// flagPairs turns the string flags that were given into vector members;
// flagAttr alternates flag names and the attributes they set.
func flagPairs(c *call, flagAttr ...string) []template.Pair {
	var pairs []template.Pair
	for i := 0; i+1 < len(flagAttr); i += 2 {
		if v := c.String(flagAttr[i]); v != "" {
			pairs = append(pairs, template.Pair{Name: flagAttr[i+1], Value: v})
		}
	}
	return pairs
}
