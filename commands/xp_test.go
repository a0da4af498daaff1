package commands

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// xpTestEmail matches anything that looks like an e-mail address.
var xpTestEmail = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// xpTestRoute is the emulator's route template of an XP write.
func xpTestRoute(action string) string { return "POST /users/{user_id}/experience/" + action }

// xpTestGive applies XP to a sandbox user directly through the API (test setup, not the bot).
func xpTestGive(t *testing.T, h *harness, userID string, amount int) {
	t.Helper()
	_, err := h.api.OnBehalfOf(h.sb.Ada).Users(h.sb.CompanyID).AddXP(t.Context(), userID, h.sb.CampaignID, amount)
	require.NoError(t, err)
	h.emu.ResetRequests()
}

// xpTestWrite returns the only write in the request log and decodes the JSON body of the only write in the request log.
func xpTestWrite(t *testing.T, h *harness) (vclienttest.Request, map[string]any) {
	t.Helper()
	var writes []vclienttest.Request
	for _, r := range h.emu.Requests() {
		if r.Method != "GET" {
			writes = append(writes, r)
		}
	}
	require.Len(t, writes, 1, "exactly one write")
	var body map[string]any
	require.NoError(t, json.Unmarshal(writes[0].Body, &body))
	return writes[0], body
}

func TestXPChangeShowsBeforeAndAfterFromTheAPIsAnswer(t *testing.T) {
	tests := []struct {
		sub, action, key     string
		start, amount        int
		current, total, cool string
		auditTitle           string
	}{
		{"add", "xp/add", "xp-add", 10, 5, "10 → 15", "10 → 15", "0 → 0", "XP added"},
		{"remove", "xp/remove", "xp-remove", 20, 5, "20 → 15", "20 → 20", "0 → 0", "XP removed"},
		{"cool", "cp/add", "cp-add", 0, 2, "0 → 20", "0 → 20", "0 → 2", "Cool points added"},
	}
	for _, tt := range tests {
		t.Run("/xp "+tt.sub+" by a storyteller", func(t *testing.T) {
			h := newHarness(t)
			if tt.start > 0 {
				xpTestGive(t, h, h.sb.Alice, tt.start)
			}
			h.warm(aliceID, bottest.Command("/whoami")) // both identities warm: the test counts the command's own calls
			h.warm(samID, bottest.Command("/xp/view"))
			resp := h.run(samID, bottest.Command("/xp/"+tt.sub, bottest.UserOpt("member", aliceID),
				bottest.O("amount", tt.amount), bottest.O("reason", "Saved the prince")).ID("4242"))

			require.Equal(t, bot.NewMessage, resp.Kind)
			assert.False(t, resp.Ephemeral, "the award is public")
			require.Len(t, resp.Embeds, 1)
			out := text(resp)
			assert.Contains(t, out, "Current XP: "+tt.current)
			assert.Contains(t, out, "Total XP: "+tt.total)
			assert.Contains(t, out, "Cool points: "+tt.cool)
			assert.Contains(t, out, "Saved the prince")
			assert.Contains(t, out, shown("Sam")+" (<@200>)")
			assert.Contains(t, out, shown("Alice")+" (<@300>)")
			assert.Contains(t, out, "Chicago by Night")
			assert.NotRegexp(t, xpTestEmail, out)

			assert.Equal(t, 2, h.calls(), "one fresh read of the caller, one write")
			assert.Equal(t, 1, h.rereads())
			req, body := xpTestWrite(t, h)
			assert.Equal(t, xpTestRoute(tt.action), req.Route)
			assert.Equal(t, "noirbot-4242-"+tt.key, req.Header.Get("Idempotency-Key"))
			want := map[string]any{"amount": float64(tt.amount), "campaign_id": h.sb.CampaignID}
			if !v2() {
				want["requesting_user_id"] = h.sb.Sam
			}
			assert.Equal(t, want, body)
			assert.True(t, actsAs(req, h.sb.Sam), "the write is made on the storyteller's behalf")

			posts := h.audit.all()
			require.Len(t, posts, 1)
			assert.Equal(t, tt.auditTitle, posts[0].Title)
			audit := text(&bot.Response{Message: bot.Message{Embeds: posts}})
			for _, want := range []string{"Actor: " + shown("Sam") + " (<@200>)", "Target: " + shown("Alice") + " (<@300>)", "Campaign: Chicago by Night",
				"Current XP: " + tt.current, "Total XP: " + tt.total, "Reason: Saved the prince"} {
				assert.Contains(t, audit, want)
			}
			assert.Equal(t, []string{"555"}, h.audit.chans)
		})
	}
}

