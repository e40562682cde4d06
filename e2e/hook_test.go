package e2e

import (
	"encoding/json"
	"testing"
)

func TestHookCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)

	apiHook := writeFile(t, "api.tmpl", "NAME=\"on-rename\"\nTYPE=\"api\"\nCALL=\"one.host.rename\"\nCOMMAND=\"/bin/echo\"\nARGUMENTS=\"renamed $API\"\n")
	id := itoa(createdID(t, c.ok(t, "hook", "create", apiHook)))
	state := itoa(createdID(t, c.withStdin("NAME=\"on-disable\"\nTYPE=\"state\"\nRESOURCE=\"HOST\"\nSTATE=\"DISABLED\"\nCOMMAND=\"/bin/true\"\nARGUMENTS=\"$ID $PREV_STATE\"\n").ok(t, "hook", "create", "-")))
	r := c.fails(t, 8, "hook", "create", apiHook)
	mustContain(t, "stderr", oneErrorLine(t, r), "NAME is already taken by Hook "+id)
	r = c.withStdin("NAME=\"x\"\nTYPE=\"api\"\nCALL=\"one.nope\"\nCOMMAND=\"/bin/true\"\n").fails(t, 8, "hook", "create", "-")
	mustContain(t, "stderr", oneErrorLine(t, r), "API call does not exist or is not supported: one.nope")
	c.withStdin("NAME=[ broken\n").fails(t, 2, "hook", "create", "-")

	mustContain(t, "hook list", c.ok(t, "hook", "list"), "ID NAME", "TYPE", "on-rename", "api", "on-disable", "state")
	w := c.startWatch(t, "hook", "top", "--delay", "100ms")
	w.next(t, "on-rename")
	if code := w.interrupt(t); code != 130 {
		t.Fatalf("hook top: exit %d", code)
	}

	// the API hook fires on one.host.rename, the state hook on DISABLED
	c.ok(t, "host", "rename", "host02", "node02")
	c.ok(t, "host", "disable", "host01")
	h := jsonShow(t, c, "hook", "HOOK", id)
	if got := str(h, "HOOKLOG.HOOK_EXECUTION_RECORD.EXECUTION_ID"); got != "0" {
		t.Fatalf("API hook log: %v", h)
	}
	sh := jsonShow(t, c, "hook", "HOOK", state)
	if got := str(sh, "HOOKLOG.HOOK_EXECUTION_RECORD.ARGUMENTS"); got != "0 MONITORED" {
		t.Fatalf("state hook arguments %q: %v", got, sh)
	}
	show := c.ok(t, "hook", "show", "on-rename")
	mustContain(t, "hook show", show, "HOOK "+id+" INFORMATION", "HOOK TEMPLATE", "CALL=\"one.host.rename\"",
		"EXECUTION LOG", "SUCCESS")
	rec := c.ok(t, "hook", "show", "on-rename", "--execution", "0")
	mustContain(t, "hook show -e 0", rec, "HOOK EXECUTION RECORD", "ARGUMENTS         : renamed <CALL_INFO><RESULT>1</RESULT>",
		"<VALUE>node02</VALUE>", "hook commands are not run")
	c.fails(t, 5, "hook", "show", "on-rename", "-e", "9")

	c.ok(t, "hook", "retry", "on-rename", "0")
	if n := len(list(jsonShow(t, c, "hook", "HOOK", id), "HOOKLOG.HOOK_EXECUTION_RECORD")); n != 2 {
		t.Fatalf("retry: %d records", n)
	}
	r = c.fails(t, 8, "hook", "retry", "on-rename", "42")
	mustContain(t, "stderr", oneErrorLine(t, r), "Invalid HookLog body")

	log := c.ok(t, "hook", "log")
	mustContain(t, "hook log", log, "HOOK ID TIMESTAMP", "SUCCESS")
	if n := len(list(parseJSON(t, c.ok(t, "hook", "log", "--hook-id", "on-disable", "-o", "json")), "HOOKLOG.HOOK_EXECUTION_RECORD")); n != 1 {
		t.Fatalf("hook log --hook-id: %d records", n)
	}
	mustNotContain(t, "hook log --error", c.ok(t, "hook", "log", "--error"), "SUCCESS")
	mustContain(t, "hook log --since", c.ok(t, "hook", "log", "--since", "2020-01-01", "--success"), "SUCCESS")
	mustNotContain(t, "hook log --until", c.ok(t, "hook", "log", "--until", "946684800"), "SUCCESS")
	c.fails(t, 2, "hook", "log", "--since", "someday")
	c.fails(t, 2, "hook", "log", "--success", "--error")

	c.ok(t, "hook", "update", "on-rename", writeFile(t, "u.tmpl", "NOTE=\"x\"\n"), "--append")
	if got := str(jsonShow(t, c, "hook", "HOOK", id), "TEMPLATE.NOTE"); got != "x" {
		t.Fatalf("update --append: NOTE=%q", got)
	}
	r = c.fails(t, 8, "hook", "update", "on-rename", writeFile(t, "r.tmpl", "NOTE=\"y\"\n"))
	mustContain(t, "stderr", oneErrorLine(t, r), "The COMMAND attribute is not defined")
	c.ok(t, "hook", "lock", "on-rename")
	if got := str(jsonShow(t, c, "hook", "HOOK", id), "LOCK.LOCKED"); got != "1" {
		t.Fatalf("lock: LOCKED=%q", got)
	}
	c.fails(t, 6, "hook", "rename", "on-rename", "other")
	c.ok(t, "hook", "unlock", "on-rename")
	c.ok(t, "hook", "rename", "on-rename", "other")
	c.ok(t, "hook", "delete", "other", "on-disable")
	mustNotContain(t, "hook list", c.ok(t, "hook", "list"), "other", "on-disable")

	a := s.alice(t)
	a.fails(t, 4, "hook", "create", apiHook)
	a.fails(t, 4, "hook", "log")
	mustNotContain(t, "alice's hook list", a.ok(t, "hook", "list"), "on-")
}

func parseJSON(t testing.TB, out string) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return doc
}
