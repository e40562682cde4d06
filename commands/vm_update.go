package commands

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// templateUpdate declares a command that replaces or merges a template of
// an object: from a file, from stdin, or in $EDITOR on what is there now.
type templateUpdate struct {
	res     *resource
	use     string
	aliases []string
	short   string
	method  string
	// sub is an extra numeric argument after the object (NIC ID, sched action ID).
	sub string
	// current extracts the editable part from the object's XML.
	current func(obj *output.Node, sub int) *template.Template
	// appendable: the method takes an update_type (0 replace, 1 merge).
	appendable bool
}

func vmTemplateUpdates() []*templateUpdate {
	return []*templateUpdate{
		{
			use: "update", short: "Replace or merge (--append) the user template of a VM", method: "one.vm.update",
			appendable: true,
			current:    func(obj *output.Node, _ int) *template.Template { return nodeTemplate(obj.Path("USER_TEMPLATE"), nil) },
		},
		{
			use: "updateconf", short: "Update the configuration of a VM (OS, FEATURES, INPUT, GRAPHICS, VIDEO, RAW, CONTEXT, CPU_MODEL, BACKUP_CONFIG)", method: "one.vm.updateconf",
			appendable: true,
			current: func(obj *output.Node, _ int) *template.Template {
				return nodeTemplate(obj.Path("TEMPLATE"), []string{"OS", "FEATURES", "INPUT", "GRAPHICS", "VIDEO", "RAW", "CONTEXT", "CPU_MODEL", "BACKUP_CONFIG"})
			},
		},
		{
			use: "nic-update", short: "Update the attributes of a NIC of a VM", method: "one.vm.updatenic",
			sub: "nic-id", appendable: true,
			current: func(obj *output.Node, nic int) *template.Template {
				return vectorWithID(obj.Path("TEMPLATE"), "NIC", "NIC_ID", nic)
			},
		},
		{
			use: "sched-update", aliases: []string{"update-chart"}, short: "Update a scheduled action of a VM", method: "one.vm.schedupdate",
			sub: "sched-id",
			current: func(obj *output.Node, id int) *template.Template {
				return vectorWithID(obj.Path("TEMPLATE"), "SCHED_ACTION", "ID", id)
			},
		},
	}
}

func (u *templateUpdate) build(f *Factory) *cobra.Command {
	var appendMode bool
	use := u.use + " <" + u.res.noun + ">"
	nargs := 1
	if u.sub != "" {
		use += " <" + u.sub + ">"
		nargs++
	}
	use += " [<file>]"
	cmd := &cobra.Command{
		Use:     use,
		Aliases: u.aliases,
		Short:   u.short,
		Long: u.short + `.

The template comes from <file>, from stdin when it is not a terminal (or
<file> is -), or else $EDITOR opens on the current one.` + apiHelp(u.method, ""),
		Args: cobra.RangeArgs(nargs, nargs+1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			id, err := newResolver(f, u.res).ID(ctx, args[0])
			if err != nil {
				return err
			}
			sub := -1
			if u.sub != "" {
				if sub, err = strconv.Atoi(args[1]); err != nil || sub < 0 {
					return usageErrorf("<%s> must be a non-negative number, not %q", u.sub, args[1])
				}
			}
			var text string
			switch {
			case len(args) > nargs:
				if text, err = readSource(f, args[nargs]); err != nil {
					return err
				}
			case !f.IO.IsStdinTTY():
				if text, err = readSource(f, "-"); err != nil {
					return err
				}
				// An empty stdin (cron, CI) must not wipe the template.
				if strings.TrimSpace(text) == "" {
					return usageErrorf("empty template on stdin: give a file, pipe a template, or run on a terminal to edit it")
				}
			default:
				changed, edited, err := u.edit(ctx, f, id, sub)
				if err != nil || !changed {
					return err
				}
				text = edited
			}
			t, err := parseTemplate(text, "")
			if err != nil {
				return err
			}
			c, err := f.Client()
			if err != nil {
				return err
			}
			params := []any{id}
			if u.sub != "" {
				params = append(params, sub)
			}
			params = append(params, t.String())
			if u.appendable {
				params = append(params, boolInt(appendMode))
			}
			_, err = c.Call(ctx, u.method, params...)
			return err
		},
	}
	if u.appendable {
		cmd.Flags().BoolVarP(&appendMode, "append", "a", false, "merge into the current template instead of replacing it")
	}
	cmd.ValidArgsFunction = completeObjects(f, u.res, false)
	return cmd
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// edit opens $EDITOR on the current template; changed is false when the
// user saved nothing new, and then nothing is sent.
func (u *templateUpdate) edit(ctx context.Context, f *Factory, id, sub int) (changed bool, text string, err error) {
	c, err := f.Client()
	if err != nil {
		return false, "", err
	}
	raw, err := c.CallString(ctx, u.res.info, id)
	if err != nil {
		return false, "", err
	}
	doc, err := output.ParseXML([]byte(raw))
	if err != nil {
		return false, "", fmt.Errorf("reading %s %d: %w", u.res.label, id, err)
	}
	cur := u.current(doc, sub)
	if cur == nil {
		return false, "", &CodedError{Code: ExitNotFound, Err: fmt.Errorf("%s %d has no %s %d", u.res.label, id, strings.TrimSuffix(u.sub, "-id"), sub)}
	}
	before := cur.String()
	after, err := runEditor(ctx, f, before)
	if err != nil {
		return false, "", err
	}
	if strings.TrimSpace(after) == strings.TrimSpace(before) {
		fmt.Fprintln(f.IO.ErrOut, "onectl: no changes; nothing updated")
		return false, "", nil
	}
	return true, after, nil
}

func runEditor(ctx context.Context, f *Factory, text string) (string, error) {
	editor := f.Env("VISUAL")
	if editor == "" {
		editor = f.Env("EDITOR")
	}
	if editor == "" {
		editor = "vi"
	}
	dir, err := os.MkdirTemp("", "onectl-edit-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.txt")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		return "", err
	}
	// $EDITOR may carry arguments ("code --wait"), as git allows.
	fields := strings.Fields(editor)
	cmd := exec.CommandContext(ctx, fields[0], append(fields[1:], path)...)
	in, _, errOut := f.IO.ChildStreams()
	// The editor draws on the terminal; stdout stays for data.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = in, errOut, errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("editor %q: %w", editor, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(b)) + "\n", nil
}

// nodeTemplate turns an XML element's children into a template; only the
// named attributes when keep is given.
func nodeTemplate(n *output.Node, keep []string) *template.Template {
	t := &template.Template{}
	if n == nil {
		return t
	}
	for _, ch := range n.Children {
		if keep != nil && !contains(keep, ch.Name) {
			continue
		}
		t.Add(nodeAttr(ch))
	}
	return t
}

func nodeAttr(ch *output.Node) template.Attr {
	if len(ch.Children) == 0 {
		return template.Attr{Name: ch.Name, Value: ch.Text}
	}
	pairs := make([]template.Pair, 0, len(ch.Children))
	for _, g := range ch.Children {
		pairs = append(pairs, template.Pair{Name: g.Name, Value: g.Text})
	}
	return template.Attr{Name: ch.Name, Vector: pairs}
}

// vectorWithID finds the vector attribute whose idAttr equals id.
func vectorWithID(n *output.Node, name, idAttr string, id int) *template.Template {
	if n == nil {
		return nil
	}
	for _, ch := range n.All(name) {
		if ch.Value(idAttr) == strconv.Itoa(id) {
			t := &template.Template{}
			t.Add(nodeAttr(ch))
			return t
		}
	}
	return nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
