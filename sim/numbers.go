package sim

import (
	"math"
	"strconv"
	"strings"
)

// positiveFloat reads a template number as oned's istringstream does: a
// decimal, finite and, here, above zero. Go alone would also take "NaN",
// "Inf" and hex floats, and NaN passes every "<= 0" test, which once let
// CPU=NaN through and left a host with negative usage.
func positiveFloat(s string) (float64, bool) {
	if strings.ContainsAny(s, "xXpPnN_") {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !(f > 0) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}
