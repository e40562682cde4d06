package vm

import (
	"testing"

	"github.com/onectl/onectl/commands/kit"
)

// Every method a vm command declares must exist in the API table, so a typo
// cannot reach a user as a -506 fault.
func TestVMActionMethodsExist(t *testing.T) {
	for _, a := range vmActions() {
		if _, ok := kit.LookupMethod(a.Method); !ok {
			t.Errorf("%s: unknown method %s", a.Use, a.Method)
		}
	}
	for _, u := range vmTemplateUpdates() {
		if _, ok := kit.LookupMethod(u.Method); !ok {
			t.Errorf("%s: unknown method %s", u.Use, u.Method)
		}
	}
}
