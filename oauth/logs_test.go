package oauth_test

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

func TestNoCodeTokenOrSecretReachesALogOrAPage(t *testing.T) {
	f := newFlow(t)
	var pages []callback
	var codes []string
	follow := func(redirect string) callback {
		u, err := url.Parse(redirect)
		require.NoError(t, err)
		if c := u.Query().Get("code"); c != "" {
			codes = append(codes, c)
		}
		p := f.open(t, redirect)
		pages = append(pages, p)
		return p
	}

	created := f.fake.Authorize(t, f.authorizeURL(t, noraDiscord), noraDiscord)
	require.Equal(t, http.StatusOK, follow(created).status, "a newcomer signs in")
	follow(created) // replayed
	follow(f.fake.Authorize(t, f.authorizeURL(t, aliceDiscord), noraDiscord))
	f.fake.ReplyNext(bottest.OAuthToken, bottest.Reply{Status: http.StatusInternalServerError, Body: `{"error":"server_error"}`})
	follow(f.fake.Authorize(t, f.authorizeURL(t, aliceDiscord), aliceDiscord))
	follow(f.fake.Deny(t, f.authorizeURL(t, aliceDiscord)))
	require.Equal(t, http.StatusOK, follow(f.fake.Authorize(t, f.authorizeURL(t, aliceDiscord), aliceDiscord)).status)

	tokens := f.fake.AccessTokens()
	require.Len(t, tokens, 3, "three codes were exchanged")
	require.Len(t, codes, 5)
	exchanges := f.fake.Requests(bottest.OAuthToken)
	require.NotEmpty(t, exchanges)
	id, secret, ok := (&http.Request{Header: exchanges[0].Header}).BasicAuth()
	require.True(t, ok, "the bot authenticates with HTTP Basic")
	assert.Equal(t, bottest.DefaultAppID+":"+clientSecret, id+":"+secret, "the secret searched for is the one in use")
	assert.True(t, strings.HasPrefix(exchanges[0].Header.Get("User-Agent"), "DiscordBot ("))

	logs := f.logs.String()
	secrets := map[string][]string{"client secret": {clientSecret}, "access token": tokens, "code": codes}
	for what, values := range secrets {
		for _, v := range values {
			assert.NotContains(t, logs, v, "a %s leaked into the logs", what)
			for i, p := range pages {
				assert.NotContains(t, p.body, v, "a %s is shown on page %d", what, i)
			}
		}
	}

	var outcomes []string
	for line := range strings.Lines(logs) {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), line)
		if m["msg"] == "sign in with discord" {
			outcomes = append(outcomes, m["outcome"].(string))
		}
	}
	assert.Equal(t, []string{"created", "state_unknown", "wrong_account", "discord_error", "denied", "matched"}, outcomes,
		"one line per callback, naming its outcome")
}
