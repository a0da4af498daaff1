package vclient

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLookup(t *testing.T) {
	var events []RequestEvent
	c, mux, _ := setupV2(t, WithObserver(func(ev RequestEvent) { events = append(events, ev) }))
	mux.HandleFunc("GET /api/v1/users/lookup", func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, url.Values{"discord_id": {"123456789012345678"}})
		assertActing(t, r, "")
		reply(w, 200, `[
			{"company_id":"co1","company_name":"By Night Chicago","user_id":"u1","role":"PLAYER"},
			{"company_id":"co2","company_name":"Guild 4242","user_id":"u9","role":"UNAPPROVED"}]`)
	})
	got, err := c.Lookup(t.Context(), "123456789012345678")
	require.NoError(t, err)
	assert.Equal(t, []User{
		{ID: "u1", CompanyID: "co1", CompanyName: "By Night Chicago", Role: RolePlayer},
		{ID: "u9", CompanyID: "co2", CompanyName: "Guild 4242", Role: RoleUnapproved},
	}, got)
	require.Len(t, events, 1)
	assert.Equal(t, "GET /users/lookup", events[0].Route)
}

func TestLookupFindsNobody(t *testing.T) {
	c, mux, _ := setupV2(t)
	mux.HandleFunc("GET /api/v1/users/lookup", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, `[]`) })
	got, err := c.Lookup(t.Context(), "1")
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestLookupErrors(t *testing.T) {
	c, mux, _ := setupV2(t)
	mux.HandleFunc("GET /api/v1/users/lookup", func(w http.ResponseWriter, r *http.Request) {
		problemReply(w, 401, `{"status":401,"title":"Unauthorized","detail":"Unauthorized API key","request_id":"req_abc"}`)
	})
	_, err := c.Lookup(t.Context(), "1")
	assert.ErrorIs(t, err, ErrAuthentication)
	_, err = c.Lookup(t.Context(), " ")
	assert.ErrorIs(t, err, ErrRequestValidation)
}
