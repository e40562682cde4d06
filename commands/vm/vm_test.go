package vm

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/sim"
)

// A frozen clock on both sides makes the TIME column stable.
func frozen(t *testing.T) func() time.Time {
	at := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	old := kit.Now
	kit.Now = func() time.Time { return at.Add(90 * time.Minute) }
	t.Cleanup(func() { kit.Now = old })
	return func() time.Time { return at }
}

func TestVMListGolden(t *testing.T) {
	tc := newTestCloud(t, sim.Options{Now: frozen(t)})
	r := tc.Run(nil, "vm", "list")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	kittest.Golden(t, "vm_list", r.Stdout)

	r = tc.Run(nil, "vm", "list", "--list", "id,name,stat,ip", "--filter", "STAT=runn", "--no-header")
	kittest.Golden(t, "vm_list_columns", r.Stdout)

	r = tc.Run(nil, "vm", "list", "-o", "csv", "--list", "ID,NAME,HOST")
	kittest.Golden(t, "vm_list_csv", r.Stdout)
}

func TestVMListJSONShape(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	r := tc.Run(nil, "vm", "list", "-o", "json", "--filter", "NAME=web-1")
	var doc struct {
		Pool struct {
			VM []struct {
				ID       string `json:"ID"`
				Template struct {
					Disk []map[string]any `json:"DISK"`
				} `json:"TEMPLATE"`
			} `json:"VM"`
		} `json:"VM_POOL"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &doc); err != nil {
		t.Fatalf("not the VM_POOL shape: %v\n%s", err, r.Stdout)
	}
	if len(doc.Pool.VM) != 1 || doc.Pool.VM[0].ID != "0" {
		t.Fatalf("want exactly VM 0 as a one-element array: %+v", doc)
	}
}

func TestVMShowText(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	r := tc.Run(nil, "vm", "show", "web-1")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	for _, want := range []string{
		"VIRTUAL MACHINE 0 INFORMATION", "NAME                : web-1", "LCM_STATE           : RUNNING",
		"CLUSTER             : default", "PERMISSIONS", "OWNER               : um-",
		"VM DISKS", "ubuntu-24.04", "VM NICS", "192.168.150.", "VIRTUAL MACHINE HISTORY",
		"VIRTUAL MACHINE TEMPLATE", `CPU="1"`,
	} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, r.Stdout)
		}
	}
	if strings.Contains(r.Stdout, "DISK=[") {
		t.Error("DISK is shown in its table; the template should not repeat it without --all")
	}
	if r = tc.Run(nil, "vm", "show", "web-1", "--all"); !strings.Contains(r.Stdout, "DISK=[") {
		t.Error("--all should print DISK in the template")
	}
}

func TestWaitShowsProgressOnlyOnATerminal(t *testing.T) {
	tc := newTestCloud(t, sim.Options{Delay: 50 * time.Millisecond})
	r := tc.Run(kittest.NewIO(false, false, true), "vm", "poweroff", "web-1", "--wait")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	if !strings.Contains(r.Stderr, "waiting for POWEROFF") {
		t.Errorf("no progress line on a terminal: %q", r.Stderr)
	}
	r = tc.Run(nil, "vm", "resume", "web-1", "--wait")
	if r.Code != 0 || r.Stderr != "" {
		t.Errorf("without a terminal --wait must be silent: exit %d, stderr %q", r.Code, r.Stderr)
	}
	if r = tc.Run(nil, "vm", "show", "web-1", "-o", "json"); !strings.Contains(r.Stdout, `"LCM_STATE": "3"`) {
		t.Errorf("resume --wait returned before RUNNING")
	}
}

func TestWaitTimesOut(t *testing.T) {
	tc := newTestCloud(t, sim.Options{Delay: 10 * time.Second})
	start := time.Now()
	r := tc.Run(nil, "--timeout", "300ms", "vm", "poweroff", "web-1", "--wait")
	if r.Code != kit.ExitTimeout {
		t.Fatalf("exit %d, want %d: %s", r.Code, kit.ExitTimeout, r.Stderr)
	}
	kittest.OneLine(t, r.Stderr)
	if time.Since(start) > 5*time.Second {
		t.Errorf("--wait ignored --timeout: took %s", time.Since(start))
	}
}

func TestBulkActionReportsEachFailure(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	r := tc.Run(nil, "vm", "release", "98,4,99")
	if r.Code != kit.ExitNotFound {
		t.Fatalf("exit %d, want 5: %s", r.Code, r.Stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.Stderr), "\n")
	if len(lines) != 3 || !strings.Contains(r.Stderr, "onectl: vm 98: [one.vm.action] Error getting virtual machine [98].") {
		t.Errorf("want one line per failed VM and a summary, got %q", r.Stderr)
	}
	if len(lines) == 3 && lines[2] != "onectl: vm: done for 4; failed for 98,99" {
		t.Errorf("summary %q", lines[2])
	}
}

func TestNamesResolveOncePerCommand(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	r := tc.Run(nil, "--debug", "vm", "chmod", "web-1,web-2,db-1", "640")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	if n := strings.Count(r.Stderr, "--> one.vmpool.info"); n != 1 {
		t.Errorf("three names cost %d pool calls, want 1", n)
	}
	if strings.Contains(r.Stderr, "opennebula") {
		t.Error("--debug printed the password")
	}
}

func TestDryRunCallsNothing(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	r := tc.Run(nil, "--dry-run", "vm", "terminate", "0..1", "--hard")
	want := "one.vm.action(\"oneadmin:****\", \"terminate-hard\", 0)\none.vm.action(\"oneadmin:****\", \"terminate-hard\", 1)\n"
	if r.Code != 0 || !sameLines(r.Stdout, want) {
		t.Fatalf("exit %d, stdout %q", r.Code, r.Stdout)
	}
	if r = tc.Run(nil, "vm", "show", "0", "-o", "json"); !strings.Contains(r.Stdout, `"LCM_STATE": "3"`) {
		t.Error("--dry-run changed the VM")
	}
	// A name is read from the cloud (a read), the write only printed.
	if r = tc.Run(nil, "--dry-run", "vm", "terminate", "web-1"); r.Code != 0 || r.Stdout != "one.vm.action(\"oneadmin:****\", \"terminate\", 0)\n" {
		t.Errorf("a name under --dry-run: exit %d, stdout %q", r.Code, r.Stdout)
	}
}

// sameLines compares line sets: bulk calls run concurrently.
func sameLines(a, b string) bool {
	la, lb := strings.Split(strings.TrimSpace(a), "\n"), strings.Split(strings.TrimSpace(b), "\n")
	if len(la) != len(lb) {
		return false
	}
	seen := map[string]int{}
	for _, l := range la {
		seen[l]++
	}
	for _, l := range lb {
		if seen[l] == 0 {
			return false
		}
		seen[l]--
	}
	return true
}

func TestUsageErrors(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	for _, args := range [][]string{
		{"vm", "poweroff", "5..1"},
		{"vm", "poweroff", "1..x"},
		{"vm", "bogus"},
		{"vm", "list", "--bogus"},
		{"vm", "list", "-o", "bogus"},
		{"vm", "list", "--list", "NOPE"},
		{"vm", "list", "--filter", "NOPE=1"},
		{"vm", "rename", "0"},
		{"vm", "chmod", "0", "999"},
		{"vm", "recover", "0"},
		{"vm", "recover", "0", "--success", "--failure"},
		{"vm", "create", "/nonexistent/file"},
		{"vm", "migrate", "0", "host02", "--live", "--poff"},
		{"vm", "update", "0"}, // empty stdin, no terminal: nothing to send
		{"--timeout", "0s", "vm", "list"},
		{"vm", "poweroff", "0", "--schedule", "someday"},
	} {
		r := tc.Run(nil, args...)
		if r.Code != kit.ExitUsage {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, r.Code, r.Stderr)
			continue
		}
		kittest.OneLine(t, r.Stderr)
	}
}

func TestUpdateInEditor(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	editor := filepath.Join(t.TempDir(), "editor.sh")
	script := "#!/bin/sh\necho 'LABEL=\"edited\"' >> \"$1\"\n"
	if err := os.WriteFile(editor, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	tc.Env = map[string]string{"EDITOR": editor}
	if r := tc.Run(kittest.NewIO(true, true, true), "vm", "update", "web-1", "--append"); r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	r := tc.Run(nil, "vm", "show", "web-1", "-o", "json")
	if !strings.Contains(r.Stdout, `"LABEL": "edited"`) {
		t.Errorf("the edit did not reach the VM:\n%s", r.Stdout)
	}

	// An editor that changes nothing sends nothing.
	tc.Env["EDITOR"] = "true"
	if r := tc.Run(kittest.NewIO(true, true, true), "vm", "update", "web-1"); r.Code != 0 || !strings.Contains(r.Stderr, "no changes") {
		t.Errorf("unchanged edit: exit %d, stderr %q", r.Code, r.Stderr)
	}
}

func TestScheduleAddsASchedAction(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	if r := tc.Run(nil, "vm", "poweroff", "web-1", "--hard", "--schedule", "+1h"); r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	r := tc.Run(nil, "vm", "show", "web-1", "-o", "json")
	if !strings.Contains(r.Stdout, `"ACTION": "poweroff-hard"`) || !strings.Contains(r.Stdout, `"LCM_STATE": "3"`) {
		t.Errorf("want a scheduled poweroff-hard and the VM still running:\n%s", r.Stdout)
	}
	if r := tc.Run(nil, "vm", "poweroff", "web-1", "--schedule", "+1h", "--wait"); r.Code != kit.ExitUsage {
		t.Errorf("--wait with --schedule: exit %d", r.Code)
	}
}

func TestWaitSaysWhyAVMStaysPending(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	r := tc.Run(nil, "--timeout", "500ms", "vm", "create", "--name", "huge", "--cpu", "1", "--memory", "1000G", "--wait")
	if r.Code != kit.ExitTimeout || !strings.Contains(r.Stderr, "PENDING (scheduler: ") {
		t.Fatalf("exit %d, stderr %q: want 10 and the scheduler's reason", r.Code, r.Stderr)
	}
	if r.Stdout != "ID: 6\n" {
		t.Errorf("the VM was created and its ID printed first: %q", r.Stdout)
	}
}

func TestCreatePrintsIDInEveryFormat(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	for format, want := range map[string]string{
		"table": "ID: %d\n", "json": "{\"ID\":%d}\n", "yaml": "---\nID: %d\n", "xml": "<ID>%d</ID>\n", "csv": "ID\n%d\n",
	} {
		r := tc.Run(nil, "vm", "create", "--cpu", "0.1", "--memory", "64", "--hold", "-o", format)
		id, _ := strconv.Atoi(regexp.MustCompile(`\d+`).FindString(r.Stdout))
		if r.Code != 0 || r.Stdout != fmt.Sprintf(want, id) {
			t.Errorf("-o %s: %q", format, r.Stdout)
		}
	}
}

func TestListColoursOnlyOnATerminal(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	if r := tc.Run(kittest.NewIO(false, true, false), "vm", "list"); !strings.Contains(r.Stdout, "\x1b[32mrunn\x1b[0m") {
		t.Errorf("no colour on a terminal:\n%q", r.Stdout)
	}
	if r := tc.Run(nil, "vm", "list"); strings.Contains(r.Stdout, "\x1b[") {
		t.Errorf("colour in a pipe: %q", r.Stdout)
	}
}

func TestBulkResultsDoNotInterleave(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	r := tc.Run(nil, "vm", "snapshot-create", "0,1,2,5", "nightly")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	if lines := strings.Split(strings.TrimSpace(r.Stdout), "\n"); len(lines) != 4 || !regexp.MustCompile(`^(ID: \d+\n){4}$`).MatchString(r.Stdout) {
		t.Errorf("want four whole result lines, got %q", r.Stdout)
	}
}

func TestAccessAndListCommands(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	if r := tc.Run(nil, "vm", "backupmode", "web-1", "increment"); r.Code != 0 {
		t.Fatalf("backupmode: exit %d: %s", r.Code, r.Stderr)
	}
	if r := tc.Run(nil, "vm", "show", "web-1", "-o", "json"); !strings.Contains(r.Stdout, `"MODE": "INCREMENT"`) {
		t.Errorf("backupmode did not reach BACKUP_CONFIG:\n%s", r.Stdout)
	}
	if r := tc.Run(nil, "vm", "backupmode", "web-1", "sometimes"); r.Code != kit.ExitUsage {
		t.Errorf("bad mode: exit %d", r.Code)
	}
	tc.Run(nil, "vm", "snapshot-create", "web-1", "first", "--wait")
	if r := tc.Run(nil, "vm", "snapshot-list", "web-1"); r.Code != 0 || !strings.Contains(r.Stdout, "first") {
		t.Errorf("snapshot-list: exit %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	tc.Run(nil, "vm", "poweroff", "web-1", "--wait")
	tc.Run(nil, "vm", "disk-snapshot-create", "web-1", "0", "before", "--wait")
	if r := tc.Run(nil, "vm", "disk-snapshot-list", "web-1", "0", "-o", "csv"); r.Code != 0 || !strings.Contains(r.Stdout, "before") {
		t.Errorf("disk-snapshot-list: exit %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	if r := tc.Run(nil, "vm", "ssh", "web-1"); r.Code != kit.ExitState || !strings.Contains(r.Stderr, "not RUNNING") {
		t.Errorf("ssh to a powered-off VM: exit %d %q", r.Code, r.Stderr)
	}
	if r := tc.Run(nil, "vm", "port-forward", "db-1"); r.Code != kit.ExitNotFound {
		t.Errorf("port-forward without a range: exit %d %q", r.Code, r.Stderr)
	}
}

func TestSSHRunsSSH(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	dir := t.TempDir()
	// A stand-in ssh that prints its arguments and exits 3.
	script := "#!/bin/sh\necho \"ssh $*\"\nexit 3\n"
	if err := os.WriteFile(filepath.Join(dir, "ssh"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	r := tc.Run(nil, "vm", "ssh", "web-1", "ubuntu", "--cmd", "uptime")
	if r.Code != 3 || r.Stdout != "ssh ubuntu@192.168.150.1 -p 22 uptime\n" || r.Stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.Code, r.Stdout, r.Stderr)
	}
}

func TestCreateChart(t *testing.T) {
	tc := newTestCloud(t, sim.Options{})
	if r := tc.Run(nil, "vm", "create-chart", "web-1"); r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	r := tc.Run(nil, "vm", "show", "web-1", "-o", "json")
	if !strings.Contains(r.Stdout, `"ACTION": "suspend"`) || !strings.Contains(r.Stdout, `"ACTION": "terminate"`) {
		t.Errorf("want the default charter's two actions:\n%s", r.Stdout)
	}
	if r := tc.Run(nil, "vm", "create-chart", "web-1", "--chart", "suspend"); r.Code != kit.ExitUsage {
		t.Errorf("bad --chart: exit %d", r.Code)
	}
}

func newTestCloud(t testing.TB, o sim.Options) *kittest.Cloud {
	return kittest.NewCloud(t, o, NewCmd)
}