func TestXPChangeWithoutAuditChannelPostsNothing(t *testing.T) {
	h := newHarness(t, withGuild(func(g *config.Guild) { g.AuditChannelID = "" }))
	resp := h.run(adaID, bottest.Command("/xp/add", bottest.UserOpt("member", bobID), bottest.O("amount", 3)))
	require.Len(t, resp.Embeds, 1)
	assert.Empty(t, h.audit.all())
	assert.Equal(t, 3, h.emu.Experience(h.sb.Bob, h.sb.CampaignID).XPTotal)
	assert.NotContains(t, text(resp), "Reason", "no reason given, none shown")
}

func TestXPBadInputIsRefusedBeforeAnyCall(t *testing.T) {
	long := strings.Repeat("x", 201)
	tests := []struct {
		name string
		cmd  *bottest.Builder
		want string
	}{
		{"add of zero", bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 0)), "at least 1"},
		{"add of a negative amount", bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", -3)), "at least 1"},
		{"add over max_xp_per_command", bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 51)), "at most 50"},
		{"remove over max_xp_per_command", bottest.Command("/xp/remove", bottest.UserOpt("member", aliceID), bottest.O("amount", 51)), "at most 50"},
		{"cool of 11", bottest.Command("/xp/cool", bottest.UserOpt("member", aliceID), bottest.O("amount", 11)), "at most 10"},
		{"cool of zero", bottest.Command("/xp/cool", bottest.UserOpt("member", aliceID), bottest.O("amount", 0)), "at least 1"},
		{"a 201-character reason", bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 1), bottest.O("reason", long)), "at most 200 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused with zero API calls", func(t *testing.T) {
			h := newHarness(t, withGuild(func(g *config.Guild) { g.MaxXPPerCommand = 50 }))
			resp := h.run(samID, tt.cmd)
			assert.True(t, resp.Ephemeral)
			assert.Equal(t, outcomeUserError, resp.Outcome)
			assert.Contains(t, resp.Content, tt.want)
			assert.Zero(t, h.calls(), "bounds are checked before anything else, even with cold caches")
		})
	}
	t.Run("the cap itself is accepted", func(t *testing.T) {
		h := newHarness(t, withGuild(func(g *config.Guild) { g.MaxXPPerCommand = 50 }))
		resp := h.run(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 50),
			bottest.O("reason", strings.Repeat("é", 200))))
		require.Len(t, resp.Embeds, 1, text(resp))
		assert.Equal(t, 50, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPTotal)
	})
}

func TestXPMemberMustBeALinkedPerson(t *testing.T) {
	tests := []struct {
		name string
		user *discordgo.User
		want string
	}{
		{"a bot", &discordgo.User{ID: "990", Username: "dicebot", Bot: true}, "is a bot"},
		{"an unlinked member", &discordgo.User{ID: "991", Username: "stranger"}, "is not linked"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" gets no XP", func(t *testing.T) {
			h := newHarness(t)
			h.warm(samID, bottest.Command("/xp/view"))
			b := h.as(samID, bottest.Command("/xp/add", bottest.UserOpt("member", tt.user.ID), bottest.O("amount", 5))).Resolve(tt.user)
			resp := h.rec.Run(t.Context(), b)
			assert.True(t, resp.Ephemeral)
			assert.Contains(t, resp.Content, tt.want)
			assert.Zero(t, h.writes())
		})
	}
}

