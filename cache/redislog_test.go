package cache

import (
	"bytes"
	"context"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRedisLogLinesBecomeDebugRecords(t *testing.T) {
	var buf bytes.Buffer
	l := redisLogger{log: slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	l.Printf(context.Background(), "redis: dial %s failed\n", "127.0.0.1:1")
	assert.Contains(t, buf.String(), `"level":"DEBUG"`)
	assert.Contains(t, buf.String(), `"msg":"redis: dial 127.0.0.1:1 failed"`)
	assert.Contains(t, buf.String(), `"source":"go-redis"`)
}
