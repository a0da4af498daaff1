package vclienttest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// tc is a plain net/http client for the emulator's own tests: it does not
// use vclient, so the wire format is checked independently.
type tc struct {
	t  *testing.T
	s  *Server
	sb *Demo
}

func newTC(t *testing.T, opts ...Option) *tc {
	t.Helper()
	s := NewServer(t, opts...)
	return &tc{t: t, s: s, sb: SeedDemo(s.Emulator)}
}

// resp is a finished response.
type resp struct {
	status int
	header http.Header
	raw    []byte
}

// json decodes the body into a generic value.
func (r *resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.raw, &m), "body: %s", r.raw)
	return m
}

// do sends a request to /api/v1+path with the API key; body may be nil, a
// string (sent as is) or any value (JSON-encoded).
func (c *tc) do(method, path string, body any, headers ...string) *resp {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		data, err := json.Marshal(b)
		require.NoError(c.t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(c.t.Context(), method, c.s.URL+"/api/v1"+path, rd)
	require.NoError(c.t, err)
	req.Header.Set("X-API-KEY", DefaultAPIKey)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	return &resp{status: res.StatusCode, header: res.Header, raw: raw}
}

// co prefixes a path with the sandbox company.
func (c *tc) co(path string) string { return "/companies/" + c.sb.CompanyID + path }

// user prefixes a path with the sandbox company and a user.
func (c *tc) user(userID, path string) string { return c.co("/users/" + userID + path) }

// requireProblem checks a problem+json error's status, title, detail and instance.
func requireProblem(t *testing.T, r *resp, status int, detail string) map[string]any {
	t.Helper()
	require.Equal(t, status, r.status, "body: %s", r.raw)
	require.Equal(t, "application/problem+json", r.header.Get("Content-Type"))
	m := r.json(t)
	require.EqualValues(t, status, m["status"])
	require.Equal(t, http.StatusText(status), m["title"])
	require.Equal(t, detail, m["detail"])
	require.Contains(t, m["instance"], "http://127.0.0.1:")
	return m
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
