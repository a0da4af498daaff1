package app

// End-to-end: the /stats chart travels to Discord as a file, on the inline path
// and after a deferral, through discord.api_url.

import (
	"bytes"
	"image"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
)

// e2eAliceStats is Alice's /stats.
func e2eAliceStats(id string) *bottest.Builder {
	return bottest.Command("/stats").User("300", "alice").ID(id)
}

// e2eAssertChartUpload checks a call to the fake Discord uploads the /stats chart
// (a PNG of a sane size, as files[0]) and that the message's embed shows it.
func e2eAssertChartUpload(t *testing.T, req bottest.Request, message map[string]any) {
	t.Helper()
	require.True(t, req.Multipart(), "multipart/form-data, got %q", req.Header.Get("Content-Type"))
	require.Len(t, req.Files, 1)
	f := req.Files[0]
	assert.Equal(t, "files[0]", f.Field)
	assert.Equal(t, "stats.png", f.Name)
	assert.Equal(t, "image/png", f.ContentType)
	cfg, format, err := image.DecodeConfig(bytes.NewReader(f.Data))
	require.NoError(t, err)
	assert.Equal(t, "png", format)
	assert.Equal(t, [2]int{800, 400}, [2]int{cfg.Width, cfg.Height})
	assert.Equal(t, []any{map[string]any{"id": float64(0), "filename": "stats.png"}}, message["attachments"])
	embeds, _ := message["embeds"].([]any)
	require.Len(t, embeds, 1)
	embed, _ := embeds[0].(map[string]any)
	assert.Contains(t, embed["title"], "Roll statistics")
	image, _ := embed["image"].(map[string]any)
	assert.Equal(t, "attachment://stats.png", image["url"])
}

func TestE2EStatsChartIsUploadedWithTheInlineAnswer(t *testing.T) {
	t.Parallel()
	// defer_after at its maximum: drawing the chart fits in it even on a busy machine.
	ta := startTestApp(t, e2eDeferAfter(2*time.Second))
	roll := ta.e2eSendSigned(t, e2eAliceQuickroll().JSON())
	require.Equal(t, http.StatusOK, roll.Status, roll.Body)

	a := ta.e2eSendSigned(t, e2eAliceStats("5001").JSON())
	require.Equal(t, http.StatusAccepted, a.Status, "answered through the callback, then 202 with no body: %s", a.Body)
	assert.Empty(t, a.Body)

	cbs := ta.fake.Requests(bottest.Callback)
	require.Len(t, cbs, 1)
	assert.Equal(t, "/api/v9/interactions/5001/token-5001/callback", cbs[0].Path)
	payload := cbs[0].JSON()
	assert.EqualValues(t, e2eMessageNow, payload["type"])
	data, _ := payload["data"].(map[string]any)
	assert.EqualValues(t, e2eEphemeral, data["flags"], "private by default")
	e2eAssertChartUpload(t, cbs[0], data)
	require.Equal(t, 0, ta.stop(t))
}

func TestE2ESlowStatsIsAcknowledgedThenEditedWithTheChart(t *testing.T) {
	t.Parallel()
	gate := newUpstreamGate(t, http.MethodGet, "/statistics")
	ta := startTestApp(t, e2eDeferAfter(e2eSlowAPI), withGate(gate))
	roll := ta.e2eSendSigned(t, e2eAliceQuickroll().JSON())
	require.Equal(t, http.StatusOK, roll.Status, roll.Body)

	a := ta.e2eSendSigned(t, e2eAliceStats("5002").JSON())
	require.Equal(t, http.StatusOK, a.Status, a.Body)
	require.Equal(t, e2eDeferred, a.Type, "the first response is the deferred acknowledgement: %s", a.Body)
	gate.open()

	edit := ta.fake.WaitFor(t, bottest.Edit, 1)[0]
	assert.Equal(t, "/api/v9/webhooks/700/token-5002/messages/@original", edit.Path)
	e2eAssertChartUpload(t, edit, edit.JSON())
	require.Equal(t, 0, ta.stop(t))
	assert.Zero(t, ta.fake.Count(bottest.Callback))
}
