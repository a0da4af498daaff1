package vclient

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// userJSON is shaped like the API's answer: nulls present, an all-null discord_profile and
// keys the client does not know.
const userJSON = `{
	"id": "u1",
	"date_created": "2026-01-28T04:55:35Z",
	"date_modified": "2026-01-29T10:00:00Z",
	"name": "John Doe",
	"email": "john@example.com",
	"role": "PLAYER",
	"company_id": "co1",
	"discord_profile": {"id": null, "username": null, "global_name": null, "avatar_id": null,
		"avatar_url": null, "discriminator": null, "email": null, "verified": null},
	"campaign_experience": [{"campaign_id": "camp1", "xp_current": 5, "xp_total": 12, "cool_points": 1}],
	"asset_ids": [],
	"lifetime_xp": 99,
	"some_future_key": {"nested": true}
}`

var wantUser = &User{
	ID: "u1", Name: "John Doe", Username: "John Doe", LifetimeXP: 99, Email: "john@example.com", Role: RolePlayer, CompanyID: "co1",
	CampaignExperience: []CampaignExperience{{CampaignID: "camp1", XPCurrent: 5, XPTotal: 12, CoolPoints: 1}},
	AssetIDs:           []string{},
	DateCreated:        time.Date(2026, 1, 28, 4, 55, 35, 0, time.UTC),
	DateModified:       time.Date(2026, 1, 29, 10, 0, 0, 0, time.UTC),
}

func TestUsersGet(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, nil)
		reply(w, 200, userJSON)
	})
	got, err := c.Users(coID).Get(t.Context(), userID)
	require.NoError(t, err)
	assert.Equal(t, wantUser, got)
}

func TestUsersGetDecodesALinkedDiscordProfile(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"id":"u1","discord_profile":{"id":"123456789012345678","username":"ada",
			"global_name":"Ada","avatar_id":null,"avatar_url":null,"discriminator":"0","email":null,"verified":true}}`)
	})
	got, err := c.Users(coID).Get(t.Context(), userID)
	require.NoError(t, err)
	verified := true
	assert.Equal(t, DiscordProfile{ID: "123456789012345678", Username: "ada", GlobalName: "Ada",
		Discriminator: "0", Verified: &verified}, got.DiscordProfile)
}

func TestUsersCreate(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("POST /api/v1/companies/co1/users", func(w http.ResponseWriter, r *http.Request) {
		assertJSONBody(t, r, `{"name":"John Doe","email":"john@example.com","role":"PLAYER",
			"discord_profile":{"id":"42","username":"john"},"requesting_user_id":"admin1"}`)
		assert.NotEmpty(t, r.Header.Get("Idempotency-Key"))
		reply(w, 201, userJSON)
	})
	got, err := c.OnBehalfOf("admin1").Users(coID).Create(t.Context(), &UserCreate{Name: "John Doe", Email: "john@example.com",
		Role: RolePlayer, DiscordProfile: &DiscordProfile{ID: "42", Username: "john"}})
	require.NoError(t, err)
	assert.Equal(t, wantUser, got)
}

func TestUsersUpdate(t *testing.T) {
	name, role := "Jane Doe", RoleStoryteller
	tests := []struct {
		name   string
		acting string
		req    *UserUpdate
		body   string
	}{
		{"some fields", "admin1", &UserUpdate{Name: &name, Role: &role},
			`{"name":"Jane Doe","role":"STORYTELLER","requesting_user_id":"admin1"}`},
		{"link discord", "u1", &UserUpdate{DiscordProfile: &DiscordProfileUpdate{
			ID: Value("42"), Username: Value("jane"), Verified: Value(true)}},
			`{"discord_profile":{"id":"42","username":"jane","verified":true},"requesting_user_id":"u1"}`},
		{"clear one key", "u1", &UserUpdate{DiscordProfile: &DiscordProfileUpdate{ID: Null[string]()}},
			`{"discord_profile":{"id":null},"requesting_user_id":"u1"}`},
		{"unlink", "u1", &UserUpdate{DiscordProfile: UnlinkDiscord()},
			`{"discord_profile":{"id":null,"username":null,"global_name":null,"avatar_id":null,"avatar_url":null,
				"discriminator":null,"email":null,"verified":null},"requesting_user_id":"u1"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			mux.HandleFunc("PATCH /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
				assertJSONBody(t, r, tt.body)
				assert.NotEmpty(t, r.Header.Get("Idempotency-Key"))
				reply(w, 200, userJSON)
			})
			got, err := c.OnBehalfOf(tt.acting).Users(coID).Update(t.Context(), userID, tt.req)
			require.NoError(t, err)
			assert.Equal(t, wantUser, got)
		})
	}
}

func TestUsersDelete(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("DELETE /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, url.Values{"requesting_user_id": {"admin1"}})
		assert.Empty(t, r.Header.Get("Idempotency-Key"))
		w.WriteHeader(http.StatusNoContent)
	})
	require.NoError(t, c.OnBehalfOf("admin1").Users(coID).Delete(t.Context(), userID))
}

