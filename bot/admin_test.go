package bot_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/noirbot/noirbot/bot"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, path, nil))
	body, err := io.ReadAll(rec.Result().Body)
	require.NoError(t, err)
	return rec.Code, string(body)
}

func TestAdminHandler(t *testing.T) {
	metrics := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "noirbot_up 1") })
	tests := []struct {
		name    string
		ready   bot.Readiness
		metrics http.Handler
		path    string
		status  int
		body    string
	}{
		{"healthz answers while the process runs", bot.Readiness{}, nil, "/healthz", 200, "ok"},
		{"readyz when ready", bot.Readiness{Ready: true}, nil, "/readyz", 200, `{"status":"ok"}` + "\n"},
		{"readyz degraded with Redis down", bot.Readiness{Ready: true, RedisDown: true}, nil, "/readyz", 200, `{"redis":"down","status":"degraded"}` + "\n"},
		{"readyz unavailable with a reason", bot.Readiness{Reason: "gateway disconnected"}, nil, "/readyz", 503, `{"reason":"gateway disconnected","status":"unavailable"}` + "\n"},
		{"metrics mounted", bot.Readiness{Ready: true}, metrics, "/metrics", 200, "noirbot_up 1"},
		{"no metrics handler", bot.Readiness{Ready: true}, nil, "/metrics", 404, "404 page not found\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := bot.NewAdminHandler(func(context.Context) bot.Readiness { return tt.ready }, tt.metrics)
			status, body := get(t, h, tt.path)
			assert.Equal(t, tt.status, status)
			assert.Equal(t, tt.body, body)
		})
	}
}
