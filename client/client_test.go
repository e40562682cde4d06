package client

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCallSuccessSamples(t *testing.T) {
	replies := map[string]string{
		"one.system.version":       "system.version.response.xml",
		"one.template.instantiate": "lifecycle.2.template.instantiate.response.xml",
		"one.vm.info":              "vm.info.running.response.xml",
	}
	f := newFake(t, func(c rpcCall) []byte { return sample(t, replies[c.Method]) })
	c := newTestClient(t, f.URL)

	v, err := c.CallString(bg, "one.system.version")
	if err != nil || v != "6.10.5" {
		t.Fatalf("version = %q, %v", v, err)
	}
	id, err := c.CallInt(bg, "one.template.instantiate", 0, "", false, "", false)
	if err != nil || id != 2 {
		t.Fatalf("instantiate = %d, %v", id, err)
	}
	doc, err := c.CallString(bg, "one.vm.info", 1, false)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSpace(string(sample(t, "vm.info.running.payload.xml")))
	if doc != want {
		t.Errorf("vm.info payload differs from the recorded one:\n%s", doc)
	}
	// A string where an int is expected is a usage error, not a crash.
	if _, err := c.CallInt(bg, "one.system.version"); err == nil {
		t.Error("CallInt on a string result: want error")
	}

	calls := f.Calls()
	got := calls[2]
	wantParams := []string{"string:oneadmin:s3cretpw", "int:1", "boolean:0"}
	if got.Method != "one.vm.info" || strings.Join(got.Params, "|") != strings.Join(wantParams, "|") {
		t.Errorf("request = %+v, want one.vm.info %v", got, wantParams)
	}
}

func TestCallIntAcceptsI8AndBool(t *testing.T) {
	f := newFake(t, func(c rpcCall) []byte {
		if c.Method == "one.x.bool" {
			return []byte(`<methodResponse><params><param><value><array><data><value><boolean>1</boolean></value><value><boolean>1</boolean></value><value><i4>0</i4></value></data></array></value></param></params></methodResponse>`)
		}
		return []byte(`<methodResponse><params><param><value><array><data><value><boolean>1</boolean></value><value><i8>4294967296</i8></value><value><i4>0</i4></value></data></array></value></param></params></methodResponse>`)
	})
	c := newTestClient(t, f.URL)
	n, err := c.CallInt(bg, "one.x.big")
	if err != nil || n != 4294967296 {
		t.Errorf("CallInt(i8) = %d, %v", n, err)
	}
	b, err := c.CallBool(bg, "one.x.bool")
	if err != nil || !b {
		t.Errorf("CallBool = %v, %v", b, err)
	}
}

func TestArgumentEncoding(t *testing.T) {
	f := newFake(t, func(rpcCall) []byte { return sample(t, "lifecycle.4.vm.action.terminate.response.xml") })
	c := newTestClient(t, f.URL)
	if _, err := c.Call(bg, "one.x.y", "a<b&c", 7, int64(-1), true, int32(3), []int{1, 2}); err != nil {
		t.Fatal(err)
	}
	got := f.Calls()[0].Params
	want := []string{"string:oneadmin:s3cretpw", "string:a&lt;b&amp;c", "int:7", "i8:-1", "boolean:1", "int:3",
		"array:<data><value><int>1</int></value><value><int>2</int></value></data>"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("params =\n%v\nwant\n%v", got, want)
	}

	for _, bad := range []struct {
		method string
		arg    any
	}{
		{"one.x.y", 1 << 40},       // does not fit <int>
		{"one.x.y", 1.5},           // floats are not used by the API
		{"one.x.y", map[int]int{}}, // nor structs
		{"one.x<y>", 1},            // method names are not escaped
	} {
		if _, err := c.Call(bg, bad.method, bad.arg); err == nil {
			t.Errorf("Call(%q, %#v): want error", bad.method, bad.arg)
		}
	}
	if len(f.Calls()) != 1 {
		t.Errorf("invalid calls reached the server")
	}
}

