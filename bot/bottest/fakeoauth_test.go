package bottest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
)

const redirectURI = "https://bot.example.com/oauth/discord/callback"

func authorizeURL(scope string) string {
	return "https://discord.com/oauth2/authorize?" + url.Values{"client_id": {bottest.DefaultAppID}, "response_type": {"code"},
		"scope": {scope}, "redirect_uri": {redirectURI}, "state": {"S"}}.Encode()
}

// exchange posts a code to the fake's token endpoint as a bot would.
func exchange(t *testing.T, f *bottest.FakeDiscord, code, secret, redirect string) (int, map[string]any) {
	t.Helper()
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
		"client_id": {bottest.DefaultAppID}, "client_secret": {secret}}
	resp, err := http.Post(f.URL+"/api/v10/oauth2/token", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return resp.StatusCode, m
}

func me(t *testing.T, f *bottest.FakeDiscord, path, token string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, f.URL+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return resp.StatusCode, m
}

func codeOf(t *testing.T, redirect string) string {
	u, err := url.Parse(redirect)
	require.NoError(t, err)
	assert.Equal(t, "S", u.Query().Get("state"), "the state comes back")
	return u.Query().Get("code")
}

func TestFakeOAuthExchangesACodeOnceForTheUsersToken(t *testing.T) {
	f := bottest.NewFakeDiscord(t)
	f.AddUser(bottest.DiscordUser{ID: "300", Username: "alice", Email: "alice@example.com", Verified: true})
	code := codeOf(t, f.Authorize(t, authorizeURL("identify email"), "300"))

	status, tok := exchange(t, f, code, bottest.DefaultClientSecret, redirectURI)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "Bearer", tok["token_type"])
	token := tok["access_token"].(string)
	assert.Equal(t, []string{token}, f.AccessTokens())

	for _, path := range []string{"/api/v10/users/@me", "/api/users/@me"} {
		status, u := me(t, f, path, token)
		require.Equal(t, http.StatusOK, status, path)
		assert.Equal(t, "300", u["id"])
		assert.Equal(t, "alice@example.com", u["email"], "the email scope shares the address")
	}
	status, _ = me(t, f, "/api/v10/users/@me", "forged")
	assert.Equal(t, http.StatusUnauthorized, status)

	status, body := exchange(t, f, code, bottest.DefaultClientSecret, redirectURI)
	assert.Equal(t, http.StatusBadRequest, status, "a code works once")
	assert.Equal(t, "invalid_grant", body["error"])
}

func TestFakeOAuthRefusesWrongClientsAndRedirects(t *testing.T) {
	f := bottest.NewFakeDiscord(t)
	code := codeOf(t, f.Authorize(t, authorizeURL("identify"), "300"))
	status, body := exchange(t, f, code, "wrong", redirectURI)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "invalid_client", body["error"])

	status, body = exchange(t, f, code, bottest.DefaultClientSecret, "https://evil.example.com/cb")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", body["error"])
}

func TestFakeOAuthKeepsTheEmailForTheEmailScope(t *testing.T) {
	f := bottest.NewFakeDiscord(t)
	f.AddUser(bottest.DiscordUser{ID: "300", Username: "alice", Email: "alice@example.com", Verified: true})
	_, tok := exchange(t, f, codeOf(t, f.Authorize(t, authorizeURL("identify"), "300")), bottest.DefaultClientSecret, redirectURI)
	_, u := me(t, f, "/api/v10/users/@me", tok["access_token"].(string))
	assert.NotContains(t, u, "email")
	assert.Equal(t, "alice", u["username"])
}

func TestFakeOAuthDenyRedirectsWithAccessDenied(t *testing.T) {
	f := bottest.NewFakeDiscord(t)
	u, err := url.Parse(f.Deny(t, authorizeURL("identify")))
	require.NoError(t, err)
	assert.Equal(t, "access_denied", u.Query().Get("error"))
	assert.Equal(t, "S", u.Query().Get("state"))
	assert.Empty(t, u.Query().Get("code"))
}
