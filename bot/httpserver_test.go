package bot_test

import (
	"bytes"
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInteractionsRefusesBadRequestsBeforeAnyWork(t *testing.T) {
	var ran atomic.Int32
	h := newHarness(t, harnessConfig{after: neverFires}, func(m *bot.Mux) {
		m.Command("/ping", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			ran.Add(1)
			return bot.Public("pong")
		}))
	})
	body := bottest.Command("/ping").JSON()
	other := bottest.NewSigner()
	tests := []struct {
		name   string
		build  func() *http.Request
		status int
	}{
		{"a body over 1 MiB is too large", func() *http.Request {
			big := bytes.Repeat([]byte(" "), 2<<20)
			req, _ := h.signer.Request(t.Context(), h.url, big)
			return req
		}, http.StatusRequestEntityTooLarge},
		{"a signature by another key is refused", func() *http.Request {
			req, _ := other.Request(t.Context(), h.url, body)
			return req
		}, http.StatusUnauthorized},
		{"missing signature headers are refused", func() *http.Request {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, h.url, bytes.NewReader(body))
			return req
		}, http.StatusUnauthorized},
		{"a body changed after signing is refused", func() *http.Request {
			req, _ := h.signer.Request(t.Context(), h.url, body)
			req.Body, req.ContentLength = http.NoBody, 0
			return req
		}, http.StatusUnauthorized},
		{"a 10-minute-old timestamp is refused", func() *http.Request {
			req, _ := h.signer.RequestAt(t.Context(), h.url, body, time.Now().Add(-10*time.Minute))
			return req
		}, http.StatusUnauthorized},
		{"a timestamp 10 minutes ahead is refused", func() *http.Request {
			req, _ := h.signer.RequestAt(t.Context(), h.url, body, time.Now().Add(10*time.Minute))
			return req
		}, http.StatusUnauthorized},
		{"malformed JSON is a bad request", func() *http.Request {
			req, _ := h.signer.Request(t.Context(), h.url, []byte(`{"type":2,`))
			return req
		}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _ := do(t, tt.build())
			assert.Equal(t, tt.status, status)
		})
	}
	assert.Zero(t, ran.Load(), "no handler ran")
	assert.Empty(t, h.fake.Requests(), "nothing was sent to Discord")
}

func TestInteractionsAnswersPingWithPong(t *testing.T) {
	h := newHarness(t, harnessConfig{after: neverFires}, func(*bot.Mux) {})
	status, resp := h.send(t, []byte(`{"id":"1","type":1,"token":"x","application_id":"700"}`))
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, map[string]any{"type": float64(1)}, resp)
}

func TestInteractionsAnswersAFastHandlerInline(t *testing.T) {
	h := newHarness(t, harnessConfig{after: neverFires}, func(m *bot.Mux) {
		m.Command("/quickroll", bot.HandlerFunc(func(_ context.Context, in *bot.Interaction) *bot.Response {
			name, _ := in.StringOption("name")
			return &bot.Response{
				Message:   bot.Message{Embeds: []*discordgo.MessageEmbed{{Title: "Rolled " + name}}},
				FollowUps: []bot.Message{{Content: "more"}},
			}
		}))
	})
	status, resp := h.send(t, bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")).JSON())
	require.Equal(t, http.StatusOK, status)
	assert.EqualValues(t, 4, resp["type"])
	d := data(resp)
	assert.Equal(t, "Rolled Strength + Brawl", d["embeds"].([]any)[0].(map[string]any)["title"])
	assert.Equal(t, map[string]any{"parse": []any{}, "replied_user": false}, d["allowed_mentions"], "nobody is pinged")
	assert.Zero(t, flagsOf(d), "public")

	fu := h.fake.WaitFor(t, bottest.FollowUp, 1)
	assert.Equal(t, "more", fu[0].JSON()["content"])
	assert.Zero(t, h.fake.Count(bottest.Edit), "an inline answer is not edited")
}

func TestInteractionsDefersASlowHandlerThenEditsOriginal(t *testing.T) {
	release := make(chan struct{})
	h := newHarness(t, harnessConfig{after: firesNow}, func(m *bot.Mux) {
		m.Command("/quickroll", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			<-release
			return &bot.Response{Message: bot.Message{Content: "You rolled 3 successes"}}
		}))
	})
	b := bottest.Command("/quickroll")
	status, resp := h.send(t, b.JSON())
	require.Equal(t, http.StatusOK, status)
	assert.EqualValues(t, 5, resp["type"], "first response is the deferred acknowledgement")
	assert.Zero(t, flagsOf(data(resp)), "the acknowledgement is public")
	close(release)

	edits := h.fake.WaitFor(t, bottest.Edit, 1)
	in := b.Interaction()
	assert.Equal(t, "/api/v9/webhooks/"+bottest.DefaultAppID+"/"+in.Token+"/messages/@original", edits[0].Path,
		"the api_url path is replaced by Discord's /api/v9 path")
	assert.Equal(t, "You rolled 3 successes", edits[0].JSON()["content"])
	assert.Equal(t, map[string]any{"parse": []any{}, "replied_user": false}, edits[0].JSON()["allowed_mentions"])
	assert.Empty(t, edits[0].Header.Get("Authorization"), "webhook routes need no bot token")
}

