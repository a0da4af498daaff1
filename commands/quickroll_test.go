package commands

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

var (
	routeQuickrollRoll = byDialect("POST /users/{user_id}/dicerolls/quickroll", "POST /dicerolls/quickroll")
	routeManualRoll    = byDialect("POST /users/{user_id}/dicerolls", "POST /dicerolls")
)

var emailPattern = regexp.MustCompile(`[\w.+-]+@[\w-]+\.[\w.]+`)

// rollTestQuickroll is /quickroll with a name and extra options.
func rollTestQuickroll(name string, opts ...bottest.Opt) *bottest.Builder {
	return bottest.Command("/quickroll", append([]bottest.Opt{bottest.O("name", name)}, opts...)...)
}

// rollTestButton is the custom_id of the response's Re-roll button.
func rollTestButton(t *testing.T, r *bot.Response) string {
	t.Helper()
	require.Len(t, r.Components, 1)
	row, ok := r.Components[0].(discordgo.ActionsRow)
	require.True(t, ok)
	require.Len(t, row.Components, 1)
	btn, ok := row.Components[0].(discordgo.Button)
	require.True(t, ok)
	return btn.CustomID
}

// rollTestField is the value of the embed field with that name ("" when absent).
func rollTestField(r *bot.Response, name string) string {
	for _, e := range r.Embeds {
		for _, f := range e.Fields {
			if f.Name == name {
				return f.Value
			}
		}
	}
	return ""
}

// rollTestMentions reports whether any request's path, query or body names id.
func rollTestMentions(reqs []vclienttest.Request, id string) bool {
	for _, r := range reqs {
		if strings.Contains(r.Path, id) || strings.Contains(r.Query.Encode(), id) || strings.Contains(string(r.Body), id) {
			return true
		}
	}
	return false
}

func TestQuickrollRollsThroughTheQuickrollEndpoint(t *testing.T) {
	h := newHarness(t)
	qr := h.sb.Quickrolls["Strength + Brawl"]

	r := h.run(aliceID, rollTestQuickroll("Strength + Brawl", bottest.O("comment", "for the Prince")))

	require.Equal(t, bot.NewMessage, r.Kind)
	assert.False(t, r.Ephemeral, "public unless hidden")
	require.Len(t, r.Embeds, 1)
	assert.Equal(t, "Mara Voss", rollTestField(r, "Character"))
	assert.Equal(t, "Strength + Brawl", rollTestField(r, "Quickroll"))
	assert.Equal(t, "Strength 2 + Brawl 2 = 4", rollTestField(r, "Pool"))
	assert.Equal(t, "6", rollTestField(r, "Difficulty"))
	assert.Equal(t, "for the Prince", r.Embeds[0].Description)
	assert.Equal(t, "Rolled by "+shown("Alice"), r.Embeds[0].Footer.Text)
	assert.Equal(t, "qr:"+compactID(qr)+":"+compactID(h.sb.Mara)+":6:0:p:"+aliceID, rollTestButton(t, r))
	assert.NotRegexp(t, emailPattern, text(r))

	require.Equal(t, 1, h.emu.CountRequests("POST", routeQuickrollRoll))
	var post vclienttest.Request
	for _, req := range h.emu.Requests() {
		if req.Route == routeQuickrollRoll {
			post = req
		}
	}
	assert.JSONEq(t, `{"quickroll_id":"`+qr+`","character_id":"`+h.sb.Mara+`","difficulty":6,"num_desperation_dice":0,"comment":"for the Prince"}`, string(post.Body))
	assert.True(t, actsAs(post, h.sb.Alice), "the roll is made on Alice's behalf")
	assert.Regexp(t, `^noirbot-\d+-roll$`, post.Header.Get("Idempotency-Key"))
	assert.Equal(t, 0, h.emu.CountRequests("POST", routeManualRoll))
}

func TestWarmQuickrollMakesExactlyOneUpstreamCall(t *testing.T) {
	h := newHarness(t)
	h.warm(aliceID, rollTestQuickroll("Strength + Brawl"))

	r := h.run(aliceID, rollTestQuickroll("Strength + Brawl", bottest.O("difficulty", 7)))

	require.Len(t, r.Embeds, 1, text(r))
	reqs := h.emu.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, routeQuickrollRoll, reqs[0].Route)
	assert.Equal(t, "Strength 2 + Brawl 2 = 4", rollTestField(r, "Pool"), "trait values come from the warm cache")
}

func TestQuickrollAcceptsTheAutocompleteID(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, rollTestQuickroll(h.sb.Quickrolls["Dexterity + Firearms"]))
	assert.Equal(t, "Dexterity + Firearms", rollTestField(r, "Quickroll"))
	assert.Equal(t, "Dexterity 4 + Firearms 4 = 8", rollTestField(r, "Pool"))
}

