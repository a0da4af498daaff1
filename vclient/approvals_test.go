package vclient

import (
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestApprovalQueue(t *testing.T) {
	c, mux, _ := setupV2(t)
	base := "/api/v1/companies/co1/users"
	mux.HandleFunc("GET "+base+"/unapproved", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "admin1")
		assertQuery(t, r, url.Values{"limit": {"100"}})
		reply(w, 200, `{"items":[`+userV2JSON+`],"limit":100,"offset":0,"total":1}`)
	})
	mux.HandleFunc("POST "+base+"/u1/approve", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "admin1")
		assertJSONBody(t, r, `{"role":"STORYTELLER"}`)
		reply(w, 201, userV2JSON)
	})
	mux.HandleFunc("POST "+base+"/u1/deny", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "admin1")
		body, _ := io.ReadAll(r.Body)
		assert.Empty(t, body)
		reply(w, 201, `null`)
	})
	mux.HandleFunc("POST "+base+"/merge", func(w http.ResponseWriter, r *http.Request) {
		assertJSONBody(t, r, `{"primary_user_id":"u1","secondary_user_id":"u2"}`)
		reply(w, 201, userV2JSON)
	})
	users := c.OnBehalfOf("admin1").Users(coID)

	pending, err := users.ListAllUnapproved(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []User{*wantUserV2()}, pending)

	approved, err := users.Approve(t.Context(), userID, RoleStoryteller)
	require.NoError(t, err)
	assert.Equal(t, wantUserV2(), approved)

	require.NoError(t, users.Deny(t.Context(), userID))

	merged, err := users.Merge(t.Context(), &UserMerge{PrimaryUserID: "u1", SecondaryUserID: "u2"})
	require.NoError(t, err)
	assert.Equal(t, wantUserV2(), merged)
}

func TestApprovalQueueValidation(t *testing.T) {
	c, _, _ := setupV2(t)
	users := c.OnBehalfOf("admin1").Users(coID)
	tests := []struct {
		name  string
		call  func() error
		field string
	}{
		{"approve as unapproved", func() error { _, err := users.Approve(t.Context(), "u1", RoleUnapproved); return err }, "role"},
		{"approve nobody", func() error { _, err := users.Approve(t.Context(), "", RolePlayer); return err }, "user_id"},
		{"deny nobody", func() error { return users.Deny(t.Context(), "") }, "user_id"},
		{"merge nil", func() error { _, err := users.Merge(t.Context(), nil); return err }, "body"},
		{"merge without secondary", func() error {
			_, err := users.Merge(t.Context(), &UserMerge{PrimaryUserID: "u1"})
			return err
		}, "secondary_user_id"},
		{"merge with itself", func() error {
			_, err := users.Merge(t.Context(), &UserMerge{PrimaryUserID: "u1", SecondaryUserID: "u1"})
			return err
		}, "secondary_user_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rv *RequestValidationError
			require.ErrorAs(t, tt.call(), &rv)
			assert.Equal(t, tt.field, rv.Field)
		})
	}
}
