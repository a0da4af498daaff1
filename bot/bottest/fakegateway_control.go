package bottest

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// What a test does with the fake gateway, and what it can observe of it.

// Dispatch sends an event (op 0) on the current session of shard, or keeps it for
// the session's RESUME while its client is away. It fails the test when no
// client ever identified on that shard.
func (g *FakeGateway) Dispatch(shard int, eventType string, data json.RawMessage) {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := g.current[shard]
	if s == nil {
		g.t.Errorf("fake gateway: dispatch %s to shard %d, which no client identified on", eventType, shard)
		return
	}
	g.dispatchLocked(s, eventType, data)
}

// DispatchInteraction sends INTERACTION_CREATE with the interaction's JSON (see Builder.JSON).
func (g *FakeGateway) DispatchInteraction(shard int, interaction []byte) {
	g.Dispatch(shard, "INTERACTION_CREATE", interaction)
}

// CloseConnection closes the current connection of shard from the server side
// with a resumable close code (4000, "unknown error"), as Discord does when it
// wants the client to reconnect and RESUME. Events dispatched until the client
// is back are replayed on RESUME.
func (g *FakeGateway) CloseConnection(shard int) {
	g.mu.Lock()
	s := g.current[shard]
	var c *gatewayConn
	if s != nil {
		c, s.conn = s.conn, nil
	}
	g.mu.Unlock()
	if c == nil {
		g.t.Errorf("fake gateway: shard %d has no connection to close", shard)
		return
	}
	c.wmu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4000, "fake gateway: reconnect"), time.Now().Add(5*time.Second))
	c.wmu.Unlock()
	_ = c.ws.Close()
}

// InvalidateSession ends the current session of shard: the live connection gets
// INVALID_SESSION (d: false), which makes the client IDENTIFY anew, and a later
// RESUME of that session is refused the same way.
func (g *FakeGateway) InvalidateSession(shard int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := g.current[shard]
	if s == nil {
		g.t.Errorf("fake gateway: shard %d has no session to invalidate", shard)
		return
	}
	s.invalid = true
	if s.conn != nil {
		_ = s.conn.send(opInvalidSession, false)
	}
}

// RequestHeartbeat asks the client on shard for a heartbeat now (op 1), as Discord may.
func (g *FakeGateway) RequestHeartbeat(shard int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if s := g.current[shard]; s != nil && s.conn != nil {
		_ = s.conn.send(opHeartbeat, nil)
	}
}

// HoldConnections makes new websocket connections wait until release is called
// (or FailTimeout passes): the client stays disconnected meanwhile.
func (g *FakeGateway) HoldConnections() (release func()) {
	hold := make(chan struct{})
	var once sync.Once
	release = func() {
		once.Do(func() {
			g.mu.Lock()
			if g.hold == hold {
				g.hold, g.release = nil, nil
			}
			g.mu.Unlock()
			close(hold)
		})
	}
	g.mu.Lock()
	if g.release != nil {
		g.mu.Unlock()
		g.t.Fatal("fake gateway: connections are already held")
	}
	g.hold, g.release = hold, release
	g.mu.Unlock()
	return release
}

// Identifies are the IDENTIFYs received so far, in order.
func (g *FakeGateway) Identifies() []GatewayIdentify {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]GatewayIdentify(nil), g.identifies...)
}

// Resumes are the RESUMEs received so far, in order.
func (g *FakeGateway) Resumes() []GatewayResume {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]GatewayResume(nil), g.resumes...)
}

// Heartbeats is how many heartbeats the fake received (and acknowledged).
func (g *FakeGateway) Heartbeats() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.heartbeats
}

// Connections is how many websocket connections the fake accepted.
func (g *FakeGateway) Connections() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.connections
}

// WaitIdentifies waits until n IDENTIFYs arrived and returns them; it fails the test after FailTimeout.
func (g *FakeGateway) WaitIdentifies(t testing.TB, n int) []GatewayIdentify {
	t.Helper()
	g.wait(t, fmt.Sprintf("%d IDENTIFYs", n), func() bool { return len(g.identifies) >= n })
	return g.Identifies()
}

// WaitResumes waits until n RESUMEs arrived and returns them; it fails the test after FailTimeout.
func (g *FakeGateway) WaitResumes(t testing.TB, n int) []GatewayResume {
	t.Helper()
	g.wait(t, fmt.Sprintf("%d RESUMEs", n), func() bool { return len(g.resumes) >= n })
	return g.Resumes()
}

// WaitHeartbeats waits until n heartbeats arrived; it fails the test after FailTimeout.
func (g *FakeGateway) WaitHeartbeats(t testing.TB, n int) {
	t.Helper()
	g.wait(t, fmt.Sprintf("%d heartbeats", n), func() bool { return g.heartbeats >= n })
}

// WaitConnected waits until shard's current session has a live connection; it
// fails the test after FailTimeout.
func (g *FakeGateway) WaitConnected(t testing.TB, shard int) {
	t.Helper()
	g.wait(t, fmt.Sprintf("a connection on shard %d", shard), func() bool {
		s := g.current[shard]
		return s != nil && s.conn != nil
	})
}

// wait polls cond (called with g.mu held) on every change until it holds.
func (g *FakeGateway) wait(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(FailTimeout)
	defer deadline.Stop()
	for {
		g.mu.Lock()
		ok, changed := cond(), g.changed
		g.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("fake gateway: waited %v for %s", FailTimeout, what)
		}
	}
}
