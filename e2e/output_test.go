package e2e

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
)

// TestListOutputFormats checks the shapes scripts rely on, for `vm list`.
// The simulator is shared: nothing here changes it.
func TestListOutputFormats(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	a := s.alice(t)

	t.Run("table header", func(t *testing.T) {
		out := c.ok(t, "vm", "list")
		first := strings.SplitN(out, "\n", 2)[0]
		if got := strings.Join(strings.Fields(first), " "); got != "ID USER GROUP NAME STAT CPU MEM HOST TIME" {
			t.Fatalf("header %q", first)
		}
		mustContain(t, "vm list", out, "web-1", "alice-vm")
	})
	t.Run("no-header", func(t *testing.T) {
		out := c.ok(t, "vm", "list", "--no-header")
		mustNotContain(t, "vm list --no-header", out, "USER")
		mustContain(t, "vm list --no-header", out, "web-1")
	})
	t.Run("list columns", func(t *testing.T) {
		out := c.ok(t, "vm", "list", "--list", "ID,NAME")
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if got := strings.Fields(lines[0]); strings.Join(got, " ") != "ID NAME" {
			t.Fatalf("header %q, want ID NAME", lines[0])
		}
		for _, l := range lines[1:] {
			if n := len(strings.Fields(l)); n != 2 {
				t.Fatalf("row %q has %d fields, want 2", l, n)
			}
		}
	})
	t.Run("unknown column", func(t *testing.T) {
		r := c.fails(t, 2, "vm", "list", "--list", "ID,BOGUS")
		oneErrorLine(t, r)
	})
	t.Run("json pool with one VM is an array", func(t *testing.T) {
		for _, args := range [][]string{
			{"vm", "list", "-o", "json", "--filter", "NAME=web-1"},
			{"vm", "list", "--json", "--filter", "NAME=web-1"},
			{"vm", "list", "-j", "--filter", "NAME=web-1"},
		} {
			out := c.ok(t, args...)
			var doc struct {
				Pool struct {
					VM []map[string]any `json:"VM"`
				} `json:"VM_POOL"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("%v: not {\"VM_POOL\":{\"VM\":[...]}}: %v\n%s", args, err, out)
			}
			if len(doc.Pool.VM) != 1 || doc.Pool.VM[0]["NAME"] != "web-1" {
				t.Fatalf("%v: want exactly web-1, got %v", args, doc.Pool.VM)
			}
			if _, isString := doc.Pool.VM[0]["ID"].(string); !isString {
				t.Fatalf("%v: ID is not a string: %v", args, doc.Pool.VM[0]["ID"])
			}
		}
		// alice owns a single VM: the server's pool then has one element.
		out := a.ok(t, "vm", "list", "-o", "json")
		var doc map[string]map[string]any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("alice's list is not JSON: %v\n%s", err, out)
		}
		if vms, ok := doc["VM_POOL"]["VM"].([]any); !ok || len(vms) != 1 {
			t.Fatalf("alice's VM_POOL.VM is not a one-element array:\n%s", out)
		}
	})
	t.Run("empty pool", func(t *testing.T) {
		out := c.ok(t, "vm", "list", "-o", "json", "--filter", "NAME=no-such-vm")
		var doc map[string]any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if _, ok := doc["VM_POOL"]; !ok {
			t.Fatalf("no VM_POOL in %s", out)
		}
	})
	t.Run("yaml", func(t *testing.T) {
		for _, flags := range [][]string{{"-o", "yaml"}, {"-y"}, {"--yaml"}} {
			out := c.ok(t, append([]string{"vm", "list"}, flags...)...)
			if !strings.HasPrefix(out, "---\n") || !strings.Contains(out, "VM_POOL:") {
				t.Fatalf("%v: want --- then VM_POOL:, got:\n%s", flags, out)
			}
		}
	})
	t.Run("xml", func(t *testing.T) {
		for _, flag := range []string{"-x", "--xml"} {
			out := c.ok(t, "vm", "list", flag)
			var doc struct {
				XMLName xml.Name
				VMs     []struct {
					Name string `xml:"NAME"`
				} `xml:"VM"`
			}
			if err := xml.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("%s: not XML: %v\n%s", flag, err, out)
			}
			if doc.XMLName.Local != "VM_POOL" || len(doc.VMs) == 0 {
				t.Fatalf("%s: root %s with %d VMs", flag, doc.XMLName.Local, len(doc.VMs))
			}
		}
	})
	t.Run("csv", func(t *testing.T) {
		out := c.ok(t, "vm", "list", "--csv")
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("not CSV: %v\n%s", err, out)
		}
		if got := strings.Join(recs[0], ","); got != "ID,USER,GROUP,NAME,STAT,CPU,MEM,HOST,TIME" {
			t.Fatalf("csv header %q", got)
		}
		if len(recs) < 2 {
			t.Fatalf("csv has no rows")
		}
		out = c.ok(t, "vm", "list", "-o", "csv", "--no-header", "--list", "NAME", "--filter", "NAME=web-1")
		if out != "web-1\n" {
			t.Fatalf("csv --no-header --list NAME: %q", out)
		}
	})
	t.Run("bad format", func(t *testing.T) {
		r := c.fails(t, 2, "vm", "list", "-o", "bogus")
		mustContain(t, "stderr", oneErrorLine(t, r), "bogus")
		c.fails(t, 2, "vm", "list", "-o", "yaml", "--json")
		c.fails(t, 2, "vm", "show", "web-1", "-o", "bogus")
	})
}

// TestListFilters: client-side --filter, --operator and server-side --state
// and --mine.
func TestListFilters(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	a := s.alice(t)
	names := func(t *testing.T, cl *cli, args ...string) []string {
		t.Helper()
		out := cl.ok(t, append([]string{"vm", "list", "-o", "csv", "--no-header", "--list", "NAME"}, args...)...)
		return strings.Fields(out)
	}
	every := func(t *testing.T, got []string, re string) {
		t.Helper()
		if len(got) == 0 {
			t.Fatalf("no rows (want rows matching %s)", re)
		}
		for _, n := range got {
			if !regexp.MustCompile(re).MatchString(n) {
				t.Fatalf("row %q does not match %s (all: %v)", n, re, got)
			}
		}
	}
	t.Run("regexp", func(t *testing.T) { every(t, names(t, c, "--filter", "NAME~web"), "web") })
	t.Run("and", func(t *testing.T) {
		got := names(t, c, "--filter", "NAME~web", "--filter", "NAME~1")
		if strings.Join(got, " ") != "web-1" {
			t.Fatalf("NAME~web AND NAME~1: %v", got)
		}
	})
	t.Run("or", func(t *testing.T) {
		got := names(t, c, "--filter", "NAME=web-1", "--filter", "NAME=db-1", "--operator", "OR")
		if len(got) != 2 || !containsField(strings.Join(got, " "), "web-1") || !containsField(strings.Join(got, " "), "db-1") {
			t.Fatalf("NAME=web-1 OR NAME=db-1: %v", got)
		}
	})
	t.Run("stat", func(t *testing.T) {
		out := c.ok(t, "vm", "list", "-o", "csv", "--no-header", "--list", "STAT", "--filter", "STAT=runn")
		every(t, strings.Fields(out), "^runn$")
	})
	t.Run("bad filter", func(t *testing.T) {
		c.fails(t, 2, "vm", "list", "--filter", "NOPE=1")
		c.fails(t, 2, "vm", "list", "--filter", "NAME")
		c.fails(t, 2, "vm", "list", "--filter", "NAME=a", "--operator", "XOR")
	})
	t.Run("state", func(t *testing.T) {
		id := c.createVM(t, "to-poweroff")
		c.ok(t, "vm", "poweroff", itoa(id), "--wait")
		got := names(t, c, "--state", "poweroff")
		if !containsField(strings.Join(got, " "), "to-poweroff") {
			t.Fatalf("--state poweroff lacks to-poweroff: %v", got)
		}
		out := c.ok(t, "vm", "list", "-o", "csv", "--no-header", "--list", "STAT", "--state", "poweroff")
		every(t, strings.Fields(out), "^poff$")
		c.fails(t, 2, "vm", "list", "--state", "sleeping")
	})
	t.Run("paging", func(t *testing.T) {
		// Pages of 2 must add up to the same list as one big page.
		whole := names(t, c)
		paged := names(t, c.withEnv("ONE_POOL_PAGE_SIZE=2"))
		if strings.Join(paged, " ") != strings.Join(whole, " ") || len(whole) < 3 {
			t.Fatalf("paged list %v, whole list %v", paged, whole)
		}
	})
	t.Run("mine", func(t *testing.T) {
		got := names(t, a, "--mine")
		if strings.Join(got, " ") != "alice-vm" {
			t.Fatalf("alice --mine: %v", got)
		}
		if admin := names(t, c, "--mine"); containsField(strings.Join(admin, " "), "alice-vm") {
			t.Fatalf("oneadmin --mine shows alice-vm: %v", admin)
		}
		c.fails(t, 2, "vm", "list", "--mine", "--all")
	})
}

// TestShowOutput: `vm show` as text and as data.
func TestShowOutput(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	id := c.createVM(t, "shown", "--disk", "alpine-3.20", "--nic", "private")

	t.Run("json", func(t *testing.T) {
		out := c.ok(t, "vm", "show", itoa(id), "-o", "json")
		var doc struct {
			VM map[string]any `json:"VM"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("not {\"VM\":{...}}: %v\n%s", err, out)
		}
		if doc.VM["ID"] != itoa(id) {
			t.Fatalf("VM.ID %v (want the string %q)", doc.VM["ID"], itoa(id))
		}
		if _, ok := at(doc.VM, "TEMPLATE").(map[string]any)["DISK"].([]any); !ok {
			t.Fatalf("TEMPLATE.DISK is not an array with one disk:\n%s", out)
		}
		if _, ok := at(doc.VM, "TEMPLATE").(map[string]any)["NIC"].([]any); !ok {
			t.Fatalf("TEMPLATE.NIC is not an array with one NIC:\n%s", out)
		}
	})
	t.Run("yaml and xml", func(t *testing.T) {
		y := c.ok(t, "vm", "show", itoa(id), "-y")
		if !strings.HasPrefix(y, "---\n") || !strings.Contains(y, "VM:\n") {
			t.Fatalf("show -y:\n%s", y)
		}
		x := c.ok(t, "vm", "show", itoa(id), "-x")
		var doc struct {
			XMLName xml.Name
			Name    string `xml:"NAME"`
		}
		if err := xml.Unmarshal([]byte(x), &doc); err != nil || doc.XMLName.Local != "VM" || doc.Name != "shown" {
			t.Fatalf("show -x: %v %+v\n%s", err, doc, x)
		}
	})
	t.Run("text sections", func(t *testing.T) {
		out := c.ok(t, "vm", "show", itoa(id))
		mustContain(t, "vm show", out,
			"VIRTUAL MACHINE "+itoa(id)+" INFORMATION",
			"PERMISSIONS", "VM DISKS", "VM NICS", "VIRTUAL MACHINE HISTORY",
			"VIRTUAL MACHINE TEMPLATE", "alpine-3.20", "private")
		if !regexp.MustCompile(`(?m)^NAME\s+: shown\s*$`).MatchString(out) {
			t.Fatalf("no NAME : shown line:\n%s", out)
		}
		if !regexp.MustCompile(`(?m)^LCM_STATE\s+: RUNNING\s*$`).MatchString(out) {
			t.Fatalf("no LCM_STATE : RUNNING line:\n%s", out)
		}
	})
	t.Run("monitoring", func(t *testing.T) {
		out := c.ok(t, "vm", "monitoring", itoa(id))
		lines := strings.Split(strings.TrimSpace(out), "\n")
		mustContain(t, "monitoring header", lines[0], "TIME", "CPU", "MEMORY", "NETRX", "NETTX")
		if len(lines) < 2 {
			t.Fatalf("a running VM has no monitoring sample:\n%s", out)
		}
		j := c.ok(t, "vm", "monitoring", itoa(id), "-o", "json")
		var doc map[string]any
		if err := json.Unmarshal([]byte(j), &doc); err != nil {
			t.Fatalf("monitoring -o json: %v\n%s", err, j)
		}
		samples := list(doc, "MONITORING_DATA.MONITORING")
		if len(samples) == 0 || str(samples[0], "ID") != itoa(id) {
			t.Fatalf("monitoring -o json has no samples of VM %d:\n%s", id, j)
		}
	})
	t.Run("top without a terminal prints snapshots, no escapes", func(t *testing.T) {
		w := c.startWatch(t, "vm", "top", "--delay", "100ms")
		for i := 0; i < 2; i++ {
			w.next(t, "NAME")
			if l := w.next(t, "shown"); strings.Contains(l, "\033[") {
				t.Fatalf("escape sequences off a terminal: %q", l)
			}
		}
		if code := w.interrupt(t); code != 130 {
			t.Fatalf("exit %d", code)
		}
	})
}

// --decrypt, on every show that has it, sends (id, true), and (id, false)
// without it, as OpenNebula's CLI does.
func TestShowDecrypt(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	for _, g := range []string{"image", "datastore", "vnet", "user", "group"} {
		if out := c.ok(t, "--dry-run", g, "show", "0", "--decrypt"); !strings.Contains(out, `.info("oneadmin:****", 0, true)`) {
			t.Errorf("%s show --decrypt sent: %s", g, out)
		}
		if out := c.ok(t, "--dry-run", g, "show", "0"); !strings.Contains(out, `.info("oneadmin:****", 0, false)`) {
			t.Errorf("%s show sent: %s", g, out)
		}
	}
}
