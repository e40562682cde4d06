package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestZoneCommands(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c, alice := s.admin(t), s.alice(t)

	// the local zone carries the simulator's own endpoint: * marks it
	list := c.ok(t, "zone", "list")
	mustContain(t, "list", list, "OpenNebula", s.Endpoint, "on")
	if !strings.Contains(list, "*  0 OpenNebula") {
		t.Fatalf("current zone not marked:\n%s", list)
	}
	mustContain(t, "alice's list", alice.ok(t, "zone", "list"), "OpenNebula")
	mustContain(t, "show", c.ok(t, "zone", "show", "OpenNebula"), "ZONE 0 INFORMATION", "STATE             : ENABLED", "ENDPOINT=\""+s.Endpoint+"\"")

	r := c.fails(t, 7, "zone", "create", writeFile(t, "z", "NAME=\"z2\"\nENDPOINT=\"http://127.0.0.1:1/RPC2\"\n"))
	mustContain(t, "stderr", oneErrorLine(t, r), "federation master")
	alice.fails(t, 4, "zone", "update", "0", writeFile(t, "u", "X=\"1\"\n"))
	c.ok(t, "zone", "update", "0", writeFile(t, "u2", "X=\"1\"\n"), "--append")
	mustContain(t, "show", c.ok(t, "zone", "show", "0"), "X=\"1\"")

	// HA servers: recorded, shown, removed by ID or name
	c.ok(t, "zone", "server-add", "0", "--name", "s1", "--rpc", s.Endpoint)
	c.ok(t, "zone", "server-add", "0", "-n", "s2", "-r", "http://127.0.0.1:9/RPC2")
	c.fails(t, 2, "zone", "server-add", "0", "--name", "s3")
	show := c.ok(t, "zone", "show", "0")
	mustContain(t, "show", show, "ZONE SERVERS", " 0 s1 ", " 1 s2 ", "HA & FEDERATION SYNC STATUS", " 0 s1              solo")
	c.ok(t, "zone", "server-reset", "0", "s1")
	c.ok(t, "zone", "server-del", "0", "s2")
	c.fails(t, 5, "zone", "server-del", "0", "s2")
	r = c.fails(t, 6, "zone", "server-del", "0", "7")
	mustContain(t, "stderr", oneErrorLine(t, r), "SERVER not found in zone")
	mustNotContain(t, "show", c.ok(t, "zone", "show", "0"), " s2 ")

	// enable/disable, rename; zone 0 stays
	c.ok(t, "zone", "disable", "0")
	mustContain(t, "list", c.ok(t, "zone", "list"), "off")
	c.ok(t, "zone", "enable", "0")
	c.ok(t, "zone", "rename", "0", "Home")
	r = c.fails(t, 6, "zone", "delete", "Home")
	mustContain(t, "stderr", oneErrorLine(t, r), "System Zones (ID < 100) cannot be deleted")

	// set: without a context, ~/.one/one_endpoint, which later runs use
	c.ok(t, "zone", "update", "0", writeFile(t, "u3", "ENDPOINT=\""+s.Endpoint+"\"\n"))
	plain := newCLI(t).withArgs("--user", "oneadmin", "--password", "opennebula", "--endpoint", s.Endpoint)
	out := plain.ok(t, "zone", "set", "0")
	ep, err := os.ReadFile(filepath.Join(plain.home, ".one", "one_endpoint"))
	if err != nil || strings.TrimSpace(string(ep)) != s.Endpoint || !strings.Contains(out, "Endpoint changed to") {
		t.Fatalf("one_endpoint %q %v\n%s", ep, err, out)
	}
	noFlag := &cli{home: plain.home, prefix: []string{"--user", "oneadmin", "--password", "opennebula"}}
	noFlag.ok(t, "zone", "list")
	// with a context, the context's endpoint changes
	cfg := writeFile(t, "config.yaml", "current-context: lab\ncontexts:\n- name: lab\n  endpoint: http://127.0.0.1:1/RPC2\n  user: oneadmin\n  password: opennebula\n")
	withCtx := newCLI(t).withArgs("--config", cfg)
	mustContain(t, "set", withCtx.withArgs("--endpoint", s.Endpoint).ok(t, "zone", "set", "0"), `in context "lab"`)
	b, _ := os.ReadFile(cfg)
	if !strings.Contains(string(b), "endpoint: "+s.Endpoint) {
		t.Fatalf("config:\n%s", b)
	}
	withCtx.ok(t, "zone", "show", "0")
	mustContain(t, "temporary", c.ok(t, "zone", "set", "0", "--temporary"), "Type: export ONE_XMLRPC="+s.Endpoint)

	// serversync compares through the API only: two simulators match
	other := startSim(t)
	mustContain(t, "serversync", c.ok(t, "zone", "serversync", strings.TrimSuffix(strings.TrimPrefix(other.Endpoint, "http://"), "/RPC2")),
		"matches this server's")
	c.fails(t, 9, "zone", "serversync", "127.0.0.1:1")
}
