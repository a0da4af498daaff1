package commands

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

const (
	spendTestOptions = "GET /characters/{character_id}/traits/{character_trait_id}/value-options"
	spendTestPut     = "PUT /characters/{character_id}/traits/{character_trait_id}/value"
)

// spendTestTrait is the CharacterTrait of a character's rating in a sandbox trait, read
// through the API as the storyteller (test setup, not the bot).
func spendTestTrait(t *testing.T, h *harness, characterID, name string) vclient.CharacterTrait {
	t.Helper()
	traits, err := h.api.OnBehalfOf(h.sb.Sam).CharacterTraits(h.sb.CompanyID, h.sb.CampaignID, characterID).ListAll(t.Context())
	require.NoError(t, err)
	for _, ct := range traits {
		if ct.Trait.Name == name {
			return ct
		}
	}
	t.Fatalf("no trait %s", name)
	return vclient.CharacterTrait{}
}

// spendTestConfirmID is the Confirm button's custom_id of a preview.
func spendTestConfirmID(t *testing.T, r *bot.Response) string {
	t.Helper()
	ids := ntCustomIDs(r.Components)
	require.Len(t, ids, 2, text(r))
	return ids[0]
}

// spendTestPuts are the PUTs of a trait value the emulator saw.
func spendTestPuts(h *harness) []vclienttest.Request {
	var out []vclienttest.Request
	for _, r := range h.emu.Requests() {
		if r.Route == spendTestPut {
			out = append(out, r)
		}
	}
	return out
}

// newSpendHarness gives Alice 25 XP in the sandbox campaign (Mara's Firearms is at 4: the
// fifth dot costs 5 × 2 = 10 XP) and warms the caches of her /xp spend.
func newSpendHarness(t *testing.T) *harness {
	t.Helper()
	v2Only(t)
	h := newHarness(t)
	xpTestGive(t, h, h.sb.Alice, 25)
	h.warm(aliceID, bottest.Autocomplete("/xp/spend", "trait"))
	return h
}

func TestXPSpendPreviewsTheCostTheAPICharges(t *testing.T) {
	h := newSpendHarness(t)

	preview := h.run(aliceID, bottest.Command("/xp/spend", bottest.O("trait", "Firearms")))
	assert.True(t, preview.Ephemeral)
	assert.Equal(t, "Raise **Firearms** of **Mara Voss** from ●●●●○ 4 to ●●●●● 5 for **10 XP**? XP: 25 → 15.", preview.Content)
	assert.Equal(t, 1, h.calls(), "warm: only the value options")
	assert.Equal(t, 1, h.emu.CountRequests("GET", spendTestOptions))
	assert.Zero(t, h.writes(), "a preview writes nothing")
	confirm := spendTestConfirmID(t, preview)
	assert.LessOrEqual(t, len(confirm), 100)

	h.emu.ResetRequests()
	done := h.run(aliceID, bottest.Click(confirm).ID("8001"))
	assert.Equal(t, bot.UpdateMessage, done.Kind)
	assert.Equal(t, "**Mara Voss** raised **Firearms** from ●●●●○ 4 to ●●●●● 5 for 10 XP. XP: 25 → 15.", done.Content)
	assert.Empty(t, done.Components, "the buttons are gone")
	assert.Equal(t, 15, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPCurrent, "the API charged what the preview said")
	assert.Equal(t, 5, spendTestTrait(t, h, h.sb.Mara, "Firearms").Value)
	puts := spendTestPuts(h)
	require.Len(t, puts, 1)
	assert.JSONEq(t, `{"target_value":5,"currency":"XP"}`, string(puts[0].Body))
	assert.Equal(t, "noirbot-8001-xp-spend", puts[0].Header.Get("Idempotency-Key"))
	assert.True(t, actsAs(puts[0], h.sb.Alice))
	assert.Equal(t, 1, h.rereads(), "the caller is re-read before the write")
	require.Len(t, h.audit.all(), 1)
	assert.Contains(t, h.audit.all()[0].Description, "XP: 25 → 15")
}

