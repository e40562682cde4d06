package e2e

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// jsonShow returns `<noun> show <id> -o json` parsed: the object under root.
func jsonShow(t testing.TB, c *cli, noun, root, id string) map[string]any {
	t.Helper()
	out := c.ok(t, noun, "show", id, "-o", "json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%s show %s -o json is not JSON: %v\n%s", noun, id, err, out)
	}
	obj, ok := doc[root].(map[string]any)
	if !ok {
		t.Fatalf("%s show %s -o json has no %s object:\n%s", noun, id, root, out)
	}
	return obj
}

func TestHostCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)

	id := itoa(createdID(t, c.ok(t, "host", "create", "node1", "--im", "dummy", "--vm", "dummy", "--wait")))
	h := jsonShow(t, c, "host", "HOST", "node1")
	if str(h, "ID") != id || str(h, "STATE") != "2" || str(h, "HOST_SHARE.TOTAL_CPU") != "800" {
		t.Fatalf("created host after --wait: %v", h)
	}
	r := c.fails(t, 8, "host", "create", "node1", "--im", "dummy", "--vm", "dummy")
	mustContain(t, "stderr", oneErrorLine(t, r), "NAME is already taken by HOST "+id)
	c.fails(t, 2, "host", "create", "node2", "--im", "dummy")
	c.fails(t, 5, "host", "create", "node2", "--im", "dummy", "--vm", "dummy", "--cluster", "nowhere")
	// an IM driver the server does not run leaves the host INIT
	stuck := itoa(createdID(t, c.ok(t, "host", "create", "odd", "--im", "nope", "--vm", "dummy")))

	list := c.ok(t, "host", "list")
	mustContain(t, "host list", list, "ID NAME", "ALLOCATED_CPU", "ALLOCATED_MEM STAT",
		"node1  default   0    0 / 800 (0%)    0K / 16G (0%) on", "odd")
	if !regexpLine(list, `odd\s+default\s+0\s+-\s+-\s+init`) {
		t.Errorf("INIT host row:\n%s", list)
	}
	mustContain(t, "host list csv", c.ok(t, "host", "list", "-o", "csv", "--list", "ID,NAME,STAT"), "ID,NAME,STAT\n", id+",node1,on")

	c.ok(t, "host", "disable", "node1")
	if st := str(jsonShow(t, c, "host", "HOST", id), "STATE"); st != "4" {
		t.Fatalf("disable: STATE %s", st)
	}
	c.ok(t, "host", "offline", id)
	h = jsonShow(t, c, "host", "HOST", id)
	if str(h, "STATE") != "8" || str(h, "HOST_SHARE.MAX_CPU") != "0" {
		t.Fatalf("offline: %v", h)
	}
	c.ok(t, "host", "enable", id, "--wait")
	if st := str(jsonShow(t, c, "host", "HOST", id), "STATE"); st != "2" {
		t.Fatalf("enable --wait: STATE %s", st)
	}
	c.ok(t, "host", "rename", id, "node1b")
	c.ok(t, "host", "update", "node1b", writeFile(t, "h.tmpl", "RACK=\"r7\"\n"), "--append")
	if got := str(jsonShow(t, c, "host", "HOST", id), "TEMPLATE.RACK"); got != "r7" {
		t.Fatalf("update --append: RACK=%q", got)
	}
	c.fails(t, 6, "host", "rename", id, "host01")

	show := c.ok(t, "host", "show", "host01")
	mustContain(t, "host show", show, "HOST 0 INFORMATION", "STATE                 : MONITORED",
		"  USED (ALLOCATED)    : 6G", "PCI DEVICES", "02:00.0 10de:0863:0300 C79 [GeForce 9400M]",
		"VIRTUAL MACHINES", "web-1", "db-1")
	mon := c.ok(t, "host", "monitoring", "host01")
	mustContain(t, "host monitoring", mon, "TIME", "FREE_CPU", "USED_MEMORY")
	mustContain(t, "host monitoring csv", c.ok(t, "host", "monitoring", "host01", "free_memory", "-o", "csv"), "TIME,FREE_MEMORY\n")
	c.fails(t, 2, "host", "monitoring", "host01", "bogus")
	// off a terminal, top prints a snapshot per interval until interrupted
	w := c.startWatch(t, "host", "top", "--delay", "100ms")
	w.next(t, "ALLOCATED_CPU")
	w.next(t, "host01")
	if code := w.interrupt(t); code != 130 {
		t.Fatalf("host top: exit %d", code)
	}

	// a wild VM, as a probe would report it, is imported and deployed there
	wild := "NAME=\"wild1\"\nCPU=\"0.1\"\nMEMORY=\"64\"\n"
	c.ok(t, "host", "update", "host02", writeFile(t, "wild.tmpl", "VM=[ VM_NAME=\"wild1\", IMPORT_TEMPLATE=\""+
		base64.StdEncoding.EncodeToString([]byte(wild))+"\" ]\n"), "--append")
	vmID := createdID(t, c.ok(t, "host", "importvm", "host02", "wild1"))
	if h := str(lastHistory(c.vm(t, vmID)), "HOSTNAME"); h != "host02" {
		t.Fatalf("imported VM on %q", h)
	}
	c.fails(t, 5, "host", "importvm", "host02", "tame")

	// a host with VMs is not deleted; an empty one is
	r = c.fails(t, 6, "host", "delete", "host01")
	mustContain(t, "stderr", oneErrorLine(t, r), "Can not remove a host with running VMs")
	c.ok(t, "host", "delete", stuck)
	c.fails(t, 5, "host", "show", stuck)

	// forceupdate sends a host back to INIT; it is probed again
	c.ok(t, "host", "forceupdate", "host02")
	if st := str(jsonShow(t, c, "host", "HOST", "host02"), "STATE"); st != "0" && st != "2" {
		t.Fatalf("forceupdate: STATE %s", st)
	}
	c.ok(t, "host", "sync", "--cluster", "default")
	c.ok(t, "host", "enable", "host02", "--wait")

	// a regular user sees no host (the default ACLs give users HOST
	// MANAGE, which is not USE) and may not change one
	a := s.alice(t)
	if out := a.ok(t, "host", "list"); strings.Contains(out, "host01") {
		t.Errorf("alice's host list shows host01:\n%s", out)
	}
	c2 := a.fails(t, 4, "host", "disable", "0")
	mustContain(t, "stderr", oneErrorLine(t, c2), "Not authorized to perform ADMIN HOST [0]")
	a.fails(t, 4, "host", "create", "mine", "--im", "kvm", "--vm", "kvm")
}

