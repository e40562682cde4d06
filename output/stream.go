package output

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/onectl/onectl/xmlscan"
)

// PoolStream prints a pool listing while its pages arrive, so memory holds
// one page of XML at a time, not the pool: json and yaml are written
// element by element, byte for byte what XMLToJSON/XMLToYAML print for the
// whole document, and so is -o xml; csv row by row; a table keeps its
// cells (not the XML or the rows) to size its columns, then prints them at
// Close.
type PoolStream struct {
	p    *Printer
	w    *bufio.Writer
	cols []Column
	// table
	cells [][]string
	csv   *csv.Writer
	// json, yaml, xml
	root  string
	elems *elemGroups
	json  *jsonStream
	yaml  *yamlStream
	parse parser
}

// Stream starts printing a pool listing in the printer's format; tbl gives
// the columns of table and csv.
func (p *Printer) Stream(tbl *Table) (*PoolStream, error) {
	if err := p.Opts.Validate(); err != nil {
		return nil, err
	}
	s := &PoolStream{p: p, w: bufio.NewWriterSize(p.Out, 64<<10)}
	switch p.Opts.Format {
	case FormatTable, FormatCSV:
		if tbl == nil {
			return nil, fmt.Errorf("-o %s not supported for this command", p.Opts.Format)
		}
		cols, err := tbl.selectColumns(p.Opts.Columns)
		if err != nil {
			return nil, err
		}
		s.cols = cols
		if p.Opts.Format == FormatCSV {
			s.csv = csv.NewWriter(s.w)
			if !p.Opts.NoHeader {
				names := make([]string, len(cols))
				for i, c := range cols {
					names[i] = c.Name
				}
				if err := s.csv.Write(names); err != nil {
					return nil, err
				}
			}
		}
	}
	return s, nil
}

// NeedsRows reports whether Add uses its row argument (table and csv), so
// a caller with no filters can skip decoding rows for json, yaml and xml.
func (s *PoolStream) NeedsRows() bool { return s.cols != nil }

// Add prints (or, for a table, keeps) one element of the pool: elem is its
// raw XML under the pool's root element root, row what the table's
// columns read.
func (s *PoolStream) Add(root string, elem []byte, row any) error {
	switch s.p.Opts.Format {
	case FormatTable, FormatCSV:
		line := s.p.cells(s.cols, row)
		if s.csv != nil {
			return s.csv.Write(line)
		}
		s.cells = append(s.cells, line)
		return nil
	case FormatXML:
		return s.addXML(root, elem)
	}
	if s.root == "" {
		sch, err := schemaRoot(root)
		if err != nil {
			return err
		}
		s.root = root
		s.elems = &elemGroups{schema: sch}
		if s.p.Opts.Format == FormatJSON {
			s.json = &jsonStream{w: s.w, root: root}
		} else {
			s.yaml = &yamlStream{w: s.w, root: root}
		}
	} else if root != s.root {
		return fmt.Errorf("pool root <%s> differs from <%s>", root, s.root)
	}
	if e := s.elems; s.json != nil && e.first != nil && e.first.array && e.pending == nil && len(e.others) == 0 &&
		elemName(elem) == e.first.name {
		// the usual element: one more of the pool's array, written in one
		// pass (or from a tree when its children need one)
		err := s.json.raw(e.first, elem, e.written, &s.parse)
		e.written++
		return err
	}
	n, err := s.parse.parse(elem)
	if err != nil {
		return err
	}
	if s.json != nil {
		return s.elems.add(n, s.json)
	}
	return s.elems.add(n, s.yaml)
}

// Close prints what is still held; root names the pool when no element
// came (an empty pool prints as the CLI prints it).
func (s *PoolStream) Close(root string) error {
	if s.root != "" {
		root = s.root
	}
	var err error
	switch s.p.Opts.Format {
	case FormatTable:
		err = writeTable(s.w, s.cols, s.cells, !s.p.Opts.NoHeader)
	case FormatCSV:
		s.csv.Flush()
		err = s.csv.Error()
	case FormatXML:
		if s.root == "" {
			var out []byte
			if out, err = PrettyXML([]byte("<" + root + "></" + root + ">")); err == nil {
				_, err = s.w.Write(out)
			}
			break
		}
		_, err = s.w.WriteString("</" + root + ">\n")
	case FormatJSON, FormatYAML:
		if s.elems == nil {
			// nothing came: the whole-document converter of an empty pool
			var out []byte
			conv := XMLToJSON
			if s.p.Opts.Format == FormatYAML {
				conv = XMLToYAML
			}
			if out, err = conv([]byte("<" + root + "></" + root + ">")); err == nil {
				_, err = s.w.Write(out)
			}
			break
		}
		if s.json != nil {
			err = s.elems.close(s.json)
		} else {
			err = s.elems.close(s.yaml)
		}
	}
	if ferr := s.w.Flush(); err == nil {
		err = ferr
	}
	return err
}

