package man

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

func tree() *cobra.Command {
	root := &cobra.Command{Use: "onectl", Short: "Manage clouds"}
	root.PersistentFlags().Duration("timeout", 30*time.Second, "call time limit")
	vm := &cobra.Command{Use: "vm", Short: "Manage VMs"}
	deploy := &cobra.Command{
		Use: "deploy <vm-list> <host>", Short: "Deploy VMs",
		Long:    "Deploy VMs on a host.\n\n.dangerous line\n\n  onectl vm deploy 1 host01",
		Example: "  onectl vm deploy 1..3 host01",
		Run:     func(*cobra.Command, []string) {},
	}
	deploy.Flags().Bool("enforce", false, "check capacity")
	deploy.Flags().StringP("file", "f", "", "template file")
	hidden := &cobra.Command{Use: "secret", Hidden: true, Run: func(*cobra.Command, []string) {}}
	vm.AddCommand(deploy, hidden)
	root.AddCommand(vm)
	return root
}

func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	files, err := Generate(tree(), dir, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if got := strings.Join(names, " "); got != "onectl.1 onectl-vm.1 onectl-vm-deploy.1" {
		t.Fatalf("pages: %s", got)
	}
	page, err := os.ReadFile(filepath.Join(dir, "onectl-vm-deploy.1"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{
		`.TH "ONECTL-VM-DEPLOY" 1 "2026-11-22"`,
		`onectl\-vm\-deploy \- Deploy VMs`,
		".SH OPTIONS", `.B \-\-enforce`, `.B \-f, \-\-file string`,
		".SH GLOBAL OPTIONS", `(default 30s)`,
		`\&.dangerous line`, ".nf\n  onectl vm deploy 1 host01\n.fi",
		".SH SEE ALSO\nonectl\\-vm(1)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q:\n%s", want, s)
		}
	}
}