func TestXPSpendAppliesOnceUnderADuplicateDelivery(t *testing.T) {
	h := newSpendHarness(t)
	confirm := spendTestConfirmID(t, h.run(aliceID, bottest.Command("/xp/spend", bottest.O("trait", "Firearms"))))

	first := h.run(aliceID, bottest.Click(confirm).ID("8002"))
	again := h.run(aliceID, bottest.Click(confirm).ID("8002"))
	assert.Contains(t, first.Content, "XP: 25 → 15")
	assert.NotEmpty(t, text(again), "the duplicate gets an answer")
	assert.Equal(t, 15, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPCurrent, "spent once")
	assert.Equal(t, 5, spendTestTrait(t, h, h.sb.Mara, "Firearms").Value)
	for _, p := range spendTestPuts(h) {
		assert.Equal(t, "noirbot-8002-xp-spend", p.Header.Get("Idempotency-Key"))
	}
}

func TestXPSpendAppliesOnceWhenTheResponseIsLost(t *testing.T) {
	h := newSpendHarness(t)
	confirm := spendTestConfirmID(t, h.run(aliceID, bottest.Command("/xp/spend", bottest.O("trait", "Firearms"))))
	h.emu.ResetRequests()
	h.emu.InjectFault(vclienttest.Fault{Method: "PUT", Route: spendTestPut, LoseResponse: true, Times: 1})

	done := h.run(aliceID, bottest.Click(confirm).ID("8003"))

	assert.Contains(t, done.Content, "XP: 25 → 15", text(done))
	assert.Equal(t, 15, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPCurrent, "spent once")
	puts := spendTestPuts(h)
	require.Len(t, puts, 2, "the lost PUT is retried")
	assert.True(t, puts[0].Lost)
	assert.Equal(t, puts[0].Header.Get("Idempotency-Key"), puts[1].Header.Get("Idempotency-Key"),
		"the retry carries the same key and is answered from the API's idempotency store")
}

func TestXPSpendRefusesInPlainWordsWithoutWriting(t *testing.T) {
	h := newSpendHarness(t)
	mara := spendTestTrait(t, h, h.sb.Mara, "Firearms")
	dmitri := spendTestTrait(t, h, h.sb.Dmitri, "Firearms")
	for _, tt := range []struct {
		name  string
		b     *bottest.Builder
		want  string
		calls int
	}{
		{"zero dots, before any call", bottest.Command("/xp/spend", bottest.O("trait", "Firearms"), bottest.O("dots", 0)), "between 1 and 5", 0},
		{"six dots, before any call", bottest.Command("/xp/spend", bottest.O("trait", "Firearms"), bottest.O("dots", 6)), "between 1 and 5", 0},
		{"above the maximum", bottest.Command("/xp/spend", bottest.O("trait", "Firearms"), bottest.O("dots", 2)), "is at 4 and can't go above 5", 1},
		{"another player's character is not found", bottest.Command("/xp/spend", bottest.O("trait", "Firearms"), bottest.O("character", h.sb.Dmitri)), "not found", 0},
		{"an unknown trait is not found", bottest.Command("/xp/spend", bottest.O("trait", "Flying")), "No trait", 0},
		{"a tampered Confirm naming another's character", bottest.Click(fmt.Sprintf("xs:%s:%s:5:%s", compactID(h.sb.Dmitri), compactID(dmitri.ID), aliceID)), "not found", 1},
		{"someone else's Confirm", bottest.Click(fmt.Sprintf("xs:%s:%s:5:%s", compactID(h.sb.Mara), compactID(mara.ID), bobID)), "not yours", 0},
		{"a broken Confirm", bottest.Click("xs:zz:5:" + aliceID), "broken", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h.emu.ResetRequests()
			r := h.run(aliceID, tt.b)
			assert.True(t, r.Ephemeral, text(r))
			assert.Contains(t, text(r), tt.want)
			assert.Zero(t, h.writes())
			assert.Equal(t, tt.calls, h.calls(), "calls")
		})
	}
	assert.Equal(t, 25, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPCurrent)
	assert.Empty(t, h.audit.all())
}

