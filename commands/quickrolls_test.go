package commands

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

const (
	qrsCreateRoute = "/users/{user_id}/quickrolls"
	qrsItemRoute   = "/users/{user_id}/quickrolls/{quickroll_id}"
)

func TestQuickrollsListShowsTraitsAndPoolsOnTheResolvedCharacter(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/quickrolls/list"))
	assert.True(t, r.Ephemeral, "hidden defaults to true")
	ntAssertLimits(t, r)
	out := text(r)
	assert.Contains(t, out, "Pools for **Mara Voss — Chicago by Night**")
	assert.Contains(t, out, "Strength + Brawl: Strength 2 + Brawl 2 = 4")
	assert.Contains(t, out, "Dexterity + Firearms: Dexterity 4 + Firearms 4 = 8")
	assert.Contains(t, out, "Punch someone")
	assert.Empty(t, r.Components, "one page needs no buttons")

	h.emu.ResetRequests()
	public := h.run(aliceID, bottest.Command("/quickrolls/list", bottest.O("hidden", false)))
	assert.False(t, public.Ephemeral)
	assert.Equal(t, 0, h.calls(), "a warm list makes no upstream call")
}

func TestQuickrollsListWithoutACharacterShowsTraitNames(t *testing.T) {
	h := newHarness(t)
	h.emu.AddCampaign(h.sb.CompanyID, vclienttest.Campaign{Name: "Second City"})
	r := h.run(aliceID, bottest.Command("/quickrolls/list"))
	out := text(r)
	assert.Contains(t, out, "pools are not shown")
	assert.Contains(t, out, "Strength + Brawl: Strength + Brawl")
	assert.NotContains(t, out, "= 4")
}

func TestQuickrollsListOfSixtyStaysWithinLimitsAndPages(t *testing.T) {
	h := newHarness(t)
	traits := []string{h.sb.Traits["Strength"], h.sb.Traits["Brawl"], h.sb.Traits["Intimidation"], h.sb.Traits["Investigation"], h.sb.Traits["Persuasion"]}
	for i := 1; i <= 58; i++ {
		h.emu.AddQuickroll(h.sb.Alice, vclienttest.Quickroll{Name: fmt.Sprintf("Q%02d %s", i, strings.Repeat("n", 44)),
			Description: strings.Repeat("d", 100), TraitIDs: traits})
	}
	r := h.run(aliceID, bottest.Command("/quickrolls/list"))
	ntAssertLimits(t, r)
	assert.Contains(t, text(r), "Page 1/6 · 60 quickrolls")
	assert.Equal(t, []string{"ql:0:300", "ql:2:300"}, ntCustomIDs(r.Components))
	for page := 1; page <= 6; page++ {
		p := h.run(aliceID, bottest.Click(fmt.Sprintf("ql:%d:300", page)))
		require.Equal(t, bot.UpdateMessage, p.Kind)
		ntAssertLimits(t, p)
		assert.Contains(t, text(p), fmt.Sprintf("Page %d/6", page))
		assert.Len(t, p.Embeds[0].Fields, 10)
	}

	h.emu.ResetRequests()
	other := h.run(bobID, bottest.Click("ql:2:300"))
	assert.True(t, other.Ephemeral)
	assert.Contains(t, text(other), "not yours")
	assert.Equal(t, 0, h.calls())
}

func TestQuickrollsCreateResolvesTraitsAndDropsDuplicates(t *testing.T) {
	h := newHarness(t)
	h.warm(aliceID, bottest.Autocomplete("/quickrolls/create", "trait1"))
	h.warm(aliceID, bottest.Autocomplete("/quickrolls/edit", "quickroll")) // the name is checked against these
	r := h.run(aliceID, bottest.Command("/quickrolls/create",
		bottest.O("name", "Wits + Awareness"),
		bottest.O("trait1", h.sb.Traits["Wits"]),
		bottest.O("trait2", "awareness"),
		bottest.O("trait3", h.sb.Traits["Wits"]),
		bottest.O("description", "Spot the ambush")))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "Created quickroll **Wits + Awareness**: Wits 3 + Awareness 2 = 5 on Mara Voss")
	body := ntBody(t, h, "POST", qrsCreateRoute)
	assert.Equal(t, "Wits + Awareness", body["name"])
	assert.Equal(t, "Spot the ambush", body["description"])
	assert.Equal(t, []any{h.sb.Traits["Wits"], h.sb.Traits["Awareness"]}, body["trait_ids"])
	assert.Equal(t, 1, h.calls(), "warm: only the write")
	for _, req := range h.emu.Requests() {
		assert.Contains(t, req.Header.Get("Idempotency-Key"), "quickroll-create")
	}

	audit := h.audit.all()
	require.Len(t, audit, 1)
	assert.Equal(t, "Quickroll created", audit[0].Title)
	assert.Contains(t, text(&bot.Response{Message: bot.Message{Embeds: audit}}), "Wits, Awareness")

	h.emu.ResetRequests()
	ac := h.run(aliceID, bottest.Autocomplete("/quickrolls/edit", "quickroll", bottest.O("quickroll", "wits")))
	require.Len(t, ac.Choices, 1, "autocomplete sees the new quickroll at once")
	assert.Equal(t, "Wits + Awareness", ac.Choices[0].Name)
	roll := h.run(aliceID, bottest.Autocomplete("/quickroll", "name", bottest.O("name", "wits")))
	require.Len(t, roll.Choices, 1, "/quickroll autocomplete sees it too")
	assert.Equal(t, "Wits + Awareness", roll.Choices[0].Name)
}

