package cache

import (
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEmbeddedFirstDeliveryKeepsNoKeyPerInteraction(t *testing.T) {
	s, err := Open(t.Context(), Options{KeyPrefix: "embedded-dedup", Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	ctx := t.Context()

	assert.True(t, s.FirstDelivery(ctx, "i-1"), "first delivery")
	assert.False(t, s.FirstDelivery(ctx, "i-1"), "a duplicate")
	assert.True(t, s.FirstDelivery(ctx, "i-2"))
	n, err := s.Redis().Exists(ctx, s.stateKey("dedup", "i-1"), s.stateKey("dedup", "i-2")).Result()
	require.NoError(t, err)
	assert.Zero(t, n, "the in-process LRU decides alone: no 15-minute key per interaction in this process's memory")
}
