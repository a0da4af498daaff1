package oauth_test

import (
	"crypto/rand"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

const identifyRoute = "POST /auth/identify"

func TestSignInLinksTheMember(t *testing.T) {
	tests := []struct {
		name       string
		discordID  string
		resolution vclient.IdentifyResolution
		user       func(f *flow) string
		page       []string
	}{
		{"a member Valentina knows by Discord account is matched", aliceDiscord, vclient.ResolutionMatched,
			func(f *flow) string { return f.sb.Alice }, []string{"You are linked.", "the Valentina user alice."}},
		{"a member Valentina knows by verified e-mail is linked", carolDiscord, vclient.ResolutionLinked,
			func(f *flow) string { return f.carol }, []string{"You are linked.", "the Valentina user carol."}},
		{"a newcomer gets an account waiting for approval", noraDiscord, vclient.ResolutionCreated,
			nil, []string{"Welcome! Your Valentina account was created.", "new Valentina user nora.", "An admin of your server must approve it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFlow(t)

			got := f.signIn(t, tt.discordID, tt.discordID)

			require.Equal(t, http.StatusOK, got.status, got.body)
			for _, text := range tt.page {
				got.says(t, text)
			}
			told := f.hook.told()
			require.Len(t, told, 1, "the app is told once")
			o := told[0]
			assert.Equal(t, tt.resolution, o.Resolution)
			assert.Equal(t, bottest.DefaultGuildID, o.GuildID)
			assert.Equal(t, f.sb.CompanyID, o.CompanyID)
			assert.Equal(t, tt.discordID, o.DiscordID)
			if tt.user != nil {
				assert.Equal(t, tt.user(f), o.User.ID)
			}
			u, ok := f.emu.User(o.User.ID)
			require.True(t, ok)
			assert.Equal(t, tt.discordID, u.DiscordProfile.ID, "Valentina holds the verified Discord account")
			if tt.resolution == vclient.ResolutionCreated {
				assert.Equal(t, vclient.RoleUnapproved, u.Role)
			}
			assert.Equal(t, []string{identifyRoute}, f.writes(), "one API call, auth/identify")
			assert.Equal(t, 1, f.fake.Count(bottest.OAuthToken))
		})
	}
}

func TestPagesAreSelfContainedAndPrivate(t *testing.T) {
	f := newFlow(t)
	pages := []callback{
		f.signIn(t, aliceDiscord, aliceDiscord),
		f.open(t, f.callbackURL("state=nope&code=x")),
	}
	for _, p := range pages {
		assert.Equal(t, "text/html; charset=utf-8", p.header.Get("Content-Type"))
		assert.Equal(t, "no-store", p.header.Get("Cache-Control"), "the URL held a code")
		assert.Equal(t, "no-referrer", p.header.Get("Referrer-Policy"))
		assert.Contains(t, p.header.Get("Content-Security-Policy"), "default-src 'none'")
		for _, banned := range []string{"<script", "src=", "href=", "<link", "@import", "url("} {
			assert.NotContains(t, p.body, banned, "no script and no external asset")
		}
	}
}

func TestPagesEscapeWhatTheyShow(t *testing.T) {
	f := newFlow(t)
	f.fake.AddUser(bottest.DiscordUser{ID: "888", Username: `<b>mallory</b>"&`, Email: "m@example.com", Verified: true})

	got := f.signIn(t, "888", "888")

	require.Equal(t, http.StatusOK, got.status, got.body)
	assert.NotContains(t, got.body, "<b>mallory")
	assert.Contains(t, got.body, "&lt;b&gt;mallory&lt;/b&gt;&#34;&amp;")
}

func TestAReplayedCallbackChangesNothing(t *testing.T) {
	f := newFlow(t)
	redirect := f.fake.Authorize(t, f.authorizeURL(t, aliceDiscord), aliceDiscord)
	require.Equal(t, http.StatusOK, f.open(t, redirect).status)
	f.emu.ResetRequests()

	got := f.open(t, redirect)

	assert.Equal(t, http.StatusBadRequest, got.status)
	got.says(t, "This sign-in link has expired or was already used.")
	assert.Empty(t, f.emu.Requests(), "no API call")
	assert.Equal(t, 1, f.fake.Count(bottest.OAuthToken), "the code is not exchanged again")
	assert.Len(t, f.hook.told(), 1)
}

func TestAForgedStateChangesNothing(t *testing.T) {
	f := newFlow(t)
	tests := []struct{ name, query, page string }{
		{"a well-formed state never issued", "state=" + rand.Text() + "&code=abc", "This sign-in link has expired or was already used."},
		{"a state of another shape", "state=hello&code=abc", "This sign-in link is not valid."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f.open(t, f.callbackURL(tt.query))
			assert.Equal(t, http.StatusBadRequest, got.status)
			got.says(t, tt.page)
		})
	}
	assert.Empty(t, f.emu.Requests())
	assert.Zero(t, f.fake.Count(bottest.OAuthToken))
	assert.Empty(t, f.hook.told())
}

