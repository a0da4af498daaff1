package vclienttest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAuthAndCompanyGuard(t *testing.T) {
	c := newTC(t)
	tests := []struct {
		name, path, key string
		status          int
		detail          string
	}{
		{"a missing key is refused", "/health", "", 401, "API key not provided"},
		{"a wrong key is refused", "/health", "nope", 401, "Unauthorized API key"},
		{"an unknown company is not found", "/companies/66c0ffee00000000000fffff/users", DefaultAPIKey, 404,
			"Company '66c0ffee00000000000fffff' not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do("GET", tt.path, nil, "X-API-KEY", tt.key)
			requireProblem(t, r, tt.status, tt.detail)
		})
	}
	t.Run("health answers with the key", func(t *testing.T) {
		assert.Equal(t, 200, c.do("GET", "/health", nil).status)
	})
	t.Run("instance is the full URL with the query", func(t *testing.T) {
		r := c.do("GET", c.co("/users?limit=500"), nil)
		m := requireProblem(t, r, 400, "Validation failed for one or more fields.")
		assert.Equal(t, c.s.URL+"/api/v1"+c.co("/users?limit=500"), m["instance"])
		assert.Equal(t, []any{map[string]any{"field": "limit", "message": "Input should be less than or equal to 100"}}, m["invalid_parameters"])
	})
}

func TestUserList(t *testing.T) {
	c := newTC(t)
	t.Run("pages carry the envelope and the real total", func(t *testing.T) {
		m := c.do("GET", c.co("/users?limit=2&offset=1"), nil).json(t)
		assert.EqualValues(t, 2, m["limit"])
		assert.EqualValues(t, 1, m["offset"])
		assert.EqualValues(t, 4, m["total"])
		items := m["items"].([]any)
		require.Len(t, items, 2)
		assert.Equal(t, "Sam", items[0].(map[string]any)["name"])
	})
	t.Run("user_role filters", func(t *testing.T) {
		m := c.do("GET", c.co("/users?user_role=PLAYER&limit=100"), nil).json(t)
		assert.EqualValues(t, 2, m["total"])
	})
	t.Run("a bad role is a validation error", func(t *testing.T) {
		requireProblem(t, c.do("GET", c.co("/users?user_role=GOD"), nil), 400, "Validation failed for one or more fields.")
	})
	t.Run("limit 0 gives no items but the total", func(t *testing.T) {
		r := c.do("GET", c.co("/users?limit=0"), nil)
		assert.JSONEq(t, `{"items":[],"limit":0,"offset":0,"total":4}`, string(r.raw))
	})
}

