package app

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
)

// publicServers names the app's listeners and a request each one answers.
func (ta *testApp) publicServers() []struct{ name, addr, path string } {
	return []struct{ name, addr, path string }{
		{"interactions", ta.app.interactionsAddr, "/interactions"},
		{"admin", ta.app.adminAddr, "/healthz"},
	}
}

// dialAndWrite opens a loopback connection to addr and writes s on it.
func dialAndWrite(t *testing.T, addr, s string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	_, err = io.WriteString(c, s)
	require.NoError(t, err)
	return c
}

// closedByServer reads c to its end and reports whether the server closed it
// within bottest.FailTimeout (a generous bound: what matters is that it does).
func closedByServer(c net.Conn) bool {
	_ = c.SetReadDeadline(time.Now().Add(bottest.FailTimeout))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	return !errors.As(err, &ne) || !ne.Timeout()
}

func TestPublicServersAnswerWhile200SlowHeaderConnectionsHang(t *testing.T) {
	t.Parallel()
	ta := startTestApp(t)
	for _, srv := range ta.publicServers() {
		t.Run(srv.name, func(t *testing.T) {
			slow := make([]net.Conn, 200)
			for i := range slow {
				// Headers that never end: the slowloris pattern.
				slow[i] = dialAndWrite(t, srv.addr, "POST "+srv.path+" HTTP/1.1\r\nHost: noirbot\r\nX-Slow: ")
			}

			client := &http.Client{Timeout: 10 * time.Second}
			if srv.name == "interactions" {
				req, err := ta.signer.Request(t.Context(), "http://"+srv.addr+srv.path, bottest.Command("/help").JSON())
				require.NoError(t, err)
				resp, err := client.Do(req)
				require.NoError(t, err, "a signed interaction is answered while 200 connections hang")
				_ = resp.Body.Close()
				assert.Equal(t, http.StatusOK, resp.StatusCode)
			} else {
				resp, err := client.Get("http://" + srv.addr + "/readyz")
				require.NoError(t, err, "/readyz is answered while 200 connections hang")
				_ = resp.Body.Close()
				assert.Equal(t, http.StatusOK, resp.StatusCode)
			}

			closed := make(chan bool, len(slow))
			for _, c := range slow {
				go func() { closed <- closedByServer(c) }()
			}
			n := 0
			for range slow {
				if <-closed {
					n++
				}
			}
			assert.Equal(t, len(slow), n, "the server cut every connection whose headers never ended")
		})
	}
}

func TestPublicServersCutSlowBodiesIdleConnectionsAndOversizedHeaders(t *testing.T) {
	t.Parallel()
	ta := startTestApp(t, withApp(withServerLimits(serverLimits{
		readHeader: 500 * time.Millisecond, read: time.Second, idle: time.Second, maxHeaderBytes: defaultServerLimits().maxHeaderBytes,
	})))
	for _, srv := range ta.publicServers() {
		t.Run(srv.name+": a body that never arrives is cut", func(t *testing.T) {
			c := dialAndWrite(t, srv.addr, "POST "+srv.path+" HTTP/1.1\r\nHost: noirbot\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
			assert.True(t, closedByServer(c))
		})
		t.Run(srv.name+": an idle keep-alive connection is closed", func(t *testing.T) {
			c := dialAndWrite(t, srv.addr, "GET /healthz HTTP/1.1\r\nHost: noirbot\r\n\r\n")
			_ = c.SetReadDeadline(time.Now().Add(bottest.FailTimeout))
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			require.NoError(t, err)
			_ = resp.Body.Close()
			assert.True(t, closedByServer(c))
		})
		t.Run(srv.name+": headers over the limit get 431", func(t *testing.T) {
			big := strings.Repeat("a", 64<<10)
			c := dialAndWrite(t, srv.addr, "GET "+srv.path+" HTTP/1.1\r\nHost: noirbot\r\nX-Big: "+big+"\r\n\r\n")
			_ = c.SetReadDeadline(time.Now().Add(bottest.FailTimeout))
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			require.NoError(t, err)
			_ = resp.Body.Close()
			assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, resp.StatusCode)
		})
	}
}
