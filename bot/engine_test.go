package bot_test

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type recordingObserver struct {
	mu         sync.Mutex
	calls      []string
	duplicates atomic.Int32
}

func (o *recordingObserver) Interaction(command, outcome string, _ time.Duration, deferred bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	d := "inline"
	if deferred {
		d = "deferred"
	}
	o.calls = append(o.calls, command+" "+outcome+" "+d)
}
func (o *recordingObserver) Duplicate()                { o.duplicates.Add(1) }
func (o *recordingObserver) DiscordRateLimited(string) {}

// gatewayEngine is an Engine used as in gateway mode: first responses are collected.
type gatewayEngine struct {
	*bot.Engine
	fake   *bottest.FakeDiscord
	obs    *recordingObserver
	firsts chan *discordgo.InteractionResponse
}

func newGatewayEngine(t *testing.T, after func(time.Duration) <-chan time.Time, routes func(*bot.Mux)) *gatewayEngine {
	fake := bottest.NewFakeDiscord(t)
	mux := bot.NewMux()
	routes(mux)
	obs := &recordingObserver{}
	quietLog := slog.New(slog.DiscardHandler)
	e := bot.NewEngine(bot.EngineConfig{
		Router: mux, REST: bot.NewREST(fake.URL, "bot-token", bottest.DefaultAppID, bot.WithRESTLogger(quietLog)),
		Dedup: &memDedup{seen: map[string]bool{}}, Logger: quietLog, Observer: obs, After: after,
	})
	return &gatewayEngine{Engine: e, fake: fake, obs: obs, firsts: make(chan *discordgo.InteractionResponse, 100)}
}

func (g *gatewayEngine) first(r *discordgo.InteractionResponse) error {
	g.firsts <- r
	return nil
}

// dispatch runs an interaction in the background; wait for it with the returned channel.
func (g *gatewayEngine) dispatch(t *testing.T, in *bot.Interaction) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		g.Dispatch(context.WithoutCancel(t.Context()), in, g.first)
	}()
	return done
}

func wait(t *testing.T, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(bottest.FailTimeout):
		t.Fatal("dispatch did not finish")
	}
}

func TestEngineIgnoresDuplicatesInGatewayMode(t *testing.T) {
	var ran atomic.Int32
	g := newGatewayEngine(t, neverFires, func(m *bot.Mux) {
		m.Command("/quickroll", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			ran.Add(1)
			return bot.Public("rolled")
		}))
	})
	in := bottest.Command("/quickroll").ID("808").Interaction()
	wait(t, g.dispatch(t, in))
	wait(t, g.dispatch(t, in))
	assert.EqualValues(t, 1, ran.Load())
	assert.Len(t, g.firsts, 1, "the duplicate sent nothing")
	assert.EqualValues(t, 1, g.obs.duplicates.Load())
	assert.Equal(t, []string{"/quickroll ok inline"}, g.obs.calls)
}

func TestEngineKeepsAPrivateDeferralPrivate(t *testing.T) {
	release := make(chan struct{})
	g := newGatewayEngine(t, firesNow, func(m *bot.Mux) {
		m.Command("/notes/list", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			<-release
			resp := bot.Private("your notes")
			resp.FollowUps = []bot.Message{{Content: "page 2"}}
			return resp
		}), bot.Ephemeral())
	})
	done := g.dispatch(t, bottest.Command("/notes/list").Interaction())
	ack := <-g.firsts
	assert.Equal(t, discordgo.InteractionResponseDeferredChannelMessageWithSource, ack.Type)
	assert.Equal(t, discordgo.MessageFlagsEphemeral, ack.Data.Flags, "the ack is already private")
	close(release)
	wait(t, done)
	edits := g.fake.Requests(bottest.Edit)
	require.Len(t, edits, 1)
	assert.Equal(t, "your notes", edits[0].JSON()["content"])
	assert.Zero(t, g.fake.Count(bottest.Delete))
	fu := g.fake.Requests(bottest.FollowUp)
	require.Len(t, fu, 1)
	assert.Equal(t, "page 2", fu[0].JSON()["content"])
	assert.Equal(t, 64, flagsOf(fu[0].JSON()), "follow-ups keep the privacy")
	assert.Equal(t, []bottest.Kind{bottest.Edit, bottest.FollowUp}, kindsOf(g.fake.Requests()), "main message first")
	assert.Equal(t, []string{"/notes/list ok deferred"}, g.obs.calls)
}

