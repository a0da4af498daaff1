package commands

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// rollTestLastBody is the body of the last manual roll request.
func rollTestLastBody(t *testing.T, h *harness) string {
	t.Helper()
	var body string
	for _, r := range h.emu.Requests() {
		if r.Method == "POST" && r.Route == routeManualRoll {
			body = string(r.Body)
		}
	}
	require.NotEmpty(t, body, "no roll request")
	return body
}

func TestRollWithoutACharacterCarriesTheResolvedCampaign(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/roll", bottest.O("pool", 5), bottest.O("comment", "jump")))

	require.Len(t, r.Embeds, 1, text(r))
	assert.False(t, r.Ephemeral)
	assert.Equal(t, "5 dice", rollTestField(r, "Pool"))
	assert.Empty(t, rollTestField(r, "Character"))
	assert.Equal(t, "Rolled by "+shown("Alice"), r.Embeds[0].Footer.Text)
	assert.JSONEq(t, `{"dice_size":10,"num_dice":5,"difficulty":6,"num_desperation_dice":0,"comment":"jump","campaign_id":"`+h.sb.CampaignID+`"}`,
		rollTestLastBody(t, h))
	assert.Equal(t, "rl:5:-:6:0:p:"+aliceID, rollTestButton(t, r))
	assert.Equal(t, 1, h.writes())
}

func TestRollWithACharacterCarriesItsCampaign(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/roll", bottest.O("pool", 3), bottest.O("character", "mara"),
		bottest.O("difficulty", 7), bottest.O("desperation", 2), bottest.O("hidden", true)))

	require.Len(t, r.Embeds, 1, text(r))
	assert.True(t, r.Ephemeral)
	assert.Equal(t, "Mara Voss", rollTestField(r, "Character"))
	assert.JSONEq(t, `{"dice_size":10,"num_dice":3,"difficulty":7,"num_desperation_dice":2,"character_id":"`+h.sb.Mara+`","campaign_id":"`+h.sb.CampaignID+`"}`,
		rollTestLastBody(t, h))
	rolls := h.emu.DiceRolls(h.sb.CompanyID)
	assert.Equal(t, 2, rolls[len(rolls)-1].NumDesperationDice)
	assert.Equal(t, "rl:3:"+compactID(h.sb.Mara)+":7:2:h:"+aliceID, rollTestButton(t, r))
}

func TestRollWithoutAResolvableCampaignStillRolls(t *testing.T) {
	h := newHarness(t)
	h.emu.AddCampaign(h.sb.CompanyID, vclienttest.Campaign{Name: "Second City"})
	r := h.run(aliceID, bottest.Command("/roll", bottest.O("pool", 2)))
	require.Len(t, r.Embeds, 1, text(r))
	assert.JSONEq(t, `{"dice_size":10,"num_dice":2,"difficulty":6,"num_desperation_dice":0}`, rollTestLastBody(t, h))
}

func TestRollRefusesBadInputBeforeAnyCall(t *testing.T) {
	cases := []struct {
		name string
		opts []bottest.Opt
		want string
	}{
		{"no dice", []bottest.Opt{bottest.O("pool", 0)}, "`pool` must be between 1 and 30"},
		{"too many dice", []bottest.Opt{bottest.O("pool", 31)}, "`pool` must be between 1 and 30"},
		{"difficulty above 10", []bottest.Opt{bottest.O("pool", 3), bottest.O("difficulty", 11)}, "`difficulty`"},
		{"desperation above 5", []bottest.Opt{bottest.O("pool", 3), bottest.O("desperation", 6)}, "`desperation`"},
		{"comment too long", []bottest.Opt{bottest.O("pool", 3), bottest.O("comment", strings.Repeat("x", 201))}, "`comment`"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.emu.ResetRequests()
			r := h.run(aliceID, bottest.Command("/roll", tc.opts...))
			assert.True(t, r.Ephemeral)
			assert.Contains(t, r.Content, tc.want)
			assert.Zero(t, h.calls())
		})
	}
}

func TestRollWithAnotherPlayersCharacterIsNotFound(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/roll", bottest.O("pool", 3), bottest.O("character", h.sb.Dmitri)))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "Character not found.")
	assert.Zero(t, h.writes())
	assert.False(t, rollTestMentions(h.emu.Requests(), h.sb.Dmitri))
}

func TestRollRerollRepeatsTheRoll(t *testing.T) {
	h := newHarness(t)
	id := rollTestButton(t, h.run(aliceID, bottest.Command("/roll", bottest.O("pool", 4), bottest.O("character", "Mara Voss"))))
	h.emu.ResetRequests()

	r := h.run(aliceID, bottest.Click(id))
	require.Equal(t, bot.NewMessage, r.Kind)
	assert.Equal(t, "Mara Voss", rollTestField(r, "Character"))
	assert.JSONEq(t, `{"dice_size":10,"num_dice":4,"difficulty":6,"num_desperation_dice":0,"character_id":"`+h.sb.Mara+`","campaign_id":"`+h.sb.CampaignID+`"}`,
		rollTestLastBody(t, h))
	assert.Equal(t, 1, h.calls())

	assert.Equal(t, "This is not your roll.", h.run(bobID, bottest.Click(id)).Content)
}

func TestRollAutocompleteOffersCharacters(t *testing.T) {
	h := newHarness(t)
	h.warm(aliceID, bottest.Autocomplete("/roll", "character"))
	r := h.run(aliceID, bottest.Autocomplete("/roll", "character", bottest.O("pool", 3)))
	require.Len(t, r.Choices, 1)
	assert.Equal(t, h.sb.Mara, r.Choices[0].Value)
	assert.Zero(t, h.calls())
}
