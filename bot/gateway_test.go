package bot_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGatewayAnswersInteractionsThroughOwnREST(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	logs := &syncBuffer{}
	log := slogTo(logs)
	rest := bot.NewREST(fake.URL, "bot-token", bottest.DefaultAppID, bot.WithRESTLogger(log))
	mux := bot.NewMux()
	mux.Command("/whoami", bot.HandlerFunc(func(_ context.Context, in *bot.Interaction) *bot.Response {
		return bot.Private("you are %s in thread of %s", in.UserID(), in.ParentChannelID())
	}))
	e := bot.NewEngine(bot.EngineConfig{Handler: mux, REST: rest, Logger: log, After: neverFires})
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
	logs := &syncBuffer{}
	bot.RouteDiscordgoLogs(slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { discordgo.Logger = nil })
	discordgo.Logger(discordgo.LogWarning, 1, "websocket closed %d", 4000)
	assert.Contains(t, logs.String(), `"level":"WARN","msg":"websocket closed 4000","source":"discordgo"`)
}
