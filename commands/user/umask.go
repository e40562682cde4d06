package user

import (
	"fmt"
	"regexp"

	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

var umaskRe = regexp.MustCompile(`^[0-7]{3}$`)

// umaskAction is oneuser umask: UMASK in the user's template, which oned
// applies to the permissions of what the user creates; no mask removes it.
func umaskAction() *kit.Action {
	return &kit.Action{
		Use: "umask", Method: "one.user.update", Res: kit.Users, Many: true,
		Short: "Set (or with no mask, remove) the umask of users, e.g. 177",
		Args:  []kit.Arg{{Name: "mask", Optional: true}},
		Check: func(c *kit.Call) error {
			if m, ok := c.Arg(0, nil).(string); ok && !umaskRe.MatchString(m) {
				return kit.Usagef("the mask is three octal digits, e.g. 177, not %q", m)
			}
			return nil
		},
		Params: func(c *kit.Call, id int) ([]any, error) {
			if m, ok := c.Arg(0, nil).(string); ok {
				return []any{id, fmt.Sprintf("UMASK=%q", m), 1}, nil
			}
			cl, err := c.F.Client()
			if err != nil {
				return nil, err
			}
			raw, err := cl.CallString(c.Cmd.Context(), "one.user.info", id)
			if err != nil {
				return nil, err
			}
			doc, err := output.ParseXML([]byte(raw))
			if err != nil {
				return nil, fmt.Errorf("reading user %d: %w", id, err)
			}
			t := kit.NodeTemplate(doc.Child("TEMPLATE"), nil)
			t.Del("UMASK")
			return []any{id, t.String(), 0}, nil
		},
	}
}