func TestQuickrollsCreateWithATakenNameSaysSo(t *testing.T) {
	h := newHarness(t)
	h.warm(aliceID, bottest.Command("/quickrolls/list"))
	r := h.run(aliceID, bottest.Command("/quickrolls/create",
		bottest.O("name", "Strength + Brawl"), bottest.O("trait1", "Strength")))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "You already have a quickroll named **Strength + Brawl**")
	assert.Contains(t, text(r), "Quick roll name already exists")
	assert.Len(t, h.emu.Quickrolls(h.sb.Alice), 2)
	assert.Empty(t, h.audit.all())
	assert.Zero(t, h.writes(), "refused from the cached list before any write")
}

func TestQuickrollsRenameToATakenNameSaysSo(t *testing.T) {
	h := newHarness(t)
	h.warm(aliceID, bottest.Command("/quickrolls/list"))
	r := h.run(aliceID, bottest.Command("/quickrolls/edit",
		bottest.O("quickroll", "Strength + Brawl"), bottest.O("name", "Dexterity + Firearms")))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "You already have a quickroll named **Dexterity + Firearms**")
	assert.Contains(t, text(r), "Quick roll name already exists")
	assert.Zero(t, h.calls(), "the warm list answers without a call")
	names := []string{}
	for _, q := range h.emu.Quickrolls(h.sb.Alice) {
		names = append(names, q.Name)
	}
	assert.ElementsMatch(t, []string{"Strength + Brawl", "Dexterity + Firearms"}, names)
}

func TestQuickrollsBoundsAreCheckedBeforeAnyCall(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name string
		path string
		opts []bottest.Opt
		want string
	}{
		{"create name too short", "/quickrolls/create", []bottest.Opt{bottest.O("name", "ab"), bottest.O("trait1", "Strength")}, "`name` must be 3–50"},
		{"create name too long", "/quickrolls/create", []bottest.Opt{bottest.O("name", long(51)), bottest.O("trait1", "Strength")}, "`name` must be 3–50"},
		{"create description too short", "/quickrolls/create", []bottest.Opt{bottest.O("name", "Fine"), bottest.O("trait1", "Strength"), bottest.O("description", "ab")}, "`description` must be 3–100"},
		{"create description too long", "/quickrolls/create", []bottest.Opt{bottest.O("name", "Fine"), bottest.O("trait1", "Strength"), bottest.O("description", long(101))}, "`description` must be 3–100"},
		{"create without traits", "/quickrolls/create", []bottest.Opt{bottest.O("name", "Fine")}, "at least one trait"},
		{"edit name too long", "/quickrolls/edit", []bottest.Opt{bottest.O("quickroll", "Strength + Brawl"), bottest.O("name", long(51))}, "`name` must be 3–50"},
		{"edit description too short", "/quickrolls/edit", []bottest.Opt{bottest.O("quickroll", "Strength + Brawl"), bottest.O("description", "a")}, "`description` must be 3–100"},
		{"edit nothing", "/quickrolls/edit", []bottest.Opt{bottest.O("quickroll", "Strength + Brawl")}, "Nothing to change"},
	}
	h := newHarness(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.emu.ResetRequests()
			r := h.run(aliceID, bottest.Command(tt.path, tt.opts...))
			assert.True(t, r.Ephemeral)
			assert.Contains(t, text(r), tt.want)
			assert.Equal(t, 0, h.calls())
		})
	}
}

func TestQuickrollsCreateRefusesATraitTheCharacterLacks(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/quickrolls/create", bottest.O("name", "Mystery"), bottest.O("trait1", "Thaumaturgy")))
	assert.Contains(t, text(r), `No trait called "Thaumaturgy"`)
	assert.Equal(t, 0, h.writes())
}

