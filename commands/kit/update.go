package kit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/output"
	"github.com/onectl/onectl/template"
)

// TemplateUpdate declares a command that replaces or merges a template of
// an object: from a file, from stdin, or in $EDITOR on what is there now.
type TemplateUpdate struct {
	Res     *Resource
	Use     string
	Aliases []string
	Short   string
	Method  string
	// Sub names an extra numeric argument after the object (NIC ID, sched
	// action ID); "" when there is none.
	Sub string
	// Current extracts the editable part from the object's XML, for
	// $EDITOR (NodeTemplate and VectorWithID are the usual ones).
	Current func(obj *output.Node, sub int) *template.Template
	// Appendable: the method takes an update_type (0 replace, 1 merge),
	// which --append chooses.
	Appendable bool
	// SubByName, when set, lets the Sub argument be a name too: it finds
	// the number in the object's XML (a VM group role by its NAME).
	SubByName func(obj *output.Node, name string) (int, bool)
	// Wrap, when set, is the vector the method takes (ROLE for a VM group
	// role): a template of plain attributes is wrapped into Wrap=[...], as
	// OpenNebula's CLI does.
	Wrap string
	// Header, when set, is put above the current template in $EDITOR
	// (comment lines explaining what may be written, as for quotas).
	Header string
}

// Build turns the declaration into a cobra command.
func (u *TemplateUpdate) Build(f *Factory) *cobra.Command {
	var appendMode bool
	use := u.Use + " <" + u.Res.Noun + ">"
	nargs := 1
	if u.Sub != "" {
		use += " <" + u.Sub + ">"
		nargs++
	}
	use += " [<file>]"
	cmd := &cobra.Command{
		Use:     use,
		Aliases: u.Aliases,
		Short:   u.Short,
		Long: u.Short + `.

The template comes from <file>, from stdin when it is not a terminal (or
<file> is -), or else $EDITOR opens on the current one.` + APIHelp(u.Method, ""),
		Args: cobra.RangeArgs(nargs, nargs+1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			id, err := NewResolver(f, u.Res).ID(ctx, args[0])
			if err != nil {
				return err
			}
			sub := -1
			if u.Sub != "" {
				if sub, err = u.subArg(ctx, f, id, args[1]); err != nil {
					return err
				}
			}
			var text string
			switch {
			case len(args) > nargs:
				if text, err = ReadSource(f, args[nargs]); err != nil {
					return err
				}
			case !f.IO.IsStdinTTY():
				if text, err = ReadSource(f, "-"); err != nil {
					return err
				}
				// An empty stdin (cron, CI) must not wipe the template.
				if strings.TrimSpace(text) == "" {
					return Usagef("empty template on stdin: give a file, pipe a template, or run on a terminal to edit it")
				}
			default:
				changed, edited, err := u.edit(ctx, f, id, sub)
				if err != nil || !changed {
					return err
				}
				text = edited
			}
			t, err := ParseTemplate(text, "")
			if err != nil {
				return err
			}
			if u.Wrap != "" {
				t = WrapVector(t, u.Wrap)
			}
			c, err := f.Client()
			if err != nil {
				return err
			}
			params := []any{id}
			if u.Sub != "" {
				params = append(params, sub)
			}
			params = append(params, t.String())
			if u.Appendable {
				params = append(params, BoolInt(appendMode))
			}
			_, err = c.Call(ctx, u.Method, params...)
			return err
		},
	}
	if u.Appendable {
		cmd.Flags().BoolVarP(&appendMode, "append", "a", false, "merge into the current template instead of replacing it")
	}
	cmd.ValidArgsFunction = CompleteObjects(f, u.Res, false)
	return cmd
}

// subArg reads the Sub argument: a number, or a name SubByName knows.
func (u *TemplateUpdate) subArg(ctx context.Context, f *Factory, id int, arg string) (int, error) {
	if n, err := strconv.Atoi(arg); err == nil && n >= 0 {
		return n, nil
	}
	if u.SubByName == nil {
		return 0, Usagef("<%s> must be a non-negative number, not %q", u.Sub, arg)
	}
	return SubByName(ctx, f, u.Res, id, arg, u.SubByName)
}

