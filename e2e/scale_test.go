package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSimScaleSeed: --seed scale:N gives N VMs, listed page by page in
// every format, and users who own their share of them.
func TestSimScaleSeed(t *testing.T) {
	t.Parallel()
	s := startSim(t, "--seed", "scale:450")
	admin := s.admin(t).withEnv("ONE_POOL_PAGE_SIZE=100")
	out := admin.ok(t, "vm", "list", "--no-header", "-l", "ID,STAT")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 450 {
		t.Fatalf("vm list: %d lines, want 450", len(lines))
	}
	if first, last := strings.Fields(lines[0])[0], strings.Fields(lines[449])[0]; first != "449" || last != "0" {
		t.Fatalf("vm list runs from %s to %s, want 449 to 0", first, last)
	}
	mustContain(t, "vm list", out, "runn", "poff")

	var doc struct {
		VMPool struct {
			VM []struct {
				ID string `json:"ID"`
			} `json:"VM"`
		} `json:"VM_POOL"`
	}
	if err := json.Unmarshal([]byte(admin.ok(t, "vm", "list", "-o", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	if n := len(doc.VMPool.VM); n != 450 {
		t.Fatalf("vm list -o json: %d VMs, want 450", n)
	}
	if y := admin.ok(t, "vm", "list", "-o", "yaml"); strings.Count(y, "\n  - ID: '") != 450 {
		t.Fatalf("vm list -o yaml: %d VMs, want 450", strings.Count(y, "\n  - ID: '"))
	}

	// user0 owns every ninth VM (450 VMs, 9 users) and sees only those
	mine := s.as(t, "user0", "user0").ok(t, "vm", "list", "--no-header", "-l", "ID,USER")
	if n := strings.Count(mine, "\n"); n != 50 {
		t.Fatalf("user0 sees %d VMs, want 50:\n%s", n, mine)
	}
	mustNotContain(t, "user0's list", mine, "user1 ")
}

func TestSimDemoScaleSeed(t *testing.T) {
	t.Parallel()
	s := startSim(t, "--seed", "demo,scale:20")
	out := s.admin(t).ok(t, "vm", "list", "--no-header", "-l", "NAME")
	mustContain(t, "vm list", out, "web-1", "alice-vm", "vm-19", "vm-0")
	if n := strings.Count(out, "\n"); n != 26 {
		t.Fatalf("demo,scale:20: %d VMs, want 26", n)
	}
	s.alice(t).ok(t, "vm", "list")
	for _, seed := range []string{"scale:0", "scale:x", "scale:", "demo,empty", "scale:5,scale:6", "scale:2000000"} {
		oneErrorLine(t, newCLI(t).fails(t, 2, "sim", "serve", "--seed", seed))
	}
}
