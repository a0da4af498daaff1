package vclienttest

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIVersionDefaultsToV1AndParses(t *testing.T) {
	assert.Equal(t, V1, New().APIVersion())
	assert.Equal(t, V2, New(WithAPIVersion(V2)).APIVersion())
	v, err := ParseAPIVersion("v2")
	require.NoError(t, err)
	assert.Equal(t, V2, v)
	_, err = ParseAPIVersion("v3")
	assert.Error(t, err)
}

func TestV2ServesOnlyV2PathsAndV1OnlyV1Paths(t *testing.T) {
	v2, v1 := newTC2(t), newTC(t)
	sb2, sb1 := v2.sb, v1.sb
	t.Run("v1 paths are 404 in v2 without a request id", func(t *testing.T) {
		for _, p := range []string{
			v2.user(sb2.Alice, "/campaigns"),
			v2.user(sb2.Alice, "/dicerolls"),
			v2.user(sb2.Alice, "/campaigns/"+sb2.CampaignID+"/characters"),
		} {
			r := v2.as(sb2.Alice, "GET", p, nil)
			requireProblem(t, r, 404, "Not Found")
			assert.Empty(t, r.header.Get("X-Request-Id"))
		}
	})
	t.Run("v2 paths are 404 in v1", func(t *testing.T) {
		for _, p := range []string{v1.co("/campaigns"), v1.co("/characters"), v1.co("/dicerolls"), "/users/lookup?discord_id=0"} {
			requireProblem(t, v1.do("GET", p, nil), 404, "Not Found")
		}
	})
	t.Run("the v2 paths answer", func(t *testing.T) {
		assert.Len(t, items(t, v2.as(sb2.Alice, "GET", v2.co("/campaigns"), nil)), 1)
		assert.Len(t, items(t, v2.as(sb2.Alice, "GET", v2.co("/characters?campaign_id="+sb2.CampaignID), nil)), 2)
		assert.Len(t, items(t, v2.as(sb2.Alice, "GET", v2.co("/dicerolls"), nil)), 0)
		assert.Len(t, items(t, v2.as(sb2.Alice, "GET", v2.co("/characters/"+sb2.Mara+"/traits?limit=100"), nil)), 19)
	})
	t.Run("v1 keeps its ObjectIds and no request id", func(t *testing.T) {
		assert.Regexp(t, `^[0-9a-f]{24}$`, sb1.Alice)
		r := v1.do("GET", v1.user(sb1.Alice, ""), nil)
		assert.Empty(t, r.header.Get("X-Request-Id"))
	})
}

func TestV2SeedsTheSandboxWithUUIDv7IDs(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	for _, id := range []string{sb.CompanyID, sb.CampaignID, sb.Ada, sb.Sam, sb.Alice, sb.Bob, sb.Mara, sb.Dmitri,
		sb.Traits["Firearms"], sb.Quickrolls["Dexterity + Firearms"]} {
		assert.Regexp(t, uuid7Pattern, id)
	}
	u := c.do("GET", c.user(sb.Alice, ""), nil).json(t)
	assert.Equal(t, "alice", u["username"])
	assert.Equal(t, "Alice", u["name_first"])
	assert.Nil(t, u["name_last"])
	assert.Equal(t, "PLAYER", u["role"])
	assert.Equal(t, map[string]any{"id": "300", "username": "alice"}, u["discord_profile"])
	for _, k := range []string{"google_profile", "github_profile", "apple_profile", "avatar_url"} {
		assert.Contains(t, u, k)
		assert.Nil(t, u[k], k)
	}
	assert.EqualValues(t, 2, u["num_quickrolls"])
	assert.EqualValues(t, 1, u["num_characters"])
	assert.EqualValues(t, 0, u["lifetime_xp"])
	assert.NotContains(t, u, "name")
	assert.NotContains(t, u, "asset_ids")
	assert.NotContains(t, u, "quickrolls", "include keys are omitted unless asked for")
}

func TestV2EveryMatchedResponseCarriesARequestID(t *testing.T) {
	c := newTC2(t)
	seen := map[string]bool{}
	for _, r := range []*resp{
		c.do("GET", c.co(""), nil),
		c.do("GET", c.user(c.sb.Alice, ""), nil),
		c.do("GET", "/users/lookup?discord_id=300", nil),
		c.do("GET", c.co(""), nil, "X-API-KEY", "wrong"),
		c.do("GET", c.co("/dicerolls"), nil),
	} {
		id := r.header.Get("X-Request-Id")
		require.Regexp(t, requestIDPattern, id)
		assert.False(t, seen[id], "request ids are fresh")
		seen[id] = true
	}
	requireProblem2(t, c.do("GET", c.co(""), nil, "X-API-KEY", "wrong"), 401, "Unauthorized API key")
}

