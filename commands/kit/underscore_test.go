package kit

import (
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onectl/onectl/iostreams"
)

// OpenNebula's underscore spellings reach the kebab-case flags, and a
// command's own aliases (user login's --password-stdin) keep working.
func TestUnderscoreFlags(t *testing.T) {
	var got []string
	sub := &cobra.Command{Use: "do", RunE: func(cmd *cobra.Command, _ []string) error {
		a, _ := cmd.Flags().GetBool("no-check-capacity")
		b, _ := cmd.Flags().GetBool("stdin-password")
		got = append(got, strings.Repeat("a", BoolInt(a))+strings.Repeat("b", BoolInt(b)))
		return nil
	}}
	sub.Flags().Bool("no-check-capacity", false, "")
	sub.Flags().Bool("stdin-password", false, "")
	sub.Flags().SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "password-stdin" {
			name = "stdin-password"
		}
		return pflag.NormalizedName(name)
	})
	g := Group("grp", "a group")
	g.AddCommand(sub)
	ios, _, _, _ := iostreams.Test()
	f := &Factory{IO: ios, Env: func(string) string { return "" }}
	for _, args := range [][]string{{"grp", "do", "--no_check_capacity", "--password-stdin"},
		{"grp", "do", "--no-check-capacity", "--stdin_password"}} {
		root := &cobra.Command{Use: "onectl", SilenceErrors: true, SilenceUsage: true}
		root.AddCommand(g)
		if code := Run(context.Background(), f, root, args); code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		root.RemoveCommand(g)
	}
	if strings.Join(got, ",") != "ab,ab" {
		t.Fatalf("flags seen: %v", got)
	}
}
