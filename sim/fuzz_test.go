package sim

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fuzzSeeds are calls a real client sends: the recorded requests of the
// samples (when the reference tree is there) and a few written here.
func fuzzSeeds(f *testing.F) [][]byte {
	seeds := [][]byte{
		[]byte(encodeCall("one.vm.allocate", admin, "NAME=f CPU=0.5 MEMORY=64 NIC=[NETWORK_ID=0] DISK=[IMAGE_ID=1]", b(false))),
		[]byte(encodeCall("one.vm.action", admin, "poweroff", 0)),
		[]byte(encodeCall("one.vmpool.info", admin, -2, -1, -1, -1)),
		[]byte(encodeCall("one.vm.info", alice, 0, b(false))),
		[]byte(encodeCall("one.template.instantiate", admin, 0, "t", b(false), "CPU=1", b(false))),
		[]byte(encodeCall("one.vm.resize", admin, 0, "CPU=2 MEMORY=128", b(false))),
		[]byte(`<?xml version="1.0"?><methodCall><methodName>one.vm.info</methodName><params><param><value>` + admin + `</value></param><param><value><array><data><value><i8>1</i8></value></data></array></value></param></params></methodCall>`),
	}
	var files []string
	for _, dir := range sampleDirs {
		if files, _ = filepath.Glob(filepath.Join(dir, "*.request.xml")); len(files) > 0 {
			break
		}
	}
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			s := strings.ReplaceAll(string(data), "oneadmin:password", admin)
			seeds = append(seeds, []byte(strings.ReplaceAll(s, "alice:alicepw", alice)))
		}
	}
	return seeds
}

// FuzzParseMethodCall: any request body parses or is refused, without a
// panic, and nothing nests deeper than the limit.
//
//	go test ./sim -run '^$' -fuzz FuzzParseMethodCall -fuzztime 30s
func FuzzParseMethodCall(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		mc, err := parseMethodCall(body)
		if err != nil {
			return
		}
		var depth func(v value) int
		depth = func(v value) int {
			d := 0
			for _, e := range v.arr {
				d = max(d, depth(e))
			}
			if v.k == kArray {
				d++
			}
			return d
		}
		for _, p := range mc.params {
			if d := depth(p); d > maxNesting {
				t.Fatalf("parsed a parameter nested %d deep", d)
			}
		}
	})
}

var fuzzServer struct {
	once sync.Once
	s    *Server
	err  error
}

// FuzzHandle runs whatever arrives through the whole simulator: parser,
// authentication, parameter checks and the method handlers. Every answer
// must be one well-formed methodResponse; a panic anywhere is a finding.
//
//	go test ./sim -run '^$' -fuzz FuzzHandle -fuzztime 60s
func FuzzHandle(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		// One simulator for the whole run, as a server lives on across
		// calls: a fuzzed call may break what the next one relies on.
		fuzzServer.once.Do(func() { fuzzServer.s, fuzzServer.err = New(Options{Delay: delay}) })
		if fuzzServer.err != nil {
			t.Fatal(fuzzServer.err)
		}
		out := fuzzServer.s.Handle(body)
		if err := wellFormedResponse(out); err != nil {
			t.Fatalf("answer is not a well-formed methodResponse: %v\n%s", err, out)
		}
	})
}

func wellFormedResponse(out []byte) error {
	if !bytes.HasPrefix(out, []byte(respHead)) {
		return errors.New("does not start like xmlrpc-c's answers")
	}
	d := xml.NewDecoder(bytes.NewReader(out))
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "methodResponse" {
		return errors.New("root is <" + root + ">")
	}
	return nil
}
