package sim

// Image snapshots come from the disk snapshots of a persistent image's VM
// (see releaseImageOf). oned checks each operation, locks the image while
// the datastore driver works and applies the change when the driver ends.

const (
	snapDelete  = "delete"
	snapRevert  = "revert"
	snapFlatten = "flatten"
)

func (s *Server) registerImageSnapshots() {
	s.reg("one.image.snapshotdelete", "i i", imageSnapOp(snapDelete))
	s.reg("one.image.snapshotrevert", "i i", imageSnapOp(snapRevert))
	s.reg("one.image.snapshotflatten", "i i", imageSnapOp(snapFlatten))
}

func imageSnapOp(op string) handler {
	verb := map[string]string{snapDelete: "delete snapshot", snapRevert: "revert to snapshot",
		snapFlatten: "flatten snapshot"}[op]
	return func(c *call) (result, *rpcError) {
		im, e := imageKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		sid := c.int(2)
		if im.Type != 0 && im.Type != 2 {
			return result{}, c.errAction("IMAGES of type KERNEL, RAMDISK, BACKUP and CONTEXT does not have snapshots.")
		}
		if im.State != imgReady {
			return result{}, c.errAction("Cannot %s in state %s", verb, imageStateStr(im.State))
		}
		var sn *diskSnap
		if im.Snaps != nil {
			sn = im.Snaps.find(sid)
		}
		if sn == nil {
			return result{}, c.errAction("Snapshot does not exist")
		}
		if op == snapDelete {
			if sid == im.Snaps.Current {
				return result{}, c.errAction("Cannot delete the active snapshot")
			}
			if len(sn.Children) > 0 {
				return result{}, c.errAction("Cannot delete snapshot with children")
			}
		}
		im.Snaps = applySnapOp(im.Snaps, op, sid)
		im.PrevState, im.State = im.State, imgLocked
		c.startImageOp(im, imgOpSnap)
		return resInt(sid), nil
	}
}

// applySnapOp returns the snapshot list as it is once the driver is done;
// the image shows it already while LOCKED, which no client can tell apart.
func applySnapOp(s *diskSnaps, op string, sid int) *diskSnaps {
	switch op {
	case snapFlatten:
		return nil
	case snapRevert:
		s.Current = sid
	case snapDelete:
		var keep []*diskSnap
		for _, sn := range s.Snaps {
			if sn.ID != sid {
				sn.Children = removeInt(sn.Children, sid)
				keep = append(keep, sn)
			}
		}
		s.Snaps = keep
	}
	return s
}
