package bottest

import (
	"context"
	"log/slog"

	"github.com/noirbot/noirbot/bot"
)

// Recorder runs a Handler on an interaction and returns its Response, like
// httptest.ResponseRecorder; panics become the same error response the engine sends.
type Recorder struct {
	Handler bot.Handler
	Logger  *slog.Logger
	// Responses are all responses returned so far, in order.
	Responses []*bot.Response
}

// NewRecorder returns a Recorder for h.
func NewRecorder(h bot.Handler) *Recorder {
	return &Recorder{Handler: h, Logger: slog.New(slog.DiscardHandler)}
}

// Do runs the handler on in (build one with Command, Click, ...) and returns the response.
func (r *Recorder) Do(ctx context.Context, in *bot.Interaction) *bot.Response {
	resp := bot.Recover(r.Logger)(r.Handler).ServeInteraction(ctx, in)
	r.Responses = append(r.Responses, resp)
	return resp
}

// Run builds the interaction and runs the handler on it.
func (r *Recorder) Run(ctx context.Context, b *Builder) *bot.Response {
	return r.Do(ctx, b.Interaction())
}

// AnyRoute is a Router that sends every interaction to h, named "any" (console tests that
// answer everything with one handler).
func AnyRoute(h bot.Handler) bot.Router { return anyRoute{h} }

type anyRoute struct{ bot.Handler }

func (anyRoute) Route(*bot.Interaction) bot.RouteInfo { return bot.RouteInfo{Name: "any", Known: true} }