func TestQuickrollsEditChangesOnlyWhatIsGiven(t *testing.T) {
	h := newHarness(t)
	id := h.sb.Quickrolls["Strength + Brawl"]
	r := h.run(aliceID, bottest.Command("/quickrolls/edit", bottest.O("quickroll", id), bottest.O("name", "Brawl hard")))
	assert.Contains(t, text(r), "Updated quickroll **Brawl hard** (renamed from Strength + Brawl)")
	assert.Equal(t, map[string]any{"name": "Brawl hard"}, ntBody(t, h, "PATCH", qrsItemRoute))

	h.emu.ResetRequests()
	r = h.run(aliceID, bottest.Command("/quickrolls/edit", bottest.O("quickroll", "brawl hard"),
		bottest.O("trait2", "Melee"), bottest.O("trait4", h.sb.Traits["Strength"]), bottest.O("trait5", "melee")))
	assert.Contains(t, text(r), "traits: Melee, Strength")
	assert.Equal(t, map[string]any{"trait_ids": []any{h.sb.Traits["Melee"], h.sb.Traits["Strength"]}}, ntBody(t, h, "PATCH", qrsItemRoute))
	for _, req := range h.emu.Requests() {
		if req.Method == "PATCH" {
			assert.Contains(t, req.Header.Get("Idempotency-Key"), "quickroll-edit")
		}
	}
	assert.Len(t, h.audit.all(), 2)

	list := h.run(aliceID, bottest.Command("/quickrolls/list"))
	assert.Contains(t, text(list), "Brawl hard: Melee 1 + Strength 2 = 3")
}

func TestQuickrollsOfSomeoneElseAreNotFoundAndNeverRequested(t *testing.T) {
	h := newHarness(t)
	bobs := h.emu.AddQuickroll(h.sb.Bob, vclienttest.Quickroll{Name: "Bob's brawl", TraitIDs: []string{h.sb.Traits["Brawl"]}})
	tests := []struct {
		name string
		b    *bottest.Builder
	}{
		{"edit", bottest.Command("/quickrolls/edit", bottest.O("quickroll", bobs), bottest.O("name", "Mine now"))},
		{"delete", bottest.Command("/quickrolls/delete", bottest.O("quickroll", bobs))},
		{"delete button", bottest.Click("qd:" + bobs + ":300")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.emu.ResetRequests()
			r := h.run(aliceID, tt.b)
			assert.Contains(t, text(r), "not found")
			assert.Empty(t, ntRequestsOn(h, bobs))
			assert.Equal(t, 0, h.writes())
		})
	}
	assert.Len(t, h.emu.Quickrolls(h.sb.Bob), 1)
}

func TestQuickrollsDeleteAsksForConfirmation(t *testing.T) {
	h := newHarness(t)
	id := h.sb.Quickrolls["Strength + Brawl"]
	r := h.run(aliceID, bottest.Command("/quickrolls/delete", bottest.O("quickroll", "strength")))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "Delete your quickroll **Strength + Brawl**?")
	assert.Equal(t, []string{"qd:" + id + ":300", "qk:300"}, ntCustomIDs(r.Components))
	assert.Equal(t, 0, h.writes())

	other := h.run(bobID, bottest.Click("qd:"+id+":300"))
	assert.Contains(t, text(other), "not yours")
	kept := h.run(aliceID, bottest.Click("qk:300"))
	assert.Contains(t, text(kept), "Kept")
	assert.Equal(t, 0, h.writes())

	h.emu.ResetRequests()
	done := h.run(aliceID, bottest.Click("qd:"+id+":300"))
	assert.Equal(t, bot.UpdateMessage, done.Kind)
	assert.Contains(t, text(done), "Deleted your quickroll **Strength + Brawl**")
	assert.Equal(t, 1, h.emu.CountRequests("DELETE", "DELETE "+qrsItemRoute))
	assert.Len(t, h.emu.Quickrolls(h.sb.Alice), 1)
	audit := h.audit.all()
	require.Len(t, audit, 1)
	assert.Equal(t, "Quickroll deleted", audit[0].Title)

	ac := h.run(aliceID, bottest.Autocomplete("/quickrolls/delete", "quickroll", bottest.O("quickroll", "")))
	require.Len(t, ac.Choices, 1)
	assert.Equal(t, "Dexterity + Firearms", ac.Choices[0].Name)
}

