package app

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/oauth"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// Discord accounts of the self-service tests: Carol, whom Valentina knows by her e-mail only,
// and Nora, a newcomer.
const (
	selfCarol = "500"
	selfNora  = "777"
)

// startSelfServiceApp runs the app with "Sign in with Discord" configured against its fake
// Discord (which also verifies tokens for the emulator's identify) and an audit channel.
func startSelfServiceApp(t *testing.T) *testApp {
	t.Helper()
	fake := bottest.NewFakeDiscord(t)
	fake.AddUser(bottest.DiscordUser{ID: selfCarol, Username: "carol", Email: "carol@example.com", Verified: true})
	fake.AddUser(bottest.DiscordUser{ID: selfNora, Username: "nora", Email: "nora@example.com", Verified: true})
	return startTestApp(t, func(s *testSetup) {
		s.fake = fake
		s.emuOpts = append(s.emuOpts, vclienttest.WithDiscordAPI(fake.URL))
		s.cfg.Discord.ClientSecret = bottest.DefaultClientSecret
		s.cfg.Discord.OAuthRedirectURL = "https://bot.example.com" + oauth.CallbackPath
		s.guild = append(s.guild, func(g *config.Guild) { g.AuditChannelID = "555" })
	})
}

// selfAnswer is an interaction's inline answer with its buttons' URLs and custom_ids.
type selfAnswer struct {
	Type int `json:"type"`
	Data struct {
		Content    string `json:"content"`
		Flags      int    `json:"flags"`
		Components []struct {
			Components []struct {
				Label    string `json:"label"`
				URL      string `json:"url"`
				CustomID string `json:"custom_id"`
			} `json:"components"`
		} `json:"components"`
		Embeds []struct {
			Title       string `json:"title"`
			Description string `json:"description"`
			Fields      []struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			} `json:"fields"`
		} `json:"embeds"`
	} `json:"data"`
}

// button is the URL (link buttons) or custom_id of the button labelled label.
func (a selfAnswer) button(t *testing.T, label string) string {
	t.Helper()
	for _, row := range a.Data.Components {
		for _, b := range row.Components {
			if b.Label == label {
				return b.URL + b.CustomID
			}
		}
	}
	t.Fatalf("no button %q in %+v", label, a.Data)
	return ""
}

// text is everything the answer says.
func (a selfAnswer) text() string {
	var b strings.Builder
	b.WriteString(a.Data.Content + "\n")
	for _, e := range a.Data.Embeds {
		b.WriteString(e.Title + "\n" + e.Description + "\n")
		for _, f := range e.Fields {
			b.WriteString(f.Name + ": " + f.Value + "\n")
		}
	}
	return b.String()
}

// send posts a signed interaction from the Discord user id and decodes the inline answer.
func (ta *testApp) send(t *testing.T, id, name string, b *bottest.Builder) selfAnswer {
	t.Helper()
	ans := ta.e2eSendSigned(t, b.User(id, name).JSON())
	require.Equal(t, http.StatusOK, ans.Status, ans.Body)
	var a selfAnswer
	require.NoError(t, json.Unmarshal([]byte(ans.Body), &a), ans.Body)
	return a
}

// signIn plays the member's browser: the button's authorize URL, Discord's consent for the
// account discordID, then the redirect to the callback on the app's listener. It returns
// the page.
func (ta *testApp) signIn(t *testing.T, authorizeURL, discordID string) (int, string) {
	t.Helper()
	redirect, err := url.Parse(ta.fake.Authorize(t, authorizeURL, discordID))
	require.NoError(t, err)
	require.Equal(t, oauth.CallbackPath, redirect.Path)
	return ta.getCallback(t, redirect.RawQuery)
}

