package kit

import (
	"context"
	"fmt"
	"strconv"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// saveKeep are the TEMPLATE attributes that describe the machine rather
// than this one instance of it; the rest (IDs, placement) is left behind.
var saveKeep = []string{"CPU", "VCPU", "MEMORY", "OS", "FEATURES", "GRAPHICS", "INPUT", "VIDEO", "RAW", "CPU_MODEL", "CONTEXT", "HYPERVISOR"}

// SaveVM saves a powered-off VM as a new template named name: each disk
// becomes a new image <name>-disk-<id> (one.vm.disksaveas) that the
// template uses, NICs keep their networks. `vm save` and `marketapp vm
// import` both do this. It returns the template's ID.
//
// Under --dry-run the VM is read all the same and the writes are printed;
// the template then names each disk's image by the call that would make
// it, since no image ID exists yet.
func SaveVM(ctx context.Context, c *client.Client, id int, name string) (int, error) {
	raw, err := c.Reader().CallString(ctx, "one.vm.info", id)
	if err != nil {
		return 0, err
	}
	vm, err := client.ParseVM([]byte(raw))
	if err != nil {
		return 0, fmt.Errorf("reading VM %d: %w", id, err)
	}
	if vm.State != client.VMPoweroff {
		return 0, &CodedError{Code: ExitState, Err: fmt.Errorf("VM %d is %s: power it off first (onectl vm poweroff %d --wait)", id, vm.StateName(), id)}
	}
	doc, err := output.ParseXML([]byte(raw))
	if err != nil {
		return 0, err
	}
	t := NodeTemplate(doc.Path("TEMPLATE"), saveKeep)
	t.Set("NAME", name)
	for _, d := range vm.Template.Disks {
		diskID, _ := strconv.Atoi(d.DiskID)
		img, err := c.CallInt(ctx, "one.vm.disksaveas", id, diskID, fmt.Sprintf("%s-disk-%d", name, diskID), "", -1)
		if err != nil {
			return 0, fmt.Errorf("saving disk %d: %w", diskID, err)
		}
		imgID := strconv.Itoa(img)
		if c.IsDryRun() {
			imgID = fmt.Sprintf("<ID of %s-disk-%d>", name, diskID)
		}
		t.Add(template.Attr{Name: "DISK", Vector: []template.Pair{{Name: "IMAGE_ID", Value: imgID}}})
	}
	for _, n := range vm.Template.NICs {
		t.Add(template.Attr{Name: "NIC", Vector: []template.Pair{{Name: "NETWORK_ID", Value: n.NetworkID}}})
	}
	return c.CallInt(ctx, "one.template.allocate", t.String())
}
