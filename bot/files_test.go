package bot_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chartRoute answers /stats with the chart, once release is closed (nil: at once).
func chartRoute(m *bot.Mux, release <-chan struct{}, followUps ...bot.Message) {
	m.Command("/stats", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
		if release != nil {
			<-release
		}
		return &bot.Response{Kind: bot.NewMessage, Message: bottest.ChartMessage("your luck"), FollowUps: followUps}
	}))
}

// assertUploadsChart checks a recorded call is multipart/form-data with the
// chart as files[0], named in the payload's attachments and shown by the embed.
func assertUploadsChart(t *testing.T, req bottest.Request, payload map[string]any) {
	t.Helper()
	require.True(t, req.Multipart(), "sent as multipart/form-data, got %q", req.Header.Get("Content-Type"))
	require.Len(t, req.Files, 1)
	assert.Equal(t, bottest.File{Field: "files[0]", Name: "stats.png", ContentType: "image/png", Data: bottest.ChartPNG}, req.Files[0])
	assert.Equal(t, []any{map[string]any{"id": float64(0), "filename": "stats.png"}}, payload["attachments"])
	embeds, _ := payload["embeds"].([]any)
	require.Len(t, embeds, 1)
	image, _ := embeds[0].(map[string]any)["image"].(map[string]any)
	assert.Equal(t, "attachment://stats.png", image["url"])
}

func TestHTTPInlineAnswerWithAFileIsUploadedThroughTheCallback(t *testing.T) {
	h := newHarness(t, harnessConfig{after: neverFires}, func(m *bot.Mux) { chartRoute(m, nil) })
	b := bottest.Command("/stats")

	status, body := h.send(t, b.JSON())
	require.Equal(t, http.StatusAccepted, status, "Discord's answer for an interaction already answered by callback")
	assert.Nil(t, body, "no body")

	calls := h.fake.Requests(bottest.Callback)
	require.Len(t, calls, 1)
	in := b.Interaction()
	assert.Equal(t, "/api/v9/interactions/"+in.ID+"/"+in.Token+"/callback", calls[0].Path, "through api_url")
	payload := calls[0].JSON()
	assert.EqualValues(t, 4, payload["type"])
	assert.Equal(t, "your luck", data(payload)["content"])
	assertUploadsChart(t, calls[0], data(payload))
	assert.Len(t, h.fake.Requests(), 1, "nothing else was sent")
}

func TestHTTPInlineAnswerWithAFileStillAnswersWhenTheUploadFails(t *testing.T) {
	h := newHarness(t, harnessConfig{after: neverFires}, func(m *bot.Mux) { chartRoute(m, nil) })
	h.fake.ReplyNext(bottest.Callback, bottest.Reply{Status: http.StatusInternalServerError, Body: `{"message":"boom"}`})

	status, body := h.send(t, bottest.Command("/stats").JSON())
	require.Equal(t, http.StatusOK, status)
	assert.EqualValues(t, 4, body["type"])
	assert.Equal(t, "your luck", data(body)["content"], "the text goes out inline")
	embeds, _ := data(body)["embeds"].([]any)
	require.Len(t, embeds, 1)
	assert.Equal(t, "Roll statistics", embeds[0].(map[string]any)["title"])
	assert.NotContains(t, embeds[0], "image", "no picture of a file that was not sent")
	assert.NotContains(t, data(body), "attachments")
	assert.Contains(t, h.logs.String(), "answering without them")
}

func TestDeferredAnswerWithFilesEditsTheOriginalAndFollowsUpAsMultipart(t *testing.T) {
	release := make(chan struct{})
	h := newHarness(t, harnessConfig{after: firesNow}, func(m *bot.Mux) {
		chartRoute(m, release, bottest.ChartMessage("again"), bot.Message{Content: "no file here"})
	})
	status, body := h.send(t, bottest.Command("/stats").JSON())
	require.Equal(t, http.StatusOK, status)
	require.EqualValues(t, 5, body["type"], "the first response was the deferred acknowledgement")
	close(release)

	edit := h.fake.WaitFor(t, bottest.Edit, 1)[0]
	assert.Equal(t, http.MethodPatch, edit.Method)
	assert.Equal(t, "your luck", edit.JSON()["content"])
	assertUploadsChart(t, edit, edit.JSON())

	follows := h.fake.WaitFor(t, bottest.FollowUp, 2)
	assert.Equal(t, "again", follows[0].JSON()["content"])
	assertUploadsChart(t, follows[0], follows[0].JSON())
	assert.False(t, follows[1].Multipart(), "a message without files stays JSON")
	assert.Equal(t, "application/json", follows[1].Header.Get("Content-Type"))
	assert.NotContains(t, follows[1].JSON(), "attachments")
}

func TestGatewayAnswerWithAFileIsAMultipartCallback(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	log := slogTo(&bottest.SyncBuffer{})
	rest := bot.NewREST(fake.URL, "bot-token", bottest.DefaultAppID, bot.WithRESTLogger(log))
	mux := bot.NewMux()
	chartRoute(mux, nil)
	e := bot.NewEngine(bot.EngineConfig{Router: mux, REST: rest, Logger: log, After: neverFires})
	g, err := bot.NewGateway("bot-token", 0, 1, e, rest, log)
	require.NoError(t, err)

	bot.OnGatewayEvent(g, &discordgo.Event{Type: "INTERACTION_CREATE", RawData: bottest.Command("/stats").JSON()})

	cb := fake.WaitFor(t, bottest.Callback, 1)[0]
	payload := cb.JSON()
	assert.EqualValues(t, 4, payload["type"])
	assertUploadsChart(t, cb, data(payload))
}

func TestRESTSendsTheSameFilesAgainAfterA429(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	fake.ReplyNext(bottest.ChannelPost, bottest.Reply{Status: http.StatusTooManyRequests, Body: `{"retry_after":0.001}`})
	rest := bot.NewREST(fake.URL, "bot-token", "700", quiet)
	m := bottest.ChartMessage("audit")

	require.NoError(t, rest.PostChannelMessage(t.Context(), "555", &m))
	posts := fake.Requests(bottest.ChannelPost)
	require.Len(t, posts, 2, "retried once")
	for _, p := range posts {
		assertUploadsChart(t, p, p.JSON())
	}
}

func TestFakeDiscordRefusesAFormWithoutPayloadJSON(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("files[0]", "stats.png")
	require.NoError(t, err)
	_, _ = part.Write(bottest.ChartPNG)
	require.NoError(t, w.Close())
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, fake.URL+"/api/v9/webhooks/700/tok", &body)
	require.NoError(t, err)
	req.Header.Set("Content-Type", w.FormDataContentType())

	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}