func TestAnExpiredStateChangesNothing(t *testing.T) {
	f := newFlow(t, onMiniredis())
	fresh := f.fake.Authorize(t, f.authorizeURL(t, aliceDiscord), aliceDiscord)
	stale := f.fake.Authorize(t, f.authorizeURL(t, carolDiscord), carolDiscord)

	f.mini.FastForward(cache.OAuthStateTTL - time.Second)
	require.Equal(t, http.StatusOK, f.open(t, fresh).status, "a state is good for 10 minutes")
	f.emu.ResetRequests()
	f.mini.FastForward(2 * time.Second)

	got := f.open(t, stale)

	assert.Equal(t, http.StatusBadRequest, got.status)
	got.says(t, "This sign-in link has expired or was already used.")
	assert.Empty(t, f.emu.Requests())
	assert.Equal(t, 1, f.fake.Count(bottest.OAuthToken), "only the fresh code was exchanged")
}

func TestATokenOfAnotherAccountChangesNothing(t *testing.T) {
	f := newFlow(t)

	got := f.signIn(t, aliceDiscord, noraDiscord)

	assert.Equal(t, http.StatusForbidden, got.status)
	got.says(t, "You signed in as another Discord account.")
	assert.Empty(t, f.emu.Requests(), "Valentina is never asked")
	assert.Empty(t, f.hook.told())
	assert.Contains(t, f.logs.String(), `"signed_in_as":"777"`)
}

func TestBadCallbacksChangeNothingAndKeepTheState(t *testing.T) {
	f := newFlow(t)
	authorize := f.authorizeURL(t, aliceDiscord)
	state := stateOf(t, authorize)
	tests := []struct {
		name   string
		query  string
		status int
		page   string
	}{
		{"no parameters", "", http.StatusBadRequest, "This sign-in link is incomplete."},
		{"no code", "state=" + state, http.StatusBadRequest, "This sign-in link is incomplete."},
		{"no state", "code=abc", http.StatusBadRequest, "This sign-in link is incomplete."},
		{"an empty code", "state=" + state + "&code=", http.StatusBadRequest, "This sign-in link is incomplete."},
		{"an oversized code", "state=" + state + "&code=" + strings.Repeat("a", 300), http.StatusBadRequest, "This sign-in link is not valid."},
		{"an oversized state", "state=" + strings.Repeat("A", 300) + "&code=abc", http.StatusBadRequest, "This sign-in link is not valid."},
		{"an oversized query", "state=" + state + "&code=abc&pad=" + strings.Repeat("x", 3000), http.StatusBadRequest, "This sign-in link is not valid."},
		{"a code with odd characters", "state=" + state + "&code=%3Cscript%3E", http.StatusBadRequest, "This sign-in link is not valid."},
		{"a repeated state", "state=" + state + "&state=" + state + "&code=abc", http.StatusBadRequest, "This sign-in link is not valid."},
		{"a malformed query", "state=" + state + "&code=%zz", http.StatusBadRequest, "This sign-in link is not valid."},
		{"another error from Discord", "error=invalid_scope&state=" + state, http.StatusBadRequest, "Discord answered with invalid_scope."},
		{"an error Discord does not send", "error=%3Cb%3Ehi&state=" + state, http.StatusBadRequest, "Discord answered with an unknown error."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f.open(t, f.callbackURL(tt.query))
			assert.Equal(t, tt.status, got.status)
			got.says(t, tt.page)
			assert.NotContains(t, got.body, "<b>hi")
		})
	}
	t.Run("a POST", func(t *testing.T) {
		resp, err := http.Post(f.callbackURL("state="+state+"&code=abc"), "text/plain", nil)
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	})
	assert.Empty(t, f.emu.Requests())
	assert.Zero(t, f.fake.Count(bottest.OAuthToken))

	got := f.open(t, f.fake.Authorize(t, authorize, aliceDiscord))
	assert.Equal(t, http.StatusOK, got.status, "the state was not spent by the bad callbacks")
}

