package vrouter

import (
	"testing"

	"github.com/onectl/onectl/commands/kit/kittest"
)

// onevrouter show -x/-j/-y of the same object, recorded from the Ruby CLI.
func TestShowJSONAndYAMLAreTheCLIs(t *testing.T) { kittest.SameAsCLI(t, "onevrouter.show") }
