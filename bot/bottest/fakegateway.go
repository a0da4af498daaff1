package bottest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// gatewayPath is where the fake's websocket listens; gateway discovery
// (GET /api/v9/gateway and /gateway/bot) points clients at it.
const gatewayPath = "/gateway-ws/"

// DefaultHeartbeatInterval is the heartbeat interval the fake's HELLO asks for,
// close to Discord's own (about 41 s): long enough that a loaded machine never
// misses an ACK window, so tests trigger heartbeats with RequestHeartbeat.
const DefaultHeartbeatInterval = 45 * time.Second

// Gateway opcodes the fake speaks.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opResume         = 6
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11
)

// GatewayIdentify is one IDENTIFY the fake received.
type GatewayIdentify struct {
	Token   string
	Intents int
	// Shard is [shard_id, shard_count]; [0, 1] when the client sent none.
	Shard [2]int
	// SessionID is the session the fake's READY opened for it.
	SessionID string
}

// GatewayResume is one RESUME the fake received.
type GatewayResume struct {
	SessionID string
	Seq       int64
	// Resumed is false when the fake answered INVALID_SESSION instead.
	Resumed bool
}

// FakeGateway is the Discord gateway (websocket) of a FakeDiscord: HELLO,
// IDENTIFY (recording the shard) answered with READY, heartbeats answered with
// ACKs, dispatches (INTERACTION_CREATE), RESUME replaying what a dropped
// connection missed, and INVALID_SESSION forcing a new IDENTIFY. Like Discord,
// it keeps each session's events so a resumed session loses none.
type FakeGateway struct {
	t        testing.TB
	upgrader websocket.Upgrader

	mu          sync.Mutex
	changed     chan struct{} // closed (and replaced) on every recorded change
	interval    time.Duration
	sessions    map[string]*gatewaySession
	current     map[int]*gatewaySession // by shard id: the latest identified session
	conns       map[*gatewayConn]struct{}
	identifies  []GatewayIdentify
	resumes     []GatewayResume
	heartbeats  int
	connections int
	hold        chan struct{} // non-nil: new connections wait until it is closed
	release     func()        // closes hold once
	closed      bool
}

// gatewaySession is one gateway session: its dispatched events (for RESUME) and
// the live connection, nil while the client is away.
type gatewaySession struct {
	id      string
	shard   [2]int
	seq     int64
	events  []gatewayEvent
	conn    *gatewayConn
	invalid bool
}

type gatewayEvent struct {
	seq  int64
	typ  string
	data json.RawMessage
}

// gatewayConn is one websocket; wmu serialises writes (gorilla allows one writer).
type gatewayConn struct {
	ws  *websocket.Conn
	wmu sync.Mutex
}

type gatewayPayload struct {
	Op   int             `json:"op"`
	Data json.RawMessage `json:"d"`
	Seq  int64           `json:"s,omitempty"`
	Type string          `json:"t,omitempty"`
}

func newFakeGateway(t testing.TB) *FakeGateway {
	return &FakeGateway{
		t: t, changed: make(chan struct{}), interval: DefaultHeartbeatInterval,
		sessions: map[string]*gatewaySession{}, current: map[int]*gatewaySession{},
		conns: map[*gatewayConn]struct{}{},
	}
}

// SetHeartbeatInterval changes the interval later HELLOs ask for.
func (g *FakeGateway) SetHeartbeatInterval(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.interval = d
}

// discovery answers GET /api/v9/gateway[/bot] with the fake's websocket URL.
func (g *FakeGateway) discovery(w http.ResponseWriter, path, host string) {
	body := map[string]any{"url": "ws://" + host + gatewayPath}
	if strings.HasSuffix(path, "/bot") {
		body["shards"] = 1
		body["session_start_limit"] = map[string]int{"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
}

// serveWS runs one websocket connection until the client or the fake closes it.
func (g *FakeGateway) serveWS(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	hold, closed := g.hold, g.closed
	g.mu.Unlock()
	if closed {
		http.Error(w, "fake gateway closed", http.StatusServiceUnavailable)
		return
	}
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		case <-time.After(FailTimeout):
			g.t.Errorf("fake gateway: a connection was held %v", FailTimeout)
		}
	}
	ws, err := g.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gatewayConn{ws: ws}
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		_ = ws.Close()
		return
	}
	g.conns[c] = struct{}{}
	g.connections++
	interval := g.interval
	g.notifyLocked()
	g.mu.Unlock()
	defer g.drop(c)
	if c.send(opHello, map[string]int64{"heartbeat_interval": interval.Milliseconds()}) != nil {
		return
	}
	for {
		var p gatewayPayload
		if err := ws.ReadJSON(&p); err != nil {
			return
		}
		g.receive(c, r.Host, p)
	}
}

