package vclient

import (
	"context"
	"net/http"
)

// Health checks that the API is up and the key is accepted.
//
// It calls GET /api/v1/health.
func (c *Client) Health(ctx context.Context) error {
	return c.do(ctx, &request{method: http.MethodGet, route: "GET /health", path: "/health"}, nil)
}