// flush disables a host and the scheduler moves its VMs elsewhere.
func TestHostFlush(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	c.ok(t, "host", "enable", "host03", "--wait")
	c.ok(t, "host", "flush", "host01")
	if st := str(jsonShow(t, c, "host", "HOST", "host01"), "STATE"); st != "4" {
		t.Fatalf("flush did not disable host01: STATE %s", st)
	}
	// the scheduler moves them at its next pass, one simulator delay later
	eventually(t, "host01 emptied", func() bool {
		return str(jsonShow(t, c, "host", "HOST", "host01"), "HOST_SHARE.RUNNING_VMS") == "0"
	})
	for _, vm := range []int{0, 2} {
		if host := str(lastHistory(c.vm(t, vm)), "HOSTNAME"); host == "host01" || host == "" {
			t.Errorf("VM %d on %q after flush", vm, host)
		}
	}
}

// Placement: SCHED_REQUIREMENTS and disabled hosts, through the binary.
func TestHostPlacement(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	tmpl := writeFile(t, "vm.tmpl", "NAME=\"placed\"\nCPU=\"0.1\"\nMEMORY=\"64\"\nSCHED_REQUIREMENTS=\"NAME = \\\"host0[23]\\\"\"\n")
	c.ok(t, "host", "disable", "host02")
	id := createdID(t, c.ok(t, "vm", "create", tmpl))
	mustContain(t, "SCHED_MESSAGE", str(c.vm(t, id), "USER_TEMPLATE.SCHED_MESSAGE"), "No host meets capacity and SCHED_REQUIREMENTS")
	c.ok(t, "host", "enable", "host03", "--wait")
	if host := str(lastHistory(c.vm(t, id)), "HOSTNAME"); host != "host03" {
		t.Fatalf("VM placed on %q, want host03", host)
	}
}

func regexpLine(s, re string) bool {
	for _, l := range strings.Split(s, "\n") {
		if ok, _ := regexp.MatchString(re, l); ok {
			return true
		}
	}
	return false
}
