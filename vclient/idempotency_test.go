package vclient

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdempotencyKeys(t *testing.T) {
	auto, err := New("http://x.test", "k")
	require.NoError(t, err)
	off, err := New("http://x.test", "k", WithIdempotency(false))
	require.NoError(t, err)
	ctx := t.Context()
	keyed := WithIdempotencyKey(ctx, "noirbot-123-xp")
	tests := []struct {
		name   string
		c      *Client
		method string
		keyed  bool
		want   string // "uuid" = a fresh UUID v4
	}{
		{"POST gets a UUID", auto, http.MethodPost, false, "uuid"},
		{"PATCH gets a UUID", auto, http.MethodPatch, false, "uuid"},
		{"GET gets none", auto, http.MethodGet, false, ""},
		{"DELETE ignores a caller key", auto, http.MethodDelete, true, ""},
		{"caller key wins", auto, http.MethodPost, true, "noirbot-123-xp"},
		{"automatic keys off", off, http.MethodPost, false, ""},
		{"caller key even when off", off, http.MethodPatch, true, "noirbot-123-xp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ctx
			if tt.keyed {
				c = keyed
			}
			got := tt.c.idempotencyKey(c, tt.method)
			if tt.want == "uuid" {
				assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, got)
				return
			}
			assert.Equal(t, tt.want, got)
		})
	}
	assert.NotEqual(t, newUUID(), newUUID())
}

func TestEachLogicalCallGetsItsOwnKey(t *testing.T) {
	c, mux, _ := setup(t)
	var keys []string
	mux.HandleFunc(xpAddPath, func(w http.ResponseWriter, r *http.Request) {
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		reply(w, 201, xpBody)
	})
	for range 2 {
		_, err := c.OnBehalfOf("st1").Users(coID).AddXP(t.Context(), userID, "camp1", 1)
		require.NoError(t, err)
	}
	require.Len(t, keys, 2)
	assert.NotEqual(t, keys[0], keys[1])
}
