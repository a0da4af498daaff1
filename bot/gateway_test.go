package bot_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGatewayAnswersInteractionsThroughOwnREST(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	logs := &bottest.SyncBuffer{}
	log := slogTo(logs)
	rest := bot.NewREST(fake.URL, "bot-token", bottest.DefaultAppID, bot.WithRESTLogger(log))
	mux := bot.NewMux()
	mux.Command("/whoami", bot.HandlerFunc(func(_ context.Context, in *bot.Interaction) *bot.Response {
		return bot.Private("you are %s in thread of %s", in.UserID(), in.ParentChannelID())
	}))
	e := bot.NewEngine(bot.EngineConfig{Router: mux, REST: rest, Logger: log, After: neverFires})
	g, err := bot.NewGateway("bot-token", 0, 1, e, rest, log)
	require.NoError(t, err)
	assert.False(t, g.Connected(), "not connected before Open")

	b := bottest.Command("/whoami").Thread("1234", "801")
	bot.OnGatewayEvent(g, &discordgo.Event{Type: "MESSAGE_CREATE", RawData: []byte(`{}`)})
	bot.OnGatewayEvent(g, &discordgo.Event{Type: "INTERACTION_CREATE", RawData: b.JSON()})

	cb := fake.WaitFor(t, bottest.Callback, 1)
	in := b.Interaction()
	assert.Equal(t, "/api/v9/interactions/"+in.ID+"/"+in.Token+"/callback", cb[0].Path)
	body := cb[0].JSON()
	assert.EqualValues(t, 4, body["type"])
	assert.Equal(t, "you are 300 in thread of 801", data(body)["content"])
	assert.Equal(t, 64, flagsOf(data(body)))
	assert.Len(t, fake.Requests(), 1, "only the interaction was answered")
}

func TestDiscordgoLogsGoToSlog(t *testing.T) {
	logs := &bottest.SyncBuffer{}
	bot.RouteDiscordgoLogs(slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { bot.RouteDiscordgoLogs(nil) })
	discordgo.Logger(discordgo.LogWarning, 1, "websocket closed %d", 4000)
	assert.Contains(t, logs.String(), `"level":"WARN","msg":"websocket closed 4000","source":"discordgo"`)
}

func TestGatewayFirstResponseGivesUpAtDiscordsDeadlineBehindAGlobal429(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	fake.ReplyNext(bottest.Callback, bottest.Reply{
		Status: http.StatusTooManyRequests,
		Header: http.Header{"X-Ratelimit-Global": {"true"}},
		Body:   `{"message":"You are being rate limited.","retry_after":60,"global":true}`,
	})
	logs := &bottest.SyncBuffer{}
	log := slogTo(logs)
	rest := bot.NewREST(fake.URL, "bot-token", bottest.DefaultAppID, bot.WithRESTLogger(log))
	mux := bot.NewMux()
	mux.Command("/whoami", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response { return bot.Private("hi") }))
	e := bot.NewEngine(bot.EngineConfig{Router: mux, REST: rest, Logger: log, After: neverFires})
	g, err := bot.NewGateway("bot-token", 0, 1, e, rest, log)
	require.NoError(t, err)

	// Each interaction is logged once its first response was sent or given up:
	// behind a 60 s global 429 that is at Discord's 3 s deadline, not 60 s later.
	for _, b := range []*bottest.Builder{bottest.Command("/whoami"), bottest.Command("/whoami")} {
		bot.OnGatewayEvent(g, &discordgo.Event{Type: "INTERACTION_CREATE", RawData: b.JSON()})
		waitLogged(t, logs, `"msg":"interaction","interaction_id":"`+b.Interaction().ID+`"`)
	}
	assert.Equal(t, 2, strings.Count(logs.String(), "send first interaction response"), logs.String())
	assert.Equal(t, 1, fake.Count(bottest.Callback), "no retry after the 429, and no call while globally limited")
}

// waitLogged polls logs until they contain s; it fails the test after bottest.FailTimeout.
func waitLogged(t *testing.T, logs *bottest.SyncBuffer, s string) {
	t.Helper()
	if !bottest.WaitUntil(func() bool { return strings.Contains(logs.String(), s) }) {
		t.Fatalf("no %s logged within %v; logs:\n%s", s, bottest.FailTimeout, logs)
	}
}

func TestGatewaySessionMakesNoDiscordCallButDiscoveryAndRefusesABadAPIURL(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	rest := bot.NewREST(fake.URL, "bot-token", bottest.DefaultAppID, quiet)
	g, err := bot.NewGateway("bot-token", 0, 1, bot.NewEngine(bot.EngineConfig{REST: rest}), rest, nil)
	require.NoError(t, err)

	_, err = bot.GatewaySession(g).User("@me")
	assert.ErrorContains(t, err, "only gateway discovery goes through discordgo")
	url, err := bot.GatewaySession(g).Gateway()
	require.NoError(t, err)
	assert.Equal(t, "ws://"+strings.TrimPrefix(fake.URL, "http://")+"/gateway-ws/", url)
	assert.Equal(t, []bottest.Kind{bottest.Gateway}, kinds(fake.Requests()), "discovery reached the fake, the refused call nothing")

	_, err = bot.NewGateway("bot-token", 0, 1, nil, bot.NewREST("not a url", "t", "700"), nil)
	assert.ErrorContains(t, err, "api_url")
}

func kinds(reqs []bottest.Request) []bottest.Kind {
	var out []bottest.Kind
	for _, r := range reqs {
		out = append(out, r.Kind)
	}
	return out
}
