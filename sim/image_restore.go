package sim

import (
	"strconv"
	"strings"
)

// one.image.restore(id, ds_id, options) makes, from a BACKUP image, one
// image per disk of the VM it backs up and a VM template using them, and
// answers "<template id> <image id>...". The simulator's backups keep no
// data of their own, so the disks are the backed-up VM's.
func (s *Server) registerImageRestore() {
	s.reg("one.image.restore", "i i s", func(c *call) (result, *rpcError) {
		im, e := imageKind.get(c, 1, opUse)
		if e != nil {
			return result{}, e
		}
		d, e := datastoreKind.get(c, 2, opUse)
		if e != nil {
			return result{}, e
		}
		opts, msg := parseTmpl(c.str(3))
		if msg != "" {
			return result{}, c.errInternal("%s", msg)
		}
		if im.Type != imgTypeBackup {
			return result{}, c.errAction("Can only restore images of type BACKUP")
		}
		if d.Type != dsImage {
			return result{}, c.errAction("Restore only supported for IMAGE_DS Datastores")
		}
		var v *VM
		for _, id := range idsAsc(c.st.VMs) {
			if containsInt(c.st.VMs[id].BackupIDs, im.ID) {
				v = c.st.VMs[id]
			}
		}
		if v == nil {
			return result{}, c.errAction("Cannot find the VM of backup image %d", im.ID)
		}
		base := opts.str("NAME")
		if base == "" {
			base = im.Name
		}
		only := -1
		if s := opts.str("DISK_ID"); s != "" {
			only, _ = strconv.Atoi(s)
		}
		t := newTmpl()
		for _, a := range []string{"CPU", "VCPU", "MEMORY"} {
			if x := v.Template.str(a); x != "" {
				t.set(a, x)
			}
		}
		ids := []string{""}
		for _, disk := range v.Template.vectors("DISK") {
			did, _ := strconv.Atoi(vget(disk, "DISK_ID"))
			if only >= 0 && did != only {
				continue
			}
			it := newTmpl()
			it.set("NAME", base+"-disk-"+strconv.Itoa(did))
			it.set("SIZE", vget(disk, "SIZE"))
			if it.str("SIZE") == "" {
				it.set("SIZE", "1")
			}
			it.set("TYPE", "OS")
			id, e := c.newImage(it, d, imgReady)
			if e != nil {
				return result{}, e
			}
			t.addVector("DISK", &pair{"IMAGE_ID", strconv.Itoa(id)})
			ids = append(ids, strconv.Itoa(id))
		}
		if !strings.EqualFold(opts.str("NO_NIC"), "YES") {
			for _, n := range v.Template.vectors("NIC") {
				nn := t.addVector("NIC", &pair{"NETWORK_ID", vget(n, "NETWORK_ID")})
				if !strings.EqualFold(opts.str("NO_IP"), "YES") {
					vset(nn, "IP", vget(n, "IP"))
				}
			}
		}
		tid := c.st.nextID("template")
		c.st.Templates[tid] = &VMTemplate{base: c.ownedBase(tid, base), RegTime: c.unix(), Template: t}
		ids[0] = strconv.Itoa(tid)
		c.changed()
		return resString(strings.Join(ids, " ")), nil
	})
}