func TestQuickrollRefusesBadInputBeforeAnyCall(t *testing.T) {
	cases := []struct {
		name string
		opts []bottest.Opt
		want string
	}{
		{"difficulty below 1", []bottest.Opt{bottest.O("difficulty", 0)}, "`difficulty` must be between 1 and 10"},
		{"difficulty above 10", []bottest.Opt{bottest.O("difficulty", 11)}, "`difficulty` must be between 1 and 10"},
		{"negative desperation", []bottest.Opt{bottest.O("desperation", -1)}, "`desperation` must be between 0 and 5"},
		{"desperation above 5", []bottest.Opt{bottest.O("desperation", 6)}, "`desperation` must be between 0 and 5"},
		{"comment over 200 characters", []bottest.Opt{bottest.O("comment", strings.Repeat("é", 201))}, "at most 200 characters"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.emu.ResetRequests()
			r := h.run(aliceID, rollTestQuickroll("Strength + Brawl", tc.opts...))
			assert.True(t, r.Ephemeral)
			assert.Contains(t, r.Content, tc.want)
			assert.Zero(t, h.calls())
		})
	}
}

func TestQuickrollInAnUnconfiguredGuildNamesTheGuild(t *testing.T) {
	h := newHarness(t)
	h.emu.ResetRequests()
	r := h.run(aliceID, rollTestQuickroll("Strength + Brawl").Guild("4242"))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "4242")
	assert.Zero(t, h.calls())
}

func TestQuickrollByAnUnlinkedUserExplainsLinking(t *testing.T) {
	h := newHarness(t)
	r := h.run("777", rollTestQuickroll("Strength + Brawl"))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "/link")
	assert.Zero(t, h.writes())
}

func TestQuickrollOfAnotherUsersQuickrollIsNotFound(t *testing.T) {
	h := newHarness(t)
	bobs := h.emu.AddQuickroll(h.sb.Bob, vclienttest.Quickroll{Name: "Bob's Brawl", TraitIDs: []string{h.sb.Traits["Brawl"]}})

	for _, input := range []string{bobs, "Bob's Brawl"} {
		r := h.run(aliceID, rollTestQuickroll(input))
		assert.True(t, r.Ephemeral)
		assert.Regexp(t, `^(Quickroll not found\.|No quickroll called "Bob's Brawl"\.)$`, r.Content)
	}
	assert.Zero(t, h.writes())
	assert.False(t, rollTestMentions(h.emu.Requests(), bobs), "no request about Bob's quickroll")
}

func TestQuickrollWithDesperationRollsItself(t *testing.T) {
	v1Only(t, "v2's quickroll endpoint honours num_desperation_dice (TestQuickrollWithDesperationIsOneQuickrollCallInV2)")
	h := newHarness(t)
	h.warm(aliceID, rollTestQuickroll("Strength + Brawl"))

	r := h.run(aliceID, rollTestQuickroll("Strength + Brawl", bottest.O("desperation", 2), bottest.O("difficulty", 5)))

	require.Len(t, r.Embeds, 1, text(r))
	assert.Empty(t, r.Embeds[0].Description, "the default comment repeats the Quickroll field, so it is not shown")
	assert.Equal(t, "2", rollTestField(r, "Desperation"))
	assert.Contains(t, rollTestField(r, "Dice"), "Desperation: ")
	assert.Equal(t, "Strength 2 + Brawl 2 = 4", rollTestField(r, "Pool"))
	assert.True(t, strings.HasSuffix(rollTestButton(t, r), ":5:2:p:"+aliceID))

	rolls := h.emu.DiceRolls(h.sb.CompanyID)
	require.NotEmpty(t, rolls)
	last := rolls[len(rolls)-1]
	assert.Equal(t, 2, last.NumDesperationDice)
	assert.Equal(t, 4, last.NumDice)
	assert.Equal(t, 10, last.DiceSize)
	assert.Equal(t, h.sb.Mara, last.CharacterID)
	assert.Equal(t, h.sb.CampaignID, last.CampaignID)
	assert.Equal(t, "Quick roll: Strength + Brawl", last.Comment)
	assert.ElementsMatch(t, []string{h.sb.Traits["Strength"], h.sb.Traits["Brawl"]}, last.TraitIDs)
	require.NotNil(t, last.Difficulty)
	assert.Equal(t, 5, *last.Difficulty)

	var routes []string
	for _, req := range h.emu.Requests() {
		routes = append(routes, req.Method+" "+req.Route)
	}
	assert.Equal(t, []string{"GET " + byDialect("GET /users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/traits", "GET /characters/{character_id}/traits"),
		"POST " + routeManualRoll}, routes, "a fresh trait list, then the roll")
}

