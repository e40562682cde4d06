package template

import (
	"strings"
	"testing"
	"time"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/commands/kit/kittest"
	"github.com/onectl/onectl/sim"
)

func frozen() func() time.Time {
	at := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	return func() time.Time { return at }
}

func TestTemplateListAndShowGolden(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{Now: frozen()}, NewCmd)
	r := tc.Run(nil, "template", "list")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	kittest.Golden(t, "template_list", r.Stdout)
	r = tc.Run(nil, "template", "show", "ubuntu")
	kittest.Golden(t, "template_show", r.Stdout)
	r = tc.Run(nil, "template", "show", "ubuntu", "--extended")
	kittest.Golden(t, "template_show_extended", r.Stdout)
}

// --dry-run shows what instantiate sends: %i numbered per VM, the flags in
// the extra template, the VM name apart from it.
func TestInstantiateParams(t *testing.T) {
	tc := kittest.NewCloud(t, sim.Options{}, NewCmd)
	r := tc.Run(nil, "--dry-run", "template", "instantiate", "1", "--name", "web-%i", "--multiple", "2",
		"--memory", "1G", "--cpu", "0.5", "--hold", "--persistent")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 calls, got:\n%s", r.Stdout)
	}
	for i, l := range lines {
		for _, want := range []string{"one.template.instantiate", "web-" + string(rune('0'+i)), `CPU=\"0.5\"`, `MEMORY=\"1024\"`} {
			if !strings.Contains(l, want) {
				t.Errorf("call %d lacks %s: %s", i, want, l)
			}
		}
		if strings.Contains(l, "NAME=") {
			t.Errorf("call %d puts the name in the template: %s", i, l)
		}
	}
	r = tc.Run(nil, "template", "instantiate", "tiny", "--multiple", "0")
	if r.Code != 2 {
		t.Errorf("--multiple 0: exit %d", r.Code)
	}
	kittest.OneLine(t, r.Stderr)
}

func TestTemplateMethodsExist(t *testing.T) {
	for _, a := range actions() {
		if _, ok := kit.LookupMethod(a.Method); !ok {
			t.Errorf("%s: unknown method %s", a.Use, a.Method)
		}
	}
}