func TestXPSpendRefusesAShortfallWithTheCurrentXP(t *testing.T) {
	h := newSpendHarness(t)
	r := h.run(aliceID, bottest.Command("/xp/spend", bottest.O("trait", "Firearms")))
	confirm := spendTestConfirmID(t, r)
	h.emu.SetExperience(h.sb.Alice, h.sb.CampaignID, 7, 25, 0)
	h.emu.ResetRequests()

	preview := h.run(aliceID, bottest.Command("/xp/spend", bottest.O("trait", "Firearms")))
	assert.Contains(t, text(preview), "costs 10 XP, but only 7 XP is available. Nothing was spent.")
	click := h.run(aliceID, bottest.Click(confirm))
	assert.Contains(t, text(click), "costs 10 XP, but only 7 XP is available", "checked again at Confirm")
	assert.Zero(t, h.writes())
	assert.Equal(t, 4, spendTestTrait(t, h, h.sb.Mara, "Firearms").Value)
}

func TestXPSpendByAStorytellerSpendsThePlayersXP(t *testing.T) {
	h := newSpendHarness(t)
	preview := h.run(samID, bottest.Command("/xp/spend", bottest.O("trait", "Firearms"), bottest.O("character", "Mara Voss")))
	assert.Contains(t, preview.Content, "XP: 25 → 15")
	done := h.run(samID, bottest.Click(spendTestConfirmID(t, preview)))
	assert.Contains(t, done.Content, "XP: 25 → 15")
	assert.Equal(t, 15, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPCurrent)
}

func TestXPSpendMapsARefusedPut(t *testing.T) {
	h := newSpendHarness(t)
	confirm := spendTestConfirmID(t, h.run(aliceID, bottest.Command("/xp/spend", bottest.O("trait", "Firearms"))))
	for _, tt := range []struct {
		status       int
		detail, want string
	}{
		{403, "No rights to access this resource", "company's settings do not let you spend XP"},
		{403, "User does not own this character", "Only **Mara Voss**'s player or a storyteller"},
		{400, "Trait can not be raised above max value of 5", "Trait can not be raised above max value of 5"},
		{429, "", "busy"},
		{500, "", "Valentina is unavailable"},
	} {
		h.emu.ClearFaults()
		h.emu.InjectFault(vclienttest.Fault{Method: "PUT", Route: spendTestPut, Status: tt.status, Detail: tt.detail})
		r := h.run(aliceID, bottest.Click(confirm))
		assert.True(t, r.Ephemeral, "status %d", tt.status)
		assert.Contains(t, text(r), tt.want, "status %d", tt.status)
	}
	assert.Equal(t, 25, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPCurrent)
	assert.Empty(t, h.audit.all())
}

func TestXPSpendAutocompleteShowsTheNextDotsCost(t *testing.T) {
	h := newSpendHarness(t)
	r := h.run(aliceID, bottest.Autocomplete("/xp/spend", "trait", bottest.O("trait", "fire")))
	require.NotEmpty(t, r.Choices)
	assert.Equal(t, "Firearms 4 → 5 · 10 XP", r.Choices[0].Name)
	assert.Zero(t, h.calls(), "warm autocomplete makes no call")
}

func TestXPSpendNeedsAPIv2(t *testing.T) {
	if v2() {
		t.Skip("v1 only: v2 serves /xp spend")
	}
	h := newHarness(t)
	for _, b := range []*bottest.Builder{
		bottest.Command("/xp/spend", bottest.O("trait", "Firearms")),
		bottest.Click("xs:" + compactID(h.sb.Mara) + ":" + compactID(h.sb.Mara) + ":5:" + aliceID),
		bottest.Command("/character/sheet"),
	} {
		h.emu.ResetRequests()
		r := h.run(aliceID, b)
		assert.True(t, r.Ephemeral)
		assert.Contains(t, text(r), "needs Valentina API v2")
		assert.Zero(t, h.calls())
	}
}