func TestV2UnknownCompanyIsForbidden(t *testing.T) {
	c := newTC2(t)
	for _, id := range []string{"not-a-uuid", "0190a000-0000-7000-8000-000000000000"} {
		requireProblem2(t, c.do("GET", "/companies/"+id, nil), 403, "No rights to access this resource")
		requireProblem2(t, c.do("GET", "/companies/"+id+"/campaigns", nil), 403, "No rights to access this resource")
	}
}

func TestV2OnBehalfOfClasses(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	unapproved := c.s.AddUser(sb.CompanyID, User{Name: "Una", Role: "UNAPPROVED"})
	deactivated := c.s.AddUser(sb.CompanyID, User{Name: "Dee", Role: "DEACTIVATED"})
	const unknown = "0190a000-0000-7000-8000-000000000000"
	userGet := c.user(sb.Alice, "")           // class O
	diceList := c.co("/dicerolls")            // class R400
	charGet := c.co("/characters/" + sb.Mara) // class R403
	campaigns := c.co("/campaigns")           // class N
	t.Run("absent", func(t *testing.T) {
		assert.Equal(t, 200, c.do("GET", userGet, nil).status)
		assert.Equal(t, 200, c.do("GET", campaigns, nil).status)
		m := requireProblem2(t, c.do("GET", diceList+"?limit=5", nil), 400,
			"Missing required header parameter 'On-Behalf-Of' for path /api/v1"+diceList+"?limit=5")
		assert.Equal(t, []any{map[string]any{"field": "body", "message": "One or more fields did not pass validation."}}, m["invalid_parameters"])
		requireProblem2(t, c.do("GET", charGet, nil), 403, "On-Behalf-Of header is required")
	})
	t.Run("empty", func(t *testing.T) {
		assert.Equal(t, 200, c.as("", "GET", userGet, nil).status)
		// An empty value in a header set explicitly to "" reaches the UUID check.
		req, _ := http.NewRequestWithContext(t.Context(), "GET", c.s.URL+"/api/v1"+diceList, nil)
		req.Header.Set("X-API-KEY", DefaultAPIKey)
		req.Header["On-Behalf-Of"] = []string{""}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, 400, res.StatusCode)
		requireProblem2(t, c.as("", "GET", charGet, nil), 403, "On-Behalf-Of header is required")
	})
	t.Run("malformed or unknown", func(t *testing.T) {
		for _, v := range []string{"alice", unknown} {
			for _, p := range []string{userGet, diceList, charGet} {
				requireProblem2(t, c.as(v, "GET", p, nil), 404, "User '"+v+"' not found")
			}
			assert.Equal(t, 200, c.as(v, "GET", campaigns, nil).status, "class N ignores the header")
		}
	})
	t.Run("unapproved and deactivated", func(t *testing.T) {
		for _, p := range []string{userGet, diceList, charGet} {
			requireProblem2(t, c.as(unapproved, "GET", p, nil), 403, "User has not been approved yet")
			requireProblem2(t, c.as(deactivated, "GET", p, nil), 403, "User account is deactivated")
		}
	})
	t.Run("the request log records the header", func(t *testing.T) {
		c.s.ResetRequests()
		c.as(sb.Bob, "GET", userGet, nil)
		c.do("GET", userGet, nil)
		reqs := c.s.Requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, sb.Bob, reqs[0].OnBehalfOf)
		assert.Equal(t, "", reqs[1].OnBehalfOf)
		assert.Equal(t, "GET /users/{user_id}", reqs[0].Route)
	})
}

func TestV2LookupByDiscordID(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	other := c.s.AddCompany(Company{Name: "Guild 4242"})
	twin := c.s.AddUser(other, User{Name: "Alice Two", Role: "UNAPPROVED", DiscordID: "300"})
	hidden := c.s.AddCompany(Company{Name: "Hidden"})
	c.s.AddUser(hidden, User{Name: "Ghost", DiscordID: "300"})
	c.s.SetCompanyAccess(hidden, false)

	r := c.do("GET", "/users/lookup?discord_id=300", nil)
	require.Equal(t, 200, r.status)
	assert.Regexp(t, requestIDPattern, r.header.Get("X-Request-Id"))
	var rows []map[string]any
	require.NoError(t, json.Unmarshal(r.raw, &rows))
	assert.ElementsMatch(t, []map[string]any{
		{"company_id": sb.CompanyID, "company_name": "Sandbox", "user_id": sb.Alice, "role": "PLAYER"},
		{"company_id": other, "company_name": "Guild 4242", "user_id": twin, "role": "UNAPPROVED"},
	}, rows)

	r = c.do("GET", "/users/lookup?discord_id=0", nil)
	assert.Equal(t, 200, r.status)
	assert.Equal(t, "[]", string(r.raw))

	requireProblem2(t, c.do("GET", "/users/lookup", nil), 400,
		"Exactly one lookup identifier is required: email, discord_id, google_id, github_id, or apple_id.")
	requireProblem2(t, c.do("GET", "/users/lookup?discord_id=1&email=a@b.c", nil), 400,
		"Exactly one lookup identifier is required: email, discord_id, google_id, github_id, or apple_id.")
	assert.Equal(t, 401, c.do("GET", "/users/lookup?discord_id=0", nil, "X-API-KEY", "").status)
	assert.Equal(t, 5, c.s.CountRequests("GET", "GET /users/lookup"), "lookup is logged under its own route")
}

