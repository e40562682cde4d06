package kit

import "github.com/onectl/onectl/client"

// IDOnly is the parameters of a method that takes just the object.
func IDOnly(_ *Call, id int) ([]any, error) { return []any{id}, nil }

// IDAndArgs sends the object ID followed by the positional args in order.
func IDAndArgs(c *Call, id int) ([]any, error) { return append([]any{id}, c.Args...), nil }

// ChmodParams turns an octet like 640 into the nine bits one.X.chmod takes.
func ChmodParams(c *Call, id int) ([]any, error) {
	oct := c.Arg(0, "").(string)
	params := []any{id}
	for _, ch := range oct {
		d := int(ch - '0')
		params = append(params, d>>2&1, d>>1&1, d&1)
	}
	return params, nil
}

// LockName is the LOCK column of OpenNebula's lists.
func LockName(l *client.Lock) string {
	if l == nil {
		return "None"
	}
	switch l.Locked {
	case 1:
		return "Use"
	case 2:
		return "Manage"
	case 3:
		return "Admin"
	case 4:
		return "All"
	}
	return "None"
}
