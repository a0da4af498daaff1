package oauth_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/oauth"
)

func TestAuthorizeURLAsksDiscordForAFreshSingleUseState(t *testing.T) {
	f := newFlow(t)

	first, second := f.authorizeURL(t, aliceDiscord), f.authorizeURL(t, aliceDiscord)

	u, err := url.Parse(first)
	require.NoError(t, err)
	assert.Equal(t, "https://discord.com/oauth2/authorize", u.Scheme+"://"+u.Host+u.Path)
	q := u.Query()
	assert.Equal(t, bottest.DefaultAppID, q.Get("client_id"))
	assert.Equal(t, "code", q.Get("response_type"))
	assert.Equal(t, "identify email", q.Get("scope"))
	assert.Equal(t, f.srv.URL+oauth.CallbackPath, q.Get("redirect_uri"))
	assert.Len(t, q.Get("state"), 26, "130 random bits")
	assert.NotEqual(t, stateOf(t, first), stateOf(t, second), "every button has its own state")
}

func TestAuthorizeURLNeedsTheWholeAsker(t *testing.T) {
	f := newFlow(t)
	_, err := f.linker.AuthorizeURL(t.Context(), bottest.DefaultGuildID, f.sb.CompanyID, "")
	assert.Error(t, err)
}

func TestNewNamesMissingOptions(t *testing.T) {
	_, err := oauth.New(oauth.Options{ClientID: "1"})
	assert.EqualError(t, err, "oauth: missing options [ClientSecret RedirectURL States API]")
}
