package commands

import (
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// Names shown are the username in v2 and the name in v1 (SPEC §11.4), wherever a person is
// named: the roll's footer, /whoami, /xp's embed and audit post, /stats, /link's choices.
// Vivienne's username is nothing like her name, so a mix-up shows.
func TestEveryAnswerNamesPeopleByTheirDialectsName(t *testing.T) {
	h := newHarness(t)
	const viviID = "500"
	vivi := h.emu.AddUser(h.sb.CompanyID, vclienttest.User{Name: "Vivienne Marchand", Username: "vivi_m",
		Role: "PLAYER", DiscordID: viviID, DiscordUsername: "vivi"})
	char := h.emu.AddCharacter(h.sb.CompanyID, h.sb.CampaignID, vclienttest.Character{NameFirst: "Celeste", NameLast: "Noir", UserPlayerID: vivi})
	h.emu.SetCharacterTrait(char, h.sb.Traits["Wits"], 3)
	h.emu.AddQuickroll(vivi, vclienttest.Quickroll{Name: "Wits alone", TraitIDs: []string{h.sb.Traits["Wits"]}})
	want := byDialect("Vivienne Marchand", "vivi_m")
	other := byDialect("vivi_m", "Vivienne Marchand")
	du := &discordgo.User{ID: viviID, Username: "vivi"}
	asVivi := func(b *bottest.Builder) *bot.Response {
		return h.rec.Run(t.Context(), b.User(viviID, "vivi").Resolve(du))
	}

	roll := asVivi(rollTestQuickroll("Wits alone"))
	require.Len(t, roll.Embeds, 1, text(roll))
	assert.Equal(t, "Rolled by "+want, roll.Embeds[0].Footer.Text)
	whoami := text(asVivi(bottest.Command("/whoami")))
	assert.Contains(t, whoami, want+" (PLAYER)")
	stats := text(asVivi(bottest.Command("/stats")))
	assert.Contains(t, stats, want)

	xp := h.rec.Run(t.Context(), h.as(samID, bottest.Command("/xp/add", bottest.UserOpt("member", viviID), bottest.O("amount", 2))).Resolve(du))
	require.Len(t, xp.Embeds, 1, text(xp))
	assert.Contains(t, text(xp), want)
	assert.Contains(t, text(xp), shown("Sam"))
	audit := h.audit.all()
	require.NotEmpty(t, audit)
	auditText := text(&bot.Response{Message: bot.Message{Embeds: audit}})
	assert.Contains(t, auditText, want)

	ac := h.run(adaID, bottest.Autocomplete("/link", "user", bottest.UserOpt("member", bobID), bottest.O("user", byDialect("Viv", "viv"))))
	require.NotEmpty(t, ac.Choices)
	assert.Contains(t, ac.Choices[0].Name, want)

	for _, r := range []string{text(roll), whoami, stats, text(xp), auditText, ac.Choices[0].Name} {
		assert.NotContains(t, r, other)
		assert.NotRegexp(t, emailPattern, r)
	}
}
