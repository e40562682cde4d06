package secgroup

import (
	"testing"

	"github.com/onectl/onectl/commands/kit/kittest"
)

// onesecgroup show -x/-j/-y of the same object, recorded from the Ruby CLI.
func TestShowJSONAndYAMLAreTheCLIs(t *testing.T) { kittest.SameAsCLI(t, "onesecgroup.show") }
