package kit

import (
	"github.com/spf13/cobra"

	"github.com/onectl/onectl/output"
)

// AddOutputFlags gives a command the shared output flags and completes -o.
func AddOutputFlags(cmd *cobra.Command, o *output.Options) {
	o.AddFlags(cmd.Flags())
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(output.Formats(), cobra.ShellCompDirectiveNoFileComp))
}

// ValidateOutput turns a bad -o into a usage error (exit 2).
func ValidateOutput(o *output.Options) error {
	if err := o.Validate(); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	return nil
}
