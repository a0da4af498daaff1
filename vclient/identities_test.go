package vclient

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// userV2JSON is a v2 user as the contract shows it: profiles null but Discord's, counts, and
// fractional timestamps.
const userV2JSON = `{
	"id": "u1",
	"date_created": "2026-07-15T14:14:46.207311Z",
	"date_modified": "2026-07-15T15:02:10Z",
	"name_first": "Mara", "name_last": "Voss", "username": "mara",
	"email": "mara@example.com", "role": "PLAYER", "company_id": "co1",
	"lifetime_xp": 42, "lifetime_cool_points": 1,
	"google_profile": null, "github_profile": null, "apple_profile": null,
	"discord_profile": {"id": "123456789012345678", "username": "mara", "global_name": "Mara",
		"avatar_id": null, "discriminator": "0", "email": null, "verified": true},
	"avatar_url": "https://cdn.example/a.webp",
	"num_quickrolls": 1, "num_notes": 2, "num_assets": 3, "num_characters": 4,
	"campaign_experience": [{"id": "x1", "campaign_id": "camp1", "user_id": "u1", "xp_current": 22, "xp_total": 42, "cool_points": 1}]
}`

func wantUserV2() *User {
	verified := true
	return &User{ID: "u1", Username: "mara", NameFirst: "Mara", NameLast: "Voss", Email: "mara@example.com",
		Role: RolePlayer, CompanyID: "co1", LifetimeXP: 42, LifetimeCoolPoints: 1,
		DiscordProfile: DiscordProfile{ID: "123456789012345678", Username: "mara", GlobalName: "Mara",
			Discriminator: "0", Verified: &verified},
		AvatarURL: "https://cdn.example/a.webp", NumQuickrolls: 1, NumNotes: 2, NumAssets: 3, NumCharacters: 4,
		CampaignExperience: []CampaignExperience{{ID: "x1", CampaignID: "camp1", UserID: "u1", XPCurrent: 22,
			XPTotal: 42, CoolPoints: 1}},
		DateCreated:  mustTime("2026-07-15T14:14:46.207311Z"),
		DateModified: mustTime("2026-07-15T15:02:10Z"),
	}
}

func TestIdentify(t *testing.T) {
	c, mux, _ := setupV2(t)
	mux.HandleFunc("POST /api/v1/companies/co1/auth/identify", func(w http.ResponseWriter, r *http.Request) {
		assertJSONBody(t, r, `{"provider":"discord","token":"tok","username":"mara"}`)
		assertActing(t, r, "")
		assert.NotEmpty(t, r.Header.Get("Idempotency-Key"))
		reply(w, 200, `{"resolution":"created","user":`+userV2JSON+`}`)
	})
	got, err := c.Identify(t.Context(), coID, &IdentifyRequest{Provider: ProviderDiscord, Token: "tok", Username: "mara"})
	require.NoError(t, err)
	assert.Equal(t, &IdentifyResult{Resolution: ResolutionCreated, User: *wantUserV2()}, got)
}

func TestIdentifyReportsTheErrorCode(t *testing.T) {
	c, mux, _ := setupV2(t, WithMaxRetries(0))
	mux.HandleFunc("POST /api/v1/companies/co1/auth/identify", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req_header")
		problemReply(w, 422, `{"status":422,"title":"Unprocessable Content","detail":"Discord rejected the access token",
			"instance":"i","request_id":"req_body","code":"TOKEN_VERIFICATION_FAILED"}`)
	})
	_, err := c.Identify(t.Context(), coID, &IdentifyRequest{Provider: ProviderDiscord, Token: "bad"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 422, apiErr.StatusCode)
	assert.Equal(t, "TOKEN_VERIFICATION_FAILED", apiErr.Code)
	assert.Equal(t, "req_body", apiErr.RequestID, "the body wins over the header")
	assert.Equal(t, "POST /auth/identify", apiErr.Route)
}

func TestIdentifyValidation(t *testing.T) {
	c, _, _ := setupV2(t)
	tests := []struct {
		name  string
		req   *IdentifyRequest
		field string
	}{
		{"nil", nil, "body"},
		{"bad provider", &IdentifyRequest{Provider: "myspace", Token: "t"}, "provider"},
		{"no token", &IdentifyRequest{Provider: ProviderGoogle}, "token"},
		{"short username", &IdentifyRequest{Provider: ProviderGitHub, Token: "t", Username: "ab"}, "username"},
		{"bad email", &IdentifyRequest{Provider: ProviderApple, Token: "t", Email: "nope"}, "email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Identify(t.Context(), coID, tt.req)
			var rv *RequestValidationError
			require.ErrorAs(t, err, &rv)
			assert.Equal(t, tt.field, rv.Field)
		})
	}
}

func TestLinkAndUnlinkIdentity(t *testing.T) {
	c, mux, _ := setupV2(t)
	mux.HandleFunc("POST /api/v1/companies/co1/users/u1/identities", func(w http.ResponseWriter, r *http.Request) {
		assertJSONBody(t, r, `{"provider":"discord","token":"tok"}`)
		assertActing(t, r, "admin1")
		reply(w, 200, userV2JSON)
	})
	mux.HandleFunc("DELETE /api/v1/companies/co1/users/u1/identities/discord", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "admin1")
		problemReply(w, 409, `{"status":409,"title":"Conflict","detail":"Cannot remove the user's only linked identity.",
			"request_id":"req_x","code":"LAST_IDENTITY"}`)
	})
	users := c.OnBehalfOf("admin1").Users(coID)
	got, err := users.LinkIdentity(t.Context(), userID, ProviderDiscord, "tok")
	require.NoError(t, err)
	assert.Equal(t, wantUserV2(), got)

	_, err = users.UnlinkIdentity(t.Context(), userID, ProviderDiscord)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrConflict)
	assert.Equal(t, "LAST_IDENTITY", apiErr.Code)

	_, err = users.LinkIdentity(t.Context(), userID, ProviderDiscord, "")
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = users.UnlinkIdentity(t.Context(), userID, "aol")
	assert.ErrorIs(t, err, ErrRequestValidation)
}

func TestUnlinkIdentitySucceeds(t *testing.T) {
	c, mux, _ := setupV2(t)
	mux.HandleFunc("DELETE /api/v1/companies/co1/users/u1/identities/google", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, userV2JSON)
	})
	got, err := c.OnBehalfOf("u1").Users(coID).UnlinkIdentity(t.Context(), userID, ProviderGoogle)
	require.NoError(t, err)
	assert.Equal(t, "mara", got.Username)
}