func TestXPUnknownCampaignIsNotFoundWithoutARequestAboutIt(t *testing.T) {
	h := newHarness(t)
	h.warm(aliceID, bottest.Command("/whoami")) // the member's identity is warm too
	h.warm(samID, bottest.Command("/xp/view"))
	foreign := h.emu.AddCampaign(h.emu.AddCompany(vclienttest.Company{Name: "Other"}), vclienttest.Campaign{Name: "Elsewhere"})
	for v, want := range map[string]string{foreign: "Campaign not found.", "Elsewhere": `No campaign called "Elsewhere"`} {
		resp := h.run(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5), bottest.O("campaign", v)))
		assert.True(t, resp.Ephemeral)
		assert.Contains(t, resp.Content, want)
	}
	assert.Zero(t, h.calls(), "warm: the campaign list is cached and nothing is asked about the foreign id")
	for _, r := range h.emu.Requests() {
		assert.NotContains(t, r.Path+string(r.Body), foreign)
	}
}

func TestXPUnlinkedCallerIsToldToAskForALink(t *testing.T) {
	h := newHarness(t)
	b := bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5)).User("999", "nobody")
	resp := h.rec.Run(t.Context(), b.Resolve(&discordgo.User{ID: aliceID, Username: "alice"}))
	assert.True(t, resp.Ephemeral)
	assert.Contains(t, resp.Content, "/link")
	assert.Zero(t, h.writes())
}

func TestXPDefinitionRegistersTheSpecBounds(t *testing.T) {
	def := xpCommand().Def
	require.NoError(t, bot.ValidateCommands([]*discordgo.ApplicationCommand{def, statsCommand().Def}))
	subs := map[string]*discordgo.ApplicationCommandOption{}
	for _, o := range def.Options {
		subs[o.Name] = o
	}
	require.Len(t, subs, 5, "add, remove, cool, spend, view")
	opt := func(sub, name string) *discordgo.ApplicationCommandOption {
		for _, o := range subs[sub].Options {
			if o.Name == name {
				return o
			}
		}
		t.Fatalf("/xp %s has no option %s", sub, name)
		return nil
	}
	for _, sub := range []string{"add", "remove", "cool"} {
		a := opt(sub, "amount")
		assert.True(t, a.Required)
		require.NotNil(t, a.MinValue)
		assert.Equal(t, 1.0, *a.MinValue)
		assert.True(t, opt(sub, "member").Required)
		assert.Equal(t, discordgo.ApplicationCommandOptionUser, opt(sub, "member").Type)
		assert.True(t, opt(sub, "campaign").Autocomplete)
		assert.Equal(t, 200, opt(sub, "reason").MaxLength)
	}
	assert.True(t, opt("spend", "trait").Required)
	assert.True(t, opt("spend", "trait").Autocomplete)
	assert.True(t, opt("spend", "character").Autocomplete)
	require.NotNil(t, opt("spend", "dots").MinValue)
	assert.Equal(t, 1.0, *opt("spend", "dots").MinValue)
	assert.Equal(t, float64(maxSpendDots), opt("spend", "dots").MaxValue)
	assert.Zero(t, opt("add", "amount").MaxValue, "capped by max_xp_per_command, not registered")
	assert.Zero(t, opt("remove", "amount").MaxValue)
	assert.Equal(t, 10.0, opt("cool", "amount").MaxValue)
	assert.False(t, opt("view", "member").Required)
	assert.True(t, opt("view", "campaign").Autocomplete)
}

func TestXPCampaignAutocomplete(t *testing.T) {
	h := newHarness(t)
	for i := range 30 {
		h.emu.AddCampaign(h.sb.CompanyID, vclienttest.Campaign{Name: strings.Repeat("Long campaign name ", 8) + string(rune('A'+i))})
	}
	ac := bottest.Autocomplete("/xp/add", "campaign", bottest.O("campaign", ""))
	h.warm(samID, ac)
	resp := h.run(samID, bottest.Autocomplete("/xp/add", "campaign", bottest.O("campaign", "chi")))
	require.Equal(t, bot.Choices, resp.Kind)
	require.Len(t, resp.Choices, 1)
	assert.Equal(t, "Chicago by Night", resp.Choices[0].Name)
	assert.Equal(t, h.sb.CampaignID, resp.Choices[0].Value)

	resp = h.run(samID, bottest.Autocomplete("/xp/view", "campaign"))
	assert.Len(t, resp.Choices, 25)
	for _, c := range resp.Choices {
		assert.LessOrEqual(t, len([]rune(c.Name)), 100)
		assert.Regexp(t, idPattern(), c.Value)
	}
	assert.Zero(t, h.calls(), "warm autocomplete makes no upstream call")
}

