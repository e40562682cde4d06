package output

import (
	"testing"
	"time"
)

func TestHumanUnits(t *testing.T) {
	for mb, want := range map[int64]string{
		0: "0M", 64: "64M", 1024: "1024M", 1536: "1.5G", 16384: "16G", 1572864: "1.5T",
		2048 * 1024 * 1024: "2048T", -5: "-5M",
	} {
		if got := HumanMB(mb); got != want {
			t.Errorf("HumanMB(%d) = %q, want %q", mb, got, want)
		}
	}
	for kb, want := range map[int64]string{33423: "32.6M", 512: "512K", 16777216: "16G", 1025: "1M"} {
		if got := HumanKB(kb); got != want {
			t.Errorf("HumanKB(%d) = %q, want %q", kb, got, want)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10*time.Minute + 59*time.Second: "0d 00h10",
		26*time.Hour + 5*time.Minute:    "1d 02h05",
		400 * 24 * time.Hour:            "400d 00h00",
		-time.Hour:                      "0d 00h00",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}