func TestAPIErrorSamples(t *testing.T) {
	cases := []struct {
		file  string
		code  ErrorCode
		objID int
		msg   string
	}{
		{"err.bad_password", CodeAuthentication, -1, "[one.vmpool.info] User couldn't be authenticated, aborting call."},
		{"err.unknown_user", CodeAuthentication, -1, "[one.system.version] User couldn't be authenticated, aborting call."},
		{"err.malformed_session", CodeAuthentication, -1, "[one.system.version] User couldn't be authenticated, aborting call."},
		{"err.not_authorized", CodeAuthorization, -1, "[one.vm.info] User [2] : Not authorized to perform USE VM [1]."},
		{"err.not_authorized_hostpool_allocate", CodeAuthorization, -1, "[one.host.allocate] User [2] : Not authorized to perform CREATE HOST; Not authorized to perform ADMIN CLUSTER [0]."},
		{"err.vm_not_found", CodeNoExists, 9999, "[one.vm.info] Error getting virtual machine [9999]."},
		{"err.template_not_found", CodeNoExists, 4242, "[one.template.info] Error getting virtual machine template [4242]."},
		{"err.host_not_found", CodeNoExists, 77, "[one.host.info] Error getting host [77]."},
		{"err.vm_action_not_found", CodeNoExists, 9999, "[one.vm.action] Error getting virtual machine [9999]."},
		{"err.action_wrong_state", CodeAction, -1, "[one.vm.deploy] Deploy action is not available for state RUNNING"},
		{"err.resume_running_vm", CodeAction, -1, `[one.vm.action] Error performing action "resume": This action is not available for state RUNNING`},
		{"err.invalid_action_name", CodeAction, -1, `[one.vm.action] Action "explode" is not supported`},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			f := newFake(t, func(rpcCall) []byte { return sample(t, tc.file+".response.xml") })
			_, err := newTestClient(t, f.URL).Call(bg, "one.vm.info", 1)
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v, want *APIError", err, err)
			}
			var te *TransportError
			var fe *FaultError
			if errors.As(err, &te) || errors.As(err, &fe) {
				t.Errorf("API error also matches a transport/fault error")
			}
			if ae.Code != tc.code || ae.ObjectID != tc.objID || ae.Error() != tc.msg || ae.Method != "one.vm.info" {
				t.Errorf("got %+v", *ae)
			}
			if !IsCode(err, tc.code) || IsCode(err, CodeInternal) {
				t.Errorf("IsCode wrong for %v", tc.code)
			}
		})
	}
}

func TestFaultSamples(t *testing.T) {
	cases := map[string]struct {
		code int
		msg  string
	}{
		"err.too_few_params":   {-501, "[one.vm.info] XML-RPC fault -501: Not enough parameters"},
		"err.wrong_param_type": {-501, "[one.vm.info] XML-RPC fault -501: Parameter that is supposed to be integer is not"},
		"err.unknown_method":   {-506, "[one.vm.info] XML-RPC fault -506: Method 'one.vm.nosuchmethod' not defined"},
		"err.invalid_xml":      {-503, "[one.vm.info] XML-RPC fault -503: Call XML not a proper XML-RPC call.  Call is not valid XML.  syntax error"},
	}
	for file, want := range cases {
		t.Run(file, func(t *testing.T) {
			f := newFake(t, func(rpcCall) []byte { return sample(t, file+".response.xml") })
			_, err := newTestClient(t, f.URL).Call(bg, "one.vm.info")
			var fe *FaultError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %T %v, want *FaultError", err, err)
			}
			var ae *APIError
			var te *TransportError
			if errors.As(err, &ae) || errors.As(err, &te) {
				t.Error("fault also matches API/transport error")
			}
			if fe.Code != want.code || err.Error() != want.msg {
				t.Errorf("got %d %q", fe.Code, err.Error())
			}
		})
	}
}

func TestErrorCodeString(t *testing.T) {
	if CodeNoExists.String() != "NO_EXISTS" || CodeXMLRPCAPI.String() != "XML_RPC_API" || ErrorCode(0x3).String() != "UNKNOWN(0x3)" {
		t.Errorf("names: %s %s %s", CodeNoExists, CodeXMLRPCAPI, ErrorCode(3))
	}
}

