package vclienttest

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeDiscord answers GET /api/v10/users/@me per bearer token: "bad" → 401,
// "down" → 502, "noid" → a profile without id, anything else → profiles[token].
func fakeDiscord(t *testing.T, profiles map[string]map[string]any) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v10/users/@me" {
			http.NotFound(w, r)
			return
		}
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		switch token {
		case "bad":
			w.WriteHeader(http.StatusUnauthorized)
			return
		case "down":
			w.WriteHeader(http.StatusBadGateway)
			return
		case "noid":
			_ = json.NewEncoder(w).Encode(map[string]any{"username": "ghost"})
			return
		}
		p, ok := profiles[token]
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_ = json.NewEncoder(w).Encode(p)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestV2IdentifyMatchesLinksOrCreates(t *testing.T) {
	discord := fakeDiscord(t, map[string]map[string]any{
		"alice":    {"id": "300", "username": "alice", "global_name": "Alice", "avatar": "a_ff", "discriminator": "0", "email": "alice@example.com", "verified": true},
		"bob":      {"id": "444", "username": "bobby", "email": "BOB@example.com", "verified": true},
		"newcomer": {"id": "777", "username": "newcomer", "email": "new@example.com", "verified": false},
		"anon":     {"id": "888", "username": "anon"},
	})
	c := newTC2(t, WithDiscordAPI(discord.URL))
	sb := c.sb
	identify := func(body map[string]any) *resp { return c.do("POST", c.co("/auth/identify"), body) }

	r := identify(map[string]any{"provider": "discord", "token": "alice"})
	require.Equal(t, 200, r.status, "%s", r.raw)
	m := r.json(t)
	assert.Equal(t, "matched", m["resolution"])
	u := m["user"].(map[string]any)
	assert.Equal(t, sb.Alice, u["id"])
	assert.Equal(t, "https://cdn.discordapp.com/avatars/300/a_ff.gif", u["avatar_url"])
	assert.Equal(t, "https://cdn.discordapp.com/avatars/300/a_ff.gif", u["discord_profile"].(map[string]any)["avatar_url"])

	m = identify(map[string]any{"provider": "discord", "token": "bob"}).json(t)
	assert.Equal(t, "linked", m["resolution"], "a verified e-mail matches case-insensitively")
	assert.Equal(t, sb.Bob, m["user"].(map[string]any)["id"])

	m = identify(map[string]any{"provider": "discord", "token": "newcomer"}).json(t)
	assert.Equal(t, "created", m["resolution"])
	nu := m["user"].(map[string]any)
	assert.Equal(t, "UNAPPROVED", nu["role"])
	assert.Equal(t, "newcomer", nu["username"])
	assert.Regexp(t, uuid7Pattern, nu["id"])

	m = requireProblem2(t, identify(map[string]any{"provider": "discord", "token": "anon"}), 422,
		"discord did not supply an email address. Include 'email' in the request body to register this user.")
	assert.Equal(t, "EMAIL_REQUIRED", m["code"])
	m = identify(map[string]any{"provider": "discord", "token": "anon", "email": "anon@example.com"}).json(t)
	assert.Equal(t, "created", m["resolution"])

	m = requireProblem2(t, identify(map[string]any{"provider": "discord", "token": "bad"}), 422, "Discord rejected the access token")
	assert.Equal(t, "TOKEN_VERIFICATION_FAILED", m["code"])
	m = requireProblem2(t, identify(map[string]any{"provider": "discord", "token": "noid"}), 422, "Discord profile is missing required 'id' field")
	assert.Equal(t, "TOKEN_VERIFICATION_FAILED", m["code"])
	m = requireProblem2(t, identify(map[string]any{"provider": "discord", "token": "down"}), 503, "Discord is unreachable")
	assert.Equal(t, "PROVIDER_UNAVAILABLE", m["code"])
	requireProblem2(t, identify(map[string]any{"provider": "myspace", "token": "x"}), 400, "Validation failed for one or more fields.")
	m = requireProblem2(t, identify(map[string]any{"provider": "google", "token": "x"}), 422, "google sign-in is not enabled on this server")
	assert.Equal(t, "TOKEN_VERIFICATION_FAILED", m["code"])

	una := c.s.AddUser(sb.CompanyID, User{Name: "Una", Role: "UNAPPROVED"})
	assert.Equal(t, 200, c.as(una, "POST", c.co("/auth/identify"), map[string]any{"provider": "discord", "token": "alice"}).status,
		"UNAPPROVED acting users may identify")
}

