package vm

import (
	"strconv"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/template"
	"github.com/spf13/pflag"
)

func resizeTemplate(c *kit.Call) (string, error) { return kit.FromFileOr(c, resizeFromFlags) }

func resizeFromFlags(c *kit.Call) (*template.Template, error) {
	t := &template.Template{}
	if err := kit.SetCapacity(t, c.String("cpu"), c.Int("vcpu"), c.Changed("vcpu"), c.String("memory")); err != nil {
		return nil, err
	}
	if len(t.Attrs) == 0 {
		return nil, kit.Usagef("give --cpu, --vcpu, --memory or --file")
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

func diskTemplate(c *kit.Call) (string, error) { return kit.FromFileOr(c, diskFromFlags) }

func diskFromFlags(c *kit.Call) (*template.Template, error) {
	var pairs []template.Pair
	switch {
	case c.String("image") != "" && c.String("size") != "":
		return nil, kit.Usagef("--image and --size exclude each other")
	case c.String("image") != "":
		v, err := kit.ReadArg(c.Cmd.Context(), c.F, kit.Arg{Name: "image", Res: kit.Images}, c.String("image"))
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, template.Pair{Name: "IMAGE_ID", Value: strconv.Itoa(v.(int))})
	case c.String("size") != "":
		mb, err := kit.ParseSizeMB(c.String("size"))
		if err != nil {
			return nil, kit.Usagef("--size: %v", err)
		}
		pairs = append(pairs, template.Pair{Name: "TYPE", Value: "fs"}, template.Pair{Name: "SIZE", Value: strconv.Itoa(mb)})
	default:
		return nil, kit.Usagef("give --image, --size or --file")
	}
	pairs = append(pairs, kit.FlagPairs(c, "target", "TARGET", "prefix", "DEV_PREFIX", "cache", "CACHE", "discard", "DISCARD")...)
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

func nicTemplate(c *kit.Call) (string, error) { return kit.FromFileOr(c, nicFromFlags) }

func nicFromFlags(c *kit.Call) (*template.Template, error) {
	if c.String("network") == "" {
		return nil, kit.Usagef("give --network or --file")
	}
	v, err := kit.ReadArg(c.Cmd.Context(), c.F, kit.Arg{Name: "network", Res: kit.VNets}, c.String("network"))
	if err != nil {
		return nil, err
	}
	pairs := append([]template.Pair{{Name: "NETWORK_ID", Value: strconv.Itoa(v.(int))}}, kit.FlagPairs(c, "ip", "IP", "nic-name", "NAME")...)
	t := &template.Template{}
	t.Add(template.Attr{Name: "NIC", Vector: pairs})
	return t, nil
}

func pciTemplate(c *kit.Call) (string, error) { return kit.FromFileOr(c, pciFromFlags) }

func pciFromFlags(c *kit.Call) (*template.Template, error) {
	pairs := kit.FlagPairs(c, "pci", "SHORT_ADDRESS", "pci-vendor", "VENDOR", "pci-device", "DEVICE", "pci-class", "CLASS")
	if len(pairs) == 0 {
		return nil, kit.Usagef("give --pci, --pci-vendor/--pci-device/--pci-class or --file")
	}
	t := &template.Template{}
	t.Add(template.Attr{Name: "PCI", Vector: pairs})
	return t, nil
}