// addXML pretty-prints one element as PrettyXML prints it inside the
// whole pool: its lines do not depend on its neighbours.
func (s *PoolStream) addXML(root string, elem []byte) error {
	if s.root == "" {
		s.root = root
		if _, err := s.w.WriteString("<" + root + ">\n"); err != nil {
			return err
		}
	} else if root != s.root {
		return fmt.Errorf("pool root <%s> differs from <%s>", root, s.root)
	}
	out, err := PrettyXML(joinElems(root, [][]byte{elem}))
	if err != nil {
		return err
	}
	// drop the root's own lines, "<ROOT>" and "</ROOT>"
	out = out[bytes.IndexByte(out, '\n')+1:]
	out = out[:len(out)-len("</"+root+">\n")]
	_, err = s.w.Write(out)
	return err
}

func joinElems(root string, elems [][]byte) []byte {
	var b bytes.Buffer
	b.WriteString("<" + root + ">")
	for _, e := range elems {
		b.Write(e)
	}
	b.WriteString("</" + root + ">")
	return b.Bytes()
}

// groupSink writes the children of a pool's root, group by group, the way
// the whole-document converters lay them out.
type groupSink interface {
	// open starts the root's mapping; first is true for the first group.
	open() error
	// item writes one element of the streamed first group; array says
	// whether the group is an array (decided before the first item).
	item(g *group, n *Node, i int) error
	// endStreamed closes the streamed group.
	endStreamed(g *group) error
	// rest writes the held groups (other names) and closes the document.
	rest(gs []group) error
}

// elemGroups splits a pool's children as groups() does: the first name's
// elements are written as they come, once it is known whether they form an
// array (the schema says so, or a second one came); elements of other
// names, rare in pools (users' QUOTAS, DEFAULT_USER_QUOTAS), are held in
// first-appearance order and written at the end.
type elemGroups struct {
	schema  *schemaNode
	first   *group
	pending *Node // the first element, while its group's kind is unknown
	written int
	others  []group
}

func (e *elemGroups) add(n *Node, out groupSink) error {
	if e.first == nil {
		g := &group{name: n.Name, schema: e.schema.child(n.Name)}
		g.array = g.schema != nil && g.schema.repeat
		e.first = g
		if err := out.open(); err != nil {
			return err
		}
		if !g.array {
			e.pending = n
			return nil
		}
		return e.emit(n, out)
	}
	if n.Name != e.first.name {
		for i := range e.others {
			if e.others[i].name == n.Name {
				e.others[i].nodes = append(e.others[i].nodes, n)
				return nil
			}
		}
		e.others = append(e.others, group{name: n.Name, nodes: []*Node{n}})
		return nil
	}
	if e.pending != nil {
		e.first.array = true
		p := e.pending
		e.pending = nil
		if err := e.emit(p, out); err != nil {
			return err
		}
	}
	return e.emit(n, out)
}

func (e *elemGroups) emit(n *Node, out groupSink) error {
	err := out.item(e.first, n, e.written)
	e.written++
	return err
}

func (e *elemGroups) close(out groupSink) error {
	if e.pending != nil {
		if err := e.emit(e.pending, out); err != nil {
			return err
		}
		e.pending = nil
	}
	if err := out.endStreamed(e.first); err != nil {
		return err
	}
	for i := range e.others {
		g := &e.others[i]
		g.schema = e.schema.child(g.name)
		g.array = len(g.nodes) > 1 || (g.schema != nil && g.schema.repeat)
	}
	return out.rest(e.others)
}

// jsonStream lays the root's groups out as writeJSONNode does at depth 1.
type jsonStream struct {
	w    io.Writer
	root string
	buf  bytes.Buffer
	jw   jwriter
}

func (j *jsonStream) flush() error {
	_, err := j.w.Write(j.buf.Bytes())
	j.buf.Reset()
	return err
}

func (j *jsonStream) open() error {
	j.buf.WriteString("{\n  ")
	writeJSONString(&j.buf, j.root)
	j.buf.WriteString(": {\n")
	return nil
}