func TestUsersGetPage(t *testing.T) {
	tests := []struct {
		name  string
		opts  *UserListOptions
		query url.Values
	}{
		{"defaults", nil, url.Values{}},
		{"role and page", &UserListOptions{Role: RolePlayer, ListOptions: ListOptions{Limit: 25, Offset: 50}},
			url.Values{"user_role": {"PLAYER"}, "limit": {"25"}, "offset": {"50"}}},
		{"clamped", &UserListOptions{ListOptions: ListOptions{Limit: 500, Offset: -3}}, url.Values{"limit": {"100"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			mux.HandleFunc("GET /api/v1/companies/co1/users", func(w http.ResponseWriter, r *http.Request) {
				assertQuery(t, r, tt.query)
				reply(w, 200, `{"items":[`+userJSON+`],"limit":25,"offset":50,"total":51}`)
			})
			got, err := c.Users(coID).GetPage(t.Context(), tt.opts)
			require.NoError(t, err)
			assert.Equal(t, &Page[User]{Items: []User{*wantUser}, Limit: 25, Offset: 50, Total: 51}, got)
		})
	}
}

func TestUsersListAllFiltersByRole(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users", func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, url.Values{"user_role": {"STORYTELLER"}, "limit": {"100"}})
		reply(w, 200, `{"items":[{"id":"s1","role":"STORYTELLER"}],"limit":100,"offset":0,"total":1}`)
	})
	got, err := c.Users(coID).ListAll(t.Context(), RoleStoryteller)
	require.NoError(t, err)
	assert.Equal(t, []User{{ID: "s1", Role: RoleStoryteller}}, got)
}

const statsJSON = `{"botches":1,"successes":3,"failures":2,"criticals":1,"total_rolls":8,
	"average_difficulty":6.5,"average_pool":null,
	"top_traits":[{"name":"Firearms","usage_count":4,"trait_id":"t1"}],
	"criticals_percentage":12.5,"success_percentage":37.5,"failure_percentage":25.0,"botch_percentage":12.5}`

func wantStats() *RollStatistics {
	avg := 6.5
	return &RollStatistics{Botches: 1, Successes: 3, Failures: 2, Criticals: 1, TotalRolls: 8,
		AverageDifficulty: &avg, TopTraits: []TopTrait{{Name: "Firearms", UsageCount: 4, TraitID: "t1"}},
		CriticalsPercentage: 12.5, SuccessPercentage: 37.5, FailurePercentage: 25, BotchPercentage: 12.5}
}

func TestUsersGetStatistics(t *testing.T) {
	tests := []struct {
		name  string
		top   int
		query url.Values
	}{
		{"explicit count", 10, url.Values{"num_top_traits": {"10"}}},
		{"API default", 0, url.Values{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			mux.HandleFunc("GET /api/v1/companies/co1/users/u1/statistics", func(w http.ResponseWriter, r *http.Request) {
				assertQuery(t, r, tt.query)
				reply(w, 200, statsJSON)
			})
			got, err := c.Users(coID).GetStatistics(t.Context(), userID, tt.top)
			require.NoError(t, err)
			assert.Equal(t, wantStats(), got)
		})
	}
}

func TestUsersValidationMakesNoRequest(t *testing.T) {
	short, badEmail, badRole := "Jo", "nope", Role("GOD")
	tests := []struct {
		name  string
		call  func(s *UsersService) error
		field string
	}{
		{"create: short name", func(s *UsersService) error {
			_, err := s.Create(t.Context(), &UserCreate{Name: "Jo", Email: "a@b.c", Role: RolePlayer})
			return err
		}, "name"},
		{"create: bad email", func(s *UsersService) error {
			_, err := s.Create(t.Context(), &UserCreate{Name: "Joan", Email: "joan", Role: RolePlayer})
			return err
		}, "email"},
		{"create: bad role", func(s *UsersService) error {
			_, err := s.Create(t.Context(), &UserCreate{Name: "Joan", Email: "j@x.y", Role: "GOD"})
			return err
		}, "role"},
		{"create: no requester", func(s *UsersService) error {
			_, err := s.Create(t.Context(), &UserCreate{Name: "Joan", Email: "j@x.y", Role: RoleAdmin})
			return err
		}, "requesting_user_id"},
		{"create: nil", func(s *UsersService) error { _, err := s.Create(t.Context(), nil); return err }, "body"},
		{"update: short name", func(s *UsersService) error {
			_, err := s.Update(t.Context(), "u1", &UserUpdate{Name: &short})
			return err
		}, "name"},
		{"update: bad email", func(s *UsersService) error {
			_, err := s.Update(t.Context(), "u1", &UserUpdate{Email: &badEmail})
			return err
		}, "email"},
		{"update: bad role", func(s *UsersService) error {
			_, err := s.Update(t.Context(), "u1", &UserUpdate{Role: &badRole})
			return err
		}, "role"},
		{"update: no requester", func(s *UsersService) error {
			_, err := s.Update(t.Context(), "u1", &UserUpdate{})
			return err
		}, "requesting_user_id"},
		{"update: nil", func(s *UsersService) error { _, err := s.Update(t.Context(), "u1", nil); return err }, "body"},
		{"get: no user id", func(s *UsersService) error { _, err := s.Get(t.Context(), ""); return err }, "user_id"},
		{"delete: no requester", func(s *UsersService) error { return s.Delete(t.Context(), "u1") }, "requesting_user_id"},
		{"page: bad role", func(s *UsersService) error {
			_, err := s.GetPage(t.Context(), &UserListOptions{Role: "GOD"})
			return err
		}, "user_role"},
		{"statistics: negative count", func(s *UsersService) error {
			_, err := s.GetStatistics(t.Context(), "u1", -1)
			return err
		}, "num_top_traits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				t.Errorf("unexpected request %s %s", r.Method, r.URL)
			})
			err := tt.call(c.Users(coID))
			require.ErrorIs(t, err, ErrRequestValidation)
			var rv *RequestValidationError
			require.ErrorAs(t, err, &rv)
			assert.Equal(t, tt.field, rv.Field)
		})
	}
}

func TestUsersNeedACompany(t *testing.T) {
	c, _, _ := setup(t)
	_, err := c.Users("").Get(t.Context(), userID)
	var rv *RequestValidationError
	require.ErrorAs(t, err, &rv)
	assert.Equal(t, "company_id", rv.Field)
}
