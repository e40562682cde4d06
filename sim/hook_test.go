package sim

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"time"
)

func hookArgs(t *testing.T, log string) []string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile(`</TIMESTAMP><ARGUMENTS><!\[CDATA\[(.*?)\]\]></ARGUMENTS>`).FindAllStringSubmatch(log, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestHookAllocateRefusals(t *testing.T) {
	s, _ := clockedSim(t)
	id := must(t, s, "one.hook.allocate", admin, "NAME=\"smp-hook1\"\nTYPE=\"api\"\nCALL=\"one.host.rename\"\nCOMMAND=\"/bin/echo\"\nARGUMENTS=\"smp $API\"").num
	for _, c := range []struct{ tmpl, msg string }{
		{"NAME=x\nTYPE=nope\nCOMMAND=/bin/true", "Invalid Hook type: nope"},
		{"NAME=smp-hook1\nTYPE=api\nCALL=one.host.rename\nCOMMAND=/bin/true", "NAME is already taken by Hook " + itoa(id) + "."},
		{"NAME=x\nTYPE=api\nCALL=one.host.rename", "No COMMAND in template for Hook."},
		{"NAME=x\nTYPE=api\nCALL=one.nope\nCOMMAND=/bin/true", "API call does not exist or is not supported: one.nope"},
		{"NAME=x\nTYPE=state\nCOMMAND=/bin/true", "RESOURCE attribute is required for STATE hooks."},
		{"NAME=x\nTYPE=state\nRESOURCE=HOST\nSTATE=ASLEEP\nCOMMAND=/bin/true", "Invalid STATE: ASLEEP"},
		{"NAME=x\nTYPE=state\nRESOURCE=VM\nON=NAP\nCOMMAND=/bin/true", "Unkown state condition: NAP"},
		{"NAME=x\nTYPE=state\nRESOURCE=ZONE\nCOMMAND=/bin/true", "Invalid resource type: ZONE"},
	} {
		wantErr(t, try(t, s, "one.hook.allocate", admin, c.tmpl), codeInternal, "[one.hook.allocate] "+c.msg)
	}
	wantErr(t, try(t, s, "one.hook.info", alice, id), codeAuthorization, "[one.hook.info] User [2] : Not authorized to perform USE HOOK ["+itoa(id)+"].")
	wantErr(t, try(t, s, "one.hook.info", admin, 99999), codeNoExists, "[one.hook.info] Error getting hook [99999].")
	wantErr(t, try(t, s, "one.hook.allocate", alice, "NAME=y\nTYPE=api\nCALL=one.host.rename\nCOMMAND=/bin/true"), codeAuthorization,
		"[one.hook.allocate] User [2] : Not authorized to perform CREATE HOOK.")
	wantErr(t, try(t, s, "one.hooklog.info", alice, -1, -1, -1, 0), codeAuthorization,
		"[one.hooklog.info] User [2] not authorized to perform action on hook.")
	info := must(t, s, "one.hook.info", admin, id).str
	if want := "<HOOK><ID>" + itoa(id) + "</ID><NAME>smp-hook1</NAME><TYPE>api</TYPE><TEMPLATE><ARGUMENTS><![CDATA[smp $API]]></ARGUMENTS>" +
		"<CALL><![CDATA[one.host.rename]]></CALL><COMMAND><![CDATA[/bin/echo]]></COMMAND><REMOTE><![CDATA[NO]]></REMOTE></TEMPLATE><HOOKLOG/></HOOK>"; info != want {
		t.Errorf("hook info\n got %s\nwant %s", info, want)
	}
}

func TestHookAPIAndRetry(t *testing.T) {
	s, clk := clockedSim(t)
	id := must(t, s, "one.hook.allocate", admin, "NAME=h\nTYPE=api\nCALL=one.host.rename\nCOMMAND=/bin/echo\nARGUMENTS=\"smp $API\"").num
	must(t, s, "one.host.rename", admin, 1, "renamed")
	clk.add(time.Second)
	try(t, s, "one.host.rename", alice, 1, "again") // refused calls fire too
	must(t, s, "one.host.info", admin, 1)           // other calls do not
	info := must(t, s, "one.hook.info", admin, id).str
	args := hookArgs(t, info)
	if len(args) != 2 {
		t.Fatalf("%d executions recorded: %s", len(args), info)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(args[0], "smp "))
	if err != nil {
		t.Fatal(err)
	}
	if want := "<CALL_INFO><RESULT>1</RESULT><PARAMETERS><PARAMETER><POSITION>1</POSITION><TYPE>IN</TYPE><VALUE>****</VALUE></PARAMETER>" +
		"<PARAMETER><POSITION>2</POSITION><TYPE>IN</TYPE><VALUE>1</VALUE></PARAMETER><PARAMETER><POSITION>3</POSITION><TYPE>IN</TYPE>" +
		"<VALUE>renamed</VALUE></PARAMETER><PARAMETER><POSITION>4</POSITION><TYPE>OUT</TYPE><VALUE>1</VALUE></PARAMETER></PARAMETERS>" +
		"<EXTRA></EXTRA></CALL_INFO>"; string(raw) != want {
		t.Errorf("$API\n got %s\nwant %s", raw, want)
	}
	for _, want := range []string{"<HOOK_ID>" + itoa(id) + "</HOOK_ID><EXECUTION_ID>0</EXECUTION_ID><TIMESTAMP>1800000000</TIMESTAMP>",
		"<EXECUTION_ID>1</EXECUTION_ID><TIMESTAMP>1800000001</TIMESTAMP>", "<COMMAND><![CDATA[/bin/echo smp ", "<CODE><![CDATA[0]]></CODE>"} {
		if !strings.Contains(info, want) {
			t.Errorf("hook log lacks %s: %s", want, info)
		}
	}
	wantErr(t, try(t, s, "one.hook.retry", admin, id, 42), codeInternal, "[one.hook.retry] Invalid HookLog body. Arguments not found.")
	must(t, s, "one.hook.retry", admin, id, 0)
	log := must(t, s, "one.hooklog.info", admin, -1, -1, id, 0).str
	if a := hookArgs(t, log); len(a) != 3 || a[2] != args[0] || !strings.Contains(log, "<RETRY><![CDATA[yes]]></RETRY>") {
		t.Errorf("retry: %s", log)
	}
	if log := must(t, s, "one.hooklog.info", admin, 1800000001, -1, -1, 0).str; len(hookArgs(t, log)) != 2 {
		t.Errorf("min_ts filter: %s", log)
	}
	if log := must(t, s, "one.hooklog.info", admin, -1, -1, -1, -1).str; log != "<HOOKLOG></HOOKLOG>" {
		t.Errorf("failed-only filter: %s", log)
	}
	for i := 0; i < 25; i++ {
		must(t, s, "one.host.rename", admin, 1, "n"+itoa(i))
	}
	log = must(t, s, "one.hook.info", admin, id).str
	if n := strings.Count(log, "<HOOK_EXECUTION_RECORD>"); n != hookLogRetention || !strings.Contains(log, "<EXECUTION_ID>27</EXECUTION_ID>") {
		t.Errorf("retention: %d records: %s", n, log)
	}
	if pool := must(t, s, "one.hookpool.info", admin, -2, -1, -1).str; strings.Contains(pool, "HOOKLOG") {
		t.Errorf("the pool lists hook logs: %s", pool)
	}
}

func TestHookState(t *testing.T) {
	s, clk := clockedSim(t)
	hh := must(t, s, "one.hook.allocate", admin, "NAME=h\nTYPE=state\nRESOURCE=HOST\nSTATE=DISABLED\nCOMMAND=/bin/false\nARGUMENTS=\"$ID $PREV_STATE $TEMPLATE\"\nREMOTE=YES").num
	vh := must(t, s, "one.hook.allocate", admin, "NAME=v\nTYPE=state\nRESOURCE=VM\nON=RUNNING\nCOMMAND=/bin/true\nARGUMENTS=\"$ID $PREV_STATE $PREV_LCM_STATE\"").num
	if info := must(t, s, "one.hook.info", admin, vh).str; !strings.Contains(info, "<LCM_STATE><![CDATA[RUNNING]]></LCM_STATE>") ||
		!strings.Contains(info, "<STATE><![CDATA[ACTIVE]]></STATE>") || strings.Contains(info, "<ON>") {
		t.Errorf("VM state hook template: %s", info)
	}
	must(t, s, "one.host.status", admin, 0, 1)
	must(t, s, "one.host.status", admin, 0, 1) // no change, no event
	log := must(t, s, "one.hook.info", admin, hh).str
	args := hookArgs(t, log)
	if len(args) != 1 || !strings.HasPrefix(args[0], "0 MONITORED ") || !strings.Contains(log, "<REMOTE_HOST><![CDATA[host01]]></REMOTE_HOST>") {
		t.Fatalf("host hook: %s", log)
	}
	msg, _ := base64.StdEncoding.DecodeString(strings.Fields(args[0])[2])
	if !strings.HasPrefix(string(msg), "<HOOK_MESSAGE><HOOK_TYPE>STATE</HOOK_TYPE><HOOK_OBJECT>HOST</HOOK_OBJECT><STATE>DISABLED</STATE><RESOURCE_ID>0</RESOURCE_ID><HOST><ID>0</ID>") {
		t.Errorf("$TEMPLATE: %s", msg)
	}
	id := must(t, s, "one.vm.allocate", admin, "CPU=0.1 MEMORY=64").num
	clk.add(3 * time.Second)
	wantState(t, s, id, stActive, lcmRunning)
	if a := hookArgs(t, must(t, s, "one.hook.info", admin, vh).str); len(a) != 1 || a[0] != itoa(id)+" ACTIVE BOOT" {
		t.Errorf("VM RUNNING hook: %q", a)
	}
	// replace without COMMAND is refused and changes nothing
	wantErr(t, try(t, s, "one.hook.update", admin, vh, "A=1", 0), codeInternal,
		"[one.hook.update] Cannot update template. The COMMAND attribute is not defined.")
	must(t, s, "one.hook.lock", admin, vh, 1, b(false))
	wantErr(t, try(t, s, "one.hook.update", admin, vh, "A=1", 1), codeAuthorization, "[one.hook.update] User [0] : HOOK is locked. ["+itoa(vh)+"].")
	must(t, s, "one.hook.unlock", admin, vh)
	must(t, s, "one.hook.update", admin, vh, "A=1", 1)
	must(t, s, "one.hook.rename", admin, vh, "v2")
	must(t, s, "one.hook.delete", admin, vh)
	if pool := must(t, s, "one.hookpool.info", admin, -2, -1, -1).str; strings.Contains(pool, "v2") || !strings.Contains(pool, "<NAME>h</NAME>") {
		t.Errorf("pool after delete: %s", pool)
	}
}

// The $API of an allocate or delete carries the object in EXTRA.
func TestHookAPIExtra(t *testing.T) {
	s, _ := clockedSim(t)
	for _, call := range []string{"one.cluster.allocate", "one.cluster.delete"} {
		must(t, s, "one.hook.allocate", admin, "NAME="+call+"\nTYPE=api\nCALL="+call+"\nCOMMAND=/bin/true\nARGUMENTS=\"$API\"")
	}
	cid := must(t, s, "one.cluster.allocate", admin, "edge").num
	must(t, s, "one.cluster.delete", admin, cid)
	log := must(t, s, "one.hooklog.info", admin, -1, -1, -1, 0).str
	args := hookArgs(t, log)
	if len(args) != 2 {
		t.Fatalf("%d executions: %s", len(args), log)
	}
	for _, a := range args {
		raw, _ := base64.StdEncoding.DecodeString(a)
		if !strings.Contains(string(raw), "<EXTRA><CLUSTER><ID>100</ID><NAME>edge</NAME>") {
			t.Errorf("EXTRA lacks the cluster: %s", raw)
		}
	}
}

// IMAGE state hooks fire when an image reaches the state, wherever the
// change comes from (here the end of its copy).
func TestHookImageState(t *testing.T) {
	s, clk := clockedSim(t)
	wantErr(t, try(t, s, "one.hook.allocate", admin, "NAME=i\nTYPE=state\nRESOURCE=IMAGE\nSTATE=NAP\nCOMMAND=/bin/true"), codeInternal,
		"[one.hook.allocate] Invalid or unkown STATE condition: NAP")
	hk := must(t, s, "one.hook.allocate", admin, "NAME=i\nTYPE=state\nRESOURCE=IMAGE\nSTATE=READY\nCOMMAND=/bin/true\nARGUMENTS=\"$ID $PREV_STATE\"").num
	im := must(t, s, "one.image.allocate", admin, "NAME=\"new\"\nTYPE=\"DATABLOCK\"\nSIZE=\"10\"", 1).num
	if log := must(t, s, "one.hook.info", admin, hk).str; len(hookArgs(t, log)) != 0 {
		t.Fatalf("fired before the image is READY: %s", log)
	}
	clk.add(10 * time.Second)
	must(t, s, "one.image.info", admin, im)
	must(t, s, "one.image.info", admin, im)
	args := hookArgs(t, must(t, s, "one.hook.info", admin, hk).str)
	if len(args) != 1 || args[0] != itoa(im)+" LOCKED" {
		t.Fatalf("IMAGE READY hook: %q", args)
	}
}

// NET state hooks fire as a network reaches the state (here READY at the
// end of LOCK_CREATE, then LOCK_DELETE); an unknown state is refused as
// HookStateVirtualNetwork::parse_template refuses it.
func TestHookNetState(t *testing.T) {
	s, clk := clockedSim(t)
	wantErr(t, try(t, s, "one.hook.allocate", admin, "NAME=n\nTYPE=state\nRESOURCE=NET\nSTATE=NAP\nCOMMAND=/bin/true"), codeInternal,
		"[one.hook.allocate] Invalid STATE: NAP")
	ready := must(t, s, "one.hook.allocate", admin, "NAME=n\nTYPE=state\nRESOURCE=NET\nSTATE=READY\nCOMMAND=/bin/true\nARGUMENTS=\"$ID $PREV_STATE\"").num
	gone := must(t, s, "one.hook.allocate", admin, "NAME=d\nTYPE=state\nRESOURCE=NET\nSTATE=LOCK_DELETE\nCOMMAND=/bin/true\nARGUMENTS=\"$ID\"").num
	vn := must(t, s, "one.vn.allocate", admin, "NAME=hooked\nVN_MAD=dummy\nBRIDGE=br9\nAR=[TYPE=ETHER, SIZE=4]", -1).num
	if args := hookArgs(t, must(t, s, "one.hook.info", admin, ready).str); len(args) != 0 {
		t.Fatalf("fired before the network is READY: %q", args)
	}
	clk.add(10 * time.Second)
	must(t, s, "one.vn.info", admin, vn)
	must(t, s, "one.vn.info", admin, vn)
	if args := hookArgs(t, must(t, s, "one.hook.info", admin, ready).str); len(args) != 1 || args[0] != itoa(vn)+" LOCK_CREATE" {
		t.Fatalf("NET READY hook: %q", args)
	}
	must(t, s, "one.vn.delete", admin, vn)
	if args := hookArgs(t, must(t, s, "one.hook.info", admin, gone).str); len(args) != 1 || args[0] != itoa(vn) {
		t.Fatalf("NET LOCK_DELETE hook: %q", args)
	}
}
