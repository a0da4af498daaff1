package commands

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// historyTestSeed stores 12 of Alice's rolls with Mara (pools 1…12, oldest first), one of
// Bob's, and last, the newest, a roll of Alice's migrated from the old bot.
func historyTestSeed(h *harness) {
	six := 6
	for i := 1; i <= 12; i++ {
		h.emu.AddDiceRoll(h.sb.CompanyID, h.sb.Alice, vclienttest.DiceRoll{NumDice: i, Difficulty: &six,
			CharacterID: h.sb.Mara, CampaignID: h.sb.CampaignID})
	}
	h.emu.AddDiceRoll(h.sb.CompanyID, h.sb.Bob, vclienttest.DiceRoll{NumDice: 20, Difficulty: &six, CharacterID: h.sb.Dmitri})
	h.emu.AddDiceRoll(h.sb.CompanyID, h.sb.Alice, vclienttest.DiceRoll{Migrated: "SUCCESS", NumDice: 3, Difficulty: &six,
		CharacterID: h.sb.Mara, CampaignID: h.sb.CampaignID})
}

// historyTestRoute is the dice-roll list's route in this run's dialect.
func historyTestRoute() string { return byDialect("GET /users/{user_id}/dicerolls", "GET /dicerolls") }

var historyTestWhen = regexp.MustCompile(` · <t:\d+:R>$`)

func TestRollHistoryListsTheNewestRollsFirst(t *testing.T) {
	h := newHarness(t)
	historyTestSeed(h)
	h.warm(aliceID, bottest.Command("/rolls/history"))

	r := h.run(aliceID, bottest.Command("/rolls/history"))
	require.Len(t, r.Embeds, 1, text(r))
	assert.True(t, r.Ephemeral)
	e := r.Embeds[0]
	assert.Equal(t, "Your rolls", e.Title)
	assert.Equal(t, "Page 1 of 2 · 13 rolls · newest first", e.Footer.Text)
	lines := strings.Split(e.Description, "\n")
	require.Len(t, lines, 10)
	assert.True(t, strings.HasPrefix(lines[0], "**Success** · successes not recorded · pool 3 · difficulty 6 · Mara Voss · <t:"),
		"a migrated roll shows by its outcome type: %s", lines[0])
	assert.Contains(t, lines[1], "pool 12 · difficulty 6 · Mara Voss")
	assert.Contains(t, lines[9], "pool 4 ·")
	for _, l := range lines {
		assert.Regexp(t, historyTestWhen, l)
	}
	assert.NotContains(t, e.Description, "pool 20", "Bob's roll is not Alice's")
	ntAssertLimits(t, r)

	assert.Equal(t, h.emu.CountRequests("GET", historyTestRoute()), h.calls(), "warm: only the roll list")
	req := h.emu.Requests()[0]
	assert.Equal(t, []string{h.sb.Alice}, req.Query["userid"])
	assert.True(t, actsAs(req, h.sb.Alice))
	if v2() {
		assert.Equal(t, 1, h.calls(), "v2 lists newest first: one page is one call")
		assert.Equal(t, []string{"10"}, req.Query["limit"])
	}

	ids := ntCustomIDs(r.Components)
	require.Len(t, ids, 2)
	next := h.run(aliceID, bottest.Click(ids[1]))
	assert.Equal(t, bot.UpdateMessage, next.Kind)
	lines = strings.Split(next.Embeds[0].Description, "\n")
	require.Len(t, lines, 3)
	assert.Contains(t, lines[2], "pool 1 ·")
	assert.Equal(t, "Page 2 of 2 · 13 rolls · newest first", next.Embeds[0].Footer.Text)
}

