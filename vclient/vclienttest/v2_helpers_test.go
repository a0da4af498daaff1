package vclienttest

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// newTC2 is newTC for an emulator serving API v2.
func newTC2(t *testing.T, opts ...Option) *tc {
	t.Helper()
	return newTC(t, append([]Option{WithAPIVersion(V2)}, opts...)...)
}

// as sends a request with On-Behalf-Of set to actingID.
func (c *tc) as(actingID, method, path string, body any, headers ...string) *resp {
	c.t.Helper()
	return c.do(method, path, body, append([]string{"On-Behalf-Of", actingID}, headers...)...)
}

var (
	uuid7Pattern     = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	requestIDPattern = regexp.MustCompile(`^req_[A-Za-z0-9_-]{22}$`)
)

// requireProblem2 is requireProblem plus v2's request_id (equal to the
// X-Request-Id header).
func requireProblem2(t *testing.T, r *resp, status int, detail string) map[string]any {
	t.Helper()
	m := requireProblem(t, r, status, detail)
	require.Regexp(t, requestIDPattern, m["request_id"])
	require.Equal(t, r.header.Get("X-Request-Id"), m["request_id"])
	return m
}

// items returns a page's items.
func items(t *testing.T, r *resp) []any {
	t.Helper()
	require.Equal(t, 200, r.status, "body: %s", r.raw)
	return r.json(t)["items"].([]any)
}
