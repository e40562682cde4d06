package client

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"github.com/onectl/onectl/xmlscan"
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
// In dry-run mode the first call is printed and fn is never called. The
// page's bytes must not be modified.
func (c *Client) Pages(ctx context.Context, q PoolQuery, fn func(page []byte) error) error {
	return c.pages(ctx, q, func(_ string, doc []byte, _ [][]byte) error { return fn(doc) })
}

// Objects calls fn with the raw bytes of every object of the pool, page
// after page; root is the pool's element name ("VM_POOL"). Each page is
// scanned once, so large pools cost one pass of the XML decoder.
func (c *Client) Objects(ctx context.Context, q PoolQuery, fn func(root string, object []byte) error) error {
	return c.pages(ctx, q, func(root string, _ []byte, objs [][]byte) error {
		for _, o := range objs {
			if err := fn(root, o); err != nil {
				return err
			}
		}
		return nil
	})
}

// fetched is one page as the fetcher hands it over.
type fetched struct {
	root string
	doc  []byte
	objs [][]byte
	err  error
}

// pages fetches page after page and calls fn with each. The next page is
// asked for while fn works on the current one (decoding the next page's
// envelope on the other core), but only once the current page is known to
// be full, so the calls made are exactly those of a strictly sequential
// listing.
func (c *Client) pages(ctx context.Context, q PoolQuery, fn func(root string, doc []byte, objs [][]byte) error) error {
	size := c.pageSizeFor(q)
	fetch := func(args []any) fetched {
		s, err := c.CallString(ctx, q.Method, args...)
		if err != nil || c.IsDryRun() {
			return fetched{err: err}
		}
		// The page is only read from here on: its bytes are the string's,
		// not a copy of tens of megabytes.
		doc := unsafe.Slice(unsafe.StringData(s), len(s))
		root, objs, err := SplitPool(doc)
		if err != nil {
			return fetched{err: fmt.Errorf("[%s] %w", q.Method, err)}
		}
		if doc == nil {
			doc = []byte{} // an empty page is still a page
		}
		return fetched{root: root, doc: doc, objs: objs}
	}
	if size == 0 {
		args := q.Extra
		if q.Paged {
			args = append([]any{q.Filter, -1, -1}, q.Extra...)
		}
		p := fetch(args)
		if p.err != nil || p.doc == nil {
			return p.err
		}
		return fn(p.root, p.doc, p.objs)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan fetched, 1)
	go func() {
		defer close(ch)
		var prev []byte
		for offset := 0; ; offset += size {
			p := fetch(append([]any{q.Filter, offset, -size}, q.Extra...))
			// A server that ignores the range returns the whole pool
			// each time; stop instead of looping forever.
			if p.err == nil && p.doc != nil && offset > 0 && bytes.Equal(p.doc, prev) {
				return
			}
			last := p.err != nil || p.doc == nil || len(p.objs) != size
			if p.err != nil || (p.doc != nil && (len(p.objs) > 0 || offset == 0)) {
				select {
				case ch <- p:
				case <-ctx.Done():
					return
				}
			}
			if last {
				return
			}
			prev = p.doc
		}
	}()
	for p := range ch {
		if p.err != nil {
			return p.err
		}
		if err := fn(p.root, p.doc, p.objs); err != nil {
			return err
		}
	}
	return nil
}

// Pool fetches every page of q and merges them into one document under the
// pool's root element, elements in page order. In dry-run mode it returns
// nil.
func (c *Client) Pool(ctx context.Context, q PoolQuery) ([]byte, error) {
	var root string
	var body bytes.Buffer
	err := c.pages(ctx, q, func(name string, _ []byte, objs [][]byte) error {
		if root == "" {
			root = name
		} else if name != root {
			return fmt.Errorf("[%s] page root <%s> differs from <%s>", q.Method, name, root)
		}
		for _, o := range objs {
			body.Write(o)
		}
		return nil
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

// scanPool finds a pool document's root element name and its direct
// child elements, passing each child's raw bytes to the optional
// callbacks. Only the nesting is checked here: whoever reads an object
// reads it with a full XML reader.
func scanPool(doc []byte, each ...func(raw []byte)) (root string, n int, err error) {
	root, err = xmlscan.Children(doc, func(child []byte) error {
		n++
		for _, f := range each {
			f(child)
		}
		return nil
	})
	if err != nil {
		if root == "" && len(bytes.TrimSpace(doc)) == 0 {
			return "", 0, errors.New("empty pool document")
		}
		if strings.Contains(err.Error(), "more than one root") {
			return root, n, errors.New("invalid pool document: more than one root element")
		}
		return root, n, fmt.Errorf("invalid pool document: %w", err)
	}
	return root, n, nil
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

// Ref decodes the ObjectRef of one object's raw XML.
func Ref(object []byte) (ObjectRef, error) {
	var o ObjectRef
	err := xml.Unmarshal(object, &o)
	return o, err
}
