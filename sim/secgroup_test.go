package sim

import (
	"strings"
	"testing"
	"time"
)

func TestSecGroupSamples(t *testing.T) {
	clk := newClock()
	s := clockSim(t, Options{Seed: "empty", Now: clk.now})
	if r := parseResp(t, replay(t, s, "secgroup.allocate")); !r.ok || r.num != 100 {
		t.Fatalf("allocate: %+v", r)
	}
	if got, want := must(t, s, "one.secgroup.info", admin, 100).str, samplePayload(t, "secgroup.info.response.xml"); got != want {
		t.Fatalf("info:\n got %s\nwant %s", got, want)
	}
	replay(t, s, "secgroup.allocate.second")
	if r := parseResp(t, replay(t, s, "secgroup.clone")); !r.ok || r.num != 102 {
		t.Fatalf("clone: %+v", r)
	}
	for _, name := range []string{"err.secgroup.allocate.bad_protocol", "err.secgroup.allocate.duplicate",
		"err.secgroup.chown.missing_user", "err.secgroup.clone.duplicate",
		"err.secgroup.delete.default", "err.secgroup.info.missing", "err.secgroup.rename.empty"} {
		t.Run(name, func(t *testing.T) {
			if got, want := replay(t, s, name), readSample(t, name+".response.xml"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	pool := must(t, s, "one.secgrouppool.info", admin, -2, -1, -1).str
	if !strings.HasPrefix(pool, "<SECURITY_GROUP_POOL><SECURITY_GROUP><ID>102</ID>") || !strings.Contains(pool, "<NAME>default</NAME>") {
		t.Fatalf("pool:\n%s", pool)
	}
}

func TestSecGroupRuleChecks(t *testing.T) {
	for rule, want := range map[string]string{
		`PROTOCOL=TCP,RULE_TYPE=inbound,RANGE="22,80:90"`:                               "",
		`PROTOCOL=udp,RULE_TYPE=OUTBOUND`:                                               "",
		`PROTOCOL=ICMP,RULE_TYPE=inbound,RANGE=22`:                                      "RANGE is supported only for TCP and UDP protocols.",
		`PROTOCOL=TCP,RULE_TYPE=inbound,RANGE="22-80"`:                                  "Invalid RANGE specification.",
		`PROTOCOL=TCP,RULE_TYPE=inbound,RANGE="90:80"`:                                  "RANGE BEGIN value is greater than RANGE END value",
		`PROTOCOL=TCP,RULE_TYPE=inbound,RANGE=70000`:                                    "RANGE out of bounds 0-65536.",
		`PROTOCOL=TCP,RULE_TYPE=sideways`:                                               "Wrong RULE_TYPE in rule. Valid options: INBOUND, OUTBOUND.",
		`PROTOCOL=TCP,RULE_TYPE=inbound,ICMP_TYPE=8`:                                    "ICMP_TYPE is supported only for ICMP protocol.",
		`PROTOCOL=ICMP,RULE_TYPE=inbound,ICMP_TYPE=x`:                                   "Wrong ICMP_TYPE, it must be integer",
		`PROTOCOL=ALL,RULE_TYPE=inbound,IP=10.0.0.1`:                                    "Wrong or empty SIZE.",
		`PROTOCOL=ALL,RULE_TYPE=inbound,IP=nope,SIZE=2`:                                 "Wrong format for IP value.",
		`PROTOCOL=ALL,RULE_TYPE=inbound,NETWORK_ID=x`:                                   "Wrong NETWORK_ID.",
		`PROTOCOL=TCP,RULE_TYPE=inbound,RANGE="1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"`: "Not more than 15 ports can be specified in a RULE",
	} {
		tt := mustTmpl("RULE=[" + rule + "]")
		if got := checkRules(tt); got != want {
			t.Errorf("%s: %q, want %q", rule, got, want)
		}
	}
}

// A group's VMs are those with a NIC in it; a change is pushed to them
// (UPDATING) and they are UPDATED once it is done.
func TestSecGroupVMsAndCommit(t *testing.T) {
	clk := newClock()
	s := clockSim(t, Options{Now: clk.now})
	def := must(t, s, "one.secgroup.info", admin, 0).str
	if !strings.Contains(def, "<UPDATED_VMS><ID>0</ID><ID>1</ID><ID>2</ID><ID>3</ID><ID>5</ID></UPDATED_VMS>") {
		t.Fatalf("default group:\n%s", def)
	}
	must(t, s, "one.vm.attachsg", admin, 0, 0, 100)
	must(t, s, "one.secgroup.update", admin, 100, `RULE=[PROTOCOL=TCP,RULE_TYPE=inbound,RANGE=8080]`, 1)
	if g := must(t, s, "one.secgroup.info", admin, 100).str; !strings.Contains(g, "<UPDATED_VMS></UPDATED_VMS><OUTDATED_VMS></OUTDATED_VMS><UPDATING_VMS><ID>0</ID></UPDATING_VMS>") {
		t.Fatalf("right after the update:\n%s", g)
	}
	clk.add(time.Second)
	if g := must(t, s, "one.secgroup.info", admin, 100).str; !strings.Contains(g, "<UPDATED_VMS><ID>0</ID></UPDATED_VMS>") {
		t.Fatalf("after the push:\n%s", g)
	}
	wantErr(t, try(t, s, "one.secgroup.delete", admin, 100), codeAction,
		"[one.secgroup.delete] Cannot delete security group. The security group has VMs using it")
	wantErr(t, try(t, s, "one.secgroup.update", admin, 100, `RULE=[PROTOCOL=FOO,RULE_TYPE=inbound]`, 1), codeInternal,
		"[one.secgroup.update] Wrong PROTOCOL in rule. Valid options: TCP, UDP, ICMP, ICMPV6, IPSEC, ALL.")
	must(t, s, "one.secgroup.commit", admin, 100, b(false))
	if g := must(t, s, "one.secgroup.info", admin, 100).str; !strings.Contains(g, "<UPDATING_VMS><ID>0</ID></UPDATING_VMS>") {
		t.Fatalf("after commit:\n%s", g)
	}
	must(t, s, "one.vm.detachsg", admin, 0, 0, 100)
	must(t, s, "one.secgroup.delete", admin, 100)
	wantErr(t, try(t, s, "one.secgroup.update", alice, 0, "X=1", 1), codeAuthorization,
		"[one.secgroup.update] User [2] : Not authorized to perform MANAGE SECGROUP [0].")
}
