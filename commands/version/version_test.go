package version

import "testing"

func TestCompatibility(t *testing.T) {
	for v, want := range map[string]string{
		"6.10.5": "yes", "6.10.0": "yes", "7.0.2": "yes", "7.4.0": "yes",
		"6.8.3": "no", "5.12.0": "no", "8.0.0": "untested", "nightly": "untested", "": "untested",
	} {
		if got, note := Compatibility(v); got != want || note == "" {
			t.Errorf("Compatibility(%q) = %q, %q; want %q", v, got, note, want)
		}
	}
}
