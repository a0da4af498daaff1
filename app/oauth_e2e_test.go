package app

import (
	"crypto/rand"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/oauth"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// getCallback requests the OAuth2 callback on the app's interactions listener.
func (ta *testApp) getCallback(t *testing.T, rawQuery string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + ta.app.interactionsAddr + oauth.CallbackPath + "?" + rawQuery)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func TestTheInteractionsListenerServesTheSignInCallback(t *testing.T) {
	if testAPIVersion() != vclienttest.V2 {
		t.Skip("v2 only: the configuration refuses discord.client_secret with API v1")
	}
	ta := startTestApp(t, withConfig(func(c *config.Config) {
		c.Discord.ClientSecret = "client-s3cret"
		c.Discord.OAuthRedirectURL = "https://bot.example.com" + oauth.CallbackPath
	}))
	ta.emu.ResetRequests()

	status, body := ta.getCallback(t, "state="+rand.Text()+"&code=abc")

	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, "This sign-in link has expired or was already used.")
	assert.Empty(t, ta.emu.Requests(), "a forged state reaches neither Valentina")
	assert.Empty(t, ta.fake.Requests(), "nor Discord")
	assert.NotContains(t, ta.logs.String(), "client-s3cret")
}

func TestTheSignInCallbackIsOffUntilConfigured(t *testing.T) {
	ta := startTestApp(t)

	status, _ := ta.getCallback(t, "state="+rand.Text()+"&code=abc")

	assert.Equal(t, http.StatusNotFound, status)
}
