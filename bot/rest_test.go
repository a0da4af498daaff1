package bot_test

import (
	"log/slog"
	"net/http"
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

type countingObserver struct{ limited atomic.Int32 }

func (*countingObserver) Interaction(string, string, time.Duration, bool) {}
func (*countingObserver) Duplicate()                                      {}
func (o *countingObserver) DiscordRateLimited(string)                     { o.limited.Add(1) }

func TestRESTEditsForManyTokensRunConcurrently(t *testing.T) {
	const n = 50
	fake := bottest.NewFakeDiscord(t)
	fake.HoldUntilInFlight(bottest.Edit, n)
	rest := bot.NewREST(fake.URL, "bot-token", "700", quiet)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = rest.EditOriginal(t.Context(), "token-"+string(rune('A'+i)), &bot.Message{Content: "x"})
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, n, fake.MaxInFlight(bottest.Edit))
}

func TestRESTRetriesAfterA429(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	fake.ReplyNext(bottest.Edit, bottest.Reply{Status: http.StatusTooManyRequests, Body: `{"retry_after":0.001,"global":false}`})
	obs := &countingObserver{}
	rest := bot.NewREST(fake.URL, "bot-token", "700", bot.WithRESTObserver(obs), quiet)

	require.NoError(t, rest.EditOriginal(t.Context(), "tok", &bot.Message{Content: "done"}))
	assert.Equal(t, 2, fake.Count(bottest.Edit), "retried once")
	assert.EqualValues(t, 1, obs.limited.Load())
}

func TestRESTGivesUpAfterRepeated429s(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	limited := bottest.Reply{Status: http.StatusTooManyRequests, Body: `{"retry_after":0.001}`}
	fake.ReplyNext(bottest.FollowUp, limited, limited, limited, limited)
	rest := bot.NewREST(fake.URL, "bot-token", "700", quiet)

	err := rest.FollowUp(t.Context(), "tok", &bot.Message{Content: "x"}, true)
	var restErr *bot.RESTError
	require.ErrorAs(t, err, &restErr)
	assert.Equal(t, http.StatusTooManyRequests, restErr.Status)
	assert.Equal(t, 3, fake.Count(bottest.FollowUp), "a couple of retries, then the error")
	assert.NotContains(t, err.Error(), "tok/", "the token stays out of errors")
}

func TestRESTCallsDiscordRoutesWithTheRightAuth(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	rest := bot.NewREST(fake.URL+"/some/proxy/path", "bot-token", "700", bot.WithRESTVersion("test"))
	ctx := t.Context()
	require.NoError(t, rest.Callback(ctx, "123", "tok", &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}))
	require.NoError(t, rest.DeleteOriginal(ctx, "tok"))
	require.NoError(t, rest.PostChannelMessage(ctx, "555", &bot.Message{Content: "audit"}))
	_, err := rest.BulkOverwriteCommands(ctx, "", []*discordgo.ApplicationCommand{{Name: "help", Description: "Help"}})
	require.NoError(t, err)
	got, err := rest.BulkOverwriteCommands(ctx, "900", []*discordgo.ApplicationCommand{{Name: "help", Description: "Help"}})
	require.NoError(t, err)
	assert.Equal(t, "help", got[0].Name)

	tests := []struct {
		kind bottest.Kind
		path string
		auth string
	}{
		{bottest.Callback, "/api/v9/interactions/123/tok/callback", ""},
		{bottest.Delete, "/api/v9/webhooks/700/tok/messages/@original", ""},
		{bottest.ChannelPost, "/api/v9/channels/555/messages", "Bot bot-token"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+" goes to "+tt.path, func(t *testing.T) {
			reqs := fake.Requests(tt.kind)
			require.Len(t, reqs, 1)
			assert.Equal(t, tt.path, reqs[0].Path)
			assert.Equal(t, tt.auth, reqs[0].Header.Get("Authorization"))
			assert.Equal(t, "DiscordBot (https://github.com/noirbot/noirbot, test)", reqs[0].Header.Get("User-Agent"))
		})
	}
	cmds := fake.Requests(bottest.Commands)
	require.Len(t, cmds, 2)
	assert.Equal(t, "/api/v9/applications/700/commands", cmds[0].Path)
	assert.Equal(t, "/api/v9/applications/700/guilds/900/commands", cmds[1].Path)
	assert.Equal(t, http.MethodPut, cmds[1].Method)
	assert.Equal(t, "Bot bot-token", cmds[1].Header.Get("Authorization"))
	post := fake.Requests(bottest.ChannelPost)[0].JSON()
	assert.Equal(t, map[string]any{"parse": []any{}, "replied_user": false}, post["allowed_mentions"])
}

func TestRESTRejectsAMalformedAPIURL(t *testing.T) {
	rest := bot.NewREST("not a url", "t", "700")
	assert.ErrorContains(t, rest.DeleteOriginal(t.Context(), "tok"), "api_url")
}

func TestAuditorLogsFailuresAndNeverReturnsThem(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	fake.ReplyNext(bottest.ChannelPost, bottest.Reply{Status: http.StatusForbidden, Body: `{"message":"Missing Access"}`})
	logs := &bottest.SyncBuffer{}
	a := bot.NewAuditor(bot.NewREST(fake.URL, "bot-token", "700"), slogTo(logs))

	a.Audit(t.Context(), "555", &discordgo.MessageEmbed{Title: "XP awarded"})
	a.Audit(t.Context(), "555", &discordgo.MessageEmbed{Title: "Linked"})
	a.Audit(t.Context(), "", &discordgo.MessageEmbed{Title: "no channel"})

	posts := fake.Requests(bottest.ChannelPost)
	require.Len(t, posts, 2)
	assert.Equal(t, "Linked", posts[1].JSON()["embeds"].([]any)[0].(map[string]any)["title"])
	assert.Contains(t, logs.String(), "audit post failed")
	assert.Contains(t, logs.String(), "XP awarded")
}

var quiet = bot.WithRESTLogger(slog.New(slog.DiscardHandler))

func TestFakeDiscordHoldsRequestsUntilReleased(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	release := fake.Hold(bottest.Delete)
	rest := bot.NewREST(fake.URL, "bot-token", "700", quiet)
	done := make(chan error, 1)
	go func() { done <- rest.DeleteOriginal(t.Context(), "tok") }()
	fake.WaitFor(t, bottest.Delete, 1)
	assert.Equal(t, 1, fake.MaxInFlight(bottest.Delete), "the delete is held at the fake")
	release()
	require.NoError(t, <-done)
}