// SubByName finds, in the object's XML, the number a name stands for (a
// VM group's role); not finding it is a not-found error.
func SubByName(ctx context.Context, f *Factory, res *Resource, id int, name string, find func(obj *output.Node, name string) (int, bool)) (int, error) {
	c, err := f.Client()
	if err != nil {
		return 0, err
	}
	if f.G.DryRun {
		return 0, Usagef("--dry-run calls nothing, so it cannot resolve %q: use its number", name)
	}
	raw, err := c.CallString(ctx, res.Info, id)
	if err != nil {
		return 0, err
	}
	doc, err := output.ParseXML([]byte(raw))
	if err != nil {
		return 0, fmt.Errorf("reading %s %d: %w", res.Label, id, err)
	}
	n, ok := find(doc, name)
	if !ok {
		return 0, &CodedError{Code: ExitNotFound, Err: fmt.Errorf("%s %d has no %q", res.Label, id, name)}
	}
	return n, nil
}

// WrapVector returns t when it already has a name vector, else its plain
// attributes as one name=[...] vector.
func WrapVector(t *template.Template, name string) *template.Template {
	for _, a := range t.Attrs {
		if strings.EqualFold(a.Name, name) && a.IsVector() {
			return t
		}
	}
	v := template.Attr{Name: name, Vector: []template.Pair{}}
	for _, a := range t.Attrs {
		if !a.IsVector() {
			v.Vector = append(v.Vector, template.Pair{Name: a.Name, Value: a.Value})
		}
	}
	return &template.Template{Attrs: []template.Attr{v}}
}

func BoolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// edit opens $EDITOR on the current template; changed is false when the
// user saved nothing new, and then nothing is sent.
func (u *TemplateUpdate) edit(ctx context.Context, f *Factory, id, sub int) (changed bool, text string, err error) {
	c, err := f.Client()
	if err != nil {
		return false, "", err
	}
	// The reader: a dry run edits the real template and prints the update.
	raw, err := c.Reader().CallString(ctx, u.Res.Info, id)
	if err != nil {
		return false, "", err
	}
	doc, err := output.ParseXML([]byte(raw))
	if err != nil {
		return false, "", fmt.Errorf("reading %s %d: %w", u.Res.Label, id, err)
	}
	cur := u.Current(doc, sub)
	if cur == nil {
		return false, "", &CodedError{Code: ExitNotFound, Err: fmt.Errorf("%s %d has no %s %d", u.Res.Label, id, strings.TrimSuffix(u.Sub, "-id"), sub)}
	}
	before := u.Header + cur.String()
	after, err := RunEditor(ctx, f, before)
	if err != nil {
		return false, "", err
	}
	if strings.TrimSpace(after) == strings.TrimSpace(before) {
		fmt.Fprintln(f.IO.ErrOut, "onectl: no changes; nothing updated")
		return false, "", nil
	}
	return true, after, nil
}

func RunEditor(ctx context.Context, f *Factory, text string) (string, error) {
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
	defer f.pausedFor(time.Now())
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("editor %q: %w", editor, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(b)) + "\n", nil
}

// NodeTemplate turns an XML element's children into a template; only the
// named attributes when keep is given.
func NodeTemplate(n *output.Node, keep []string) *template.Template {
	t := &template.Template{}
	if n == nil {
		return t
	}
	for _, ch := range n.Children {
		if keep != nil && !contains(keep, ch.Name) {
			continue
		}
		t.Add(NodeAttr(ch))
	}
	return t
}

func NodeAttr(ch *output.Node) template.Attr {
	if len(ch.Children) == 0 {
		return template.Attr{Name: ch.Name, Value: ch.Text}
	}
	pairs := make([]template.Pair, 0, len(ch.Children))
	for _, g := range ch.Children {
		pairs = append(pairs, template.Pair{Name: g.Name, Value: g.Text})
	}
	return template.Attr{Name: ch.Name, Vector: pairs}
}

// VectorWithID finds the vector attribute whose idAttr equals id.
func VectorWithID(n *output.Node, name, idAttr string, id int) *template.Template {
	if n == nil {
		return nil
	}
	for _, ch := range n.All(name) {
		if ch.Value(idAttr) == strconv.Itoa(id) {
			t := &template.Template{}
			t.Add(NodeAttr(ch))
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