func TestQuickrollsTraitAutocompleteComesFromTheCharacterAndCache(t *testing.T) {
	h := newHarness(t)
	ac := bottest.Autocomplete("/quickrolls/create", "trait2", bottest.O("trait2", "st"))
	h.warm(aliceID, ac)
	h.warm(aliceID, bottest.Autocomplete("/quickrolls/edit", "quickroll"))
	for _, tt := range []struct{ path, focused string }{
		{"/quickrolls/create", "trait1"}, {"/quickrolls/create", "trait5"}, {"/quickrolls/edit", "trait3"},
	} {
		r := h.run(aliceID, bottest.Autocomplete(tt.path, tt.focused, bottest.O(tt.focused, "st")))
		require.Equal(t, bot.Choices, r.Kind)
		names := []string{}
		for _, c := range r.Choices {
			names = append(names, c.Name)
		}
		assert.Equal(t, []string{"Strength (2)", "Stamina (3)", "Stealth (3)", "Investigation (2)"}, names, "prefix matches first, then substring")
		assert.Equal(t, h.sb.Traits["Strength"], r.Choices[0].Value)
	}
	all := h.run(aliceID, bottest.Autocomplete("/quickrolls/create", "trait1"))
	assert.Len(t, all.Choices, 19)
	qrs := h.run(aliceID, bottest.Autocomplete("/quickrolls/delete", "quickroll", bottest.O("quickroll", "dex")))
	require.Len(t, qrs.Choices, 1)
	assert.Equal(t, h.sb.Quickrolls["Dexterity + Firearms"], qrs.Choices[0].Value)
	assert.Equal(t, 0, h.calls(), "warm autocomplete makes no upstream call")
}

func TestQuickrollsAPIErrorsAreExplained(t *testing.T) {
	h := newHarness(t)
	h.emu.InjectFault(vclienttest.Fault{Method: "PATCH", Route: "PATCH " + qrsItemRoute, Status: 503})
	r := h.run(aliceID, bottest.Command("/quickrolls/edit", bottest.O("quickroll", "Strength + Brawl"), bottest.O("description", "Punch harder")))
	assert.Contains(t, text(r), "unavailable")
	assert.Empty(t, h.audit.all())
}

func TestQuickrollsChangesAreNotAuditedWithoutAnAuditChannel(t *testing.T) {
	h := newHarness(t, withGuild(func(g *config.Guild) { g.AuditChannelID = "" }))
	r := h.run(aliceID, bottest.Command("/quickrolls/create", bottest.O("name", "Sneak"), bottest.O("trait1", "Stealth")))
	assert.Contains(t, text(r), "Created quickroll **Sneak**")
	assert.Empty(t, h.audit.all())
}

func TestQuickrollsDeleteWhoseResponseWasLostStillSaysDeleted(t *testing.T) {
	h := newHarness(t)
	id := h.sb.Quickrolls["Strength + Brawl"]
	h.warm(aliceID, bottest.Command("/quickrolls/delete", bottest.O("quickroll", id)))
	h.emu.InjectFault(vclienttest.Fault{Method: "DELETE", Route: "DELETE " + qrsItemRoute, LoseResponse: true, Times: 1})
	r := h.run(aliceID, bottest.Click("qd:"+id+":300"))
	assert.Contains(t, text(r), "Deleted your quickroll **Strength + Brawl**", "the retry's 404 means it is gone")
	assert.Len(t, h.emu.Quickrolls(h.sb.Alice), 1)
}

func TestQuickrollsAutocompletePutsRecentlyRolledFirst(t *testing.T) {
	h := newHarness(t)
	require.NoError(t, h.store.PushRecentQuickroll(t.Context(), guildID, aliceID, h.sb.Quickrolls["Strength + Brawl"]))
	r := h.run(aliceID, bottest.Autocomplete("/quickrolls/edit", "quickroll"))
	require.Len(t, r.Choices, 2)
	assert.Equal(t, "Strength + Brawl", r.Choices[0].Name)
	assert.Equal(t, "Dexterity + Firearms", r.Choices[1].Name)
}

func TestQuickrollsCreateSaysValentinaIsUnavailableRatherThanAskingForACharacter(t *testing.T) {
	h := newHarness(t)
	// v2's identity load brings Alice's characters along; the campaign list is still read.
	h.emu.InjectFault(vclienttest.Fault{Method: "GET", Route: byDialect("GET /users/{user_id}/campaigns/{campaign_id}/characters", "GET /campaigns"), Status: 503})

	r := h.run(aliceID, bottest.Command("/quickrolls/create", bottest.O("name", "Mystery"), bottest.O("trait1", "Strength")))

	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "unavailable")
	assert.NotContains(t, text(r), "Traits come from your character")
	assert.Zero(t, h.writes())
}
