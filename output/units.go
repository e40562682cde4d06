package output

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

var binaryUnits = []string{"K", "M", "G", "T"}

// humanUnits reproduces OpenNebulaHelper.unit_to_str, including its quirks:
// a value is only scaled when strictly above 1024 (so 1024 MB stays
// "1024M"), one decimal is kept and a trailing ".0" dropped, and T is the
// largest unit.
func humanUnits(v float64, unit int) string {
	for v > 1024 && unit < len(binaryUnits)-1 {
		v /= 1024
		unit++
	}
	v = math.Round(v*10) / 10
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64) + binaryUnits[unit]
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + binaryUnits[unit]
}

// HumanMB formats a size in megabytes as onevm list prints MEM: "64M",
// "16G", "1.5T".
func HumanMB(mb int64) string { return humanUnits(float64(mb), 1) }

// HumanKB formats a size in kilobytes (monitoring MEMORY): 33423 -> "32.6M".
func HumanKB(kb int64) string { return humanUnits(float64(kb), 0) }

// Duration formats an elapsed time as the TIME column of onevm list:
// "0d 00h10" (days, hours, minutes). Negative durations, from clock skew
// between client and server, print as zero.
func Duration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	m := int64(d / time.Minute)
	return fmt.Sprintf("%dd %02dh%02d", m/(24*60), m/60%24, m%60)
}