func TestQuickrollWithDesperationIsOneQuickrollCallInV2(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	h.warm(aliceID, rollTestQuickroll("Strength + Brawl"))

	r := h.run(aliceID, rollTestQuickroll("Strength + Brawl", bottest.O("desperation", 2), bottest.O("difficulty", 5)))

	require.Len(t, r.Embeds, 1, text(r))
	assert.Equal(t, "2", rollTestField(r, "Desperation"))
	assert.Regexp(t, `Desperation: \S`, rollTestField(r, "Dice"), "the desperation dice are shown")
	assert.Equal(t, "Strength 2 + Brawl 2 = 4", rollTestField(r, "Pool"))
	assert.True(t, strings.HasSuffix(rollTestButton(t, r), ":5:2:p:"+aliceID))

	reqs := h.emu.Requests()
	require.Len(t, reqs, 1, "one API call: the quickroll endpoint")
	assert.Equal(t, routeQuickrollRoll, reqs[0].Route)
	assert.Equal(t, h.sb.Alice, reqs[0].OnBehalfOf)
	assert.JSONEq(t, `{"quickroll_id":"`+h.sb.Quickrolls["Strength + Brawl"]+`","character_id":"`+h.sb.Mara+`","difficulty":5,"num_desperation_dice":2}`, string(reqs[0].Body))

	rolls := h.emu.DiceRolls(h.sb.CompanyID)
	require.NotEmpty(t, rolls)
	last := rolls[len(rolls)-1]
	assert.Equal(t, 2, last.NumDesperationDice)
	assert.Equal(t, 4, last.NumDice)
}

func TestQuickrollWithDesperationAndNoMatchingTraitSaysSoWithoutRolling(t *testing.T) {
	h := newHarness(t)
	occult := h.emu.AddTrait(h.sb.CompanyID, vclienttest.Trait{Name: "Occult", ParentCategoryName: "Skills"})
	h.emu.AddQuickroll(h.sb.Alice, vclienttest.Quickroll{Name: "Occult Lore", TraitIDs: []string{occult}})

	before := len(h.emu.DiceRolls(h.sb.CompanyID))
	r := h.run(aliceID, rollTestQuickroll("Occult Lore", bottest.O("desperation", 1)))

	assert.True(t, r.Ephemeral)
	assert.Equal(t, msgNoQuickrollTraits, r.Content)
	assert.Len(t, h.emu.DiceRolls(h.sb.CompanyID), before, "nothing was rolled")
	// v1: the bot sees the missing traits itself; v2: the quickroll endpoint refuses the roll.
	assert.Equal(t, byDialect("0", "1"), fmt.Sprint(h.writes()))
}

func TestQuickrollShowsTraitsTheCharacterLacks(t *testing.T) {
	h := newHarness(t)
	occult := h.emu.AddTrait(h.sb.CompanyID, vclienttest.Trait{Name: "Occult", ParentCategoryName: "Skills"})
	h.emu.AddQuickroll(h.sb.Alice, vclienttest.Quickroll{Name: "Strength + Occult", TraitIDs: []string{h.sb.Traits["Strength"], occult}})

	r := h.run(aliceID, rollTestQuickroll("Strength + Occult"))
	assert.Equal(t, "Strength 2 + Occult — = 2", rollTestField(r, "Pool"))
}

func TestQuickrollWithStaleTraitsShowsNamesAndDropsTheCache(t *testing.T) {
	h := newHarness(t)
	h.warm(aliceID, rollTestQuickroll("Strength + Brawl"))
	h.emu.SetCharacterTrait(h.sb.Mara, h.sb.Traits["Strength"], 5)

	r := h.run(aliceID, rollTestQuickroll("Strength + Brawl"))
	assert.Equal(t, "Strength + Brawl = 7", rollTestField(r, "Pool"), "the roll's num_dice is the total")

	r = h.run(aliceID, rollTestQuickroll("Strength + Brawl"))
	assert.Equal(t, "Strength 5 + Brawl 2 = 7", rollTestField(r, "Pool"), "the trait cache was dropped and reloaded")
}

func TestQuickrollHiddenIsPrivate(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, rollTestQuickroll("Strength + Brawl", bottest.O("hidden", true)))
	assert.True(t, r.Ephemeral)
	assert.True(t, strings.HasSuffix(rollTestButton(t, r), ":h:"+aliceID))
	assert.True(t, h.mux.Route(h.as(aliceID, rollTestQuickroll("x", bottest.O("hidden", true))).Interaction()).Ephemeral)
	assert.False(t, h.mux.Route(h.as(aliceID, rollTestQuickroll("x")).Interaction()).Ephemeral)
}

func TestQuickrollMapsAPIErrors(t *testing.T) {
	cases := []struct {
		status int
		want   string
	}{
		{500, "Valentina is unavailable"},
		{429, "Valentina is busy, try again in 1 s"},
		{403, "not allowed"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("status %d", tc.status), func(t *testing.T) {
			h := newHarness(t)
			h.emu.InjectFault(vclienttest.Fault{Method: "POST", Route: routeQuickrollRoll, Status: tc.status, RetryAfter: time.Millisecond})
			r := h.run(aliceID, rollTestQuickroll("Strength + Brawl"))
			assert.True(t, r.Ephemeral)
			assert.Contains(t, r.Content, tc.want)
			// The quickroll is remembered alongside the roll's API call (off the critical path):
			// one the user just tried is the one they most recently used, even if Valentina failed.
			recent, err := h.store.RecentQuickrolls(t.Context(), guildID, aliceID)
			require.NoError(t, err)
			assert.Equal(t, []string{h.sb.Quickrolls["Strength + Brawl"]}, recent)
			assert.Zero(t, len(h.emu.DiceRolls(h.sb.CompanyID)), "nothing was rolled")
		})
	}
}