// receive handles one payload from the client.
func (g *FakeGateway) receive(c *gatewayConn, host string, p gatewayPayload) {
	switch p.Op {
	case opHeartbeat:
		g.mu.Lock()
		g.heartbeats++
		g.notifyLocked()
		g.mu.Unlock()
		_ = c.send(opHeartbeatACK, nil)
	case opIdentify:
		g.identify(c, host, p.Data)
	case opResume:
		g.resume(c, p.Data)
	}
}

func (g *FakeGateway) identify(c *gatewayConn, host string, raw json.RawMessage) {
	var d struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
		Shard   *[2]int
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		g.t.Errorf("fake gateway: malformed IDENTIFY %s: %v", raw, err)
		return
	}
	shard := [2]int{0, 1}
	if d.Shard != nil {
		shard = *d.Shard
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	s := &gatewaySession{id: fmt.Sprintf("session-%d", len(g.identifies)+1), shard: shard}
	g.sessions[s.id] = s
	if old := g.current[shard[0]]; old != nil && old.conn == c {
		old.conn = nil
	}
	g.current[shard[0]] = s
	g.identifies = append(g.identifies, GatewayIdentify{Token: d.Token, Intents: d.Intents, Shard: shard, SessionID: s.id})
	g.notifyLocked()
	s.conn = c
	g.dispatchLocked(s, "READY", map[string]any{
		"v": 9, "session_id": s.id, "resume_gateway_url": "ws://" + host + gatewayPath, "shard": shard,
		"user":        map[string]any{"id": DefaultAppID, "username": "noirbot", "bot": true},
		"application": map[string]any{"id": DefaultAppID, "flags": 0},
		"guilds":      []any{},
	})
}

// resume replays what the session missed and ends with RESUMED, or answers
// INVALID_SESSION (d: false) for a session it does not know or has invalidated.
func (g *FakeGateway) resume(c *gatewayConn, raw json.RawMessage) {
	var d struct {
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		g.t.Errorf("fake gateway: malformed RESUME %s: %v", raw, err)
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	s := g.sessions[d.SessionID]
	ok := s != nil && !s.invalid
	g.resumes = append(g.resumes, GatewayResume{SessionID: d.SessionID, Seq: d.Seq, Resumed: ok})
	g.notifyLocked()
	if !ok {
		_ = c.send(opInvalidSession, false)
		return
	}
	s.conn = c
	for _, ev := range s.events {
		if ev.seq > d.Seq {
			_ = c.sendEvent(ev)
		}
	}
	g.dispatchLocked(s, "RESUMED", map[string]any{})
}

// drop forgets a closed connection; its session keeps its events for a RESUME.
func (g *FakeGateway) drop(c *gatewayConn) {
	_ = c.ws.Close()
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.conns, c)
	for _, s := range g.sessions {
		if s.conn == c {
			s.conn = nil
		}
	}
	g.notifyLocked()
}

// dispatchLocked records an event in the session and sends it when the client is
// connected; a client that is away gets it when it resumes.
func (g *FakeGateway) dispatchLocked(s *gatewaySession, typ string, data any) {
	raw, err := json.Marshal(data)
	if err != nil {
		g.t.Errorf("fake gateway: encode %s: %v", typ, err)
		return
	}
	s.seq++
	ev := gatewayEvent{seq: s.seq, typ: typ, data: raw}
	s.events = append(s.events, ev)
	if s.conn != nil {
		_ = s.conn.sendEvent(ev)
	}
}

func (g *FakeGateway) notifyLocked() {
	close(g.changed)
	g.changed = make(chan struct{})
}

// close ends every connection and refuses new ones (the test is over).
func (g *FakeGateway) close() {
	g.mu.Lock()
	g.closed = true
	conns := make([]*gatewayConn, 0, len(g.conns))
	for c := range g.conns {
		conns = append(conns, c)
	}
	release := g.release
	g.mu.Unlock()
	if release != nil {
		release()
	}
	for _, c := range conns {
		_ = c.ws.Close()
	}
}

func (c *gatewayConn) send(op int, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	return c.write(gatewayPayload{Op: op, Data: raw})
}

func (c *gatewayConn) sendEvent(ev gatewayEvent) error {
	return c.write(gatewayPayload{Op: opDispatch, Data: ev.data, Seq: ev.seq, Type: ev.typ})
}

func (c *gatewayConn) write(p gatewayPayload) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(p)
}
