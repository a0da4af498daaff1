package vclient

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pngBytes starts like a PNG file, which is all the client sniffs.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")

func TestUsersGetV2WithInclude(t *testing.T) {
	tests := []struct {
		name    string
		include []UserInclude
		query   url.Values
	}{
		{"plain", nil, url.Values{}},
		{"repeated include", []UserInclude{IncludeQuickrolls, IncludeCharacters, IncludeNotes, IncludeAssets},
			url.Values{"include": {"quickrolls", "characters", "notes", "assets"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setupV2(t)
			mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
				assertQuery(t, r, tt.query)
				assertActing(t, r, "u1")
				reply(w, 200, strings.TrimSuffix(userV2JSON, "}")+`,"quickrolls":[{"id":"q1","name":"Shoot"}]}`)
			})
			got, err := c.OnBehalfOf(userID).Users(coID).Get(t.Context(), userID, tt.include...)
			require.NoError(t, err)
			want := wantUserV2()
			want.Quickrolls = []Quickroll{{ID: "q1", Name: "Shoot"}}
			assert.Equal(t, want, got)
		})
	}
}

func TestUsersGetIgnoresIncludeInV1(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, nil)
		reply(w, 200, userJSON)
	})
	got, err := c.Users(coID).Get(t.Context(), userID, IncludeQuickrolls)
	require.NoError(t, err)
	assert.Equal(t, wantUser, got)
}

func TestUsersGetRefusesAnUnknownInclude(t *testing.T) {
	c, _, _ := setupV2(t)
	_, err := c.Users(coID).Get(t.Context(), userID, "friends")
	var rv *RequestValidationError
	require.ErrorAs(t, err, &rv)
	assert.Equal(t, "include", rv.Field)
}

func TestUsersWritesV2(t *testing.T) {
	name, email, role := "janet", "j@x.y", RoleStoryteller
	tests := []struct {
		name, method, path, body string
		call                     func(s *UsersService) error
	}{
		{"create", "POST", "/users", `{"username":"johnny","email":"j@x.y","role":"PLAYER","name_first":"John"}`,
			func(s *UsersService) error {
				_, err := s.Create(t.Context(), &UserCreate{Username: "johnny", NameFirst: "John", Email: "j@x.y", Role: RolePlayer})
				return err
			}},
		{"create from Name", "POST", "/users", `{"username":"John Doe","email":"j@x.y","role":"PLAYER"}`,
			func(s *UsersService) error {
				_, err := s.Create(t.Context(), &UserCreate{Name: "John Doe", Email: "j@x.y", Role: RolePlayer})
				return err
			}},
		{"update", "PATCH", "/users/u1", `{"username":"janet","name_last":null,"email":"j@x.y","role":"STORYTELLER"}`,
			func(s *UsersService) error {
				_, err := s.Update(t.Context(), userID, &UserUpdate{Username: &name, NameLast: Null[string](),
					Email: &email, Role: &role})
				return err
			}},
		{"update names", "PATCH", "/users/u1", `{"name_first":"Jan","name_last":"Doe"}`,
			func(s *UsersService) error {
				_, err := s.Update(t.Context(), userID, &UserUpdate{NameFirst: Value("Jan"), NameLast: Value("Doe")})
				return err
			}},
		{"add XP", "POST", "/users/u1/experience/xp/add", `{"amount":5,"campaign_id":"camp1"}`,
			func(s *UsersService) error { _, err := s.AddXP(t.Context(), userID, "camp1", 5); return err }},
		{"remove XP", "POST", "/users/u1/experience/xp/remove", `{"amount":5,"campaign_id":"camp1"}`,
			func(s *UsersService) error { _, err := s.RemoveXP(t.Context(), userID, "camp1", 5); return err }},
		{"add cool points", "POST", "/users/u1/experience/cp/add", `{"amount":1,"campaign_id":"camp1"}`,
			func(s *UsersService) error { _, err := s.AddCoolPoints(t.Context(), userID, "camp1", 1); return err }},
		{"create quickroll", "POST", "/users/u1/quickrolls", `{"name":"Shoot","trait_ids":["t1"]}`,
			func(s *UsersService) error {
				_, err := s.CreateQuickroll(t.Context(), userID, &QuickrollCreate{Name: "Shoot", TraitIDs: []string{"t1"}})
				return err
			}},
		{"update quickroll", "PATCH", "/users/u1/quickrolls/q1", `{"name":"Aim"}`,
			func(s *UsersService) error {
				n := "Aim"
				_, err := s.UpdateQuickroll(t.Context(), userID, "q1", &QuickrollUpdate{Name: &n})
				return err
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var events []RequestEvent
			c, mux, _ := setupV2(t, WithObserver(func(ev RequestEvent) { events = append(events, ev) }))
			mux.HandleFunc(tt.method+" /api/v1/companies/co1"+tt.path, func(w http.ResponseWriter, r *http.Request) {
				assertJSONBody(t, r, tt.body)
				assertActing(t, r, "admin1")
				assert.NotEmpty(t, r.Header.Get("Idempotency-Key"))
				reply(w, 201, `{}`)
			})
			require.NoError(t, tt.call(c.OnBehalfOf("admin1").Users(coID)))
			require.Len(t, events, 1)
		})
	}
}

