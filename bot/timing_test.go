package bot_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// memTransport answers every Discord call in memory, so the whole engine runs inside a synctest bubble.
type memTransport struct {
	mu    sync.Mutex
	calls []string
}

func (m *memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	m.mu.Lock()
	m.calls = append(m.calls, r.Method+" "+r.URL.Path)
	m.mu.Unlock()
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(`{}`)), Header: http.Header{}, Request: r}, nil
}

func sleeper(d time.Duration, resp *bot.Response) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, _ *bot.Interaction) *bot.Response {
		select {
		case <-time.After(d):
		case <-ctx.Done():
		}
		return resp
	})
}

// On synctest's fake clock, the first response goes out exactly when the rules say.
func TestEngineFirstResponseTimingOnTheFakeClock(t *testing.T) {
	tests := []struct {
		name     string
		in       *bottest.Builder
		wantAt   time.Duration
		wantType discordgo.InteractionResponseType
		wantREST []string
	}{
		{"a handler within defer_after is answered inline", bottest.Command("/fast"), time.Second, 4, nil},
		{"a slower one is acknowledged at defer_after, then edited", bottest.Command("/slow"), 1500 * time.Millisecond, 5,
			[]string{"PATCH /api/v9/webhooks/700/{token}/messages/@original"}},
		{"a modal route gets 2.5 s, then the slow message", bottest.Command("/modal"), 2500 * time.Millisecond, 4, nil},
		{"autocomplete gets 2 s, then no choices", bottest.Autocomplete("/slow", "name"), 2 * time.Second, 8, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				transport := &memTransport{}
				quiet := slog.New(slog.DiscardHandler)
				rest := bot.NewREST("https://discord.test", "bot-token", "700",
					bot.WithRESTHTTPClient(&http.Client{Transport: transport}), bot.WithRESTLogger(quiet))
				mux := bot.NewMux()
				mux.Command("/fast", sleeper(time.Second, bot.Public("fast")))
				mux.Command("/slow", sleeper(5*time.Second, bot.Public("slow")))
				mux.Command("/modal", sleeper(5*time.Second, &bot.Response{Kind: bot.ModalForm, Modal: &bot.Modal{CustomID: "m"}}), bot.OpensModal())
				mux.Autocomplete("/slow", sleeper(5*time.Second, &bot.Response{Kind: bot.Choices}))
				e := bot.NewEngine(bot.EngineConfig{Router: mux, REST: rest, Logger: quiet})

				in := tt.in.Interaction()
				start := time.Now()
				var at time.Duration
				var got *discordgo.InteractionResponse
				e.Dispatch(t.Context(), in, func(r *discordgo.InteractionResponse) error {
					at, got = time.Since(start), r
					return nil
				})
				require.NotNil(t, got)
				assert.Equal(t, tt.wantAt, at)
				assert.Equal(t, tt.wantType, got.Type)
				var want []string
				for _, c := range tt.wantREST {
					want = append(want, strings.ReplaceAll(c, "{token}", in.Token))
				}
				assert.Equal(t, want, transport.calls)
			})
		})
	}
}

// hangingDedup stands in for a Redis that does not answer: it fails open when its context ends.
type hangingDedup struct{}

func (hangingDedup) FirstDelivery(ctx context.Context, _ string) bool {
	<-ctx.Done()
	return true
}

func TestEngineSlowDedupDoesNotDelayTheFirstResponsePastItsBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		quiet := slog.New(slog.DiscardHandler)
		rest := bot.NewREST("https://discord.test", "bot-token", "700",
			bot.WithRESTHTTPClient(&http.Client{Transport: &memTransport{}}), bot.WithRESTLogger(quiet))
		mux := bot.NewMux()
		mux.Command("/modal", sleeper(time.Minute, &bot.Response{Kind: bot.ModalForm}), bot.OpensModal())
		e := bot.NewEngine(bot.EngineConfig{Router: mux, REST: rest, Logger: quiet, Dedup: hangingDedup{}})
		start := time.Now()
		var at time.Duration
		e.Dispatch(t.Context(), bottest.Command("/modal").Interaction(), func(*discordgo.InteractionResponse) error {
			at = time.Since(start)
			return nil
		})
		assert.Equal(t, 2500*time.Millisecond, at, "the budget counts from arrival, dedup time included")
	})
}
