package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/stretchr/testify/assert"
)

func answer(text string) bot.Handler {
	return bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response { return bot.Public("%s", text) })
}

func newTestMux() *bot.Mux {
	m := bot.NewMux()
	m.Command("/quickroll", answer("quickroll"))
	m.Command("/xp/add", answer("xp add"), bot.Award(), bot.EphemeralIf(func(in *bot.Interaction) bool {
		p, _ := in.BoolOption("private")
		return p
	}))
	m.Autocomplete("/quickroll", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
		return &bot.Response{Kind: bot.Choices}
	}))
	m.Component("qr", answer("reroll"))
	m.Component("page", answer("page"), bot.Updates())
	m.ModalSubmit("note", answer("note saved"), bot.Ephemeral())
	return m
}

func TestMuxRoutesEveryKindOfInteraction(t *testing.T) {
	rec := bottest.NewRecorder(newTestMux())
	tests := []struct {
		name string
		in   *bottest.Builder
		want string
	}{
		{"a command by name", bottest.Command("/quickroll"), "quickroll"},
		{"a subcommand by path", bottest.Command("/xp/add"), "xp add"},
		{"a button by custom_id prefix", bottest.Click("qr:1:2:6:0:p:300"), "reroll"},
		{"a button whose custom_id is just the prefix", bottest.Click("qr"), "reroll"},
		{"a modal submit by prefix", bottest.Submit("note:new", nil), "note saved"},
		{"an unknown command", bottest.Command("/nope"), "Unknown command"},
		{"an unknown subcommand", bottest.Command("/xp/nope"), "Unknown command"},
		{"a button with an unknown prefix", bottest.Click("qrx:1"), "Unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, rec.Run(t.Context(), tt.in).Content)
		})
	}
	assert.True(t, bot.Private("x").Ephemeral)
	assert.True(t, rec.Run(t.Context(), bottest.Command("/nope")).Ephemeral, "unknown is private")
	assert.Equal(t, bot.Choices, rec.Run(t.Context(), bottest.Autocomplete("/nope", "x")).Kind, "unknown autocomplete has no choices")
}

func TestMuxRouteInfoDecidesDeferral(t *testing.T) {
	m := newTestMux()
	tests := []struct {
		name string
		in   *bottest.Builder
		want bot.RouteInfo
	}{
		{"public command", bottest.Command("/quickroll"), bot.RouteInfo{Name: "/quickroll", Known: true}},
		{"award decided private from its options", bottest.Command("/xp/add", bottest.O("private", true)),
			bot.RouteInfo{Name: "/xp/add", Known: true, Award: true, Ephemeral: true}},
		{"updating component", bottest.Click("page:3"), bot.RouteInfo{Name: "page", Known: true, Updates: true}},
		{"modal submit", bottest.Submit("note:1", nil), bot.RouteInfo{Name: "note modal", Known: true, Ephemeral: true}},
		{"autocomplete", bottest.Autocomplete("/quickroll", "name"), bot.RouteInfo{Name: "/quickroll autocomplete", Known: true, Autocomplete: true}},
		{"unknown", bottest.Click("zz"), bot.RouteInfo{Name: "unknown", Ephemeral: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, m.Route(tt.in.Interaction()))
		})
	}
}

func TestMuxAppliesMiddlewareOutermostFirst(t *testing.T) {
	m := newTestMux()
	var order []string
	tag := func(name string) bot.Middleware {
		return func(next bot.Handler) bot.Handler {
			return bot.HandlerFunc(func(ctx context.Context, in *bot.Interaction) *bot.Response {
				order = append(order, name)
				return next.ServeInteraction(ctx, in)
			})
		}
	}
	m.Use(tag("outer"), tag("inner"))
	bottest.NewRecorder(m).Run(t.Context(), bottest.Command("/quickroll"))
	assert.Equal(t, []string{"outer", "inner"}, order)
}

func TestRecoverMiddlewareTurnsPanicsIntoAnError(t *testing.T) {
	logs := &bottest.SyncBuffer{}
	h := bot.Recover(slogTo(logs))(bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response { panic("boom") }))
	resp := h.ServeInteraction(t.Context(), bottest.Command("/quickroll").ID("31337").Interaction())
	assert.Equal(t, "Something went wrong (ref 31337)", resp.Content)
	assert.True(t, resp.Ephemeral)
	assert.Contains(t, logs.String(), `"interaction_id":"31337"`)
}

func TestInstrumentWritesTheEnginesInteractionLine(t *testing.T) {
	logs := &bottest.SyncBuffer{}
	m := bot.NewMux()
	m.Command("/xp/add", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
		return &bot.Response{Outcome: "denied"}
	}))
	bot.Instrument(m, slogTo(logs), nil).ServeInteraction(t.Context(), bottest.Command("/xp/add").ID("5150").Guild("42").Interaction())
	for _, want := range []string{`"msg":"interaction"`, `"interaction_id":"5150"`, `"guild":"42"`, `"user":"300"`, `"command":"/xp/add"`,
		`"route":"/xp/add"`, `"latency"`, `"outcome":"denied"`, `"deferred":false`} {
		assert.Contains(t, logs.String(), want)
	}
}

func TestInstrumentRecoversAPanic(t *testing.T) {
	m := bot.NewMux()
	m.Command("/quickroll", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response { panic("boom") }))
	resp := bot.Instrument(m, slogTo(&bottest.SyncBuffer{}), nil).ServeInteraction(t.Context(), bottest.Command("/quickroll").ID("7").Interaction())
	assert.Equal(t, "Something went wrong (ref 7)", resp.Content)
	assert.Equal(t, "panic", resp.Outcome)
}

func FuzzMux(f *testing.F) {
	for _, s := range []string{"qr", "qr:", "qr:1:2", "page:3", ":", "", "qrx", "note:new", "qr::::", "\x00:qr"} {
		f.Add(s)
	}
	m := newTestMux()
	f.Fuzz(func(t *testing.T, customID string) {
		in := bottest.Click(customID).Interaction()
		resp := m.ServeInteraction(t.Context(), in)
		if resp == nil {
			t.Fatal("nil response")
		}
		prefix, _, _ := strings.Cut(customID, ":")
		want := map[string]string{"qr": "reroll", "page": "page"}[prefix]
		if want == "" {
			want = "Unknown command"
		}
		if resp.Content != want {
			t.Fatalf("custom_id %q routed to %q, want %q", customID, resp.Content, want)
		}
		if got := m.Route(in); got.Known != (want != "Unknown command") {
			t.Fatalf("Route(%q).Known = %v", customID, got.Known)
		}
	})
}