func TestUsersDeleteV2SendsTheHeaderNotAQuery(t *testing.T) {
	c, mux, _ := setupV2(t)
	mux.HandleFunc("DELETE /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, nil)
		assertActing(t, r, "admin1")
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("DELETE /api/v1/companies/co1/users/u1/quickrolls/q1", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "admin1")
		w.WriteHeader(http.StatusNoContent)
	})
	users := c.OnBehalfOf("admin1").Users(coID)
	require.NoError(t, users.Delete(t.Context(), userID))
	require.NoError(t, users.DeleteQuickroll(t.Context(), userID, "q1"))
}

func TestUsersV2RefusesToWriteTheDiscordProfile(t *testing.T) {
	c, mux, _ := setupV2(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { t.Errorf("unexpected request %s", r.URL) })
	users := c.OnBehalfOf("admin1").Users(coID)
	_, err := users.Update(t.Context(), userID, &UserUpdate{DiscordProfile: UnlinkDiscord()})
	var rv *RequestValidationError
	require.ErrorAs(t, err, &rv)
	assert.Equal(t, "discord_profile", rv.Field)

	_, err = users.Create(t.Context(), &UserCreate{Username: "johnny", Email: "j@x.y", Role: RolePlayer,
		DiscordProfile: &DiscordProfile{ID: "42"}})
	require.ErrorAs(t, err, &rv)
	assert.Equal(t, "discord_profile", rv.Field)
}

func TestUsersUpdateValidatesV2Names(t *testing.T) {
	c, _, _ := setupV2(t)
	users := c.OnBehalfOf("admin1").Users(coID)
	for field, req := range map[string]*UserUpdate{
		"name_first": {NameFirst: Value("J")},
		"name_last":  {NameLast: Value("D")},
		"username":   {Username: new("ab")},
	} {
		_, err := users.Update(t.Context(), userID, req)
		var rv *RequestValidationError
		require.ErrorAs(t, err, &rv, field)
		assert.Equal(t, field, rv.Field)
	}
	_, err := users.Create(t.Context(), &UserCreate{Username: "johnny", Email: "j@x.y", Role: RoleDeactivated})
	assert.ErrorIs(t, err, ErrRequestValidation)
}

func TestUsersListV2Roles(t *testing.T) {
	c, mux, _ := setupV2(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users", func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, url.Values{"user_role": {"UNAPPROVED"}, "limit": {"100"}})
		reply(w, 200, `{"items":[],"limit":100,"offset":0,"total":0}`)
	})
	got, err := c.Users(coID).ListAll(t.Context(), RoleUnapproved)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestAvatar(t *testing.T) {
	c, mux, _ := setupV2(t)
	mux.HandleFunc("PUT /api/v1/companies/co1/users/u1/avatar", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "u1")
		mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		require.NoError(t, err)
		assert.Equal(t, "multipart/form-data", mt)
		part, err := multipart.NewReader(r.Body, params["boundary"]).NextPart()
		require.NoError(t, err)
		assert.Equal(t, "me.png", part.FileName())
		got, _ := io.ReadAll(part)
		assert.Equal(t, pngBytes, got)
		reply(w, 200, userV2JSON)
	})
	mux.HandleFunc("DELETE /api/v1/companies/co1/users/u1/avatar", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "u1")
		reply(w, 200, userV2JSON)
	})
	users := c.OnBehalfOf(userID).Users(coID)
	u, err := users.UploadAvatar(t.Context(), userID, &AssetUpload{Filename: "me.png", Content: pngBytes})
	require.NoError(t, err)
	assert.Equal(t, "https://cdn.example/a.webp", u.AvatarURL)
	u, err = users.DeleteAvatar(t.Context(), userID)
	require.NoError(t, err)
	assert.Equal(t, wantUserV2(), u)
}

func TestAvatarMustBeASmallImage(t *testing.T) {
	c, _, _ := setupV2(t)
	users := c.OnBehalfOf(userID).Users(coID)
	for name, content := range map[string][]byte{
		"not an image": []byte("%PDF-1.7 hello"),
		"too large":    append(append([]byte{}, pngBytes...), make([]byte, 5<<20)...),
	} {
		_, err := users.UploadAvatar(t.Context(), userID, &AssetUpload{Filename: "x.png", Content: content})
		var rv *RequestValidationError
		require.ErrorAs(t, err, &rv, name)
		assert.Equal(t, "upload", rv.Field)
	}
}
