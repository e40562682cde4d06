package sim

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Options configures a simulator.
type Options struct {
	Seed      string           // "demo" (default) or "empty"
	StateFile string           // "" keeps state in memory; else it is loaded (or seeded) and saved on change
	Delay     time.Duration    // length of every transient VM state; default 1s
	Now       func() time.Time // clock; nil means time.Now
}

// Server is an in-process OpenNebula 6.10 look-alike speaking XML-RPC.
type Server struct {
	opts    Options
	now     func() time.Time
	delay   time.Duration
	methods map[string]*method

	mu     sync.Mutex
	st     *state
	saver  *saver
	commit *committer // nil without a state file
	closed bool
	sorted map[string]*sortedPool // pools in list order, see pool.go
	// gen counts the calls that changed objects and the clock steps that
	// moved VMs; pageCursor resumes the last page's scan (pool.go)
	gen        uint64
	pageCursor *pageCursor
	seen       statesSeen // for IMAGE and NET state hooks, see hook_diff.go
}

// New builds a simulator, loading Options.StateFile when it exists.
func New(o Options) (*Server, error) {
	s := &Server{opts: o, now: o.Now, delay: o.Delay}
	if s.now == nil {
		s.now = time.Now
	}
	if s.delay <= 0 {
		s.delay = time.Second
	}
	if s.opts.Seed == "" {
		s.opts.Seed = "demo"
	}
	s.methods = map[string]*method{}
	s.registerAll()

	st, loaded, err := loadState(o.StateFile)
	if err != nil {
		return nil, err
	}
	if !loaded {
		st, err = seedState(s.opts.Seed, s.now())
		if err != nil {
			return nil, err
		}
	}
	s.st = st
	if o.StateFile != "" {
		s.saver = newSaver(o.StateFile, 200*time.Millisecond, s.lockedSnapshot)
		s.commit = newCommitter(s.saver, s.genSnapshot)
		if !loaded {
			data, err := s.st.marshal()
			if err != nil {
				return nil, err
			}
			if err := s.saver.write(data); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// Close flushes pending state to disk. The server answers nothing useful after it.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	if s.saver != nil {
		return s.saver.close()
	}
	return nil
}

// maxRequestBody caps one call, read before anything else is done; oned
// caps it too (MESSAGE_SIZE in oned.conf).
const maxRequestBody = 16 << 20

const abyss405 = `<HTML><HEAD><TITLE>Error 405</TITLE></HEAD><BODY><H1>Error 405</H1><P>POST is the only HTTP method this server understands</P><p><HR><b><i><a href="http://xmlrpc-c.sourceforge.net">ABYSS Web Server for XML-RPC For C/C++</a></i></b> version 1.33.14<br></p></BODY></HTML>`

// ServeHTTP answers XML-RPC POSTs; like oned's Abyss server it does not look
// at the path, and refuses any other HTTP method with 405.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, AppFilePath) {
		s.serveAppFile(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusMethodNotAllowed)
		io.WriteString(w, abyss405)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	var out []byte
	switch {
	case err != nil:
		out = encodeFault(-503, "Call XML not a proper XML-RPC call.  Call is not valid XML.  syntax error")
	case len(body) > maxRequestBody:
		out = encodeFault(-509, fmt.Sprintf("XML-RPC request too large.  Max allowed is %d bytes", maxRequestBody))
	default:
		out = s.Handle(body)
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Write(out)
}

// Handle runs one XML-RPC request body and returns the response body. With
// a state file, the answer is returned only once the state it reflects is
// on disk.
func (s *Server) Handle(body []byte) []byte {
	out := s.handle(body)
	if s.commit != nil {
		if err := s.commit.wait(); err != nil {
			return encodeFailure(&rpcError{code: codeInternal, objID: -1,
				msg: "[" + callName(body) + "] Internal error: " + err.Error()})
		}
	}
	return out
}

func (s *Server) handle(body []byte) []byte {
	mc, err := parseMethodCall(body)
	if err != nil {
		if err == errNotXML {
			return encodeFault(-503, "Call XML not a proper XML-RPC call.  Call is not valid XML.  syntax error")
		}
		return encodeFault(-503, "Call XML not a proper XML-RPC call.  "+err.Error())
	}
	m, ok := s.methods[mc.name]
	if !ok {
		return encodeFault(-506, "Method '"+mc.name+"' not defined")
	}
	if len(mc.params) == 0 {
		return encodeFault(-501, "Not enough parameters")
	}
	if mc.params[0].k != kString {
		return encodeFault(-501, typeFault(pString))
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if s.advance(now) {
		s.markDirty()
	}

	c := &call{s: s, st: s.st, method: mc.name, params: mc.params, now: now}
	s.st.usageCache = nil
	if e := s.authenticate(c, mc.params[0].s); e != nil {
		return encodeFailure(e)
	}
	// xmlrpc-c checks a parameter when the handler reads it, which oned does
	// after authenticating, so type faults come second.
	if f := m.check(mc.params); f != "" {
		return encodeFault(-501, f)
	}
	hooked := s.apiHooked(c)
	res, e := m.h(c)
	s.fireAPIHooks(c, hooked, res, e)
	if c.dirty {
		s.gen++
		s.advance(now)
		s.markDirty()
	}
	if s.fireDiffHooks(now.Unix()) {
		s.markDirty()
	}
	if e != nil {
		return encodeFailure(e)
	}
	return encodeSuccess(res)
}

// markDirty schedules a save of the state; caller holds s.mu.
func (s *Server) markDirty() {
	if s.saver != nil && !s.closed {
		s.saver.schedule()
	}
	if s.commit != nil {
		s.commit.changed()
	}
}

// genSnapshot is lockedSnapshot with the generation it holds.
func (s *Server) genSnapshot() ([]byte, uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.commit.gen.Load()
	data, err := s.st.marshal()
	return data, g, err
}

func (s *Server) lockedSnapshot() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.marshal()
}