func TestRequestLogCanBeBoundedToARing(t *testing.T) {
	c := newTC2(t, WithRequestLogLimit(3, 4))
	c.s.ResetRequests()
	for _, p := range []string{"/health", c.co(""), c.co("/campaigns"), c.user(c.sb.Alice, "")} {
		c.do("GET", p, nil)
	}
	c.as(c.sb.Alice, "POST", c.user(c.sb.Alice, "/notes"), map[string]string{"title": "Debts", "content": "Owes a boon."})
	reqs := c.s.Requests()
	require.Len(t, reqs, 3, "only the last 3 are kept")
	assert.Equal(t, "GET /campaigns", reqs[0].Route)
	assert.Equal(t, "GET /users/{user_id}", reqs[1].Route)
	assert.Equal(t, "POST /users/{user_id}/notes", reqs[2].Route)
	assert.Equal(t, `{"co`, string(reqs[2].Body), "bodies are capped")
	assert.Equal(t, 1, c.s.CountRequests("POST", ""))
	c.s.ResetRequests()
	assert.Empty(t, c.s.Requests())
}

func TestV2IdempotentReplayGetsAFreshRequestID(t *testing.T) {
	c := newTC2(t)
	body := map[string]any{"title": "Debts", "content": "Owes a boon."}
	first := c.do("POST", c.user(c.sb.Alice, "/notes"), body, "Idempotency-Key", "k1")
	again := c.do("POST", c.user(c.sb.Alice, "/notes"), body, "Idempotency-Key", "k1", "On-Behalf-Of", c.sb.Bob)
	require.Equal(t, 201, first.status)
	assert.Equal(t, string(first.raw), string(again.raw), "replayed byte for byte, whatever the On-Behalf-Of")
	assert.NotEqual(t, first.header.Get("X-Request-Id"), again.header.Get("X-Request-Id"))
	assert.Regexp(t, requestIDPattern, again.header.Get("X-Request-Id"))
}

func TestV2PagingLimitsAndBodySize(t *testing.T) {
	c := newTC2(t)
	m := requireProblem2(t, c.do("GET", c.co("/users?limit=101"), nil), 400, "Validation failed for one or more fields.")
	assert.Equal(t, []any{map[string]any{"field": "limit", "message": "Expected `int` <= 100"}}, m["invalid_parameters"])
	assert.Equal(t, 200, c.do("GET", c.co("/characterblueprint/traits?limit=1000"), nil).status, "reference endpoints allow 1000")
	big := make([]byte, 5<<20+1)
	r := c.do("POST", c.user(c.sb.Alice, "/notes"), string(big))
	require.Equal(t, 413, r.status)
	assert.Equal(t, "Content Too Large", r.json(t)["title"])
	assert.Regexp(t, requestIDPattern, r.json(t)["request_id"])
}

func TestV2CacheControl(t *testing.T) {
	c := newTC2(t)
	assert.Equal(t, "private, max-age=60", c.do("GET", c.user(c.sb.Alice, ""), nil).header.Get("Cache-Control"))
	assert.Equal(t, "private, max-age=60", c.do("GET", c.user("nobody", ""), nil).header.Get("Cache-Control"), "errors too")
	assert.Equal(t, "no-cache", c.as(c.sb.Alice, "GET", c.co("/dicerolls"), nil).header.Get("Cache-Control"))
	assert.Equal(t, "no-cache", c.do("GET", "/users/lookup?discord_id=0", nil).header.Get("Cache-Control"))
	assert.Equal(t, "no-cache", c.do("POST", c.user(c.sb.Alice, "/notes"), map[string]string{"title": "Debts", "content": "A boon."}).header.Get("Cache-Control"))
}
