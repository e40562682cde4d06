package client

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/kolo/xmlrpc"
)

// encodeValue renders one argument as an XML-RPC <value>. kolo writes every
// Go integer kind as <int>, so int64 is written here as the <i8> extension
// oned expects for 64-bit parameters, and plain ints are range-checked
// because oned (xmlrpc-c) would reject an <int> wider than 32 bits.
func encodeValue(arg any) (string, error) {
	switch v := arg.(type) {
	case int64:
		return "<value><i8>" + strconv.FormatInt(v, 10) + "</i8></value>", nil
	case int:
		if v < math.MinInt32 || v > math.MaxInt32 {
			return "", fmt.Errorf("integer %d is out of range (%d to %d)", v, math.MinInt32, math.MaxInt32)
		}
	case []int:
		for _, n := range v {
			if n < math.MinInt32 || n > math.MaxInt32 {
				return "", fmt.Errorf("integer %d is out of range (%d to %d)", n, math.MinInt32, math.MaxInt32)
			}
		}
	case int32, string, bool:
	default:
		return "", fmt.Errorf("unsupported argument type %T", arg)
	}
	doc, err := xmlrpc.EncodeMethodCall("x", arg)
	if err != nil {
		return "", err
	}
	s := string(doc)
	i := strings.Index(s, "<param>")
	j := strings.LastIndex(s, "</param>")
	if i < 0 || j < i {
		return "", fmt.Errorf("cannot encode argument of type %T", arg)
	}
	return s[i+len("<param>") : j], nil
}

