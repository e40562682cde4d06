package kit

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/onectl/onectl/template"
)

// ScheduleFlag is onevm's --schedule: instead of acting now, add a
// scheduled action to the VM (one.vm.schedadd) for oned to run later.
func ScheduleFlag(fs *pflag.FlagSet) {
	fs.String("schedule", "", "do it later instead: +30m, +3600 (seconds), an epoch, or a time like 2026-12-01T22:00:00Z")
}

// ParseSchedule turns the user's time into the epoch oned expects.
func ParseSchedule(s string, from time.Time) (int64, error) {
	s = strings.TrimSpace(s)
	if rel, ok := strings.CutPrefix(s, "+"); ok {
		if secs, err := strconv.ParseInt(rel, 10, 64); err == nil && secs >= 0 {
			return from.Unix() + secs, nil
		}
		d, err := time.ParseDuration(rel)
		if err != nil || d < 0 {
			return 0, fmt.Errorf("invalid --schedule %q: use +30m, +3600, an epoch or a date", s)
		}
		return from.Add(d).Unix(), nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
		return n, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t.Unix(), nil
		}
	}
	return 0, fmt.Errorf("invalid --schedule %q: use +30m, +3600, an epoch or a date", s)
}

// SchedTemplate is the SCHED_ACTION one.vm.schedadd takes.
func SchedTemplate(Action string, at int64, args string) string {
	pairs := []template.Pair{{Name: "ACTION", Value: Action}, {Name: "TIME", Value: strconv.FormatInt(at, 10)}}
	if args != "" {
		pairs = append(pairs, template.Pair{Name: "ARGS", Value: args})
	}
	t := &template.Template{}
	t.Add(template.Attr{Name: "SCHED_ACTION", Vector: pairs})
	return t.String()
}

// Now is the commands' clock; tests replace it so TIME columns and
// schedules are stable.
var Now = time.Now
