package sim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnswerAfterSave: when an answer leaves Handle, the state file on
// disk already holds what it acknowledged; no Close, no timer needed.
func TestAnswerAfterSave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s := newSim(t, Options{StateFile: path})
	for i := 0; i < 3; i++ {
		id := must(t, s, "one.vm.allocate", admin, sprintf("NAME=durable-%d CPU=0.1 MEMORY=16", i), b(true)).num
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), sprintf(`"Name":"durable-%d"`, i)) {
			t.Fatalf("VM %d acknowledged, not in the state file", id)
		}
	}
	// A read of unchanged state writes nothing.
	before, _ := os.Stat(path)
	must(t, s, "one.vm.info", admin, 0, b(false))
	if after, _ := os.Stat(path); !after.ModTime().Equal(before.ModTime()) {
		t.Error("a read rewrote the state file")
	}
}

// TestSaveFailureIsAnError: a change that cannot be saved is not
// acknowledged as done.
func TestSaveFailureIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s := newSim(t, Options{StateFile: path})
	// A non-empty directory where the file was: the rename fails, even
	// for root.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(path, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	r := try(t, s, "one.vm.allocate", admin, "NAME=x CPU=0.1 MEMORY=16", b(true))
	if r.ok || r.num != codeInternal || !strings.Contains(r.str, "cannot save the state") {
		t.Fatalf("allocate with an unwritable state dir: %+v", r)
	}
}

// BenchmarkDurableAllocate: creates from many clients at once against a
// state file; group commit lets them share snapshots.
func BenchmarkDurableAllocate(b *testing.B) {
	s, err := New(Options{StateFile: filepath.Join(b.TempDir(), "state.json"), Delay: delay})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	body := []byte(encodeCall("one.vm.allocate", admin, "NAME=bench CPU=0.1 MEMORY=16", bool2b(true)))
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if out := s.Handle(body); !strings.Contains(string(out), "<boolean>1</boolean>") {
				b.Fatalf("%s", out)
			}
		}
	})
}

// bool2b: inside a benchmark, b is the *testing.B.
func bool2b(v bool) b { return b(v) }

// BenchmarkSnapshot10k: what one durable commit costs at 10,000 VMs (the
// state is marshalled whole; a journal would cost per change instead).
func BenchmarkSnapshot10k(b *testing.B) {
	s := largePool(b, 10000)
	data, _ := s.st.marshal()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := s.st.marshal(); err != nil {
			b.Fatal(err)
		}
	}
}
