package bot_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
)

// BenchmarkInteractionsInline measures the framework's own cost per
// interaction over HTTP: verify, decode, dedup, route, answer inline.
func BenchmarkInteractionsInline(b *testing.B) {
	mux := bot.NewMux()
	mux.Command("/quickroll", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
		return bot.Public("rolled")
	}))
	quiet := slog.New(slog.DiscardHandler)
	e := bot.NewEngine(bot.EngineConfig{Router: mux, Logger: quiet, Dedup: &memDedup{seen: map[string]bool{}}})
	signer := bottest.NewSigner()
	srv := httptest.NewServer(bot.NewInteractionsHandler(e, signer.Public))
	b.Cleanup(srv.Close)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, err := signer.Request(context.Background(), srv.URL+"/interactions", bottest.Command("/quickroll").JSON())
			if err != nil {
				b.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("status %d", resp.StatusCode)
			}
		}
	})
}