func TestCancellingOnDiscordChangesNothing(t *testing.T) {
	f := newFlow(t)

	got := f.open(t, f.fake.Deny(t, f.authorizeURL(t, aliceDiscord)))

	assert.Equal(t, http.StatusOK, got.status)
	got.says(t, "You cancelled signing in with Discord.")
	assert.Empty(t, f.emu.Requests())
	assert.Zero(t, f.fake.Count(bottest.OAuthToken))
	assert.Empty(t, f.hook.told())
}

func TestATokenEndpointThatFailsChangesNothing(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(f *flow)
		status int
		page   string
	}{
		{"a 500", func(f *flow) {
			f.fake.ReplyNext(bottest.OAuthToken, bottest.Reply{Status: http.StatusInternalServerError})
		},
			http.StatusBadGateway, "Discord did not answer properly."},
		{"a refused code", func(f *flow) {
			f.fake.ReplyNext(bottest.OAuthToken, bottest.Reply{Status: http.StatusBadRequest, Body: `{"error":"invalid_grant"}`})
		}, http.StatusBadRequest, "Discord refused this sign-in."},
		{"a wrong client secret", func(f *flow) { f.fake.SetOAuthClient(bottest.DefaultAppID, "rotated") },
			http.StatusBadGateway, "noirbot's Discord settings are wrong."},
		{"a 200 that is not JSON", func(f *flow) {
			f.fake.ReplyNext(bottest.OAuthToken, bottest.Reply{Status: http.StatusOK, Body: "<html>"})
		},
			http.StatusBadGateway, "Discord did not answer properly."},
		{"a token that is not a bearer token", func(f *flow) {
			f.fake.ReplyNext(bottest.OAuthToken, bottest.Reply{Status: http.StatusOK, Body: `{"access_token":"x","token_type":"mac"}`})
		}, http.StatusBadGateway, "Discord did not answer properly."},
		{"a /users/@me that refuses the token", func(f *flow) {
			f.fake.ReplyNext(bottest.CurrentUser, bottest.Reply{Status: http.StatusUnauthorized, Body: `{"message":"401: Unauthorized"}`})
		}, http.StatusBadGateway, "Discord did not answer properly."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFlow(t)
			tt.break_(f)

			got := f.signIn(t, aliceDiscord, aliceDiscord)

			assert.Equal(t, tt.status, got.status, got.body)
			got.says(t, tt.page)
			assert.Empty(t, f.emu.Requests())
			assert.Empty(t, f.hook.told())
		})
	}
}

func TestASlowTokenEndpointStillGivesAPageWithinTenSeconds(t *testing.T) {
	t.Parallel()
	f := newFlow(t) // the default budget: the page must beat open's 10 s client timeout
	release := f.fake.Hold(bottest.OAuthToken)
	defer release()

	got := f.signIn(t, aliceDiscord, aliceDiscord)

	assert.Equal(t, http.StatusGatewayTimeout, got.status)
	got.says(t, "Discord did not answer in time.")
	assert.Empty(t, f.emu.Requests())
	assert.Empty(t, f.hook.told())
	assert.Equal(t, 1, f.fake.Count(bottest.OAuthToken), "the exchange was still held when the page came")
}

func TestValentinaRefusalsGiveTheirPage(t *testing.T) {
	f := newFlow(t)
	f.fake.AddUser(bottest.DiscordUser{ID: "999", Username: "quiet"}) // shares no e-mail

	got := f.signIn(t, "999", "999")

	assert.Equal(t, http.StatusBadRequest, got.status)
	got.says(t, "Valentina needs an e-mail address to create your account.")
	assert.Empty(t, f.hook.told())
}

func TestASlowValentinaStillGivesAPageInTheBudget(t *testing.T) {
	t.Parallel()
	f := newFlow(t, withBudget(2*time.Second))
	f.emu.InjectFault(vclienttest.Fault{Method: http.MethodPost, Route: identifyRoute, Latency: bottest.FailTimeout})

	got := f.signIn(t, noraDiscord, noraDiscord)

	assert.Equal(t, http.StatusGatewayTimeout, got.status)
	got.says(t, "Valentina did not answer in time.")
	assert.Empty(t, f.hook.told())
	for _, r := range f.emu.Requests() {
		assert.Equal(t, 499, r.Status, "%s: the bot gave up before Valentina acted", r.Route)
	}
}