func (j *jsonStream) item(g *group, n *Node, i int) error {
	b := &j.buf
	if i == 0 {
		indent(b, 2)
		writeJSONString(b, g.name)
		b.WriteString(": ")
		if g.array {
			b.WriteString("[\n")
		}
	} else {
		b.WriteString(",\n")
	}
	if g.array {
		indent(b, 3)
		writeJSONNode(b, n, g.schema, 3)
	} else {
		writeJSONNode(b, n, g.schema, 2)
	}
	if b.Len() < 32<<10 {
		return nil
	}
	return j.flush()
}

// raw is item for an element still in XML.
func (j *jsonStream) raw(g *group, elem []byte, i int, p *parser) error {
	b := &j.buf
	if i == 0 {
		n, err := p.parse(elem)
		if err != nil {
			return err
		}
		return j.item(g, n, i)
	}
	b.WriteString(",\n")
	indent(b, 3)
	start := b.Len()
	if err := j.jw.appendJSONElem(b, elem, g.schema, 3); err != nil {
		b.Truncate(start)
		n, perr := p.parse(elem)
		if perr != nil {
			return perr
		}
		writeJSONNode(b, n, g.schema, 3)
	}
	if b.Len() < 32<<10 {
		return nil
	}
	return j.flush()
}

// elemName is the name of the element elem starts with, or "".
func elemName(elem []byte) string {
	k, name, _, err := xmlscan.New(elem).Next()
	if err != nil || k != xmlscan.Start {
		return ""
	}
	return string(name)
}

func (j *jsonStream) endStreamed(g *group) error {
	if g.array {
		j.buf.WriteByte('\n')
		indent(&j.buf, 2)
		j.buf.WriteByte(']')
	}
	return nil
}

func (j *jsonStream) rest(gs []group) error {
	for i := range gs {
		j.buf.WriteString(",\n")
		writeJSONGroup(&j.buf, &gs[i], 1)
	}
	j.buf.WriteString("\n  }\n}\n")
	return j.flush()
}

// yamlStream encodes the streamed group a batch of elements at a time, as
// the document {ROOT: {NAME: [batch]}}, and keeps of each batch after the
// first only its items: a sequence item's lines do not depend on its
// neighbours. yaml.v3 is the slow part of a listing, so batches are
// encoded on their own goroutines, a few at a time, and written in order.
type yamlStream struct {
	w       io.Writer
	root    string
	batch   []*Node
	g       *group
	wrote   bool
	pending []*yamlChunk
}

// yamlChunk is a batch being encoded.
type yamlChunk struct {
	done chan struct{}
	out  []byte
	err  error
}

const (
	yamlBatch    = 128
	yamlInFlight = 1
)

func (y *yamlStream) open() error { return nil }

func (y *yamlStream) item(g *group, n *Node, _ int) error {
	y.g = g
	y.batch = append(y.batch, n)
	if !g.array || len(y.batch) < yamlBatch {
		return nil
	}
	return y.flush()
}

func (y *yamlStream) flush() error {
	if len(y.batch) == 0 {
		return nil
	}
	g := *y.g
	g.nodes = y.batch
	y.batch = nil
	header := !y.wrote
	y.wrote = true
	c := &yamlChunk{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		out, err := yamlDoc(y.root, []group{g})
		if err == nil && !header {
			// drop "---", "ROOT:" and "  NAME:"
			for k := 0; k < 3; k++ {
				out = out[bytes.IndexByte(out, '\n')+1:]
			}
		}
		c.out, c.err = out, err
	}()
	y.pending = append(y.pending, c)
	for len(y.pending) > yamlInFlight {
		if err := y.writeOldest(); err != nil {
			return err
		}
	}
	return nil
}

func (y *yamlStream) writeOldest() error {
	c := y.pending[0]
	y.pending = y.pending[1:]
	<-c.done
	if c.err != nil {
		return c.err
	}
	_, err := y.w.Write(c.out)
	return err
}

func (y *yamlStream) endStreamed(*group) error {
	if err := y.flush(); err != nil {
		return err
	}
	for len(y.pending) > 0 {
		if err := y.writeOldest(); err != nil {
			return err
		}
	}
	return nil
}

func (y *yamlStream) rest(gs []group) error {
	if len(gs) == 0 {
		return nil
	}
	out, err := yamlDoc(y.root, gs)
	if err != nil {
		return err
	}
	// drop "---" and "ROOT:"
	for k := 0; k < 2; k++ {
		out = out[bytes.IndexByte(out, '\n')+1:]
	}
	_, err = y.w.Write(out)
	return err
}
