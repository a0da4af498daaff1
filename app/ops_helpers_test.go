package app

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
)

// withConfig changes the configuration before the app is built.
func withConfig(fn func(*config.Config)) testOption {
	return func(s *testSetup) { fn(s.cfg) }
}

// withApp passes options to New.
func withApp(opts ...Option) testOption {
	return func(s *testSetup) { s.appOpts = append(s.appOpts, opts...) }
}

// withGate puts g in front of the emulator.
func withGate(g *upstreamGate) testOption {
	return func(s *testSetup) {
		s.upstream = g.wrap
		s.release = append(s.release, g.open)
	}
}

// deferAtOnce makes every command that is still running get the deferred acknowledgement
// right away, so a held upstream request always means a deferred interaction.
func deferAtOnce() testOption {
	return withConfig(func(c *config.Config) { c.Discord.DeferAfter = config.Duration{Duration: time.Millisecond} })
}

// upstreamGate holds the Valentina requests of one method whose path ends with suffix
// until it is opened: a slow API that the test controls, without sleeping. It counts
// arrivals, so any number of requests can be held at once.
type upstreamGate struct {
	method, suffix string

	mu      sync.Mutex
	arrived int
	changed chan struct{} // closed (and replaced) on every arrival

	release chan struct{}
	once    sync.Once
}

// newUpstreamGate returns a closed gate; it opens when the test ends at the latest.
func newUpstreamGate(t *testing.T, method, suffix string) *upstreamGate {
	g := &upstreamGate{method: method, suffix: suffix, changed: make(chan struct{}), release: make(chan struct{})}
	t.Cleanup(g.open)
	return g
}

func (g *upstreamGate) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == g.method && strings.HasSuffix(r.URL.Path, g.suffix) {
			g.mu.Lock()
			g.arrived++
			close(g.changed)
			g.changed = make(chan struct{})
			g.mu.Unlock()
			select {
			case <-g.release:
			case <-r.Context().Done():
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// waitArrived waits until n requests have reached the gate (held or let through).
func (g *upstreamGate) waitArrived(t *testing.T, n int) {
	t.Helper()
	timeout := time.NewTimer(bottest.FailTimeout)
	defer timeout.Stop()
	for {
		g.mu.Lock()
		got, changed := g.arrived, g.changed
		g.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-changed:
		case <-timeout.C:
			t.Fatalf("%d of %d %s …%s requests reached the API", got, n, g.method, g.suffix)
		}
	}
}

// open lets held and later requests through.
func (g *upstreamGate) open() { g.once.Do(func() { close(g.release) }) }

// redisProxy is an in-process TCP proxy in front of a Redis: cut drops every connection
// and refuses new ones (Redis unreachable), restore accepts again.
type redisProxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	down  bool
	conns map[net.Conn]struct{}
}

func newRedisProxy(t *testing.T, target string) *redisProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &redisProxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	go p.accept()
	t.Cleanup(func() {
		_ = ln.Close()
		p.cut()
	})
	return p
}

func (p *redisProxy) addr() string { return p.ln.Addr().String() }

func (p *redisProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down := p.down
		p.mu.Unlock()
		if down {
			_ = c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = c.Close()
			continue
		}
		p.mu.Lock()
		p.conns[c], p.conns[up] = struct{}{}, struct{}{}
		p.mu.Unlock()
		go p.pipe(c, up)
		go p.pipe(up, c)
	}
}

func (p *redisProxy) pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	_ = dst.Close()
	_ = src.Close()
	p.mu.Lock()
	delete(p.conns, dst)
	delete(p.conns, src)
	p.mu.Unlock()
}

// cut makes Redis unreachable through the proxy.
func (p *redisProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for c := range p.conns {
		_ = c.Close()
	}
}

// restore makes Redis reachable again.
func (p *redisProxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
}

// adminGet fetches path from the app's admin server.
func (ta *testApp) adminGet(t *testing.T, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+ta.app.adminAddr+path, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// readyz returns /readyz's status code and decoded JSON body.
func (ta *testApp) readyz(t *testing.T) (int, map[string]string) {
	t.Helper()
	code, body := ta.adminGet(t, "/readyz")
	var out map[string]string
	require.NoError(t, json.Unmarshal([]byte(body), &out), body)
	return code, out
}

// waitMetric waits until /metrics has line (a whole sample line such as
// `noirbot_duplicate_deliveries_total 1`): the engine counts an interaction just after
// its first response went out.
func (ta *testApp) waitMetric(t *testing.T, line string) {
	t.Helper()
	var last string
	ok := bottest.WaitUntil(func() bool {
		_, last = ta.adminGet(t, "/metrics")
		return strings.Contains(last, "\n"+line+"\n")
	})
	require.True(t, ok, "no %q in /metrics:\n%s", line, grepLines(last, "noirbot_"))
}

// grepLines keeps the lines of s that contain sub.
func grepLines(s, sub string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		if strings.Contains(line, sub) {
			b.WriteString(line)
		}
	}
	return b.String()
}
