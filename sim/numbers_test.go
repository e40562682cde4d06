package sim

import (
	"strings"
	"testing"
)

// TestCapacityNumbers: CPU values oned cannot read are refused at
// allocate and resize, so no host ever carries NaN or negative usage.
func TestCapacityNumbers(t *testing.T) {
	s := newSim(t, Options{})
	for _, cpu := range []string{"NaN", "nan", "Inf", "-Inf", "infinity", "0x1p3", "-1", "0", "1e400", "1_0", ""} {
		r := try(t, s, "one.vm.allocate", admin, "NAME=x\nMEMORY=16\nCPU=\""+cpu+"\"", b(false))
		if r.ok || !strings.Contains(r.str, "CPU attribute must be a positive float or integer value.") {
			t.Errorf("allocate with CPU=%q: %+v", cpu, r)
		}
	}
	for _, cpu := range []string{"0.5", "2", "1e-1", " 1.5"} {
		must(t, s, "one.vm.allocate", admin, "NAME=x\nMEMORY=16\nCPU=\""+cpu+"\"", b(false))
	}
	id := must(t, s, "one.vm.allocate", admin, "NAME=r\nMEMORY=16\nCPU=1", b(true)).num
	for _, cpu := range []string{"NaN", "Inf", "-2"} {
		r := try(t, s, "one.vm.resize", admin, id, "CPU="+cpu, b(false))
		if r.ok || !strings.Contains(r.str, "CPU must be a positive float or integer value.") {
			t.Errorf("resize to CPU=%q: %+v", cpu, r)
		}
	}
}
