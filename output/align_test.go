package output

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
)

// The fast layout must be the general one's, byte for byte.
func TestAlignTableIsRenderTable(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	words := []string{"", "a", "runn", "10.0.0.1", "web-1", "oneadmin", "1024M", "6d 23h32", "x y", "\x1b[32mrunn\x1b[0m", "\x1b[31mfail\x1b[0m", "-", "  lead", "trail  "}
	for trial := 0; trial < 300; trial++ {
		ncol := 1 + rng.Intn(5)
		cols := make([]Column, ncol)
		for i := range cols {
			cols[i] = Column{Name: strings.ToUpper(words[1+rng.Intn(7)]), Right: rng.Intn(2) == 0}
		}
		cells := make([][]string, rng.Intn(6))
		for i := range cells {
			cells[i] = make([]string, ncol)
			for j := range cells[i] {
				cells[i][j] = words[rng.Intn(len(words))]
			}
		}
		header := rng.Intn(4) != 0
		if !plainCells(cols, cells) {
			t.Fatal("test words are plain")
		}
		var want, got bytes.Buffer
		if err := renderTable(&want, cols, cells, header); err != nil {
			t.Fatal(err)
		}
		if err := alignTable(&got, cols, cells, header); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("cols %+v cells %q header %v:\n got %q\nwant %q", cols, cells, header, got.String(), want.String())
		}
	}
}

func TestNotPlain(t *testing.T) {
	for _, s := range []string{"é", "日本", "a\nb", "\x1b]0;x\x07", "\x1b[", "\t"} {
		if _, ok := plainWidth(s); ok {
			t.Errorf("%q taken as plain", s)
		}
	}
}