func TestXPMemberWhoLeftValentinaIsNamedAndTheCallerKeepsTheirLink(t *testing.T) {
	for _, cmd := range []func() *bottest.Builder{
		func() *bottest.Builder {
			return bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5))
		},
		func() *bottest.Builder { return bottest.Command("/xp/view", bottest.UserOpt("member", aliceID)) },
		func() *bottest.Builder { return bottest.Command("/stats", bottest.UserOpt("member", aliceID)) },
	} {
		t.Run(cmd().Interaction().CommandPath(), func(t *testing.T) {
			h := newHarness(t)
			h.warm(samID, bottest.Command("/xp/view", bottest.UserOpt("member", aliceID)))
			require.NoError(t, h.api.OnBehalfOf(h.sb.Ada).Users(h.sb.CompanyID).Delete(t.Context(), h.sb.Alice))
			resp := h.run(samID, cmd())
			assert.True(t, resp.Ephemeral)
			assert.Contains(t, resp.Content, shown("Alice")+" (<@300>) is no longer a Valentina user")
			resp = h.run(samID, cmd())
			assert.Contains(t, resp.Content, "<@300> is not linked", "the member's stale entry was dropped")
			resp = h.run(samID, bottest.Command("/xp/add", bottest.UserOpt("member", bobID), bottest.O("amount", 5)))
			require.Len(t, resp.Embeds, 1, "the caller's own link is untouched: %s", text(resp))
		})
	}
}

func TestXPAndStatsNeverShowAnEmailAddress(t *testing.T) {
	h := newHarness(t)
	for _, u := range []string{h.sb.Alice, h.sb.Sam} {
		email := "someone." + u + "@example.com"
		_, err := h.api.OnBehalfOf(h.sb.Ada).Users(h.sb.CompanyID).Update(t.Context(), u, &vclient.UserUpdate{Email: &email})
		require.NoError(t, err)
	}
	var out strings.Builder
	for _, cmd := range []*bottest.Builder{
		bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5), bottest.O("reason", "good play")),
		bottest.Command("/xp/remove", bottest.UserOpt("member", aliceID), bottest.O("amount", 50)),
		bottest.Command("/xp/view", bottest.UserOpt("member", aliceID)),
		bottest.Command("/stats", bottest.UserOpt("member", aliceID)),
		bottest.Command("/stats", bottest.O("hidden", false)),
	} {
		out.WriteString(text(h.run(samID, cmd)))
	}
	out.WriteString(text(&bot.Response{Message: bot.Message{Embeds: h.audit.all()}}))
	assert.Contains(t, out.String(), shown("Alice"))
	assert.NotRegexp(t, xpTestEmail, out.String())
}

func TestXPAndStatsNeedAConfiguredServer(t *testing.T) {
	for _, path := range []string{"/xp/add", "/xp/view", "/stats"} {
		t.Run(path+" in a DM", func(t *testing.T) {
			h := newHarness(t)
			resp := h.run(samID, bottest.Command(path, bottest.UserOpt("member", aliceID), bottest.O("amount", 1)).DM())
			assert.True(t, resp.Ephemeral)
			assert.Contains(t, resp.Content, "only works in a server")
			assert.Zero(t, h.calls())
		})
		t.Run(path+" in an unconfigured server", func(t *testing.T) {
			h := newHarness(t)
			resp := h.run(samID, bottest.Command(path, bottest.UserOpt("member", aliceID), bottest.O("amount", 1)).Guild("901"))
			assert.True(t, resp.Ephemeral)
			assert.Contains(t, resp.Content, "(901) is not configured")
			assert.Zero(t, h.calls())
		})
	}
}
