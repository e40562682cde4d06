package sim

import "strconv"

func (s *Server) registerVMBackup() {
	s.reg("one.vm.backup", "i i? b?", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		dsID := c.intOr(2, -1)
		if dsID == -1 {
			for _, id := range idsAsc(c.st.Datastores) {
				if c.st.Datastores[id].Type == 3 {
					dsID = id
					break
				}
			}
		}
		ds := c.st.Datastores[dsID]
		if ds == nil {
			return result{}, c.errNotFound(obDatastore, dsID)
		}
		if e := c.authz().add(opUse, ds.auth(obDatastore)).err(); e != nil {
			return result{}, e
		}
		if ds.Type != 3 {
			return result{}, c.errAction("Datastore needs to be of type BACKUP")
		}
		if !v.isRunning() && !v.isPoweroff() {
			return result{}, c.errAction("Could not create a new backup for VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		t := newTmpl()
		t.set("NAME", strconv.Itoa(v.ID)+" "+c.now.Format("02-Jan 15:04:05"))
		t.set("TYPE", "BACKUP")
		var size int64
		for _, d := range v.Template.vectors("DISK") {
			n, _ := strconv.ParseInt(vget(d, "SIZE"), 10, 64)
			size += n
		}
		t.set("SIZE", strconv.FormatInt(size, 10))
		owner := c.st.Users[v.UID]
		saved := c.user
		c.user = owner // backups belong to the VM owner, as in oned
		id, e := c.newImage(t, ds, imgReady)
		c.user = saved
		if e != nil {
			return result{}, e
		}
		c.st.Images[id].Type = 6
		v.BackupIDs = append(v.BackupIDs, id)
		s.hotplug(c, v, lcmBackup, lcmBackupPoff, -1, -1)
		return resInt(id), nil
	})
	s.reg("one.vm.backupcancel", "i", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		if v.State != stActive || (v.LCM != lcmBackup && v.LCM != lcmBackupPoff) {
			return result{}, c.errInternal("Could not cancel backup for VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		if n := len(v.BackupIDs); n > 0 {
			delete(c.st.Images, v.BackupIDs[n-1])
			v.BackupIDs = v.BackupIDs[:n-1]
		}
		if v.LCM == lcmBackup {
			c.st.settle(v, stActive, lcmRunning)
		} else {
			c.st.settle(v, stPoweroff, lcmInit)
		}
		c.changed()
		return resInt(v.ID), nil
	})
	s.reg("one.vm.restore", "i i i i", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opAdmin)
		if e != nil {
			return result{}, e
		}
		im := c.st.Images[c.int(2)]
		if im == nil {
			return result{}, c.errNotFound(obImage, c.int(2))
		}
		if e := c.authz().add(opUse, im.auth(obImage)).err(); e != nil {
			return result{}, e
		}
		if im.Type != 6 {
			return result{}, c.errAction("Image has to be of type BACKUP")
		}
		if d := c.int(4); d >= 0 && v.findVector("DISK", "DISK_ID", d) == nil {
			return result{}, c.errAction("VM disk does not exist")
		}
		if !v.isPoweroff() {
			return result{}, c.errAction("Could not restore VM, it must be in poweroff")
		}
		s.hotplug(c, v, -1, lcmRestore, -1, -1)
		return resInt(v.ID), nil
	})
	s.reg("one.vm.attachpci", "i s", func(c *call) (result, *rpcError) {
		p, e := c.oneVector(c.str(2), "PCI")
		if e != nil {
			return result{}, c.errAction("PCI attribute not found")
		}
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if vget(p, "TYPE") == "NIC" {
			return result{}, c.errAction("Use one.vm.attachnic to attach this PCI device")
		}
		if !v.isPoweroff() {
			return result{}, c.errAction("VM in wrong state, it has to be in poweroff")
		}
		vset(p, "PCI_ID", strconv.Itoa(v.nextVectorID("PCI", "PCI_ID")))
		v.Template.A = append(v.Template.A, p)
		c.changed()
		return resInt(v.ID), nil
	})
	s.reg("one.vm.detachpci", "i i", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if !v.isPoweroff() {
			return result{}, c.errAction("VM in wrong state, it has to be in poweroff")
		}
		p := v.findVector("PCI", "PCI_ID", c.int(2))
		if p == nil {
			return result{}, c.errAction("PCI device not found")
		}
		v.Template.removeAttr(p)
		c.changed()
		return resInt(v.ID), nil
	})
}
