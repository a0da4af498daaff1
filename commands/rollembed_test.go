package commands

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/vclient"
)

func embedTestRoll(t vclient.ResultType, humanized, player, desperation string, numDesperation int) *vclient.DiceRoll {
	d := 6
	return &vclient.DiceRoll{Difficulty: &d, DiceSize: 10, NumDice: 5, NumDesperationDice: numDesperation,
		Result: &vclient.RollResult{TotalResultType: t, TotalResultHumanized: humanized, PlayerRollEmoji: player, DesperationRollEmoji: desperation}}
}

func TestRollEmbedColourAndTitleFollowTheOutcome(t *testing.T) {
	cases := []struct {
		result    vclient.ResultType
		humanized string
		color     int
		title     string
	}{
		{vclient.ResultCritical, "7 Successes", colorCritical, "Critical — 7 Successes"},
		{vclient.ResultSuccess, "1 Success", colorSuccess, "Success — 1 Success"},
		{vclient.ResultFailure, "0 Successes", colorFailure, "Failure — 0 Successes"},
		{vclient.ResultBotch, "-1 Successes", colorBotch, "Botch — -1 Successes"},
		{vclient.ResultOther, "", colorNeutral, "Rolled"},
	}
	for _, tc := range cases {
		t.Run(string(tc.result), func(t *testing.T) {
			e := rollEmbed(rollView{Roll: embedTestRoll(tc.result, tc.humanized, "7️⃣", "", 0)})
			assert.Equal(t, tc.color, e.Color)
			assert.Equal(t, tc.title, e.Title)
		})
	}
}

func TestRollEmbedShowsEverythingARollerNeeds(t *testing.T) {
	roll := embedTestRoll(vclient.ResultSuccess, "2 Successes", "1️⃣ 7️⃣ 🔟", "", 2)
	pool := []poolTrait{{Name: "Strength", Value: 3, Has: true}, {Name: "Brawl", Value: 2, Has: true}}
	e := rollEmbed(rollView{Roll: roll, Character: "Mara Voss", Quickroll: "Strength + Brawl", Pool: pool, Values: true, Roller: "Alice", Comment: "for the Prince"})

	got := map[string]string{}
	for _, f := range e.Fields {
		got[f.Name] = f.Value
		assert.NotEmpty(t, f.Value)
	}
	assert.Equal(t, "1️⃣ 7️⃣ 🔟\nDesperation: —", got["Dice"], "an empty emoji string shows as —")
	assert.Equal(t, "Mara Voss", got["Character"])
	assert.Equal(t, "Strength + Brawl", got["Quickroll"])
	assert.Equal(t, "Strength 3 + Brawl 2 = 5", got["Pool"])
	assert.Equal(t, "6", got["Difficulty"])
	assert.Equal(t, "2", got["Desperation"])
	assert.Equal(t, "for the Prince", e.Description)
	assert.Equal(t, "Rolled by Alice", e.Footer.Text)
}

func TestRollEmbedLeavesOutWhatARollDoesNotHave(t *testing.T) {
	e := rollEmbed(rollView{Roll: embedTestRoll(vclient.ResultFailure, "0 Successes", "", "", 0)})
	names := []string{}
	for _, f := range e.Fields {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"Dice", "Pool", "Difficulty"}, names)
	assert.Equal(t, "—", e.Fields[0].Value)
	assert.Equal(t, "5 dice", e.Fields[1].Value)
	assert.Nil(t, e.Footer)
}

func TestPoolText(t *testing.T) {
	pool := []poolTrait{{Name: "Strength", Value: 3, Has: true}, {Name: "Occult"}}
	assert.Equal(t, "Strength 3 + Occult — = 3", poolText(pool, true, 3))
	assert.Equal(t, "Strength + Occult — = 4", poolText(pool, false, 4), "untrusted values: names only")
	assert.Equal(t, "1 die", poolText(nil, true, 1))
}

func TestBuildPoolMatchesOnTheBlueprintTraitID(t *testing.T) {
	traits := []vclient.CharacterTrait{
		{ID: "ct1", Value: 3, Trait: vclient.Trait{ID: "t-str", Name: "Strength"}},
		{ID: "ct2", Value: 2, Trait: vclient.Trait{ID: "t-brawl", Name: "Brawl"}},
	}
	pool, sum := buildPool([]string{"t-str", "ct2", "t-occult"}, traits, func(id string) string { return "name of " + id })
	assert.Equal(t, 3, sum, "a CharacterTrait id is not a blueprint id")
	require.Len(t, pool, 3)
	assert.Equal(t, poolTrait{Name: "Strength", Value: 3, Has: true}, pool[0])
	assert.Equal(t, poolTrait{Name: "name of ct2"}, pool[1])
	assert.Equal(t, 1, matched(pool))
}

func TestRollEmbedStaysWithinDiscordLimits(t *testing.T) {
	roll := embedTestRoll(vclient.ResultSuccess, strings.Repeat("x", 300), strings.Repeat("🔟 ", 400), strings.Repeat("1️⃣ ", 400), 5)
	pool := make([]poolTrait, 0, 50)
	for range 50 {
		pool = append(pool, poolTrait{Name: strings.Repeat("N", 50), Value: 5, Has: true})
	}
	e := rollEmbed(rollView{Roll: roll, Character: strings.Repeat("C", 300), Quickroll: strings.Repeat("Q", 300), Pool: pool, Values: true, Roller: "R", Comment: strings.Repeat("c", 5000)})
	total := len([]rune(e.Title)) + len([]rune(e.Description)) + len([]rune(e.Footer.Text))
	assert.LessOrEqual(t, len([]rune(e.Title)), maxEmbedTitle)
	assert.LessOrEqual(t, len([]rune(e.Description)), maxEmbedDescription)
	for _, f := range e.Fields {
		assert.LessOrEqual(t, len([]rune(f.Value)), maxFieldValue)
		assert.LessOrEqual(t, len([]rune(f.Name)), maxFieldName)
		total += len([]rune(f.Name)) + len([]rune(f.Value))
	}
	assert.LessOrEqual(t, total, maxEmbedTotal)
}