func assertTransport(t *testing.T, err error, wantMsg string) *TransportError {
	t.Helper()
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %T %v, want *TransportError", err, err)
	}
	var ae *APIError
	var fe *FaultError
	if errors.As(err, &ae) || errors.As(err, &fe) {
		t.Errorf("transport error also matches API/fault error")
	}
	if !strings.Contains(err.Error(), wantMsg) || strings.Contains(err.Error(), "\n") {
		t.Errorf("message %q does not contain %q on one line", err.Error(), wantMsg)
	}
	return te
}

func TestTransportErrors(t *testing.T) {
	html := sample(t, "err.http_get.response.txt")
	cases := []struct {
		name   string
		status int
		body   []byte
		want   string
	}{
		{"405", 405, html, ": HTTP 405 Method Not Allowed"},
		{"500", 500, []byte("boom"), ": HTTP 500 Internal Server Error"},
		{"garbage", 200, []byte("hello, I am not oned"), ": response is not XML-RPC"},
		{"html 200", 200, html, ": response is not XML-RPC"},
		{"other xml", 200, []byte(`<rss><value><string>x</string></value></rss>`), "root element is <rss>"},
		{"not array", 200, []byte(`<methodResponse><params><param><value><string>x</string></value></param></params></methodResponse>`), "not an OpenNebula response array"},
		{"elem0 not bool", 200, []byte(`<methodResponse><params><param><value><array><data><value><i4>1</i4></value></data></array></value></param></params></methodResponse>`), "element 0 is an integer"},
		{"short failure", 200, []byte(`<methodResponse><params><param><value><array><data><value><boolean>0</boolean></value></data></array></value></param></params></methodResponse>`), "failure response has 1 elements"},
		{"empty", 200, nil, "response is not XML-RPC"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				_, _ = w.Write(tc.body)
			}))
			defer srv.Close()
			_, err := newTestClient(t, srv.URL+"/RPC2").Call(bg, "one.vm.info", 1)
			te := assertTransport(t, err, tc.want)
			if !strings.HasPrefix(err.Error(), srv.URL+"/RPC2: ") {
				t.Errorf("message %q does not start with the endpoint", err.Error())
			}
			if te.StatusCode != tc.status || te.Method != "one.vm.info" {
				t.Errorf("status %d method %q", te.StatusCode, te.Method)
			}
		})
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/RPC2"
	ln.Close()
	_, err = newTestClient(t, url).Call(bg, "one.system.version")
	te := assertTransport(t, err, "cannot reach "+url+": connection refused")
	if te.Timeout {
		t.Error("refused connection flagged as timeout")
	}
	// A refused connection proves nothing was sent: even a write is tried
	// again, and the line does not warn that it may have acted.
	_, err = newTestClient(t, url).Call(bg, "one.vm.allocate", "NAME=x")
	te = assertTransport(t, err, "connection refused (tried 5 times)")
	if te.Kind != KindRefused || te.Attempts != maxAttempts || te.Unsure {
		t.Errorf("write to a closed port: kind %d, %d tries, unsure %v", te.Kind, te.Attempts, te.Unsure)
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)

	c := newTestClient(t, srv.URL, func(o *Options) { o.Timeout = 50 * time.Millisecond })
	_, err := c.Call(bg, "one.system.version")
	te := assertTransport(t, err, ": timed out after 50ms")
	if !te.Timeout || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Timeout=%v, Is(DeadlineExceeded)=%v", te.Timeout, errors.Is(err, context.DeadlineExceeded))
	}

	// The caller's context bounds the call too.
	ctx, cancel := context.WithTimeout(bg, 30*time.Millisecond)
	defer cancel()
	_, err = newTestClient(t, srv.URL).Call(ctx, "one.system.version")
	if te := assertTransport(t, err, "timed out"); !te.Timeout {
		t.Error("ctx deadline not flagged as timeout")
	}
}

