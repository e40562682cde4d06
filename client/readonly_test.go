package client

import (
	"bytes"
	"strings"
	"testing"
)

func TestIsRead(t *testing.T) {
	for m, want := range map[string]bool{
		"one.vm.info": true, "one.vmpool.info": true, "one.vmpool.infoextended": true,
		"one.host.monitoring": true, "one.system.version": true, "one.zone.raftstatus": true,
		"one.vm.action": false, "one.user.login": false, "one.vmpool.calculateshowback": false,
		"one.vm.update": false, "info": false, "system.listMethods": false,
	} {
		if got := IsRead(m); got != want {
			t.Errorf("IsRead(%q) = %v, want %v", m, got, want)
		}
	}
}

// A dry run's reader sends reads, refuses writes, and leaves the dry run
// itself printing.
func TestReaderSendsReadsDuringDryRun(t *testing.T) {
	f := newFake(t, func(c rpcCall) []byte { return okString("<VM><ID>5</ID></VM>") })
	var out bytes.Buffer
	c := newTestClient(t, f.URL, func(o *Options) { o.DryRun = &out })
	r := c.Reader()
	if r.IsDryRun() {
		t.Fatal("the reader is a dry run")
	}
	got, err := r.CallString(bg, "one.vm.info", 5)
	if err != nil || got != "<VM><ID>5</ID></VM>" {
		t.Fatalf("read: %q, %v", got, err)
	}
	if _, err := r.Call(bg, "one.vm.action", "poweroff", 5); err == nil || !strings.Contains(err.Error(), "only reads") {
		t.Fatalf("write through the reader: %v", err)
	}
	if _, err := c.Call(bg, "one.vm.action", "poweroff", 5); err != nil {
		t.Fatal(err)
	}
	calls := f.Calls()
	if len(calls) != 1 || calls[0].Method != "one.vm.info" {
		t.Fatalf("server saw %+v; want only the read", calls)
	}
	if !strings.Contains(out.String(), `one.vm.action("oneadmin:****", "poweroff", 5)`) || strings.Contains(out.String(), "one.vm.info") {
		t.Fatalf("dry-run printed %q", out.String())
	}
}