func TestRollHistoryOfOthersIsForStorytellers(t *testing.T) {
	h := newHarness(t)
	historyTestSeed(h)
	h.warm(aliceID, bottest.Command("/rolls/history"))
	h.warm(samID, bottest.Command("/rolls/history"))

	r := h.run(aliceID, bottest.Command("/rolls/history", bottest.UserOpt("member", bobID)))
	assert.Contains(t, text(r), "Only storytellers and admins can see another member's rolls")
	assert.Zero(t, h.emu.CountRequests("GET", historyTestRoute()), "nothing about Bob's rolls is asked")

	r = h.run(aliceID, bottest.Click("rh:"+bobID+":-:1:"+aliceID))
	assert.Contains(t, text(r), "Only storytellers and admins", "a tampered button is checked again")
	assert.Zero(t, h.emu.CountRequests("GET", historyTestRoute()))

	h.emu.ResetRequests()
	st := h.run(samID, bottest.Command("/rolls/history", bottest.UserOpt("member", bobID)))
	require.Len(t, st.Embeds, 1, text(st))
	assert.Equal(t, "Rolls of "+shown("Bob"), st.Embeds[0].Title)
	assert.Contains(t, st.Embeds[0].Description, "pool 20 · difficulty 6 · Dmitri Kale")
	assert.Equal(t, 1, h.rereads(), "the storyteller is re-read first")
}

func TestRollHistoryBoundsAndErrors(t *testing.T) {
	h := newHarness(t)
	historyTestSeed(h)
	h.warm(aliceID, bottest.Command("/rolls/history", bottest.O("character", "Mara Voss")))
	for _, tt := range []struct {
		name  string
		b     *bottest.Builder
		want  string
		calls int
	}{
		{"page 0, before any call", bottest.Command("/rolls/history", bottest.O("page", 0)), "between 1 and 1000", 0},
		{"page 1001, before any call", bottest.Command("/rolls/history", bottest.O("page", 1001)), "between 1 and 1000", 0},
		{"a page past the end", bottest.Command("/rolls/history", bottest.O("page", 5)), "only 2 pages", -1},
		{"another player's character", bottest.Command("/rolls/history", bottest.O("character", h.sb.Dmitri)), "not found", 0},
		{"a broken button", bottest.Click("rh:x:-:1:" + aliceID), "broken", 0},
		{"someone else's button", bottest.Click("rh:" + bobID + ":-:1:" + bobID), "not yours", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h.emu.ResetRequests()
			r := h.run(aliceID, tt.b)
			assert.True(t, r.Ephemeral)
			assert.Contains(t, text(r), tt.want)
			if tt.calls >= 0 {
				assert.Equal(t, tt.calls, h.calls())
			}
			assert.Zero(t, h.writes())
		})
	}
	h.emu.InjectFault(vclienttest.Fault{Method: "GET", Route: historyTestRoute(), Status: 503})
	down := h.run(aliceID, bottest.Command("/rolls/history"))
	assert.Contains(t, text(down), "Valentina is unavailable")
}

func TestRollHistoryFiltersByCharacterOrCampaign(t *testing.T) {
	h := newHarness(t)
	historyTestSeed(h)
	h.warm(aliceID, bottest.Command("/rolls/history"))

	r := h.run(aliceID, bottest.Command("/rolls/history", bottest.O("character", "Mara Voss")))
	require.Len(t, r.Embeds, 1, text(r))
	assert.Equal(t, "Your rolls with Mara Voss", r.Embeds[0].Title)
	reqs := h.emu.Requests()
	assert.Equal(t, []string{h.sb.Mara}, reqs[len(reqs)-1].Query["characterid"])

	h.emu.ResetRequests()
	r = h.run(aliceID, bottest.Command("/rolls/history", bottest.O("campaign", "Chicago by Night")))
	assert.Equal(t, "Your rolls in Chicago by Night", r.Embeds[0].Title)
	assert.Equal(t, []string{h.sb.CampaignID}, h.emu.Requests()[0].Query["campaignid"])
	ids := ntCustomIDs(r.Components)
	require.Len(t, ids, 2)
	assert.Contains(t, ids[1], ":k"+compactID(h.sb.CampaignID)+":2:", "the filter rides in the button")
	next := h.run(aliceID, bottest.Click(ids[1]))
	assert.Equal(t, "Your rolls in Chicago by Night", next.Embeds[0].Title)
}