func TestInteractionsReplacesPublicDeferralWithPrivateError(t *testing.T) {
	release := make(chan struct{})
	h := newHarness(t, harnessConfig{after: firesNow}, func(m *bot.Mux) {
		m.Command("/quickroll", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			<-release
			return bot.Private("Valentina is unavailable, try again later")
		}))
	})
	status, resp := h.send(t, bottest.Command("/quickroll").JSON())
	require.Equal(t, http.StatusOK, status)
	require.EqualValues(t, 5, resp["type"])
	close(release)

	fu := h.fake.WaitFor(t, bottest.FollowUp, 1)
	assert.Equal(t, 1, h.fake.Count(bottest.Delete), "@original deleted")
	assert.Equal(t, "Valentina is unavailable, try again later", fu[0].JSON()["content"])
	assert.Equal(t, 64, flagsOf(fu[0].JSON()), "follow-up is ephemeral")
	assert.Zero(t, h.fake.Count(bottest.Edit))
	assert.Equal(t, []bottest.Kind{bottest.Delete, bottest.FollowUp}, kindsOf(h.fake.Requests()), "delete first, then the follow-up")
}

func TestInteractionsEditsFiftySlowCommandsConcurrently(t *testing.T) {
	const n = 50
	release := make(chan struct{})
	h := newHarness(t, harnessConfig{after: firesNow}, func(m *bot.Mux) {
		m.Command("/quickroll", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			<-release
			return bot.Public("rolled")
		}))
	})
	h.fake.HoldUntilInFlight(bottest.Edit, n)
	for range n {
		status, resp := h.send(t, bottest.Command("/quickroll").JSON())
		require.Equal(t, http.StatusOK, status)
		require.EqualValues(t, 5, resp["type"])
	}
	close(release)
	h.fake.WaitFor(t, bottest.Edit, n)
	assert.Equal(t, n, h.fake.MaxInFlight(bottest.Edit), "all edits were in flight at the same time")
}

func TestInteractionsHandlesADuplicateDeliveryOnce(t *testing.T) {
	var ran atomic.Int32
	h := newHarness(t, harnessConfig{after: neverFires}, func(m *bot.Mux) {
		m.Command("/quickroll", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			ran.Add(1)
			return bot.Public("rolled")
		}))
	})
	body := bottest.Command("/quickroll").ID("4242").JSON()
	_, first := h.send(t, body)
	status, second := h.send(t, body)
	require.Equal(t, http.StatusOK, status)
	assert.EqualValues(t, 4, first["type"])
	assert.EqualValues(t, 5, second["type"], "a duplicate still gets a bare acknowledgement")
	assert.EqualValues(t, 1, ran.Load(), "the handler ran once")
	assert.Empty(t, h.fake.Requests(), "the duplicate made no REST calls")
}

func TestInteractionsRecoversFromAPanic(t *testing.T) {
	h := newHarness(t, harnessConfig{after: neverFires}, func(m *bot.Mux) {
		m.Command("/quickroll", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			panic("boom")
		}))
	})
	status, resp := h.send(t, bottest.Command("/quickroll").ID("777001").JSON())
	require.Equal(t, http.StatusOK, status)
	assert.EqualValues(t, 4, resp["type"])
	assert.Equal(t, "Something went wrong (ref 777001)", data(resp)["content"])
	assert.Equal(t, 64, flagsOf(data(resp)))
	assert.Contains(t, h.logs.String(), `"msg":"handler panicked","interaction_id":"777001"`)
	assert.Contains(t, h.logs.String(), `"stack":"goroutine`)
}

func TestInteractionsModalRouteTooSlowSaysValentinaIsSlow(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	h := newHarness(t, harnessConfig{after: firesNow}, func(m *bot.Mux) {
		m.Command("/notes/add", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			<-release
			return &bot.Response{Kind: bot.ModalForm, Modal: &bot.Modal{CustomID: "note", Title: "New note"}}
		}), bot.OpensModal())
	})
	status, resp := h.send(t, bottest.Command("/notes/add").JSON())
	require.Equal(t, http.StatusOK, status)
	assert.EqualValues(t, 4, resp["type"], "never deferred")
	assert.Equal(t, "Valentina is slow, try again", data(resp)["content"])
	assert.Equal(t, 64, flagsOf(data(resp)))
}

func TestInteractionsUpdateRouteLateSendsType6ThenEdits(t *testing.T) {
	release := make(chan struct{})
	h := newHarness(t, harnessConfig{after: firesNow}, func(m *bot.Mux) {
		m.Component("page", bot.HandlerFunc(func(_ context.Context, in *bot.Interaction) *bot.Response {
			<-release
			return &bot.Response{Kind: bot.UpdateMessage, Message: bot.Message{Content: "page " + in.CustomID()}}
		}), bot.Updates())
	})
	status, resp := h.send(t, bottest.Click("page:2").JSON())
	require.Equal(t, http.StatusOK, status)
	assert.EqualValues(t, 6, resp["type"])
	close(release)
	edits := h.fake.WaitFor(t, bottest.Edit, 1)
	assert.Equal(t, "page page:2", edits[0].JSON()["content"])
}

func TestInteractionsSlowAutocompleteAnswersNoChoices(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	h := newHarness(t, harnessConfig{after: firesNow}, func(m *bot.Mux) {
		m.Autocomplete("/quickroll", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
			<-release
			return &bot.Response{Kind: bot.Choices}
		}))
	})
	status, resp := h.send(t, bottest.Autocomplete("/quickroll", "name").JSON())
	require.Equal(t, http.StatusOK, status)
	assert.EqualValues(t, 8, resp["type"])
	assert.Equal(t, []any{}, data(resp)["choices"])
}
