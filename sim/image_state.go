package sim

import (
	"strings"
	"time"
)

// An image's states as its driver operations and its VMs move it: LOCKED
// until a copy ends, USED and USED_PERS while VMs hold it, CLONE while
// copies are made from it, ERROR when the copy fails.

// startImageOp puts an image under a driver operation that ends after the
// simulator's delay (advanceImages finishes it).
func (c *call) startImageOp(im *Image, op string) {
	im.Op = op
	im.Due = c.now.UnixNano() + int64(c.s.delay)
	c.st.due().images.add(im.ID, im.Due)
	c.changed()
}

// advanceImages ends the driver operations due at n (unix nanos).
func (s *Server) advanceImages(n int64) bool {
	changed := false
	for _, id := range s.st.due().images.pop(n) {
		im := s.st.Images[id]
		if im == nil || im.Due == 0 || im.Due > n {
			continue // gone, or a later operation replaced this one
		}
		op := im.Op
		im.Op, im.Due = "", 0
		changed = true
		switch op {
		case imgOpCopy:
			if strings.EqualFold(im.Template.str("SIM_FAIL"), "COPY") {
				s.st.failImage(im, n)
				continue
			}
			if im.Source == "" {
				im.Source = "dummy_path/" + randomHex(8)
			}
			if src := s.st.Images[im.CloneOf-1]; im.CloneOf > 0 && src != nil {
				src.Clones = removeInt(src.Clones, im.ID)
				src.cloneDone()
			}
			im.CloneOf = 0
			s.st.unlockImage(im)
		case imgOpSnap:
			s.st.unlockImage(im)
		case imgOpDelete:
			s.st.dropImage(im)
		}
	}
	return changed
}

// failImage ends a copy in ERROR, as a datastore driver failure does; the
// image keeps the driver's message in TEMPLATE/ERROR.
func (st *state) failImage(im *Image, n int64) {
	if src := st.Images[im.CloneOf-1]; im.CloneOf > 0 && src != nil {
		src.Clones = removeInt(src.Clones, im.ID)
		src.cloneDone()
	}
	im.CloneOf = 0
	im.PrevState, im.State = im.State, imgError
	im.Template.set("ERROR", time.Unix(0, n).UTC().Format(time.ANSIC)+" : Error copying image in the datastore: simulated failure (SIM_FAIL)")
}

// unlockImage ends a LOCKED state: the VMs that took the image meanwhile
// keep using it.
func (st *state) unlockImage(im *Image) {
	switch im.State {
	case imgLocked:
		im.PrevState, im.State = im.State, imgReady
	case imgLockedUsed:
		im.PrevState, im.State = im.State, imgUsed
	case imgLockedUsedPers:
		im.PrevState, im.State = im.State, imgUsedPers
	}
}

// dropImage removes an image and gives its space back to the datastore.
func (st *state) dropImage(im *Image) {
	if d := st.Datastores[im.DatastoreID]; d != nil {
		d.FreeMB += im.Size
		d.UsedMB -= im.Size
		if d.FreeMB > d.TotalMB {
			d.FreeMB = d.TotalMB
		}
		if d.UsedMB < 0 {
			d.UsedMB = 0
		}
	}
	if src := st.Images[im.CloneOf-1]; im.CloneOf > 0 && src != nil {
		src.Clones = removeInt(src.Clones, im.ID)
		src.cloneDone()
	}
	delete(st.Images, im.ID)
}

// startClone is ImageManager::set_clone_state: a READY source becomes
// USED (CLONE when persistent) while copies are made from it.
func (im *Image) startClone() string {
	switch im.State {
	case imgReady:
		im.State = imgUsed
		if im.Persistent == 1 {
			im.State = imgClone
		}
	case imgUsed, imgClone:
	default:
		return "Cannot clone image in current state"
	}
	return ""
}

// cloneDone is a copy from the image ending: with no copy and no VM left
// it is READY again.
func (im *Image) cloneDone() {
	if len(im.Clones)+len(im.AppOps) == 0 && len(im.VMs) == 0 && (im.State == imgClone || im.State == imgUsed) {
		im.State = imgReady
	}
}

// acquireImage is a VM taking an image for a DISK (ImageManager::
// acquire_image); attach is true for a hot-plug, which a LOCKED image
// refuses.
func (st *state) acquireImage(im *Image, vmID int, attach bool) string {
	switch im.Type {
	case 0, 1, 2:
	default:
		return "Image " + itoa(im.ID) + " (" + im.Name + ") of type " + imageTypes[im.Type] + " cannot be used as DISK."
	}
	shareable := strings.EqualFold(im.Template.str("PERSISTENT_TYPE"), "SHAREABLE")
	inUse := "Cannot acquire image " + itoa(im.ID) + ", it is persistent and already in use"
	locked := "Cannot acquire image " + itoa(im.ID) + ", it is locked"
	switch im.State {
	case imgReady:
		im.State = imgUsed
		if im.Persistent == 1 {
			im.State = imgUsedPers
		}
	case imgLocked:
		if attach {
			return locked
		}
		im.State = imgLockedUsed
		if im.Persistent == 1 {
			im.State = imgLockedUsedPers
		}
	case imgUsedPers:
		if !shareable {
			return inUse
		}
	case imgUsed:
	case imgLockedUsedPers, imgLockedUsed:
		if im.State == imgLockedUsedPers && !shareable {
			return inUse
		}
		if attach {
			return locked
		}
	default:
		return "Cannot acquire image " + itoa(im.ID) + ", it is in state: " + imageStateStr(im.State)
	}
	if !containsInt(im.VMs, vmID) {
		im.VMs = append(im.VMs, vmID)
	}
	return ""
}

// releaseImageOf is a VM giving an image back; a persistent image keeps
// the disk's snapshots, as oned copies them on release.
func (st *state) releaseImageOf(im *Image, v *VM, diskID int) {
	if !containsInt(im.VMs, v.ID) {
		return
	}
	im.VMs = removeInt(im.VMs, v.ID)
	if im.Persistent == 1 && diskID >= 0 {
		if ds := v.diskSnaps(diskID); ds != nil && len(ds.Snaps) > 0 {
			cp := *ds
			cp.Snaps = append([]*diskSnap(nil), ds.Snaps...)
			im.Snaps = &cp
		}
	}
	if len(im.VMs) > 0 {
		return
	}
	switch im.State {
	case imgUsed:
		im.cloneDone()
	case imgUsedPers:
		im.State = imgReady
	case imgLockedUsed, imgLockedUsedPers:
		im.State = imgLocked
	}
}
