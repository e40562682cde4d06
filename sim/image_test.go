package sim

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var imgStateRe = regexp.MustCompile(`<STATE>(\d+)</STATE>`)

func imageState(t *testing.T, s *Server, id int) int {
	t.Helper()
	m := imgStateRe.FindStringSubmatch(must(t, s, "one.image.info", admin, id).str)
	n, _ := strconv.Atoi(m[1])
	return n
}

func dsFree(t *testing.T, s *Server, id int) int {
	t.Helper()
	m := regexp.MustCompile(`<FREE_MB>(\d+)</FREE_MB>`).FindStringSubmatch(must(t, s, "one.datastore.info", admin, id).str)
	n, _ := strconv.Atoi(m[1])
	return n
}

// An image is LOCKED while the driver copies it and READY when the
// simulator's clock has moved one delay on; its size leaves the datastore.
func TestImageCopyFollowsClock(t *testing.T) {
	clk := newClock()
	s := clockSim(t, Options{Now: clk.now})
	free := dsFree(t, s, 1)
	id := must(t, s, "one.image.allocate", admin, "NAME=blk\nTYPE=DATABLOCK\nSIZE=100", 1).num
	if got := imageState(t, s, id); got != imgLocked {
		t.Fatalf("new image in state %d, want LOCKED", got)
	}
	clk.add(999 * time.Millisecond)
	if got := imageState(t, s, id); got != imgLocked {
		t.Fatalf("image READY before the delay: %d", got)
	}
	clk.add(time.Millisecond)
	if got := imageState(t, s, id); got != imgReady {
		t.Fatalf("image in state %d after the delay, want READY", got)
	}
	if got := dsFree(t, s, 1); got != free-100 {
		t.Errorf("FREE_MB %d after a 100 MB image, want %d", got, free-100)
	}
	must(t, s, "one.image.delete", admin, id)
	if got := imageState(t, s, id); got != imgDelete {
		t.Fatalf("deleted image in state %d, want DELETE", got)
	}
	clk.add(time.Second)
	wantErr(t, try(t, s, "one.image.info", admin, id), 1024, sprintf("[one.image.info] Error getting image [%d].", id))
	if got := dsFree(t, s, 1); got != free {
		t.Errorf("FREE_MB %d after the delete, want %d back", got, free)
	}
}

func TestImageAllocateRefusals(t *testing.T) {
	s := newSim(t, Options{})
	wantErr(t, try(t, s, "one.image.allocate", admin, "NAME=x\nTYPE=OS", 1), 8192,
		"[one.image.allocate] Cannot parse image SIZE: Wrong number or missing SIZE attribute.")
	wantErr(t, try(t, s, "one.image.allocate", admin, "NAME=x\nSIZE=1", 0), 16384,
		"[one.image.allocate] Error allocating a new image. New images can only be allocated in a files or image datastore.")
	wantErr(t, try(t, s, "one.image.allocate", admin, "NAME=x\nSIZE=1", 999), 1024,
		"[one.image.allocate] Error getting datastore [999].")
	wantErr(t, try(t, s, "one.image.allocate", admin, "NAME=x\nSIZE=1\nTYPE=BOGUS", 1), 16384,
		"[one.image.allocate] Error allocating a new image. Unknown type BOGUS")
	wantErr(t, try(t, s, "one.image.allocate", admin, "NAME=alpine-3.20\nSIZE=1", 1), 16384,
		"[one.image.allocate] Error allocating a new image. NAME is already taken by IMAGE 1.")
	wantErr(t, try(t, s, "one.image.allocate", alice, "NAME=huge\nSIZE=999999", 1), 2048,
		"[one.image.allocate] Not enough space in datastore")
	// an admin may skip the capacity check; a user may not
	must(t, s, "one.image.allocate", admin, "NAME=huge\nSIZE=999999", 1, b(true))
	wantErr(t, try(t, s, "one.image.allocate", alice, "NAME=huge\nSIZE=999999", 1, b(true)), 2048,
		"[one.image.allocate] Not enough space in datastore")
}

// A persistent image serves one VM at a time, cannot be deleted while in
// use, and is READY again when the VM is gone.
func TestPersistentImageOneVM(t *testing.T) {
	s := newSim(t, Options{})
	// data-1g is used by a seed VM: not while in use
	wantErr(t, try(t, s, "one.image.persistent", admin, 2, b(true)), 8192,
		"[one.image.persistent] Could not make image persistent: Image cannot be in state USED.")
	id := must(t, s, "one.image.allocate", admin, "NAME=p\nSIZE=10\nPERSISTENT=YES", 1).num
	waitImage(t, s, id, imgReady)
	vm := must(t, s, "one.vm.allocate", admin, sprintf("CPU=1 MEMORY=64 DISK=[IMAGE_ID=%d]", id)).num
	if got := imageState(t, s, id); got != imgUsedPers {
		t.Fatalf("persistent image in state %d with a VM, want USED_PERS", got)
	}
	wantErr(t, try(t, s, "one.vm.allocate", admin, sprintf("CPU=1 MEMORY=64 DISK=[IMAGE_ID=%d]", id)), 16384,
		sprintf("[one.vm.allocate] Error allocating a new virtual machine. Cannot acquire image %d, it is persistent and already in use", id))
	wantErr(t, try(t, s, "one.image.delete", admin, id), 2048,
		"[one.image.delete] Cannot delete image. There are 1 VMs using it.")
	waitState(t, s, vm, stActive, lcmRunning)
	action(t, s, "terminate-hard", vm)
	waitVMGone(t, s, vm)
	if got := imageState(t, s, id); got != imgReady {
		t.Fatalf("image in state %d after its VM ended, want READY", got)
	}
	must(t, s, "one.image.delete", admin, id)
}

