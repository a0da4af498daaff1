package commands

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

const sheetTestRoute = "GET /characters/{character_id}/full-sheet"

func TestCharacterSheetShowsOnePagePerSection(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	h.warm(aliceID, bottest.Command("/character/sheet"))

	r := h.run(aliceID, bottest.Command("/character/sheet"))
	require.Len(t, r.Embeds, 1, text(r))
	assert.True(t, r.Ephemeral, "hidden by default")
	e := r.Embeds[0]
	assert.Equal(t, "Mara Voss — Attributes", e.Title)
	out := text(r)
	assert.Contains(t, out, "Physical: Dexterity ●●●●○\nStamina ●●●○○\nStrength ●●○○○")
	assert.Contains(t, out, "Page 1 of 2")
	assert.Equal(t, 1, h.calls(), "warm: the full sheet only")
	assert.Equal(t, 1, h.emu.CountRequests("GET", sheetTestRoute))
	assert.True(t, actsAs(h.emu.Requests()[0], h.sb.Alice))
	ids := ntCustomIDs(r.Components)
	require.Len(t, ids, 2)

	next := h.run(aliceID, bottest.Click(ids[1]))
	assert.Equal(t, bot.UpdateMessage, next.Kind)
	assert.Equal(t, "Mara Voss — Abilities", next.Embeds[0].Title)
	assert.Contains(t, text(next), "Firearms ●●●●○")

	public := h.run(aliceID, bottest.Command("/character/sheet", bottest.O("hidden", false)))
	assert.False(t, public.Ephemeral)
}

func TestCharacterSheetAccessFollowsTheCharacterRules(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	h.warm(aliceID, bottest.Command("/character/sheet"))
	h.warm(samID, bottest.Command("/campaign/view"))

	mine := h.run(aliceID, bottest.Command("/character/sheet", bottest.O("character", h.sb.Dmitri)))
	assert.Contains(t, text(mine), "not found", "a player cannot read another player's sheet")
	assert.Zero(t, h.emu.CountRequests("GET", sheetTestRoute), "nothing is asked about it")

	tampered := h.run(aliceID, bottest.Click(fmt.Sprintf("cs:%s:2:%s", compactID(h.sb.Dmitri), aliceID)))
	assert.Contains(t, text(tampered), "not found")
	assert.Zero(t, h.emu.CountRequests("GET", sheetTestRoute))

	other := h.run(bobID, bottest.Click(fmt.Sprintf("cs:%s:2:%s", compactID(h.sb.Mara), aliceID)))
	assert.Contains(t, text(other), "not yours")

	st := h.run(samID, bottest.Command("/character/sheet", bottest.O("character", "Dmitri Kale")))
	require.Len(t, st.Embeds, 1, text(st))
	assert.Equal(t, "Dmitri Kale — Attributes", st.Embeds[0].Title, "storytellers read any sheet")

	h.emu.InjectFault(vclienttest.Fault{Method: "GET", Route: sheetTestRoute, Status: 503})
	down := h.run(samID, bottest.Command("/character/sheet", bottest.O("character", "Dmitri Kale")))
	assert.Contains(t, text(down), "Valentina is unavailable")
}

// sheetTestSeedLargest gives Mara the biggest sheet the emulator can hold for the test:
// 4 sections × 8 categories × 40 traits, 100-character names, ratings out of 10.
func sheetTestSeedLargest(h *harness) (traits int) {
	for s := range 4 {
		for c := range 8 {
			for i := range 40 {
				name := fmt.Sprintf("S%dC%dT%02d %s", s, c, i, strings.Repeat("x", 90))
				id := h.emu.AddTrait(h.sb.CompanyID, vclienttest.Trait{Name: name,
					ParentCategoryName: fmt.Sprintf("Section %d Category %d %s", s, c, strings.Repeat("y", 60)),
					SheetSectionName:   fmt.Sprintf("Section %d %s", s, strings.Repeat("z", 80)), MaxValue: 10})
				h.emu.SetCharacterTrait(h.sb.Mara, id, (i%10)+1)
				traits++
			}
		}
	}
	return traits
}

func TestCharacterSheetOfTheLargestSheetFitsDiscordOnEveryPage(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	want := sheetTestSeedLargest(h) + len(h.sb.Traits)

	r := h.run(aliceID, bottest.Command("/character/sheet"))
	require.Len(t, r.Embeds, 1, text(r))
	var pages int
	_, err := fmt.Sscanf(r.Embeds[0].Footer.Text, "Page 1 of %d", &pages)
	require.NoError(t, err, r.Embeds[0].Footer.Text)
	require.Greater(t, pages, 6, "the big sections span several pages")

	// A second replica (or the bot after a restart) turns the pages: the state is in the id.
	replica := xpTestReplica(t, h)
	seen := 0
	for page := 1; page <= pages; page++ {
		p := r
		if page > 1 {
			p = replica.Run(t.Context(), h.as(aliceID, bottest.Click(fmt.Sprintf("cs:%s:%d:%s", compactID(h.sb.Mara), page, aliceID))))
		}
		require.Len(t, p.Embeds, 1, "page %d: %s", page, text(p))
		ntAssertLimits(t, p)
		assert.Equal(t, fmt.Sprintf("Page %d of %d · Chicago by Night", page, pages), p.Embeds[0].Footer.Text,
			"every page names the character's campaign, also when a button resolves the character")
		for _, f := range p.Embeds[0].Fields {
			seen += strings.Count(f.Value, "\n") + 1
		}
	}
	assert.Equal(t, want, seen, "every trait appears once across the pages")
}
