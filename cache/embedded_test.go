package cache

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEmbeddedRedisExpiresKeys(t *testing.T) {
	logs := &logBuffer{}
	tick := make(chan time.Time)
	s, err := Open(t.Context(), Options{Logger: slog.New(slog.NewTextHandler(logs, nil)), embeddedTick: tick})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	assert.Contains(t, logs.String(), "not persistent")
	assert.True(t, s.Healthy(t.Context()))

	v, err := GetOrLoad(t.Context(), s, "short:1", 2*time.Second, func(context.Context) (string, error) { return "soon gone", nil })
	require.NoError(t, err)
	require.Equal(t, "soon gone", v)
	require.NoError(t, s.BindChannel(t.Context(), "g", "c", "camp"))

	for range 4 { // each tick is one second of the embedded clock; an unbuffered send waits for the previous
		tick <- time.Now()
	}
	_, err = s.rdb.Get(t.Context(), s.cacheKey("short:1")).Result()
	assert.ErrorIs(t, err, redis.Nil, "the cached value expired")
	got, err := s.ChannelCampaign(t.Context(), "g", "c")
	require.NoError(t, err)
	assert.Equal(t, "camp", got, "state has no TTL")
}

func TestEmbeddedTickerStopsOnClose(t *testing.T) {
	s, err := Open(t.Context(), Options{Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.False(t, s.Healthy(t.Context()))
}
