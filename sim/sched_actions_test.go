package sim

import (
	"strings"
	"testing"
	"time"
)

func schedVector(t *testing.T, s *Server, vm, id int) string {
	t.Helper()
	info := must(t, s, "one.vm.info", admin, vm).str
	for _, part := range strings.Split(info, "<SCHED_ACTION>")[1:] {
		body := part[:strings.Index(part, "</SCHED_ACTION>")]
		if strings.Contains(body, "<ID><![CDATA["+itoa(id)+"]]></ID>") {
			return body
		}
	}
	t.Fatalf("VM %d has no SCHED_ACTION %d: %s", vm, id, info)
	return ""
}

func TestScheduledActionsRun(t *testing.T) {
	s, clk := clockedSim(t)
	at := clk.now().Unix() + 10
	off := must(t, s, "one.vm.schedadd", admin, 0, sprintf(`SCHED_ACTION=[ACTION="poweroff", TIME="%d"]`, at)).num
	bad := must(t, s, "one.vm.schedadd", admin, 1, sprintf(`SCHED_ACTION=[ACTION="resume", TIME="%d"]`, at)).num
	malformed := must(t, s, "one.vm.schedadd", admin, 2, `SCHED_ACTION=[ACTION="snapshot-create", TIME="+1"]`).num
	hourly := must(t, s, "one.vm.schedadd", admin, 2, sprintf(`SCHED_ACTION=[ACTION="reboot", TIME="%d", REPEAT="3", DAYS="2", END_TYPE="1", END_VALUE="2"]`, at)).num

	clk.add(5 * time.Second)
	wantState(t, s, 0, stActive, lcmRunning)
	if a := schedVector(t, s, 0, off); !strings.Contains(a, "<DONE><![CDATA[-1]]></DONE>") {
		t.Fatalf("ran early: %s", a)
	}
	clk.add(6 * time.Second)
	if _, lcm := vmState(t, s, 0); lcm != lcmShutdownPoweroff {
		t.Fatalf("scheduled poweroff did not run: LCM %d", lcm)
	}
	now := itoa(int(clk.now().Unix()))
	if a := schedVector(t, s, 0, off); !strings.Contains(a, "<DONE><![CDATA["+now+"]]></DONE>") || !strings.Contains(a, "<MESSAGE><![CDATA[]]></MESSAGE>") {
		t.Errorf("done poweroff: %s", a)
	}
	if a := schedVector(t, s, 1, bad); !strings.Contains(a, "<DONE><![CDATA[-1]]></DONE>") ||
		!strings.Contains(a, ` : [resume] Error performing action "resume": This action is not available for state RUNNING]]></MESSAGE>`) {
		t.Errorf("failed action: %s", a)
	}
	// one action per VM and pass: the malformed one was due first
	if a := schedVector(t, s, 2, malformed); !strings.Contains(a, "Missing or malformed ARGS for: snapshot-create. Format: snapshot-name") {
		t.Errorf("malformed ARGS: %s", a)
	}
	must(t, s, "one.vm.scheddelete", admin, 2, malformed)
	clk.add(time.Second)
	a := schedVector(t, s, 2, hourly)
	if !strings.Contains(a, sprintf("<TIME><![CDATA[%d]]></TIME>", at+7200)) || !strings.Contains(a, "<END_VALUE><![CDATA[1]]></END_VALUE>") {
		t.Errorf("hourly repeat: %s", a)
	}
	// a poweroff that already ran does not run again
	clk.add(5 * time.Second)
	wantState(t, s, 0, stPoweroff, lcmInit)
}

func TestSchedNextWeekly(t *testing.T) {
	// Wednesday 2026-11-25 12:00 UTC; weekly on Mondays and Fridays
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	a := &attr{N: "SCHED_ACTION", IsV: true}
	vset(a, "TIME", itoa(int(now.Unix())-60))
	vset(a, "REPEAT", "0")
	vset(a, "DAYS", "5,1")
	schedNext(a, 0, now)
	if got, want := vget(a, "TIME"), itoa(int(now.Unix())-60+2*24*3600); got != want {
		t.Errorf("next TIME %s, want %s (Friday)", got, want)
	}
}
