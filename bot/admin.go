package bot

import (
	"context"
	"encoding/json"
	"net/http"
)

// Readiness is the bot's ability to answer interactions, for /readyz.
type Readiness struct {
	// Ready is false when the bot cannot answer interactions (listener not
	// serving, gateway disconnected, shutting down); Reason says why.
	Ready  bool
	Reason string
	// RedisDown marks the degraded-but-working state (fail-open).
	RedisDown bool
}

// NewAdminHandler serves GET /healthz ("ok" while the process runs), GET /readyz
// (503 {"status":"unavailable","reason":...}, 200 {"status":"ok"} or
// {"status":"degraded","redis":"down"}) and /metrics (404 when metrics is nil).
func NewAdminHandler(ready func(ctx context.Context) Readiness, metrics http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		rd := Readiness{Ready: true}
		if ready != nil {
			rd = ready(r.Context())
		}
		status, body := http.StatusOK, map[string]string{"status": "ok"}
		switch {
		case !rd.Ready:
			status, body = http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": rd.Reason}
		case rd.RedisDown:
			body = map[string]string{"status": "degraded", "redis": "down"}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(body)
	})
	if metrics != nil {
		mux.Handle("GET /metrics", metrics)
	}
	return mux
}