func TestE2EAMemberLinksThemselvesWithSignInWithDiscord(t *testing.T) {
	if testAPIVersion() != vclienttest.V2 {
		t.Skip("v2 only: in v1 /link without a member says it needs API v2 (TestE2ELinkingYourselfNeedsAPIv2)")
	}
	ta := startSelfServiceApp(t)
	carol := ta.emu.AddUser(ta.sb.CompanyID, vclienttest.User{Name: "Carol", Email: "carol@example.com"})
	before := ta.send(t, selfCarol, "carol", bottest.Command("/whoami"))
	require.Contains(t, before.text(), "not linked", "Carol's unlinked state is cached before she signs in")

	link := ta.send(t, selfCarol, "carol", bottest.Command("/link"))
	require.Equal(t, 64, link.Data.Flags&64, "the button is private")
	status, page := ta.signIn(t, link.button(t, "Sign in with Discord"), selfCarol)

	assert.Equal(t, http.StatusOK, status, page)
	assert.Contains(t, page, "carol")
	whoami := ta.send(t, selfCarol, "carol", bottest.Command("/whoami"))
	assert.Contains(t, whoami.text(), "carol (PLAYER)", "the next /whoami shows her user")
	u, _ := ta.emu.User(carol)
	assert.Equal(t, selfCarol, u.DiscordID())
	post := e2eDecodeMessage(t, ta.fake.WaitFor(t, bottest.ChannelPost, 1)[0])
	require.Len(t, post.Embeds, 1)
	assert.Equal(t, "Member signed in with Discord", post.Embeds[0].Title)
	for _, secret := range append(ta.fake.AccessTokens(), bottest.DefaultClientSecret) {
		assert.NotContains(t, ta.logs.String()+page, secret)
	}
}

func TestE2EAnAdminApprovesANewcomerFromTheAuditPost(t *testing.T) {
	if testAPIVersion() != vclienttest.V2 {
		t.Skip("v2 only: the approval queue is contract v2's")
	}
	ta := startSelfServiceApp(t)

	link := ta.send(t, selfNora, "nora", bottest.Command("/link"))
	status, page := ta.signIn(t, link.button(t, "Sign in with Discord"), selfNora)
	require.Equal(t, http.StatusOK, status, page)
	assert.Contains(t, ta.send(t, selfNora, "nora", bottest.Command("/whoami")).text(), "waiting for an admin's approval")

	var post selfAnswer
	require.NoError(t, json.Unmarshal(ta.fake.WaitFor(t, bottest.ChannelPost, 1)[0].Payload, &post.Data))
	require.Equal(t, "New member waiting for approval", post.Data.Embeds[0].Title)
	approve := post.button(t, "Approve as PLAYER")
	userID := strings.Split(approve, ":")[1]
	ta.emu.ResetRequests()

	refused := ta.send(t, "300", "alice", bottest.Click(approve))
	assert.Equal(t, 4, refused.Type)
	assert.Equal(t, 64, refused.Data.Flags&64, "refused privately")
	assert.Contains(t, refused.Data.Content, "Only a Valentina ADMIN can approve or deny users.")
	assert.Empty(t, e2eWrites(ta.emu), "a player's click sends nothing")
	assert.Equal(t, 1, ta.fake.Count(bottest.ChannelPost), "and posts nothing")
	u, _ := ta.emu.User(userID)
	assert.Equal(t, vclient.RoleUnapproved, u.Role)

	approved := ta.send(t, "100", "ada", bottest.Click(approve))
	assert.Equal(t, 7, approved.Type, "the audit post is updated")
	assert.Contains(t, approved.Data.Content, "Approved **nora** as PLAYER (by <@100>)")
	assert.Equal(t, "User approved", e2eDecodeMessage(t, ta.fake.WaitFor(t, bottest.ChannelPost, 2)[1]).Embeds[0].Title)
	assert.Equal(t, []string{"POST /api/v1/companies/" + ta.sb.CompanyID + "/users/" + userID + "/approve"}, e2eWrites(ta.emu))
	u, _ = ta.emu.User(userID)
	assert.Equal(t, vclient.RolePlayer, u.Role)
	assert.Contains(t, ta.send(t, selfNora, "nora", bottest.Command("/whoami")).text(), "nora (PLAYER)")
}

func TestE2ELinkingYourselfNeedsAPIv2(t *testing.T) {
	if testAPIVersion() != vclienttest.V1 {
		t.Skip("v1 only: v2 gives the button (TestE2EAMemberLinksThemselvesWithSignInWithDiscord)")
	}
	ta := startTestApp(t) // the configuration refuses discord.client_secret with API v1

	link := ta.send(t, selfCarol, "carol", bottest.Command("/link"))

	assert.Contains(t, link.Data.Content, "needs Valentina API v2")
	assert.Empty(t, e2eWrites(ta.emu))
}
