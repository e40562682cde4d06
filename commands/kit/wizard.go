package kit

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/terminal"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The instantiate wizard: `vm create` and `template instantiate` with no
// arguments on a terminal ask what a VM needs, then print the equivalent
// command line and run it, so the operator learns the command as they go.
// It never runs without a terminal: a script gets the usual usage error.

// wizardTemplate is what the wizard shows of a template.
type wizardTemplate struct {
	ID     int    `xml:"ID"`
	Name   string `xml:"NAME"`
	CPU    string `xml:"TEMPLATE>CPU"`
	Memory string `xml:"TEMPLATE>MEMORY"`
}

// WizardWanted reports whether cmd was run bare (no arguments, none of its
// own flags) by a person who can be asked.
func WizardWanted(f *Factory, cmd *cobra.Command, args []string) bool {
	if len(args) > 0 || !f.IO.CanPrompt() {
		return false
	}
	own := 0
	// VisitAll and Changed: the flag set LocalNonPersistentFlags builds
	// is new, and does not know which flags were set (Visit would see none).
	cmd.LocalNonPersistentFlags().VisitAll(func(fl *pflag.Flag) {
		if fl.Changed {
			own++
		}
	})
	return own == 0
}

// InstantiateWizard asks for a template (searchable, from the cloud), a
// name, how many, CPU and memory overrides, a network and whether to
// wait, and returns the arguments of the equivalent `template instantiate`
// command line (without "onectl").
func InstantiateWizard(ctx context.Context, f *Factory) ([]string, error) {
	in, out, ok := f.IO.PromptFiles()
	if !ok || !f.IO.CanPrompt() {
		return nil, Usagef("the wizard needs a terminal")
	}
	c, err := f.Client()
	if err != nil {
		return nil, err
	}
	var tmpls []wizardTemplate
	err = c.Reader().Objects(ctx, Templates.Pool, func(_ string, elem []byte) error {
		var t wizardTemplate
		if err := xml.Unmarshal(elem, &t); err != nil {
			return err
		}
		tmpls = append(tmpls, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(tmpls) == 0 {
		return nil, &CodedError{Code: ExitNotFound, Err: errors.New("no VM templates to instantiate: create one first (onectl template create)")}
	}
	var nets []string
	err = c.Reader().Objects(ctx, VNets.Pool, func(_ string, elem []byte) error {
		var n struct {
			Name string `xml:"NAME"`
		}
		if err := xml.Unmarshal(elem, &n); err != nil {
			return err
		}
		nets = append(nets, n.Name)
		return nil
	})
	if err != nil {
		return nil, err
	}

	// byteReader: keys typed while survey asks for the cursor position are kept.
	opts := survey.WithStdio(byteReader{in}, out, out)
	ask := func(p survey.Prompt, v any, checks ...survey.Validator) error {
		var o []survey.AskOpt
		o = append(o, opts)
		for _, c := range checks {
			o = append(o, survey.WithValidator(c))
		}
		err := survey.AskOne(p, v, o...)
		if errors.Is(err, terminal.InterruptErr) {
			return context.Canceled
		}
		return err
	}

	labels := make([]string, len(tmpls))
	for i, t := range tmpls {
		labels[i] = fmt.Sprintf("%s (ID %d, CPU %s, memory %sM)", t.Name, t.ID, orDash(t.CPU), orDash(t.Memory))
	}
	var pick int
	if err := ask(&survey.Select{Message: "Template (type to search):", Options: labels, PageSize: 10}, &pick); err != nil {
		return nil, err
	}
	t := tmpls[pick]
	var name, count, cpu, memory string
	if err := ask(&survey.Input{Message: "VM name (empty: automatic; %i is the index):"}, &name); err != nil {
		return nil, err
	}
	if err := ask(&survey.Input{Message: "How many VMs:", Default: "1"}, &count, positiveInt); err != nil {
		return nil, err
	}
	if err := ask(&survey.Input{Message: "CPU (empty keeps the template's " + orDash(t.CPU) + "):"}, &cpu, optional(positiveNumber)); err != nil {
		return nil, err
	}
	if err := ask(&survey.Input{Message: "Memory, e.g. 512M or 2G (empty keeps the template's " + orDash(t.Memory) + "M):"}, &memory, optional(size)); err != nil {
		return nil, err
	}
	const keepNIC = "(the template's own)"
	nic := keepNIC
	if len(nets) > 0 {
		if err := ask(&survey.Select{Message: "Network:", Options: append([]string{keepNIC}, nets...), Default: keepNIC}, &nic); err != nil {
			return nil, err
		}
	}
	wait := true
	if err := ask(&survey.Confirm{Message: "Wait until the VMs are running?", Default: true}, &wait); err != nil {
		return nil, err
	}

	args := []string{"template", "instantiate", templateArg(tmpls, t)}
	if name = strings.TrimSpace(name); name != "" {
		args = append(args, "--name", name)
	}
	if n := strings.TrimSpace(count); n != "1" {
		args = append(args, "--multiple", n)
	}
	if cpu = strings.TrimSpace(cpu); cpu != "" {
		args = append(args, "--cpu", cpu)
	}
	if memory = strings.TrimSpace(memory); memory != "" {
		args = append(args, "--memory", memory)
	}
	if nic != keepNIC {
		args = append(args, "--nic", nic)
	}
	if wait {
		args = append(args, "--wait")
	}
	return args, nil
}

// templateArg names the template by name, or by ID when the name is not
// unique (a name would then be refused as ambiguous).
func templateArg(all []wizardTemplate, t wizardTemplate) string {
	n := 0
	for _, o := range all {
		if o.Name == t.Name {
			n++
		}
	}
	if n == 1 && t.Name != "" {
		return t.Name
	}
	return strconv.Itoa(t.ID)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func positiveInt(v any) error {
	n, err := strconv.Atoi(strings.TrimSpace(fmt.Sprint(v)))
	if err != nil || n < 1 {
		return errors.New("a whole number, 1 or more")
	}
	return nil
}

func positiveNumber(v any) error {
	x, err := strconv.ParseFloat(strings.TrimSpace(fmt.Sprint(v)), 64)
	if err != nil || x <= 0 {
		return errors.New("a number above 0, e.g. 0.5 or 2")
	}
	return nil
}

func size(v any) error {
	_, err := ParseSizeMB(fmt.Sprint(v))
	return err
}

// optional lets an empty answer through a validator.
func optional(check survey.Validator) survey.Validator {
	return func(v any) error {
		if strings.TrimSpace(fmt.Sprint(v)) == "" {
			return nil
		}
		return check(v)
	}
}

// CommandLine renders args as a POSIX shell would need them typed: words
// with spaces or shell characters single-quoted.
func CommandLine(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a != "" && strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,:/=@+") == "" {
			out[i] = a
			continue
		}
		out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(out, " ")
}

// RunWizardCommand prints `onectl ARGS` on stderr, then runs it through
// the command tree: the wizard's answer is exactly that command.
func RunWizardCommand(cmd *cobra.Command, f *Factory, args []string) error {
	root := cmd.Root()
	target, _, err := root.Find(args)
	if err != nil || target == root || target.RunE == nil {
		return fmt.Errorf("onectl %s is not available in this build", strings.Join(args[:2], " "))
	}
	fmt.Fprintf(f.IO.ErrOut, "onectl %s\n", CommandLine(args))
	root.SetArgs(args)
	return root.ExecuteContext(cmd.Context())
}
