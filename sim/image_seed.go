package sim

// seedImages adds to the demo what the image commands act on beyond the
// three OS and data images: a persistent DATABLOCK that kept two disk
// snapshots from a VM (snapshot-revert, -delete, -flatten have something to
// do), owned by alice.
func seedImages(st *state, now int64) {
	id := st.nextID("image")
	im := &Image{base: base{ID: id, UID: 2, GID: 1, Name: "scratch", Perms: perms{OU: 1, OM: 1}}, Type: 2,
		Persistent: 1, RegTime: now, Source: "dummy_path/" + itoa(id), Size: 2048, State: imgReady, DatastoreID: 1,
		Template: mustTmpl(`DEV_PREFIX="vd"`)}
	im.Snaps = &diskSnaps{DiskID: -1, Current: 1, Next: 2, Snaps: []*diskSnap{
		{ID: 0, Name: "before-upgrade", Date: now - 7200, Parent: -1, Size: 2048, Children: []int{1}},
		{ID: 1, Name: "after-upgrade", Date: now - 3600, Parent: 0, Size: 2048},
	}}
	st.Images[id] = im
	if d := st.Datastores[1]; d != nil {
		d.FreeMB -= im.Size
		d.UsedMB += im.Size
	}
}
