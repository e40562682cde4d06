package sim

import "strconv"

func (v *VM) diskSnaps(diskID int) *diskSnaps {
	for _, d := range v.DiskSnaps {
		if d.DiskID == diskID {
			return d
		}
	}
	return nil
}

func (d *diskSnaps) find(id int) *diskSnap {
	for _, s := range d.Snaps {
		if s.ID == id {
			return s
		}
	}
	return nil
}

func (s *Server) registerDiskSnapshots() {
	s.reg("one.vm.snapshotcreate", "i s", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if !v.isRunning() {
			return result{}, c.errAction("Could not create a new snapshot for VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		id := v.NextSnapshot
		v.NextSnapshot++
		name := c.str(2)
		if name == "" {
			name = "snapshot-" + strconv.Itoa(id)
		}
		for _, sn := range v.Template.vectors("SNAPSHOT") {
			vdel(sn, "ACTIVE")
		}
		v.Template.addVector("SNAPSHOT", &pair{"ACTIVE", "YES"}, &pair{"HYPERVISOR_ID", "onesnap-" + strconv.Itoa(id)},
			&pair{"NAME", name}, &pair{"SNAPSHOT_ID", strconv.Itoa(id)}, &pair{"SYSTEM_DISK_SIZE", "0"},
			&pair{"TIME", strconv.FormatInt(c.unix(), 10)})
		s.hotplug(c, v, lcmHotplugSnapshot, -1, -1, -1)
		return resInt(id), nil
	})
	sysSnap := func(revert bool) handler {
		return func(c *call) (result, *rpcError) {
			v, e := vmKind.get(c, 1, opManage)
			if e != nil {
				return result{}, e
			}
			sid := c.int(2)
			if !v.isRunning() {
				if revert {
					return result{}, c.errAction("Could not revert VM %d to snapshot %d, wrong state %s.", v.ID, sid, v.stateStr())
				}
				return result{}, c.errAction("Could not delete snapshot %d for VM %d, wrong state %s.", sid, v.ID, v.stateStr())
			}
			sn := v.findVector("SNAPSHOT", "SNAPSHOT_ID", sid)
			if sn == nil {
				if revert {
					return result{}, c.errAction("Could not revert VM %d to snapshot %d, it does not exist.", v.ID, sid)
				}
				return result{}, c.errAction("Could not delete snapshot %d for VM %d, it does not exist.", sid, v.ID)
			}
			if revert {
				for _, x := range v.Template.vectors("SNAPSHOT") {
					vdel(x, "ACTIVE")
				}
				vset(sn, "ACTIVE", "YES")
			} else {
				v.Template.removeAttr(sn)
			}
			s.hotplug(c, v, lcmHotplugSnapshot, -1, -1, -1)
			return resInt(v.ID), nil
		}
	}
	s.reg("one.vm.snapshotrevert", "i i", sysSnap(true))
	s.reg("one.vm.snapshotdelete", "i i", sysSnap(false))

	s.reg("one.vm.disksnapshotcreate", "i i s", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if !v.isRunning() && !v.isPoweroff() && v.State != stSuspended {
			return result{}, c.errAction("Could not create a new snapshot for VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		disk := v.findVector("DISK", "DISK_ID", c.int(2))
		if disk == nil {
			return result{}, c.errAction("VM disk does not exist")
		}
		ds := v.diskSnaps(c.int(2))
		if ds == nil {
			ds = &diskSnaps{DiskID: c.int(2), Current: -1}
			v.DiskSnaps = append(v.DiskSnaps, ds)
		}
		id := ds.Next
		ds.Next++
		name := c.str(3)
		if name == "" {
			name = "snapshot-" + strconv.Itoa(id)
		}
		size, _ := strconv.ParseInt(vget(disk, "SIZE"), 10, 64)
		parent := ds.Current
		if p := ds.find(parent); p != nil {
			p.Children = append(p.Children, id)
		}
		ds.Snaps = append(ds.Snaps, &diskSnap{ID: id, Name: name, Date: c.unix(), Parent: parent, Size: size})
		ds.Current = id
		s.hotplug(c, v, lcmDiskSnap, lcmDiskSnapPoff, lcmDiskSnapSusp, -1)
		return resInt(id), nil
	})
	s.reg("one.vm.disksnapshotrevert", "i i i", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if !v.isPoweroff() {
			return result{}, c.errAction("Could not revert to disk snapshot for VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		ds := v.diskSnaps(c.int(2))
		if ds == nil || ds.find(c.int(3)) == nil {
			return result{}, c.errAction("Disk id (%d) or snapshot id (%d) is not valid.", c.int(2), c.int(3))
		}
		ds.Current = c.int(3)
		s.hotplug(c, v, -1, lcmDiskSnapRevertPoff, -1, -1)
		return resInt(v.ID), nil
	})
	s.reg("one.vm.disksnapshotdelete", "i i i", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		if !v.isRunning() && !v.isPoweroff() && v.State != stSuspended {
			return result{}, c.errAction("Could not delete disk snapshot from VM %d, wrong state %s.", v.ID, v.stateStr())
		}
		ds := v.diskSnaps(c.int(2))
		var sn *diskSnap
		if ds != nil {
			sn = ds.find(c.int(3))
		}
		if sn == nil {
			return result{}, c.errAction("Disk id (%d) or snapshot id (%d) is not valid.", c.int(2), c.int(3))
		}
		if sn.ID == ds.Current || len(sn.Children) > 0 {
			return result{}, c.errAction("Cannot delete snapshot %d: it is active or has children", sn.ID)
		}
		out := ds.Snaps[:0]
		for _, x := range ds.Snaps {
			if x != sn {
				x.Children = removeInt(x.Children, sn.ID)
				out = append(out, x)
			}
		}
		ds.Snaps = out
		s.hotplug(c, v, lcmDiskSnapDelete, lcmDiskSnapDeletePoff, lcmDiskSnapDeleteSusp, -1)
		return resInt(v.ID), nil
	})
	s.reg("one.vm.disksnapshotrename", "i i i s", func(c *call) (result, *rpcError) {
		v, e := vmKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		ds := v.diskSnaps(c.int(2))
		if v.findVector("DISK", "DISK_ID", c.int(2)) == nil {
			return result{}, c.errAction("VM disk does not exist")
		}
		var sn *diskSnap
		if ds != nil {
			sn = ds.find(c.int(3))
		}
		if sn == nil {
			return result{}, c.errAction("Could not rename the snapshot for VM %d, disk %d, snapshot %d: snapshot does not exist",
				v.ID, c.int(2), c.int(3))
		}
		sn.Name = c.str(4)
		c.changed()
		return resInt(v.ID), nil
	})
}