// validMethod keeps the method name safe to splice into the request body
// unescaped (kolo does not escape it either).
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, r := range m {
		if !(r == '.' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// buildCall assembles a methodCall from already encoded <value>s.
func buildCall(method string, values []string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>`)
	b.WriteString("<methodCall><methodName>" + method + "</methodName><params>")
	for _, v := range values {
		b.WriteString("<param>" + v + "</param>")
	}
	b.WriteString("</params></methodCall>")
	return b.Bytes()
}

// formatArg renders an argument for the dry-run line.
func formatArg(arg any) string {
	switch v := arg.(type) {
	case string:
		return strconv.Quote(v)
	case []int:
		parts := make([]string, len(v))
		for i, n := range v {
			parts[i] = strconv.Itoa(n)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	default:
		return fmt.Sprint(v)
	}
}

// responseKind reads just enough of the body to tell an XML-RPC
// methodResponse ("params" or "fault") from anything else, because kolo's
// decoder happily picks the first <value> out of any XML document.
func responseKind(body []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			if depth == 0 {
				return "", notXMLRPC("no methodResponse element")
			}
			return "", notXMLRPC("%v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			if _, end := tok.(xml.EndElement); end {
				return "", notXMLRPC("empty methodResponse")
			}
			continue
		}
		if depth == 0 {
			if se.Name.Local != "methodResponse" {
				return "", notXMLRPC("root element is <%s>", se.Name.Local)
			}
			depth++
			continue
		}
		switch se.Name.Local {
		case "params", "fault":
			return se.Name.Local, nil
		}
		return "", notXMLRPC("unexpected element <%s>", se.Name.Local)
	}
}

// maxNesting bounds element nesting in an answer. OpenNebula's envelope is
// 8 deep (payloads are escaped text); xmlrpc-c itself refuses calls nested
// deeper than 64. Without a bound, a hostile answer of nested arrays would
// exhaust the stack of the recursive decoder.
const maxNesting = 64

// checkShape walks the markup once without building anything: it rejects
// nesting beyond limit and tells a body cut short (elements left open) from
// other malformed XML.
func checkShape(body []byte, limit int) error {
	depth, root := 0, ""
	for i := 0; i < len(body); {
		j := bytes.IndexByte(body[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := body[i:]
		var skip []byte // terminator of a construct that does not nest
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			skip = []byte("-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			skip = []byte("]]>")
		case bytes.HasPrefix(rest, []byte("<?")):
			skip = []byte("?>")
		case bytes.HasPrefix(rest, []byte("<!")):
			skip = []byte(">")
		}
		if skip != nil {
			k := bytes.Index(rest, skip)
			if k < 0 {
				return cutShort(root, "ends inside markup")
			}
			i += k + len(skip)
			continue
		}
		k := bytes.IndexByte(rest, '>')
		if k < 0 {
			return cutShort(root, "ends inside a tag")
		}
		switch {
		case len(rest) > 1 && rest[1] == '/':
			depth--
		case rest[k-1] != '/':
			depth++
			if root == "" {
				root = tagName(rest[1:k])
			}
			if depth > limit {
				return notXMLRPC("elements nested deeper than %d", limit)
			}
		}
		i += k + 1
	}
	if depth > 0 {
		return cutShort(root, fmt.Sprintf("%d elements left open", depth))
	}
	return nil
}

func tagName(tag []byte) string {
	f := bytes.Fields(tag)
	if len(f) == 0 {
		return "?"
	}
	return string(bytes.TrimRight(f[0], "/"))
}

// cutShort calls an unfinished methodResponse truncated; anything else
// that is unfinished is left for responseKind to call not XML-RPC.
func cutShort(root, how string) error {
	if root != "methodResponse" {
		return nil
	}
	return fmt.Errorf("%w: %s", errTruncated, how)
}

// decodeResponse turns a response body into the envelope's result. Errors
// are *APIError, *FaultError, or wrap errNotXMLRPC (the caller turns the
// latter into a TransportError).
func decodeResponse(method string, body []byte) (any, error) {
	// The success envelope of an info call (one string) is read directly;
	// anything else goes through the shape check and the general decoder.
	if s, ok := fastString(body); ok {
		return s, nil
	}
	if err := checkShape(body, maxNesting); err != nil {
		return nil, err
	}
	kind, err := responseKind(body)
	if err != nil {
		return nil, err
	}
	resp := xmlrpc.Response(body)
	if kind == "fault" {
		var f xmlrpc.FaultError
		ferr := resp.Err()
		if !errors.As(ferr, &f) {
			return nil, notXMLRPC("malformed fault: %v", ferr)
		}
		return nil, &FaultError{Method: method, Code: f.Code, Message: f.String}
	}
	var v any
	if err := resp.Unmarshal(&v); err != nil {
		return nil, notXMLRPC("%v", err)
	}
	return parseEnvelope(method, v)
}

// parseEnvelope checks the [ok, result, code, object_id, index] array.
// Its length is not fixed (3 on success, 5 on failure in 6.10), so only the
// elements that are used are required.
func parseEnvelope(method string, v any) (any, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, notXMLRPC("result is %s, not an OpenNebula response array", typeName(v))
	}
	if len(arr) == 0 {
		return nil, notXMLRPC("empty response array")
	}
	success, ok := arr[0].(bool)
	if !ok {
		return nil, notXMLRPC("response element 0 is %s, not a boolean", typeName(arr[0]))
	}
	if success {
		if len(arr) < 2 {
			return nil, nil
		}
		return arr[1], nil
	}
	if len(arr) < 3 {
		return nil, notXMLRPC("failure response has %d elements", len(arr))
	}
	msg, ok := arr[1].(string)
	if !ok && arr[1] != nil { // kolo leaves an empty <string/> as nil
		return nil, notXMLRPC("failure message is %s, not a string", typeName(arr[1]))
	}
	code, ok := arr[2].(int64)
	if !ok {
		return nil, notXMLRPC("error code is %s, not an integer", typeName(arr[2]))
	}
	objID := int64(-1)
	if len(arr) > 3 {
		if id, ok := arr[3].(int64); ok {
			objID = id
		}
	}
	return nil, &APIError{Method: method, Code: ErrorCode(code), Message: msg, ObjectID: int(objID)}
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "empty"
	case string:
		return "a string"
	case int64:
		return "an integer"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "a struct"
	}
	return fmt.Sprintf("%T", v)
}

func xmlEscape(w io.Writer, s string) error {
	return xml.EscapeText(w, []byte(s))
}
