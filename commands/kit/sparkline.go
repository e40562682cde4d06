package kit

import (
	"math"
	"strings"
)

var sparks = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values as a one-line chart for the monitoring commands,
// scaled between their minimum and maximum onto eight bar heights.
func Sparkline(vals []float64) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	var b strings.Builder
	for _, v := range vals {
		i := 0
		if hi > lo {
			i = int((v - lo) / (hi - lo) * float64(len(sparks)-1))
		}
		b.WriteRune(sparks[i])
	}
	return b.String()
}
