package client

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// TestHostileAnswers: answers built to hurt are one-line errors, never a
// crash or an unbounded allocation.
func TestHostileAnswers(t *testing.T) {
	deep := "<methodResponse><params><param><value>" + strings.Repeat("<array><data><value>", 200000) +
		"<i4>1</i4>" + strings.Repeat("</value></data></array>", 200000) + "</value></param></params></methodResponse>"
	ok := string(okString("<VM><ID>1</ID></VM>"))
	cases := []struct {
		name   string
		body   string
		length bool // send a Content-Length
		kind   TransportKind
		msg    string
	}{
		{"nested arrays", deep, true, KindNotXMLRPC, "nested deeper than 64"},
		{"cut, no length", ok[:len(ok)/2], false, KindTruncated, "response truncated"},
		{"cut inside tag", ok[:strings.Index(ok, "<params>")+4], false, KindTruncated, "response truncated"},
		{"too large", strings.Repeat("x", 5000), true, KindTooLarge, "over the 4096 byte limit"},
		{"too large, streamed", strings.Repeat("x", 5000), false, KindTooLarge, "over the 4096 byte limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !tc.length {
					w.Header().Set("Transfer-Encoding", "chunked")
				}
				w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, func(o *Options) { o.MaxResponse = 4096 })
			if tc.kind != KindTooLarge {
				c.maxResp = DefaultMaxResponse
			}
			_, err := c.Call(bg, "one.vm.info", 1)
			faultError(t, err, tc.kind, tc.msg)
		})
	}
}

func TestCheckShape(t *testing.T) {
	good := []string{
		string(okString("a <b> & c")),
		`<?xml version="1.0"?><!-- <<<< --><methodResponse><params><param><value><string><![CDATA[<<<<<<]]></string></value></param></params></methodResponse>`,
		`<methodResponse/>`,
		"<html><br><p>not closed", // not ours to call truncated: responseKind says not XML-RPC
	}
	for _, g := range good {
		if err := checkShape([]byte(g), 8); err != nil {
			t.Errorf("checkShape(%.40q) = %v", g, err)
		}
	}
	for _, b := range []string{"<methodResponse><params>", "<methodResponse><!-- x", "<methodResponse><par", "<methodResponse" + strings.Repeat("<a>", 9)} {
		if err := checkShape([]byte(b), 8); err == nil {
			t.Errorf("checkShape(%q) = nil", b)
		}
	}
}

// BenchmarkCheckShape: the nesting and truncation scan against the decode
// it guards, on a pool page of 200 VMs.
func BenchmarkCheckShape(b *testing.B) {
	vm := strings.TrimSpace(string(mustRead(b, "testdata/vm.info.running.payload.xml")))
	body := okString("<VM_POOL>" + strings.Repeat(vm, 200) + "</VM_POOL>")
	b.Run("checkShape", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if err := checkShape(body, maxNesting); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decodeResponse", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if _, err := decodeResponse("one.vmpool.info", body); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func mustRead(b *testing.B, p string) []byte {
	data, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	return data
}
