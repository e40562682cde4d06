package output

import (
	"sort"
	"testing"
	"time"
)

func TestMatchCell(t *testing.T) {
	for _, c := range []struct {
		cell, op, value string
		want            bool
	}{
		// Sizes by magnitude, whatever the unit either side is written in.
		{"64M", ">=", "2G", false},
		{"2G", ">=", "2G", true},
		{"16G", ">=", "2G", true},
		{"1.5T", ">", "1024G", true},
		{"2048M", "=", "2G", true},
		{"512M", "<", "1g", true},
		{"512M", "<", "1GiB", true},
		{"512M", "=", "512", true}, // a bare number is megabytes
		{"32.6M", ">", "32M", true},
		{"-", ">=", "2G", false}, // no size: never ordered
		{"-", "!=", "2G", true},
		{"", "<", "2G", false},
		// Numbers.
		{"0.5", ">", "0.25", true},
		{"1", ">", "0.5", true},
		{"10", ">", "9", true}, // not "10" < "9" as text
		{"40%", ">=", "35", true},
		{"40%", "<", "35%", false},
		// Durations.
		{"0d 01h23", ">", "1d", false},
		{"2d 00h10", ">", "1d", true},
		{"0d 01h23", ">", "1h", true},
		{"0d 01h23", "<", "1h30m", true},
		{"0d 00h10", "=", "10m", true},
		{"0d 00h10", "=", "600", true}, // a bare number is seconds
		{"1d 00h00", ">=", "1w", false},
		// Text.
		{"runn", "=", "runn", true},
		{"runn", "!=", "poff", true},
		{"web-2", ">", "web-10", true},
		{"host01", "<", "host02", true},
		{"web", "=", "2G", false},
	} {
		if got := MatchCell(c.cell, c.op, c.value); got != c.want {
			t.Errorf("MatchCell(%q %s %q) = %v, want %v", c.cell, c.op, c.value, got, c.want)
		}
	}
}

// The parsers must read back what this package prints.
func TestReadsWhatItPrints(t *testing.T) {
	for _, mb := range []int64{0, 1, 64, 1024, 1025, 2048, 1536, 1 << 20, 3 << 20} {
		cell := HumanMB(mb)
		if !MatchCell(cell, ">=", HumanMB(mb)) || readCell(cell) == kindText {
			t.Errorf("HumanMB(%d) = %q does not read as a size", mb, cell)
		}
	}
	for _, d := range []time.Duration{0, time.Minute, 83 * time.Minute, 49 * time.Hour} {
		cell := Duration(d)
		v, ok := duration(cell)
		if !ok || v != d.Seconds() {
			t.Errorf("duration(%q) = %v, %v; want %v", cell, v, ok, d.Seconds())
		}
	}
}

func TestCompareCellsSortsByMagnitude(t *testing.T) {
	cells := []string{"16G", "-", "64M", "1.5T", "512M", "2G"}
	sort.SliceStable(cells, func(i, j int) bool { return CompareCells(cells[i], cells[j]) < 0 })
	want := []string{"64M", "512M", "2G", "16G", "1.5T", "-"}
	for i := range want {
		if cells[i] != want[i] {
			t.Fatalf("sorted %v, want %v", cells, want)
		}
	}
	ids := []string{"10", "9", "100", "1"}
	sort.SliceStable(ids, func(i, j int) bool { return CompareCells(ids[i], ids[j]) < 0 })
	if ids[0] != "1" || ids[1] != "9" || ids[2] != "10" || ids[3] != "100" {
		t.Fatalf("ids sorted %v", ids)
	}
}

func TestRejectsNonQuantities(t *testing.T) {
	for _, s := range []string{"web", "G", "1x", "1d2", "h", "--", "1..5", "NaN", "Inf"} {
		if quantity(s) {
			t.Errorf("%q reads as a quantity", s)
		}
	}
}
