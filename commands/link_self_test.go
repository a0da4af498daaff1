package commands

import (
	"context"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
)

// signInRecorder is a SignInLinks that hands out numbered URLs and remembers who asked.
type signInRecorder struct {
	mu    sync.Mutex
	asked [][3]string // guild, company, discord id
}

func (s *signInRecorder) AuthorizeURL(_ context.Context, guildID, companyID, discordID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.asked = append(s.asked, [3]string{guildID, companyID, discordID})
	return "https://discord.com/oauth2/authorize?state=S" + discordID, nil
}

func (s *signInRecorder) calls() [][3]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][3]string(nil), s.asked...)
}

// withSignIn configures "Sign in with Discord" on a built harness (handlers read Deps
// through a pointer, so this takes effect at once).
func withSignIn(h *harness) *signInRecorder {
	s := &signInRecorder{}
	h.deps.SignIn = s
	return s
}

// linkButton is the link-style button of a response, if any.
func linkButton(r *bot.Response) *discordgo.Button {
	for _, row := range r.Components {
		for _, c := range row.(discordgo.ActionsRow).Components {
			if b, ok := c.(discordgo.Button); ok && b.Style == discordgo.LinkButton {
				return &b
			}
		}
	}
	return nil
}

func TestLinkIsOfferedToEveryoneWithMemberAndUserOptional(t *testing.T) {
	def := linkCommand().Def
	assert.Nil(t, def.DefaultMemberPermissions, "players link themselves: /link is registered for everyone (SPEC §4.2)")
	for _, o := range def.Options {
		assert.False(t, o.Required, "option %s", o.Name)
	}
	assert.NotNil(t, unlinkCommand().Def.DefaultMemberPermissions, "/unlink keeps Manage Server")
	assert.NotNil(t, usersCommand().Def.DefaultMemberPermissions, "/users is registered with Manage Server")
}

func TestLinkWithoutMemberGivesTheCallerAPrivateSignInButton(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	signIn := withSignIn(h)

	r := h.run("600", bottest.Command("/link"))

	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "Sign in with Discord to link your Discord account")
	b := linkButton(r)
	require.NotNil(t, b, text(r))
	assert.Equal(t, "Sign in with Discord", b.Label)
	assert.Equal(t, "https://discord.com/oauth2/authorize?state=S600", b.URL)
	assert.Equal(t, [][3]string{{guildID, h.sb.CompanyID, "600"}}, signIn.calls(), "the state is bound to the clicker")
	assert.Zero(t, h.writes())
}

func TestLinkWithoutMemberSaysWhatTheOperatorMustConfigure(t *testing.T) {
	v2Only(t)
	h := newHarness(t)

	r := h.run("600", bottest.Command("/link"))

	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "`discord.client_secret`")
	assert.Contains(t, r.Content, "`discord.oauth_redirect_url`")
	assert.Nil(t, linkButton(r))
	assert.Zero(t, h.calls(), "nothing is asked of the API")
}

func TestLinkWithoutMemberNeedsAPIv2(t *testing.T) {
	v1Only(t, "v2 gives the sign-in button (TestLinkWithoutMemberGivesTheCallerAPrivateSignInButton)")
	h := newHarness(t)
	signIn := withSignIn(h)

	r := h.run("600", bottest.Command("/link"))

	assert.Contains(t, r.Content, "needs Valentina API v2")
	assert.Nil(t, linkButton(r))
	assert.Empty(t, signIn.calls())
	assert.Zero(t, h.calls())
}

func TestLinkWithoutMemberTellsAVerifiedMemberTheyAreLinkedAlready(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	signIn := withSignIn(h)

	r := h.run(aliceID, bottest.Command("/link"))

	assert.Contains(t, r.Content, "already linked to **alice** (PLAYER)")
	assert.Nil(t, linkButton(r))
	assert.Empty(t, signIn.calls())
}

func TestLinkWithUserButNoMemberAsksForTheMember(t *testing.T) {
	h := newHarness(t)
	signIn := withSignIn(h)

	r := h.run(adaID, bottest.Command("/link", bottest.O("user", "bob")))

	assert.Contains(t, r.Content, "Choose the member to link with `member:`")
	assert.Empty(t, signIn.calls())
	assert.Zero(t, h.calls())
}

func TestLinkWithMemberIsStillForAdminsOnly(t *testing.T) {
	h := newHarness(t)
	withSignIn(h)

	r := h.run(aliceID, bottest.Command("/link", bottest.UserOpt("member", "600"), bottest.O("user", "bob")).Resolve(linkTestCarol))

	assert.Contains(t, r.Content, "Only a Valentina ADMIN can link or unlink members.")
	assert.Zero(t, h.writes())
}
