package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gatewayRig is a Gateway opened against a fake Discord through api_url.
type gatewayRig struct {
	fake *bottest.FakeDiscord
	gw   *bottest.FakeGateway
	g    *bot.Gateway
	logs *bottest.SyncBuffer
}

// openGateway opens a real discordgo session on the fake gateway; /whoami answers
// with the caller's id.
func openGateway(t *testing.T, shardID, shardCount int, configure func(*bottest.FakeGateway)) *gatewayRig {
	t.Helper()
	r := &gatewayRig{fake: bottest.NewFakeDiscord(t), logs: &bottest.SyncBuffer{}}
	r.gw = r.fake.Gateway()
	if configure != nil {
		configure(r.gw)
	}
	log := slogTo(r.logs)
	rest := bot.NewREST(r.fake.URL+"/ignored", "bot-token", bottest.DefaultAppID, bot.WithRESTLogger(log), bot.WithRESTVersion("1.2.3"))
	mux := bot.NewMux()
	mux.Command("/whoami", bot.HandlerFunc(func(_ context.Context, in *bot.Interaction) *bot.Response {
		return bot.Private("you are %s", in.UserID())
	}))
	e := bot.NewEngine(bot.EngineConfig{Router: mux, REST: rest, Logger: log, After: neverFires})
	g, err := bot.NewGateway("bot-token", shardID, shardCount, e, rest, log)
	require.NoError(t, err)
	require.NoError(t, g.Open())
	t.Cleanup(func() { _ = g.Close() })
	r.g = g
	r.waitConnected(t, true)
	return r
}

// waitConnected polls Connected (what /readyz reads) until it is want.
func (r *gatewayRig) waitConnected(t *testing.T, want bool) {
	t.Helper()
	if !bottest.WaitUntil(func() bool { return r.g.Connected() == want }) {
		t.Fatalf("gateway Connected() stayed %v for %v; logs:\n%s", !want, bottest.FailTimeout, r.logs)
	}
}

// answered waits for the callback of b's interaction and returns its content.
func (r *gatewayRig) answered(t *testing.T, b *bottest.Builder) string {
	t.Helper()
	in := b.Interaction()
	deadline := time.Now().Add(bottest.FailTimeout)
	for n := 1; ; n++ {
		for _, cb := range r.fake.WaitFor(t, bottest.Callback, n) {
			if cb.Token() == in.Token {
				content, _ := data(cb.JSON())["content"].(string)
				return content
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no callback for interaction %s", in.ID)
		}
	}
}

func TestGatewayDiscoversItsURLThroughAPIURLAndIdentifiesWithItsShard(t *testing.T) {
	r := openGateway(t, 1, 2, nil)

	ids := r.gw.WaitIdentifies(t, 1)
	assert.Equal(t, [2]int{1, 2}, ids[0].Shard)
	assert.Equal(t, int(discordgo.IntentsGuilds), ids[0].Intents, "the guilds intent only, nothing privileged")
	assert.Equal(t, "Bot bot-token", ids[0].Token)

	disc := r.fake.Requests(bottest.Gateway)
	require.Len(t, disc, 1, "gateway discovery went to api_url's host")
	assert.Equal(t, "/api/v9/gateway", disc[0].Path)
	assert.Equal(t, "DiscordBot (https://github.com/noirbot/noirbot, 1.2.3)", disc[0].Header.Get("User-Agent"))
	assert.Equal(t, "https://discord.com/api/v9/", discordgo.EndpointAPI, "discordgo's package-level endpoints are untouched")

	b := bottest.Command("/whoami")
	r.gw.DispatchInteraction(1, b.JSON())
	assert.Equal(t, "you are 300", r.answered(t, b))
	cb := r.fake.Requests(bottest.Callback)[0]
	assert.Equal(t, "DiscordBot (https://github.com/noirbot/noirbot, 1.2.3)", cb.Header.Get("User-Agent"))
}

func TestGatewayHeartbeatsAtTheIntervalHelloAsksAndWhenAsked(t *testing.T) {
	t.Run("on the interval", func(t *testing.T) {
		r := openGateway(t, 0, 1, func(gw *bottest.FakeGateway) { gw.SetHeartbeatInterval(200 * time.Millisecond) })
		r.gw.WaitHeartbeats(t, 3)
		assert.Len(t, r.gw.Identifies(), 1)
	})
	t.Run("when the gateway asks", func(t *testing.T) {
		r := openGateway(t, 0, 1, nil)
		r.gw.WaitHeartbeats(t, 1) // discordgo sends one as soon as it is connected
		r.gw.RequestHeartbeat(0)
		r.gw.WaitHeartbeats(t, 2)
		assert.True(t, r.g.Connected())
	})
}

func TestGatewayResumesAfterAServerCloseAndGetsWhatWasSentMeanwhile(t *testing.T) {
	discordgoLogs := &bottest.SyncBuffer{}
	bot.RouteDiscordgoLogs(slogTo(discordgoLogs))
	t.Cleanup(func() { bot.RouteDiscordgoLogs(nil) }) // after the session's own cleanup closed it
	r := openGateway(t, 0, 1, nil)
	release := r.gw.HoldConnections()
	r.gw.CloseConnection(0)
	r.waitConnected(t, false)

	b := bottest.Command("/whoami").User("301", "bob")
	r.gw.DispatchInteraction(0, b.JSON())
	release()

	res := r.gw.WaitResumes(t, 1)
	assert.True(t, res[0].Resumed)
	assert.Equal(t, r.gw.Identifies()[0].SessionID, res[0].SessionID)
	assert.Equal(t, "you are 301", r.answered(t, b))
	r.waitConnected(t, true)
	assert.Len(t, r.gw.Identifies(), 1, "resumed, not identified anew")
	assert.Contains(t, discordgoLogs.String(), "Discord is replaying missed events (not logged)", "the replay came before RESUMED, as Discord sends it")
	assert.NotContains(t, r.logs.String()+discordgoLogs.String(), "token-", "no interaction token reaches the logs")
}

func TestGatewayInvalidSessionMakesItIdentifyAnew(t *testing.T) {
	t.Run("on the live connection", func(t *testing.T) {
		r := openGateway(t, 0, 1, nil)
		r.gw.InvalidateSession(0)
		ids := r.gw.WaitIdentifies(t, 2)
		assert.NotEqual(t, ids[0].SessionID, ids[1].SessionID)

		b := bottest.Command("/whoami")
		r.gw.DispatchInteraction(0, b.JSON())
		assert.Equal(t, "you are 300", r.answered(t, b))
	})
	t.Run("when it tries to resume", func(t *testing.T) {
		r := openGateway(t, 0, 1, nil)
		release := r.gw.HoldConnections()
		r.gw.CloseConnection(0)
		r.waitConnected(t, false)
		r.gw.InvalidateSession(0)
		release()

		res := r.gw.WaitResumes(t, 1)
		assert.False(t, res[0].Resumed, "the fake refused the RESUME")
		r.gw.WaitIdentifies(t, 2)
		r.waitConnected(t, true)

		b := bottest.Command("/whoami")
		r.gw.DispatchInteraction(0, b.JSON())
		assert.Equal(t, "you are 300", r.answered(t, b))
	})
}