func kindsOf(reqs []bottest.Request) []bottest.Kind {
	var out []bottest.Kind
	for _, r := range reqs {
		out = append(out, r.Kind)
	}
	return out
}

func TestEngineUpdateRouteLatePrivateAnswerIsAFollowUp(t *testing.T) {
	release := make(chan struct{})
	g := newGatewayEngine(t, firesNow, func(m *bot.Mux) {
		m.Component("qr", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			<-release
			return bot.Private("This is not your roll")
		}), bot.Updates())
	})
	done := g.dispatch(t, bottest.Click("qr:1").Interaction())
	ack := <-g.firsts
	assert.Equal(t, discordgo.InteractionResponseDeferredMessageUpdate, ack.Type)
	close(release)
	wait(t, done)
	assert.Equal(t, []bottest.Kind{bottest.FollowUp}, kindsOf(g.fake.Requests()), "the clicked message is left alone")
	fu := g.fake.Requests(bottest.FollowUp)[0].JSON()
	assert.Equal(t, "This is not your roll", fu["content"])
	assert.Equal(t, 64, flagsOf(fu))
}

func TestEngineAnswersForAHandlerPastTheDeadline(t *testing.T) {
	stuck := make(chan struct{})
	t.Cleanup(func() { close(stuck) })
	g := newGatewayEngine(t, firesNow, func(m *bot.Mux) {
		m.Command("/quickroll", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			<-stuck // ignores its context, as a buggy handler might
			return bot.Public("never")
		}))
	})
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	done := make(chan struct{})
	go func() {
		defer close(done)
		g.Dispatch(ctx, bottest.Command("/quickroll").Interaction(), g.first)
	}()
	<-g.firsts
	cancel() // stands in for the 60 s deadline passing
	wait(t, done)
	fu := g.fake.Requests(bottest.FollowUp)
	require.Len(t, fu, 1)
	assert.Contains(t, fu[0].JSON()["content"], "took too long")
	assert.Equal(t, 1, g.fake.Count(bottest.Delete))
}

func TestEngineShutdownTellsDeferredUsersItRestarted(t *testing.T) {
	release := make(chan struct{})
	g := newGatewayEngine(t, firesNow, func(m *bot.Mux) {
		block := bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			<-release
			return bot.Public("late result")
		})
		m.Command("/quickroll", block)
		m.Command("/xp/add", block, bot.Award())
	})
	roll := g.dispatch(t, bottest.Command("/quickroll").Interaction())
	award := g.dispatch(t, bottest.Command("/xp/add").Interaction())
	<-g.firsts
	<-g.firsts

	gone, cancel := context.WithCancel(t.Context())
	cancel() // the grace period is over at once
	require.Error(t, g.Shutdown(gone))

	texts := map[string]bool{}
	for _, r := range g.fake.WaitFor(t, bottest.Edit, 2) {
		texts[r.JSON()["content"].(string)] = true
	}
	assert.Equal(t, map[string]bool{
		"noirbot restarted": true,
		"noirbot restarted — the award may or may not have been applied, check /xp view": true,
	}, texts)

	wait(t, g.dispatch(t, bottest.Command("/quickroll").Interaction()))
	refused := <-g.firsts
	assert.Equal(t, "noirbot is restarting, try again in a moment", refused.Data.Content)
	g.obs.mu.Lock()
	assert.Contains(t, g.obs.calls, "/quickroll restarting inline", "a refusal during shutdown is counted")
	g.obs.mu.Unlock()

	close(release)
	wait(t, roll)
	wait(t, award)
	assert.Equal(t, 2, g.fake.Count(bottest.Edit), "a result finishing after the notice does not overwrite it")
}

func TestEngineShutdownWithNothingInFlight(t *testing.T) {
	g := newGatewayEngine(t, neverFires, func(*bot.Mux) {})
	require.NoError(t, g.Shutdown(t.Context()))
}
