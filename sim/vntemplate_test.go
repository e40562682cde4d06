package sim

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestVNTemplateSamples(t *testing.T) {
	clk := newClock()
	s := clockSim(t, Options{Seed: "empty", Now: clk.now})
	if r := parseResp(t, replay(t, s, "vntemplate.allocate")); !r.ok || r.num != 0 {
		t.Fatalf("allocate: %+v", r)
	}
	regtime := regexp.MustCompile(`<REGTIME>\d+</REGTIME>`)
	got := regtime.ReplaceAllString(must(t, s, "one.vntemplate.info", admin, 0).str, "")
	if want := regtime.ReplaceAllString(samplePayload(t, "vntemplate.info.response.xml"), ""); got != want {
		t.Fatalf("info:\n got %s\nwant %s", got, want)
	}
	for _, name := range []string{"err.vntemplate.allocate.duplicate", "err.vntemplate.allocate.no_vn_mad",
		"err.vntemplate.chown.missing_user", "err.vntemplate.info.missing", "err.vntemplate.instantiate.missing",
		"err.vntemplate.rename.empty"} {
		t.Run(name, func(t *testing.T) {
			if got, want := replay(t, s, name), readSample(t, name+".response.xml"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	must(t, s, "one.vntemplate.lock", admin, 0, 1, b(false))
	if got, want := replay(t, s, "err.vntemplate.update.while_locked"), readSample(t, "err.vntemplate.update.while_locked.response.xml"); got != want {
		t.Errorf("update while locked: got\n%s\nwant\n%s", got, want)
	}
	must(t, s, "one.vntemplate.unlock", admin, 0)
	if r := parseResp(t, replay(t, s, "vntemplate.clone")); !r.ok || r.num != 1 {
		t.Fatalf("clone: %+v", r)
	}
	wantErr(t, try(t, s, "one.vntemplate.clone", admin, 0, "smp-vntpl1-clone"), codeAllocate,
		"[one.vntemplate.clone] Error allocating a new virtual network template. NAME is already taken by VN TEMPLATE 1.")
}

// A template instantiates into a network that goes through LOCK_CREATE,
// with the extra template's ranges added.
func TestVNTemplateInstantiate(t *testing.T) {
	clk := newClock()
	s := clockSim(t, Options{Seed: "empty", Now: clk.now})
	replay(t, s, "vntemplate.allocate")
	id := parseResp(t, replay(t, s, "vntemplate.instantiate")).num
	info := must(t, s, "one.vn.info", admin, id).str
	want := regexp.MustCompile(`<STATE><!\[CDATA\[2\]\]></STATE>.*<TEMPLATE><AR><IP><!\[CDATA\[10\.8\.0\.1\]\]></IP><SIZE><!\[CDATA\[4\]\]></SIZE><TYPE><!\[CDATA\[IP4\]\]></TYPE></AR><BRIDGE><!\[CDATA\[smpbr3\]\]></BRIDGE><BRIDGE_TYPE><!\[CDATA\[linux\]\]></BRIDGE_TYPE><PHYDEV><!\[CDATA\[\]\]></PHYDEV><SECURITY_GROUPS><!\[CDATA\[0\]\]></SECURITY_GROUPS><TEMPLATE_ID><!\[CDATA\[0\]\]></TEMPLATE_ID><VN_MAD><!\[CDATA\[dummy\]\]></VN_MAD></TEMPLATE><AR_POOL></AR_POOL>`)
	if !want.MatchString(info) || !strings.Contains(info, "<NAME>smp-vnet-from-tpl</NAME>") {
		t.Fatalf("instantiated network:\n%s", info)
	}
	wantErr(t, try(t, s, "one.vntemplate.instantiate", admin, 0, "smp-vnet-from-tpl", ""), codeAllocate,
		"[one.vntemplate.instantiate] Error allocating a new virtual network template. NAME is already taken by NET 0.")
	x := parseResp(t, replay(t, s, "vntemplate.instantiate.extra")).num
	clk.add(time.Second)
	if u := must(t, s, "one.vn.info", admin, x).str; strings.Count(u, "<AR_ID>") != 2 || !strings.Contains(u, "<IP_END><![CDATA[10.8.1.2]]></IP_END>") {
		t.Fatalf("with the extra range:\n%s", u)
	}
	demo := newSim(t, Options{})
	replay(t, demo, "vntemplate.allocate")
	wantErr(t, try(t, demo, "one.vntemplate.instantiate", alice, 1, "", ""), codeAuthorization,
		"[one.vntemplate.instantiate] User [2] : Not authorized to perform USE VNTEMPLATE [1].")
}
