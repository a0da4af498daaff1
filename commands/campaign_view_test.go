package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

func TestCampaignViewShowsTheCampaignPrivately(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/campaign/view"))
	require.Len(t, r.Embeds, 1, text(r))
	assert.True(t, r.Ephemeral)
	out := text(r)
	assert.Contains(t, out, "Chicago by Night")
	assert.Contains(t, out, "Danger: 2/5 ●●○○○")
	assert.Contains(t, out, "Desperation: 1/5 ●○○○○")
	assert.Contains(t, out, "In-game date: not set")
	assert.Contains(t, out, "Characters: 2")
	assert.Zero(t, h.writes())

	t.Run("a warm view makes no call", func(t *testing.T) {
		h.emu.ResetRequests()
		h.run(aliceID, bottest.Command("/campaign/view"))
		assert.Zero(t, h.calls())
	})
	t.Run("an unknown campaign is not found, nothing asked about it", func(t *testing.T) {
		h.emu.ResetRequests()
		r := h.run(aliceID, bottest.Command("/campaign/view", bottest.O("campaign", "Nowhere")))
		assert.Contains(t, text(r), "No campaign")
		assert.Zero(t, h.calls())
	})
}

func TestCampaignDangerIsSetByStorytellersAndAnnounced(t *testing.T) {
	h := newHarness(t)
	h.warm(samID, bottest.Command("/campaign/view"))
	r := h.run(samID, bottest.Command("/campaign/danger", bottest.O("level", 4)).ID("7001"))
	if !v2() {
		assert.Contains(t, text(r), "needs Valentina API v2")
		assert.True(t, r.Ephemeral)
		assert.Zero(t, h.calls(), "v1 has no campaign PATCH in vclient: nothing is asked")
		return
	}
	assert.False(t, r.Ephemeral, "the announcement is public")
	assert.Equal(t, "⚠️ Danger in **Chicago by Night** is now **4/5 ●●●●○**.", r.Content)
	assert.Equal(t, 1, h.rereads(), "the storyteller is re-read before the write")
	require.Equal(t, 1, h.writes())
	w := h.emu.Requests()[len(h.emu.Requests())-1]
	assert.Equal(t, "PATCH /campaigns/{campaign_id}", w.Route)
	assert.JSONEq(t, `{"danger":4}`, string(w.Body))
	assert.Equal(t, "noirbot-7001-campaign-danger", w.Header.Get("Idempotency-Key"))
	assert.True(t, actsAs(w, h.sb.Sam))
	require.Len(t, h.audit.all(), 1)
	assert.Contains(t, h.audit.all()[0].Description, "now **4/5")

	view := h.run(aliceID, bottest.Command("/campaign/view"))
	assert.Contains(t, text(view), "Danger: 4/5", "the campaign cache was dropped")

	d := h.run(samID, bottest.Command("/campaign/desperation", bottest.O("level", 0)))
	assert.Equal(t, "🩸 Desperation in **Chicago by Night** is now **0/5 ○○○○○**.", d.Content)
}

func TestCampaignLevelsRefuseWithoutWriting(t *testing.T) {
	h := newHarness(t)
	h.warm(samID, bottest.Command("/campaign/view"))
	h.warm(aliceID, bottest.Command("/campaign/view"))
	for _, tt := range []struct {
		name, who, want string
		level           int
		calls           int
	}{
		{"a level above 5 is refused before any call", samID, "between 0 and 5", 6, 0},
		{"a negative level is refused before any call", samID, "between 0 and 5", -1, 0},
		{"a player is refused after the re-read", aliceID, "Only storytellers and admins", 3, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h.emu.ResetRequests()
			r := h.run(tt.who, bottest.Command("/campaign/danger", bottest.O("level", tt.level)))
			assert.True(t, r.Ephemeral)
			assert.Zero(t, h.writes())
			if !v2() {
				assert.Contains(t, text(r), "needs Valentina API v2")
				assert.Zero(t, h.calls())
				return
			}
			assert.Contains(t, text(r), tt.want)
			assert.Equal(t, tt.calls, h.calls())
		})
	}
	assert.Empty(t, h.audit.all())
}

func TestCampaignDangerMapsAPIErrors(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	h.warm(samID, bottest.Command("/campaign/view"))
	for _, tt := range []struct {
		status int
		want   string
	}{
		{403, "not allowed"},
		{404, "Not found"},
		{503, "Valentina is unavailable"},
	} {
		h.emu.ClearFaults()
		h.emu.InjectFault(vclienttest.Fault{Method: "PATCH", Route: "PATCH /campaigns/{campaign_id}", Status: tt.status})
		r := h.run(samID, bottest.Command("/campaign/danger", bottest.O("level", 3)))
		assert.True(t, r.Ephemeral, "status %d", tt.status)
		assert.Contains(t, text(r), tt.want, "status %d", tt.status)
	}
	assert.Empty(t, h.audit.all())
}

func TestCampaignViewMapsAPIErrors(t *testing.T) {
	h := newHarness(t)
	h.warm(aliceID, bottest.Command("/whoami"))
	h.emu.InjectFault(vclienttest.Fault{Method: "GET", Status: 503})
	r := h.run(aliceID, bottest.Command("/campaign/view"))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "Valentina is unavailable")
	assert.Zero(t, h.writes())
}
