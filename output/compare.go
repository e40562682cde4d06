package output

import (
	"math"
	"strconv"
	"strings"
)

// The cells of a table are text made for people ("2G", "0d 01h23", "0.5"),
// but --filter and --sort should read them as people do: sizes and numbers
// by magnitude, times as durations. These functions undo the formatting of
// this package (HumanMB, HumanKB, Duration) and of the numbers beside it.

// cellKind is how a cell or filter value reads.
type cellKind int

const (
	kindText cellKind = iota
	kindNumber
	kindSize
	kindDuration
)

// MatchCell reports whether cell satisfies `cell <op> value` for op one of
// = != < <= > >=. When the cell reads as a number, a size or a duration and
// the value reads as the same kind, they are compared by magnitude; a bare
// number beside a size is megabytes (as MEMORY=512 in a template) and beside
// a duration seconds. A value that reads as a quantity never orders a cell
// that does not ("-", empty): MEM>=2G leaves out the VMs without a memory
// size. Everything else compares as text.
func MatchCell(cell, op, value string) bool {
	cell, value = strings.TrimSpace(cell), strings.TrimSpace(value)
	cmp, ok := compareTyped(cell, value)
	if !ok {
		if quantity(value) {
			return op == "!="
		}
		cmp = strings.Compare(cell, value)
	}
	switch op {
	case "=":
		return cmp == 0
	case "!=":
		return cmp != 0
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	case ">=":
		return cmp >= 0
	}
	return false
}

// CompareCells orders two cells of one column for --sort: by magnitude when
// both read as the same kind of quantity, else as text, with quantities
// before the rest so "-" sinks to the end.
func CompareCells(a, b string) int {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if cmp, ok := compareTyped(a, b); ok {
		return cmp
	}
	qa, qb := readCell(a) != kindText, readCell(b) != kindText
	switch {
	case qa && !qb:
		return -1
	case qb && !qa:
		return 1
	}
	return strings.Compare(a, b)
}

// compareTyped compares value with cell in the kind the cell reads as.
func compareTyped(cell, value string) (int, bool) {
	kind := readCell(cell)
	if kind == kindText {
		return 0, false
	}
	a, _ := parseAs(kind, cell, false)
	b, ok := parseAs(kind, value, true)
	if !ok {
		return 0, false
	}
	switch {
	case a < b:
		return -1, true
	case a > b:
		return 1, true
	}
	return 0, true
}

// readCell picks the kind of a cell: a number first ("12", "0.5", "40%"),
// then a size ("64M"), then a duration ("0d 01h23", "3h").
func readCell(s string) cellKind {
	for _, k := range []cellKind{kindNumber, kindSize, kindDuration} {
		if _, ok := parseAs(k, s, false); ok {
			return k
		}
	}
	return kindText
}

// quantity reports whether a filter value reads as any kind of quantity.
func quantity(s string) bool {
	for _, k := range []cellKind{kindNumber, kindSize, kindDuration} {
		if _, ok := parseAs(k, s, false); ok {
			return true
		}
	}
	return false
}

// parseAs reads s as kind, in bytes for sizes and seconds for durations.
// bare lets a unitless number stand for a size (megabytes) or a duration
// (seconds), which a filter value may do and a cell may not.
func parseAs(kind cellKind, s string, bare bool) (float64, bool) {
	if s == "" {
		return 0, false
	}
	switch kind {
	case kindNumber:
		return number(strings.TrimSuffix(s, "%"))
	case kindSize:
		if v, ok := number(s); ok && bare {
			return v * (1 << 20), true
		}
		return size(s)
	case kindDuration:
		if v, ok := number(s); ok && bare {
			return v, true
		}
		return duration(s)
	}
	return 0, false
}

func number(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// size reads "2G", "2g", "2GB", "2GiB", "1.5T", "512 M", "100B" in binary
// multiples, as OpenNebula counts them.
func size(s string) (float64, bool) {
	u := strings.ToUpper(strings.TrimSpace(s))
	u = strings.TrimSuffix(strings.TrimSuffix(u, "IB"), "B")
	if u == strings.ToUpper(strings.TrimSpace(s)) && u != "" {
		// No B suffix: a unit letter is then required.
		last := u[len(u)-1]
		if last < 'A' || last > 'Z' {
			return 0, false
		}
	}
	mult := 1.0
	if n := len(u); n > 0 {
		if i := strings.IndexByte("KMGTPE", u[n-1]); i >= 0 {
			mult = math.Pow(1024, float64(i+1))
			u = u[:n-1]
		}
	}
	v, ok := number(strings.TrimSpace(u))
	if !ok || v < 0 {
		return 0, false
	}
	return v * mult, true
}

var durationUnits = map[string]float64{
	"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400,
}

// duration reads the TIME column ("0d 01h23": days, hours, then bare
// minutes) and the forms people type: "1d", "2h30m", "90s", "1w 2d".
func duration(s string) (float64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	total, seen := 0.0, false
	lastUnit := ""
	for s != "" {
		s = strings.TrimLeft(s, " ")
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, false
		}
		v, err := strconv.ParseFloat(s[:i], 64)
		if err != nil {
			return 0, false
		}
		s = s[i:]
		j := 0
		for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
			j++
		}
		unit := s[:j]
		s = s[j:]
		if unit == "" {
			// Only "…h23" of the TIME column may leave its unit out.
			if lastUnit != "h" || s != "" {
				return 0, false
			}
			unit = "m"
		}
		mult, ok := durationUnits[unit]
		if !ok {
			return 0, false
		}
		total += v * mult
		seen = true
		lastUnit = unit
	}
	return total, seen
}
