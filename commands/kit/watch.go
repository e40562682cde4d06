package kit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/output"
)

// watchOpts are list's --watch and its --delay.
type watchOpts struct {
	on    bool
	delay time.Duration
}

func (w *watchOpts) addFlags(cmd *cobra.Command) {
	cmd.Flags().BoolVarP(&w.on, "watch", "w", false, "after the list, print one line per change (new, state change, gone) until interrupted; with -o json, one JSON object per line")
	cmd.Flags().DurationVar(&w.delay, "delay", 5*time.Second, "time between refreshes")
}

func (w *watchOpts) check(format string, idsOnly bool) error {
	if !w.on {
		return nil
	}
	if w.delay < 100*time.Millisecond {
		return Usagef("--delay must be at least 100ms")
	}
	if idsOnly || format != output.FormatTable && format != output.FormatJSON {
		return Usagef("--watch prints a table or JSON Lines: use -o table or -o json")
	}
	return nil
}

// watched is what --watch remembers of an object between two reads.
type watched struct{ name, state string }

// watch prints the list, then polls the pool every --delay and prints each
// change: a line of text under a table; with -o json, JSON Lines from the
// start (one PRESENT line per object, then NEW, CHANGED, GONE), each the
// object as `show -o json` has it plus EVENT, ID and TIME, so a script can
// follow the cloud with `while read`. It ends when interrupted (exit 130).
func (l *List) watch(cmd *cobra.Command, f *Factory, o *listOpts, args []string, tbl *output.Table, filters []rowFilter, or bool, first listPage) error {
	ctx := cmd.Context()
	rows, raws := first.rows, first.raws
	idCol, nameCol, stateCol := tableColumn(tbl, "ID"), tableColumn(tbl, "NAME"), tableColumn(tbl, "STAT")
	if idCol == nil {
		return fmt.Errorf("this list has no ID column to watch")
	}
	cell := func(c *output.Column, row any) string {
		if c == nil {
			return ""
		}
		return strings.TrimSpace(c.Value(row))
	}
	jsonLines := o.Out.Format == output.FormatJSON
	seen := map[string]watched{}
	var order []string
	for _, r := range rows {
		id := cell(idCol, r)
		seen[id] = watched{cell(nameCol, r), cell(stateCol, r)}
		order = append(order, id)
	}
	if !jsonLines {
		p := &output.Printer{Opts: o.Out, Out: f.IO.Out, Color: f.IO.ColorEnabled()}
		if err := p.Table(tbl, rows); err != nil {
			return err
		}
	} else {
		// JSON Lines from the first line: the objects there are now, then
		// the changes.
		var out bytes.Buffer
		at := Now().UTC().Format(time.RFC3339)
		for i, r := range rows {
			if err := jsonLine(&out, "present", at, cell(idCol, r), l.Res.Kind, raws[i], ""); err != nil {
				return err
			}
		}
		if _, err := f.IO.Out.Write(out.Bytes()); err != nil {
			return err
		}
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(o.x.watch.delay):
		}
		page, err := l.collect(cmd, f, o, args, filters, or, nil)
		if err != nil {
			return err
		}
		rows, raws := page.rows, page.raws
		now := Now().UTC().Format(time.RFC3339)
		var out bytes.Buffer
		emit := func(event, id string, w watched, prev string, raw []byte) error {
			if !jsonLines {
				line := fmt.Sprintf("%s %-7s %s %s %s", now, event, id, w.name, w.state)
				if event == "changed" {
					line = fmt.Sprintf("%s %-7s %s %s %s -> %s", now, event, id, w.name, prev, w.state)
				}
				out.WriteString(strings.TrimRight(line, " ") + "\n")
				return nil
			}
			return jsonLine(&out, event, now, id, l.Res.Kind, raw, prev)
		}
		current := map[string]bool{}
		for i, r := range rows {
			id := cell(idCol, r)
			current[id] = true
			now := watched{cell(nameCol, r), cell(stateCol, r)}
			before, known := seen[id]
			switch {
			case !known:
				order = append(order, id)
				err = emit("new", id, now, "", raws[i])
			case before.state != now.state:
				err = emit("changed", id, now, before.state, raws[i])
			}
			if err != nil {
				return err
			}
			seen[id] = now
		}
		kept := order[:0]
		for _, id := range order {
			if current[id] {
				kept = append(kept, id)
				continue
			}
			if err := emit("gone", id, seen[id], "", nil); err != nil {
				return err
			}
			delete(seen, id)
		}
		order = kept
		if out.Len() > 0 {
			if _, err := f.IO.Out.Write(out.Bytes()); err != nil {
				return err
			}
		}
	}
}

// jsonLine writes {"EVENT":..,"TIME":..,"PREV_STATE":..,"VM":{...}} on one
// line; a gone object has only its ID.
func jsonLine(out *bytes.Buffer, event, at, id, kind string, raw []byte, prev string) error {
	head := map[string]string{"EVENT": strings.ToUpper(event), "TIME": at, "ID": id}
	if prev != "" {
		head["PREV_STAT"] = prev
	}
	h, err := json.Marshal(head)
	if err != nil {
		return err
	}
	if raw == nil {
		out.Write(h)
		out.WriteByte('\n')
		return nil
	}
	doc, err := output.XMLToJSON(raw)
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, id, err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, doc); err != nil {
		return err
	}
	// {"EVENT":...} and {"VM":{...}} become one object.
	out.Write(h[:len(h)-1])
	out.WriteByte(',')
	out.Write(bytes.TrimPrefix(compact.Bytes(), []byte("{")))
	out.WriteByte('\n')
	return nil
}
