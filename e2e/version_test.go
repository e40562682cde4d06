package e2e

import (
	"encoding/json"
	"testing"
)

func TestVersion(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)
	var rep struct {
		Onectl struct {
			Version, Commit, Date string
		}
		Server *struct {
			Endpoint, Version string
		}
		Compatible string
	}
	out := c.ok(t, "version", "-o", "json")
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("version -o json: %v\n%s", err, out)
	}
	if rep.Onectl.Version == "" || rep.Server == nil || rep.Server.Version != "6.10.5" || rep.Server.Endpoint != s.Endpoint ||
		rep.Compatible != "yes" {
		t.Fatalf("version -o json: %+v\n%s", rep, out)
	}
	mustContain(t, "version", c.ok(t, "version"), "onectl:", "commit:", "server:     OpenNebula 6.10.5", "compatible: yes")
	mustContain(t, "version -o yaml", c.ok(t, "version", "-o", "yaml"), "---\nonectl:\n  version: ", "compatible: \"yes\"")
	// --client calls nothing; an unreachable server still shows onectl's part
	mustNotContain(t, "version --client", newCLI(t).ok(t, "version", "--client"), "server")
	r := newCLI(t).fails(t, 9, "--endpoint", "http://127.0.0.1:1/RPC2", "--user", "a", "--password", "b", "version")
	mustContain(t, "stdout", r.Stdout, "onectl:")
	oneErrorLine(t, r)
	c.fails(t, 2, "version", "-o", "xml")
	s.as(t, "oneadmin", "wrong").fails(t, 3, "version")
}
