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
	return SchedTemplateWith(Action, at, args, nil)
}

// SchedTemplateWith is SchedTemplate with extra members (a repetition).
func SchedTemplateWith(Action string, at int64, args string, extra []template.Pair) string {
	pairs := []template.Pair{{Name: "ACTION", Value: Action}, {Name: "TIME", Value: strconv.FormatInt(at, 10)}}
	if args != "" {
		pairs = append(pairs, template.Pair{Name: "ARGS", Value: args})
	}
	pairs = append(pairs, extra...)
	t := &template.Template{}
	t.Add(template.Attr{Name: "SCHED_ACTION", Vector: pairs})
	return t.String()
}

// Now is the commands' clock; tests replace it so TIME columns and
// schedules are stable.
var Now = time.Now

// RepeatFlags are the CLI's --weekly, --monthly, --yearly, --hourly and
// --end, which make a --schedule repeat. Actions that register them get
// the repetition in the SCHED_ACTION their --schedule sends.
func RepeatFlags(fs *pflag.FlagSet) {
	fs.String("weekly", "", "with --schedule: repeat on these week days (0 Sunday .. 6), e.g. 1,5")
	fs.String("monthly", "", "with --schedule: repeat on these days of the month (1..31)")
	fs.String("yearly", "", "with --schedule: repeat on these days of the year (0..365)")
	fs.String("hourly", "", "with --schedule: repeat every this many hours")
	fs.String("end", "", "with a repetition: stop after this many times, or at this date (epoch or 2026-12-31)")
}

// RepeatPairs reads the repetition flags into SCHED_ACTION members
// (REPEAT 0 weekly, 1 monthly, 2 yearly, 3 hourly; END_TYPE 0 never,
// 1 times, 2 date); nil when the command has none or none was given.
func RepeatPairs(c *Call) ([]template.Pair, error) {
	if c.Cmd.Flags().Lookup("weekly") == nil {
		return nil, nil
	}
	var pairs []template.Pair
	set := 0
	for i, name := range []string{"weekly", "monthly", "yearly", "hourly"} {
		days := c.String(name)
		if days == "" {
			continue
		}
		set++
		for _, d := range strings.Split(days, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(d)); err != nil || n < 0 {
				return nil, Usagef("--%s takes numbers separated by commas, not %q", name, days)
			}
		}
		pairs = append(pairs, template.Pair{Name: "REPEAT", Value: strconv.Itoa(i)}, template.Pair{Name: "DAYS", Value: days})
	}
	if set > 1 {
		return nil, Usagef("--weekly, --monthly, --yearly and --hourly exclude each other")
	}
	end := c.String("end")
	switch {
	case end != "" && set == 0:
		return nil, Usagef("--end needs a repetition (--weekly, --monthly, --yearly or --hourly)")
	case end == "" && set == 1:
		pairs = append(pairs, template.Pair{Name: "END_TYPE", Value: "0"})
	case end != "":
		if n, err := strconv.Atoi(end); err == nil && n > 0 && n < 1_000_000 {
			pairs = append(pairs, template.Pair{Name: "END_TYPE", Value: "1"}, template.Pair{Name: "END_VALUE", Value: end})
			break
		}
		at, err := ParseSchedule(end, Now())
		if err != nil {
			return nil, Usagef("invalid --end %q: a number of times, an epoch or a date", end)
		}
		pairs = append(pairs, template.Pair{Name: "END_TYPE", Value: "2"}, template.Pair{Name: "END_VALUE", Value: strconv.FormatInt(at, 10)})
	}
	return pairs, nil
}