func TestDebugRedactsSecret(t *testing.T) {
	f := newFake(t, func(rpcCall) []byte { return okString("token is s3cretpw") })
	var dbg bytes.Buffer
	c := newTestClient(t, f.URL, func(o *Options) { o.Debug = &dbg })
	if _, err := c.CallString(bg, "one.user.info", -1); err != nil {
		t.Fatal(err)
	}
	out := dbg.String()
	if strings.Contains(out, "s3cretpw") {
		t.Errorf("debug output leaks the secret:\n%s", out)
	}
	for _, want := range []string{"--> one.user.info", "<string>oneadmin:****</string>", "<-- 200 (", "token is ****"} {
		if !strings.Contains(out, want) {
			t.Errorf("debug output lacks %q:\n%s", want, out)
		}
	}
	// The real session still went over the wire.
	if f.Calls()[0].Params[0] != "string:oneadmin:s3cretpw" {
		t.Errorf("session sent: %v", f.Calls()[0].Params)
	}
}

func TestDryRunSendsNothing(t *testing.T) {
	f := newFake(t, func(rpcCall) []byte { return sample(t, "err.vm_not_found.response.xml") })
	var out bytes.Buffer
	c := newTestClient(t, f.URL, func(o *Options) { o.DryRun = &out })
	if !c.IsDryRun() {
		t.Fatal("IsDryRun false")
	}
	if v, err := c.Call(bg, "one.vm.action", "terminate", 5); err != nil || v != nil {
		t.Errorf("Call = %v, %v", v, err)
	}
	if n, err := c.CallInt(bg, "one.vm.allocate", "NAME=x", false); err != nil || n != 0 {
		t.Errorf("CallInt = %d, %v", n, err)
	}
	if s, err := c.CallString(bg, "one.vm.info", 5); err != nil || s != "" {
		t.Errorf("CallString = %q, %v", s, err)
	}
	if b, err := c.CallBool(bg, "one.x.y", int64(9), []int{1, 2}); err != nil || b {
		t.Errorf("CallBool = %v, %v", b, err)
	}
	want := `one.vm.action("oneadmin:****", "terminate", 5)
one.vm.allocate("oneadmin:****", "NAME=x", false)
one.vm.info("oneadmin:****", 5)
one.x.y("oneadmin:****", 9, [1, 2])
`
	if out.String() != want {
		t.Errorf("dry-run output:\n%s\nwant:\n%s", out.String(), want)
	}
	if len(f.Calls()) != 0 {
		t.Errorf("dry run sent %d requests", len(f.Calls()))
	}
}

func TestNewValidatesEndpoint(t *testing.T) {
	for _, ep := range []string{"localhost:2633", "ftp://h/RPC2", "http:///RPC2", "http://[::1", "https://:2633/"} {
		if _, err := New(Options{Endpoint: ep}); err == nil {
			t.Errorf("New(%q): want error", ep)
		}
	}
	c, err := New(Options{Endpoint: "https://one.example.com:2633/RPC2", Session: "bob:tok:en", Insecure: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint() != "https://one.example.com:2633/RPC2" || c.User() != "bob" {
		t.Errorf("Endpoint %q User %q", c.Endpoint(), c.User())
	}
	if _, err := New(Options{Endpoint: "https://h/RPC2", CAFile: "/nonexistent/ca.pem"}); err == nil {
		t.Error("missing CA file: want error")
	}
}

func TestSecretArgumentsNeverShown(t *testing.T) {
	var out bytes.Buffer
	c, err := New(Options{Endpoint: "http://127.0.0.1:1/RPC2", Session: "u:sessionsecret", DryRun: &out})
	if err != nil {
		t.Fatal(err)
	}
	for _, call := range [][]any{{"one.user.allocate", "bob", "pw-secret", "core"}, {"one.user.passwd", 3, "pw-secret"},
		{"one.user.chauth", 3, "core", "pw-secret"}, {"one.user.login", "bob", "pw-secret", 60}} {
		if _, err := c.Call(context.Background(), call[0].(string), call[1:]...); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(out.String(), "pw-secret") || strings.Count(out.String(), "****") != 8 {
		t.Fatalf("dry run shows a secret:\n%s", out.String())
	}
}
