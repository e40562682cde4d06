package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAPI(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	c := s.admin(t)

	t.Run("a read, printed as the CLI's JSON", func(t *testing.T) {
		var doc map[string]any
		out := c.ok(t, "api", "one.vm.info", "2")
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if str(doc, "VM.NAME") != "db-1" {
			t.Fatalf("one.vm.info 2: %s", out)
		}
		// Negative arguments after --, YAML and XML.
		mustContain(t, "yaml", c.ok(t, "api", "-o", "yaml", "one.vmpool.info", "--", "-2", "-1", "-1", "-1"), "VM_POOL:", "NAME: db-1")
		mustContain(t, "xml", c.ok(t, "api", "one.vm.info", "2", "-o", "xml"), "<VM>", "<NAME>db-1</NAME>")
		if v := strings.TrimSpace(c.ok(t, "api", "one.system.version")); v == "" || strings.Contains(v, "<") {
			t.Fatalf("one.system.version printed %q", v)
		}
	})
	t.Run("a write", func(t *testing.T) {
		if out := strings.TrimSpace(c.ok(t, "api", "one.vm.rename", "2", "db-renamed")); out != "2" {
			t.Fatalf("one.vm.rename printed %q, want the ID", out)
		}
		if name := str(c.vm(t, 2), "NAME"); name != "db-renamed" {
			t.Fatalf("renamed VM is %q", name)
		}
		tmpl := writeFile(t, "extra.tmpl", "LABEL=\"from api\"\n")
		c.ok(t, "api", "one.vm.update", "2", "@"+tmpl, "1")
		if got := str(c.vm(t, 2), "USER_TEMPLATE.LABEL"); got != "from api" {
			t.Fatalf("one.vm.update from @file: LABEL %q", got)
		}
	})
	t.Run("errors keep their exit codes", func(t *testing.T) {
		mustContain(t, "not found", oneErrorLine(t, c.fails(t, 5, "api", "one.vm.info", "99")), "99")
		mustContain(t, "wrong state", oneErrorLine(t, c.fails(t, 6, "api", "one.vm.action", "resume", "0")), "resume")
		s.alice(t).fails(t, 4, "api", "one.vm.info", "2")
		mustContain(t, "type", oneErrorLine(t, c.fails(t, 2, "api", "one.vm.info", "two")), "<id>", "integer")
		mustContain(t, "count", oneErrorLine(t, c.fails(t, 2, "api", "one.vm.info")), "<id:int>")
		mustContain(t, "unknown", oneErrorLine(t, c.fails(t, 2, "api", "one.vm.explode", "1")), "one.vm.explode")
	})
	t.Run("--dry-run prints the call and sends nothing", func(t *testing.T) {
		out := c.ok(t, "--dry-run", "api", "one.vm.rename", "2", "never")
		if strings.TrimSpace(out) != `one.vm.rename("oneadmin:****", 2, "never")` {
			t.Fatalf("dry-run printed %q", out)
		}
		if name := str(c.vm(t, 2), "NAME"); name == "never" {
			t.Fatal("--dry-run renamed the VM")
		}
	})
	t.Run("method names", func(t *testing.T) {
		out := c.ok(t, "api")
		mustContain(t, "onectl api", out, "one.vm.info <id:int> [<decrypt:bool>]\n", "one.vmpool.info <filter_flag:int>")
		comp := c.ok(t, "__complete", "api", "one.vm.dis")
		mustContain(t, "completion", comp, "one.vm.disksaveas", "one.vm.disksnapshotcreate")
	})
}
