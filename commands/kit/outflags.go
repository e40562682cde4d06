package kit

import (
	"github.com/spf13/cobra"

	"github.com/onectl/onectl/output"
)

// AddOutputFlags gives a command the shared output flags and completes -o,
// with the extra formats the command handles itself (lists: "name").
func AddOutputFlags(cmd *cobra.Command, o *output.Options, extra ...string) {
	o.AddFlags(cmd.Flags())
	formats := append(output.Formats(), extra...)
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
}

// ValidateOutput turns a bad -o into a usage error (exit 2).
func ValidateOutput(o *output.Options) error {
	if err := o.Validate(); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	return nil
}