func TestUserWireShape(t *testing.T) {
	c := newTC(t)
	r := c.do("GET", c.user(c.sb.Alice, ""), nil)
	require.Equal(t, 200, r.status)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
	m := r.json(t)
	assert.Equal(t, c.sb.Alice, m["id"])
	assert.Equal(t, "alice@example.com", m["email"])
	assert.Equal(t, "PLAYER", m["role"])
	assert.Equal(t, c.sb.CompanyID, m["company_id"])
	assert.Equal(t, map[string]any{"id": "300", "username": "alice", "global_name": nil, "avatar_id": nil,
		"avatar_url": nil, "discriminator": nil, "email": nil, "verified": nil}, m["discord_profile"])
	assert.Equal(t, []any{}, m["campaign_experience"])
	assert.Equal(t, []any{}, m["asset_ids"])
	assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`, m["date_created"])
	assert.Regexp(t, `^[0-9a-f]{24}$`, m["id"])

	t.Run("a user of another company is not found", func(t *testing.T) {
		other := c.s.AddCompany(Company{Name: "Other"})
		stranger := c.s.AddUser(other, User{Name: "Stranger"})
		requireProblem(t, c.do("GET", c.user(stranger, ""), nil), 404, "User not found")
	})
}

func TestUserCreate(t *testing.T) {
	c := newTC(t)
	body := func(requester, email string) map[string]any {
		return map[string]any{"name": "Zoe", "email": email, "role": "PLAYER", "requesting_user_id": requester}
	}
	t.Run("an admin creates a user", func(t *testing.T) {
		r := c.do("POST", c.co("/users"), body(c.sb.Ada, "zoe@example.com"))
		require.Equal(t, http.StatusCreated, r.status, string(r.raw))
		m := r.json(t)
		assert.Equal(t, "Zoe", m["name"])
		assert.Nil(t, m["discord_profile"].(map[string]any)["id"])
		assert.EqualValues(t, 5, c.do("GET", c.co("/users"), nil).json(t)["total"])
	})
	t.Run("a storyteller may not", func(t *testing.T) {
		requireProblem(t, c.do("POST", c.co("/users"), body(c.sb.Sam, "z2@example.com")), 403,
			"Requesting user is not authorized to manage this user")
	})
	t.Run("an unknown requester is a 400", func(t *testing.T) {
		requireProblem(t, c.do("POST", c.co("/users"), body("66c0ffee0000000000000bad", "z3@example.com")), 400,
			"User 66c0ffee0000000000000bad not found")
	})
	t.Run("a bad email is a field error", func(t *testing.T) {
		m := requireProblem(t, c.do("POST", c.co("/users"), body(c.sb.Ada, "zoe.example.com")), 400, validationFailed)
		assert.Equal(t, []any{map[string]any{"field": "email",
			"message": "value is not a valid email address: An email address must have an @-sign."}}, m["invalid_parameters"])
	})
}

func TestUserPatchAndDelete(t *testing.T) {
	c := newTC(t)
	t.Run("discord_profile merges key by key and null clears", func(t *testing.T) {
		r := c.do("PATCH", c.user(c.sb.Alice, ""), `{"requesting_user_id":"`+c.sb.Alice+
			`","discord_profile":{"global_name":"Alice G","username":null}}`)
		require.Equal(t, 200, r.status, string(r.raw))
		dp := r.json(t)["discord_profile"].(map[string]any)
		assert.Equal(t, "300", dp["id"])
		assert.Equal(t, "Alice G", dp["global_name"])
		assert.Nil(t, dp["username"])
	})
	t.Run("a player may promote themselves (the API trusts requesting_user_id)", func(t *testing.T) {
		r := c.do("PATCH", c.user(c.sb.Bob, ""), map[string]any{"requesting_user_id": c.sb.Bob, "role": "ADMIN"})
		require.Equal(t, 200, r.status)
		assert.Equal(t, "ADMIN", r.json(t)["role"])
	})
	t.Run("a player may not change another user", func(t *testing.T) {
		r := c.do("PATCH", c.user(c.sb.Sam, ""), map[string]any{"requesting_user_id": c.sb.Alice, "name": "Samuel"})
		requireProblem(t, r, 403, "Requesting user is not authorized to manage this user")
	})
	t.Run("delete needs requesting_user_id", func(t *testing.T) {
		requireProblem(t, c.do("DELETE", c.user(c.sb.Alice, ""), nil), 400, validationFailed)
	})
	t.Run("delete archives the user, their quickrolls and characters", func(t *testing.T) {
		r := c.do("DELETE", c.user(c.sb.Alice, "?requesting_user_id="+c.sb.Ada), nil)
		require.Equal(t, 204, r.status)
		assert.Empty(t, r.raw)
		requireProblem(t, c.do("GET", c.user(c.sb.Alice, ""), nil), 404, "User not found")
		assert.Empty(t, c.s.Quickrolls(c.sb.Alice))
		m := c.do("GET", c.user(c.sb.Sam, "/campaigns/"+c.sb.CampaignID+"/characters"), nil).json(t)
		assert.EqualValues(t, 1, m["total"])
		co := c.do("GET", "/companies/"+c.sb.CompanyID, nil).json(t)
		assert.NotContains(t, co["user_ids"], c.sb.Alice)
	})
	t.Run("a non-ObjectId path id fails validation", func(t *testing.T) {
		r := c.do("GET", c.user("alice", ""), nil)
		assert.Equal(t, 400, r.status)
		assert.True(t, strings.Contains(string(r.raw), `"field":"user_id"`))
	})
}