func TestV2IdentifyUnreachableDiscord(t *testing.T) {
	c := newTC2(t, WithDiscordAPI("http://127.0.0.1:1"))
	m := requireProblem2(t, c.do("POST", c.co("/auth/identify"), map[string]any{"provider": "discord", "token": "x"}), 503, "Discord is unreachable")
	assert.Equal(t, "PROVIDER_UNAVAILABLE", m["code"])
}

func TestV2IdentityLinkAndUnlink(t *testing.T) {
	discord := fakeDiscord(t, map[string]map[string]any{
		"carol": {"id": "900", "username": "carol", "discriminator": "7"},
		"alice": {"id": "300", "username": "alice"},
	})
	c := newTC2(t, WithDiscordAPI(discord.URL))
	sb := c.sb
	carol := c.s.AddUser(sb.CompanyID, User{Name: "Carol"})
	link := func(acting, target, token string) *resp {
		return c.as(acting, "POST", c.user(target, "/identities"), map[string]string{"provider": "discord", "token": token})
	}
	requireProblem2(t, link(sb.Bob, carol, "carol"), 403, "Only the user themselves or an admin can link identities")
	m := requireProblem2(t, link(carol, carol, "alice"), 409,
		"This identity is already linked to another user. Use the merge endpoint to combine accounts.")
	assert.Equal(t, "IDENTITY_ALREADY_LINKED", m["code"])
	m = requireProblem2(t, link(carol, carol, "bad"), 422, "Discord rejected the access token")
	assert.Equal(t, "TOKEN_VERIFICATION_FAILED", m["code"])
	r := link(carol, carol, "carol")
	require.Equal(t, 200, r.status, "%s", r.raw)
	u := r.json(t)
	assert.Equal(t, "900", u["discord_profile"].(map[string]any)["id"])
	assert.Equal(t, "https://cdn.discordapp.com/embed/avatars/2.png", u["avatar_url"])
	m = requireProblem2(t, link(sb.Ada, sb.Alice, "carol"), 409, "This identity is already linked to another user. Use the merge endpoint to combine accounts.")
	assert.Equal(t, "IDENTITY_ALREADY_LINKED", m["code"])

	unlink := func(acting, target, provider string) *resp {
		return c.as(acting, "DELETE", c.user(target, "/identities/"+provider), nil)
	}
	requireProblem2(t, unlink(sb.Bob, carol, "discord"), 403, "Only the user themselves or an admin can unlink identities")
	m = requireProblem2(t, unlink(carol, carol, "discord"), 409, "Cannot remove the user's only linked identity.")
	assert.Equal(t, "LAST_IDENTITY", m["code"])
	m = requireProblem2(t, unlink(carol, carol, "google"), 404, "No google identity is linked to this user.")
	assert.Equal(t, "IDENTITY_NOT_LINKED", m["code"])
	requireProblem2(t, unlink(carol, carol, "myspace"), 400, "Validation failed for one or more fields.")
	c.s.SetIdentity(carol, "google", "g-1")
	r = unlink(sb.Ada, carol, "discord")
	require.Equal(t, 200, r.status, "%s", r.raw)
	assert.Nil(t, r.json(t)["discord_profile"])
	assert.Equal(t, map[string]any{"id": "g-1"}, r.json(t)["google_profile"])
}

var (
	pngBytes  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	webpBytes = []byte("RIFF\x10\x00\x00\x00WEBPVP8 ")
)

// upload2 sends one multipart file part as acting.
func (c *tc) upload2(method, path, acting, filename, ctype string, content []byte) *resp {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{`form-data; name="data"; filename="` + filename + `"`}
	h["Content-Type"] = []string{ctype}
	pw, err := mw.CreatePart(h)
	require.NoError(c.t, err)
	_, _ = pw.Write(content)
	require.NoError(c.t, mw.Close())
	return c.do(method, path, buf.String(), "Content-Type", mw.FormDataContentType(), "On-Behalf-Of", acting)
}

