package sim

import (
	"slices"
	"testing"
)

func TestDueSet(t *testing.T) {
	d := newDueSet()
	if got := d.pop(100); got != nil {
		t.Fatalf("empty set popped %v", got)
	}
	d.add(3, 30)
	d.add(1, 10)
	d.add(2, 20)
	if got := d.pop(5); got != nil || d.min != 10 {
		t.Fatalf("nothing due yet: popped %v, min %d", got, d.min)
	}
	if got := d.pop(20); !slices.Equal(got, []int{1, 2}) || d.min != 30 {
		t.Fatalf("pop(20) = %v, min %d; want [1 2], 30", got, d.min)
	}
	d.add(4, 25)
	if got := d.pop(100); !slices.Equal(got, []int{3, 4}) || len(d.at) != 0 {
		t.Fatalf("pop(100) = %v, left %v", got, d.at)
	}
}
