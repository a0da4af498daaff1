package vclient

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
)

type idempotencyKeyCtx struct{}

// WithIdempotencyKey returns a context whose POST/PATCH calls send key as their Idempotency-Key
// (instead of a generated one), so a call repeated by another process or after a restart is
// applied once. The API remembers a key per path for an hour.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKeyCtx{}, key)
}

// idempotencyKey is the key for one logical call: the caller's, or a fresh UUID v4 for writes.
func (c *Client) idempotencyKey(ctx context.Context, method string) string {
	if method != http.MethodPost && method != http.MethodPatch && method != http.MethodPut {
		return ""
	}
	if key, _ := ctx.Value(idempotencyKeyCtx{}).(string); key != "" {
		return key
	}
	if !c.idempotency {
		return ""
	}
	return newUUID()
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