func TestV2UploadsAreImagesOnly(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	r := c.upload2("POST", c.user(sb.Alice, "/assets/upload"), sb.Bob, "My Map!.PNG", "text/plain", pngBytes)
	require.Equal(t, 201, r.status, "%s", r.raw)
	a := r.json(t)
	assert.Equal(t, "image", a["asset_type"])
	assert.Equal(t, "image/png", a["mime_type"], "detected from the bytes, not the declared type")
	assert.Equal(t, "my-map.png", a["original_filename"])
	assert.Equal(t, sb.Bob, a["uploaded_by_id"])
	assert.Equal(t, sb.Alice, a["user_parent_id"])

	m := requireProblem2(t, c.upload2("POST", c.user(sb.Alice, "/assets/upload"), sb.Alice, "notes.txt", "image/png", []byte("hello")),
		400, "Upload must be a PNG, JPEG, GIF, or WEBP image.")
	assert.Equal(t, "upload", m["invalid_parameters"].([]any)[0].(map[string]any)["field"])

	assetID := a["id"].(string)
	assert.Equal(t, 204, c.do("DELETE", c.user(sb.Bob, "/assets/"+assetID), nil).status, "delete checks neither parent nor acting user")
	requireProblem2(t, c.do("GET", c.user(sb.Alice, "/assets/"+assetID), nil), 404, "Asset not found")
}

func TestV2Avatar(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	path := c.user(sb.Alice, "/avatar")
	requireProblem2(t, c.upload2("PUT", path, "", "me.webp", "image/webp", webpBytes), 403, "On-Behalf-Of header is required")
	requireProblem2(t, c.upload2("PUT", path, sb.Bob, "me.webp", "image/webp", webpBytes), 403, "No rights to access this resource")
	requireProblem2(t, c.upload2("PUT", c.co("/users/nobody/avatar"), sb.Ada, "me.webp", "image/webp", webpBytes), 404, "User 'nobody' not found")
	requireProblem2(t, c.upload2("PUT", path, sb.Alice, "me.txt", "image/webp", []byte("text")), 400, "Avatar must be a PNG, JPEG, WEBP, or GIF image.")
	r := c.upload2("PUT", path, sb.Alice, "me.webp", "image/webp", webpBytes)
	require.Equal(t, 200, r.status, "%s", r.raw)
	u := r.json(t)
	assert.Contains(t, u["avatar_url"], "/avatar.webp")
	assert.EqualValues(t, 1, u["num_assets"], "the avatar is a user asset")
	r = c.as(sb.Ada, "DELETE", path, nil)
	require.Equal(t, 200, r.status, "%s", r.raw)
	assert.Nil(t, r.json(t)["avatar_url"])
}

func TestV2PerRouteRateLimitPolicies(t *testing.T) {
	fixed := time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC)
	c := newTC2(t, WithRateLimit(1000, 1), WithClock(func() time.Time { return fixed }))
	sb := c.sb
	r := c.do("GET", c.co(""), nil)
	assert.Equal(t, `"default";q=1000;w=1000`, r.header.Get("RateLimit-Policy"))
	r = c.upload2("POST", c.user(sb.Alice, "/assets/upload"), sb.Alice, "a.png", "image/png", pngBytes)
	require.Equal(t, 201, r.status, "%s", r.raw)
	assert.Equal(t, `"default";q=1000;w=1000, "asset_upload";q=50;w=600`, r.header.Get("RateLimit-Policy"))
	assert.Equal(t, `"default";r=998;t=0, "asset_upload";r=49;t=0`, r.header.Get("RateLimit"))
	for i := 0; i < 49; i++ {
		require.Equal(t, 200, c.upload2("PUT", c.user(sb.Alice, "/avatar"), sb.Alice, "a.png", "image/png", pngBytes).status)
	}
	r = c.upload2("POST", c.user(sb.Alice, "/assets/upload"), sb.Alice, "a.png", "image/png", pngBytes)
	m := requireProblem2(t, r, 429, "You are being rate limited.")
	assert.Equal(t, 12.0, m["retry_after"])
	assert.Equal(t, `"asset_upload";q=50;w=600`, r.header.Get("RateLimit-Policy"), "only the refusing bucket")
	assert.Equal(t, `"asset_upload";r=0;t=12`, r.header.Get("RateLimit"))
	assert.Empty(t, r.header.Get("Retry-After"))

	r = c.do("POST", c.co("/auth/identify"), map[string]string{"provider": "discord", "token": "x"})
	assert.Contains(t, r.header.Get("RateLimit-Policy"), `"user_registration";q=30;w=1800`)
}
