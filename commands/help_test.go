package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
)

func TestHelpListsEveryRegistryCommand(t *testing.T) {
	h := newHarness(t)
	h.emu.ResetRequests()
	for _, b := range []*bottest.Builder{bottest.Command("/help"), bottest.Command("/help").DM()} {
		r := h.run("777", b)
		require.Len(t, r.Embeds, 1)
		assert.True(t, r.Ephemeral)
		for _, c := range Registry() {
			assert.Contains(t, r.Embeds[0].Description, "`/"+c.Def.Name+"` — "+c.Def.Description)
		}
	}
	assert.Zero(t, h.calls())
	assert.True(t, h.mux.Route(bottest.Command("/help").Interaction()).Ephemeral)
}

func TestHelpTopicShowsOptionsWithConstraints(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/help", bottest.O("topic", "quickroll")))
	require.Len(t, r.Embeds, 1)
	d := r.Embeds[0].Description
	assert.Equal(t, "/quickroll", r.Embeds[0].Title)
	assert.Contains(t, d, "`name` — The quickroll to roll (required, suggestions as you type)")
	assert.Contains(t, d, "`difficulty` — Difficulty (default 6) (number 1–10)")
	assert.Contains(t, d, "`comment` — A comment shown with the roll (up to 200 characters)")

	for _, c := range Registry() {
		r := h.run(aliceID, bottest.Command("/help", bottest.O("topic", "/"+c.Def.Name)).DM())
		require.Len(t, r.Embeds, 1, c.Def.Name)
		assert.LessOrEqual(t, len([]rune(r.Embeds[0].Description)), maxEmbedDescription)
		for _, o := range c.Def.Options {
			assert.Contains(t, r.Embeds[0].Description, o.Name, "/%s mentions %s", c.Def.Name, o.Name)
		}
	}
}

func TestHelpUnknownTopic(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/help", bottest.O("topic", "dance")))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "There is no command `/dance`")
}

func TestHelpAutocompleteOffersCommandNames(t *testing.T) {
	h := newHarness(t)
	h.emu.ResetRequests()
	r := h.run(aliceID, bottest.Autocomplete("/help", "topic", bottest.O("topic", "quick")))
	require.Equal(t, bot.Choices, r.Kind)
	require.Len(t, r.Choices, 2)
	assert.Equal(t, "quickroll", r.Choices[0].Value)
	assert.Equal(t, "quickrolls", r.Choices[1].Value)
	all := h.run(aliceID, bottest.Autocomplete("/help", "topic"))
	assert.Len(t, all.Choices, len(Registry()))
	for _, c := range all.Choices {
		assert.LessOrEqual(t, len([]rune(c.Name)), 100)
	}
	assert.Zero(t, h.calls())
}

func TestEveryRegisteredCommandPassesDiscordsLimits(t *testing.T) {
	defs := Definitions()
	require.Len(t, defs, len(Registry()))
	require.NoError(t, bot.ValidateCommands(defs), "what `noirbot register` sends must pass Discord's limits")
	seen := map[string]bool{}
	for _, d := range defs {
		assert.False(t, seen[d.Name], "command /%s registered twice", d.Name)
		seen[d.Name] = true
	}
	for _, name := range []string{"quickroll", "roll", "quickrolls", "xp", "stats", "notes", "character", "campaign", "link", "unlink", "whoami", "help"} {
		assert.True(t, seen[name], "SPEC §4.3 command /%s is registered", name)
	}
}
