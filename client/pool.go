package client

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// PoolQuery describes one pool listing call.
type PoolQuery struct {
	Method string // "one.vmpool.info", "one.templatepool.info", "one.hostpool.info" ...
	Paged  bool   // true when the method takes (filter, start, end)
	Filter int    // -2 all, -3 mine, -1 mine+group, -4 group, >= 0 a user id
	Extra  []any  // trailing args after the range (VM state, query string)
}

// pageSize returns the page size to use for q, or 0 to fetch in one call.
// A string in Extra is vmpool's search query, which the CLI never pages.
func (c *Client) pageSizeFor(q PoolQuery) int {
	if !q.Paged || c.pageSize < 2 {
		return 0
	}
	for _, a := range q.Extra {
		if _, ok := a.(string); ok {
			return 0
		}
	}
	return c.pageSize
}

// Pages calls fn with each page's raw XML document (e.g.
// "<VM_POOL><VM>..</VM></VM_POOL>"), in order, asking for pages of the
// client's page size with (filter, offset, -size, extra...) until a page
// comes back short, as OpenNebula's CLI does. Unpaged queries give one page.
// In dry-run mode the first call is printed and fn is never called.
func (c *Client) Pages(ctx context.Context, q PoolQuery, fn func(page []byte) error) error {
	size := c.pageSizeFor(q)
	if size == 0 {
		var args []any
		if q.Paged {
			args = append([]any{q.Filter, -1, -1}, q.Extra...)
		} else {
			args = q.Extra
		}
		doc, err := c.CallString(ctx, q.Method, args...)
		if err != nil || c.IsDryRun() {
			return err
		}
		if _, _, err := scanPool([]byte(doc)); err != nil {
			return fmt.Errorf("[%s] %w", q.Method, err)
		}
		return fn([]byte(doc))
	}
	var prev string
	for offset := 0; ; offset += size {
		args := append([]any{q.Filter, offset, -size}, q.Extra...)
		doc, err := c.CallString(ctx, q.Method, args...)
		if err != nil || c.IsDryRun() {
			return err
		}
		_, n, err := scanPool([]byte(doc))
		if err != nil {
			return fmt.Errorf("[%s] %w", q.Method, err)
		}
		// A server that ignores the range returns the whole pool each
		// time; stop instead of looping forever.
		if offset > 0 && doc == prev {
			return nil
		}
		if n > 0 || offset == 0 {
			if err := fn([]byte(doc)); err != nil {
				return err
			}
		}
		if n != size {
			return nil
		}
		prev = doc
	}
}

// Pool fetches every page of q and merges them into one document under the
// pool's root element, elements in page order. In dry-run mode it returns
// nil.
func (c *Client) Pool(ctx context.Context, q PoolQuery) ([]byte, error) {
	var root string
	var body bytes.Buffer
	err := c.Pages(ctx, q, func(page []byte) error {
		name, _, err := scanPool(page, func(raw []byte) { body.Write(raw) })
		if root == "" {
			root = name
		} else if name != root {
			return fmt.Errorf("[%s] page root <%s> differs from <%s>", q.Method, name, root)
		}
		return err
	})
	if err != nil || root == "" {
		return nil, err
	}
	out := make([]byte, 0, body.Len()+2*len(root)+5)
	out = append(out, '<')
	out = append(out, root...)
	out = append(out, '>')
	out = append(out, body.Bytes()...)
	out = append(out, "</"...)
	out = append(out, root...)
	out = append(out, '>')
	return out, nil
}

// scanPool walks a pool document with a streaming decoder and returns the
// root element's name and the number of its direct child elements, passing
// each child's raw bytes to the optional callbacks.
func scanPool(doc []byte, each ...func(raw []byte)) (root string, n int, err error) {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	depth := 0
	var start int64
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if root == "" {
				return "", 0, errors.New("empty pool document")
			}
			return root, n, nil
		}
		if err != nil {
			return root, n, fmt.Errorf("invalid pool document: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if root != "" {
					return root, n, errors.New("invalid pool document: more than one root element")
				}
				root = t.Name.Local
			} else if depth == 1 {
				start = off
			}
			depth++
		case xml.EndElement:
			depth--
			if depth == 1 {
				n++
				for _, f := range each {
					f(doc[start:dec.InputOffset()])
				}
			}
		}
	}
}

// SplitPool returns a pool document's root element name and the raw bytes
// of each object in it, so callers can keep exactly the objects they want.
func SplitPool(doc []byte) (root string, objects [][]byte, err error) {
	root, _, err = scanPool(doc, func(raw []byte) { objects = append(objects, raw) })
	return root, objects, err
}

// ObjectRef is what lookups need of an object: enough to resolve a name or
// filter by state, without decoding the whole object.
type ObjectRef struct {
	ID       int    `xml:"ID"`
	Name     string `xml:"NAME"`
	State    int    `xml:"STATE"`
	LCMState int    `xml:"LCM_STATE"`
}

// EachObject calls fn with the ObjectRef of every object of a pool document.
func EachObject(doc []byte, fn func(ObjectRef)) error {
	var derr error
	_, _, err := scanPool(doc, func(raw []byte) {
		if derr != nil {
			return
		}
		var o ObjectRef
		if derr = xml.Unmarshal(raw, &o); derr == nil {
			fn(o)
		}
	})
	if err != nil {
		return err
	}
	return derr
}
