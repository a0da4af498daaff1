package cache

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/redis/go-redis/v9"
)

// RouteRedisLogs sends go-redis's own log lines (pool dial failures and the like) into log at
// debug level instead of raw text on stderr, so JSON logs stay parseable; the cache already
// reports Redis trouble itself (fail-open warnings, rate-limited). go-redis keeps one
// process-wide logger: call this once, from main.
func RouteRedisLogs(log *slog.Logger) {
	redis.SetLogger(redisLogger{log: log})
}

type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, strings.TrimSpace(fmt.Sprintf(format, v...)), "source", "go-redis")
}
