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

const (
	rerollTestUUID1     = "0f8fad5b-d9cb-469f-a165-70867728950e"
	rerollTestUUID2     = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
	rerollTestSnowflake = "18446744073709551615" // the largest 64-bit snowflake: 20 digits
)

func TestRerollCustomIDWorstCaseFitsDiscordsLimit(t *testing.T) {
	cases := []struct {
		name string
		spec rerollSpec
	}{
		{"quickroll with 36-character UUIDs", rerollSpec{Kind: prefixQuickrollReroll, Quickroll: compactID(rerollTestUUID1),
			Character: compactID(rerollTestUUID2), Difficulty: 10, Desperation: 5, Hidden: true, Owner: rerollTestSnowflake}},
		{"quickroll with today's 24-hex ids", rerollSpec{Kind: prefixQuickrollReroll, Quickroll: strings.Repeat("f", 24),
			Character: strings.Repeat("e", 24), Difficulty: 10, Desperation: 5, Owner: rerollTestSnowflake}},
		{"ad-hoc roll with a UUID character", rerollSpec{Kind: prefixRollReroll, Pool: 30, Character: compactID(rerollTestUUID2),
			Difficulty: 10, Desperation: 5, Hidden: true, Owner: rerollTestSnowflake}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := tc.spec.customID()
			require.NotEmpty(t, id)
			assert.LessOrEqual(t, len(id), 100)
			back, err := parseRerollID(id)
			require.NoError(t, err)
			assert.Equal(t, tc.spec, back)
		})
	}
	assert.True(t, sameID(rerollTestUUID1, compactID(rerollTestUUID1)), "a UUID matches its compact form")
	assert.True(t, sameID(strings.ToUpper(rerollTestUUID1), compactID(rerollTestUUID1)))
	assert.False(t, sameID(rerollTestUUID2, compactID(rerollTestUUID1)))
}

func TestParseRerollIDRefusesTamperedIDs(t *testing.T) {
	good := "qr:" + strings.Repeat("a", 24) + ":" + strings.Repeat("b", 24) + ":6:0:p:300"
	_, err := parseRerollID(good)
	require.NoError(t, err)
	for _, bad := range []string{
		"", "qr", "qr:::::", "xx:a:b:6:0:p:300",
		strings.Replace(good, ":6:", ":0:", 1), strings.Replace(good, ":6:", ":11:", 1),
		strings.Replace(good, ":6:", ":06:", 1), strings.Replace(good, ":6:", ":+6:", 1),
		strings.Replace(good, ":0:p", ":6:p", 1), strings.Replace(good, ":0:p", ":-1:p", 1),
		strings.Replace(good, ":p:", ":x:", 1), strings.Replace(good, ":300", ":3a0", 1),
		strings.Replace(good, ":300", ":"+strings.Repeat("9", 21), 1),
		strings.Replace(good, "aaaa", "AAAA", 1), strings.Replace(good, "aaaa", "a-a/", 1),
		good + ":extra", "qr:" + strings.Repeat("a", 37) + ":b:6:0:p:300",
		"rl:0:-:6:0:p:300", "rl:31:-:6:0:p:300", "rl:5:--:6:0:p:300",
	} {
		_, err := parseRerollID(bad)
		assert.Error(t, err, bad)
	}
	_, err = parseRerollID("rl:5:-:6:0:h:300")
	assert.NoError(t, err)
}

// FuzzRerollID checks that any custom_id either fails to parse or round-trips exactly within
// Discord's limit; the parser never panics.
func FuzzRerollID(f *testing.F) {
	f.Add("qr:" + strings.Repeat("a", 24) + ":" + strings.Repeat("b", 24) + ":6:0:p:300")
	f.Add("rl:5:-:6:2:h:300")
	f.Add("qr:" + compactID(rerollTestUUID1) + ":" + compactID(rerollTestUUID2) + ":10:5:h:" + rerollTestSnowflake)
	f.Fuzz(func(t *testing.T, id string) {
		s, err := parseRerollID(id)
		if err != nil {
			return
		}
		assert.Equal(t, id, s.customID())
		assert.LessOrEqual(t, len(id), 100)
	})
}

func TestRerollRepeatsTheRollAsANewMessage(t *testing.T) {
	h := newHarness(t)
	first := h.run(aliceID, rollTestQuickroll("Strength + Brawl", bottest.O("difficulty", 8), bottest.O("comment", "once")))
	id := rollTestButton(t, first)
	h.emu.ResetRequests()

	r := h.run(aliceID, bottest.Click(id))

	assert.Equal(t, bot.NewMessage, r.Kind, "a new message, not an update")
	assert.False(t, r.Ephemeral)
	assert.Equal(t, "8", rollTestField(r, "Difficulty"))
	assert.Empty(t, r.Embeds[0].Description, "the comment is not repeated, and the API's default is not shown")
	assert.Equal(t, id, rollTestButton(t, r))
	assert.Equal(t, 1, h.emu.CountRequests("POST", routeQuickrollRoll))
	assert.Equal(t, 1, h.calls(), "warm: only the roll")
}

func TestRerollOfAHiddenRollStaysHidden(t *testing.T) {
	h := newHarness(t)
	id := rollTestButton(t, h.run(aliceID, rollTestQuickroll("Strength + Brawl", bottest.O("hidden", true))))
	assert.True(t, h.mux.Route(h.as(aliceID, bottest.Click(id)).Interaction()).Ephemeral)
	assert.True(t, h.run(aliceID, bottest.Click(id)).Ephemeral)
}

func TestRerollRefusesOthersAndTamperedIDs(t *testing.T) {
	h := newHarness(t)
	bobsQuickroll := h.emu.AddQuickroll(h.sb.Bob, vclienttest.Quickroll{Name: "Bob's Brawl", TraitIDs: []string{h.sb.Traits["Brawl"]}})
	alices := h.sb.Quickrolls["Strength + Brawl"]
	cases := []struct {
		name, clicker, id, want, secret string
	}{
		{"anyone but the owner", bobID, "qr:" + compactID(alices) + ":" + compactID(h.sb.Mara) + ":6:0:p:" + aliceID, "This is not your roll.", ""},
		{"another user's quickroll", bobID, "qr:" + compactID(alices) + ":" + compactID(h.sb.Dmitri) + ":6:0:p:" + bobID, "Quickroll not found.", alices},
		{"Bob's quickroll in Alice's button", aliceID, "qr:" + compactID(bobsQuickroll) + ":" + compactID(h.sb.Mara) + ":6:0:p:" + aliceID, "Quickroll not found.", bobsQuickroll},
		{"another player's character", aliceID, "qr:" + compactID(alices) + ":" + compactID(h.sb.Dmitri) + ":6:0:p:" + aliceID, "Character not found.", h.sb.Dmitri},
		{"an ad-hoc roll with another player's character", aliceID, "rl:5:" + compactID(h.sb.Dmitri) + ":6:0:p:" + aliceID, "Character not found.", h.sb.Dmitri},
		{"a malformed id", aliceID, "qr:" + compactID(alices) + ":" + compactID(h.sb.Mara) + ":66:0:p:" + aliceID, "not valid any more", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h.emu.ResetRequests()
			r := h.run(tc.clicker, bottest.Click(tc.id))
			assert.True(t, r.Ephemeral)
			assert.Contains(t, r.Content, tc.want)
			assert.Zero(t, h.writes())
			if tc.secret != "" {
				assert.False(t, rollTestMentions(h.emu.Requests(), tc.secret), "no request about %s", tc.secret)
			}
		})
	}
}