func TestImageEnableChtypeClone(t *testing.T) {
	s := newSim(t, Options{})
	wantErr(t, try(t, s, "one.image.enable", admin, 0, b(false)), 8192,
		"[one.image.enable] Could not disable image: Image cannot be in state USED.")
	id := must(t, s, "one.image.allocate", admin, "NAME=d\nSIZE=10", 1).num
	waitImage(t, s, id, imgReady)
	must(t, s, "one.image.enable", admin, id, b(false))
	must(t, s, "one.image.enable", admin, id, b(false)) // accepted again, as oned does
	if got := imageState(t, s, id); got != imgDisabled {
		t.Fatalf("state %d, want DISABLED", got)
	}
	wantErr(t, try(t, s, "one.vm.allocate", admin, sprintf("CPU=1 MEMORY=64 DISK=[IMAGE_ID=%d]", id)), 16384,
		sprintf("[one.vm.allocate] Error allocating a new virtual machine. Cannot acquire image %d, it is in state: DISABLED", id))
	must(t, s, "one.image.enable", admin, id, b(true))
	must(t, s, "one.image.chtype", admin, id, "DATABLOCK")
	wantErr(t, try(t, s, "one.image.chtype", admin, id, "KERNEL"), 2048,
		"[one.image.chtype] Cannot change image type to an incompatible type for the current datastore.")
	cid := must(t, s, "one.image.clone", admin, id, "d-copy").num
	x := must(t, s, "one.image.info", admin, id).str
	if !regexp.MustCompile(`<STATE>2</STATE>.*<CLONING_OPS>1</CLONING_OPS>.*<CLONES><ID>` + strconv.Itoa(cid) + `</ID></CLONES>`).MatchString(x) {
		t.Errorf("source of a running clone is not USED with CLONES: %s", x)
	}
	wantErr(t, try(t, s, "one.image.clone", admin, id, "d-copy"), 16384,
		sprintf("[one.image.clone] Error allocating a new image. NAME is already taken by IMAGE %d.", cid))
	waitImage(t, s, cid, imgReady)
	if got := imageState(t, s, id); got != imgReady {
		t.Errorf("source in state %d after the clone, want READY", got)
	}
	wantErr(t, try(t, s, "one.image.snapshotrevert", admin, id, 0), 2048, "[one.image.snapshotrevert] Snapshot does not exist")
}

func waitImage(t *testing.T, s *Server, id, state int) {
	t.Helper()
	for step := 0; imageState(t, s, id) != state; step++ {
		if step == 200 {
			t.Fatalf("image %d never reached state %d", id, state)
		}
		advance(s, delay/3)
	}
}

func waitVMGone(t *testing.T, s *Server, id int) {
	t.Helper()
	waitState(t, s, id, stDone, lcmInit)
}

// A backup restores as one image per disk and a template using them.
func TestImageRestore(t *testing.T) {
	s := newSim(t, Options{})
	bk := must(t, s, "one.vm.backup", admin, 2, 100).num // db-1: two disks
	waitState(t, s, 2, stActive, lcmRunning)
	wantErr(t, try(t, s, "one.image.restore", admin, 0, 1, ""), 2048, "[one.image.restore] Can only restore images of type BACKUP")
	out := must(t, s, "one.image.restore", admin, bk, 1, "NAME=r\nNO_NIC=YES").str
	ids := strings.Fields(out)
	if len(ids) != 3 {
		t.Fatalf("restore answered %q, want a template and two images", out)
	}
	tid, _ := strconv.Atoi(ids[0])
	x := must(t, s, "one.template.info", admin, tid).str
	if !strings.Contains(x, "<NAME>r</NAME>") || strings.Contains(x, "<NIC>") || !strings.Contains(x, "<IMAGE_ID><![CDATA["+ids[2]+"]]>") {
		t.Errorf("restored template: %s", x)
	}
	if im := s.st.Images[atoi(t, ids[1])]; im == nil || im.Name != "r-disk-0" {
		t.Errorf("restored image %s: %+v", ids[1], im)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImageCopyFailure(t *testing.T) {
	s := newSim(t, Options{})
	id := must(t, s, "one.image.allocate", admin, "NAME=bad\nSIZE=1\nSIM_FAIL=COPY", 1).num
	waitImage(t, s, id, imgError)
	if x := must(t, s, "one.image.info", admin, id).str; !strings.Contains(x, "Error copying image") {
		t.Errorf("no ERROR message: %s", x)
	}
	must(t, s, "one.image.enable", admin, id, b(true))
	if got := imageState(t, s, id); got != imgReady {
		t.Errorf("enable on ERROR: state %d, want READY", got)
	}
}
