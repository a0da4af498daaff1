package vclient

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const quickrollJSON = `{"id":"q1","date_created":"2026-02-22T18:00:00Z","date_modified":"2026-02-22T18:00:00Z",
	"name":"Strength + Brawl","description":null,"user_id":"u1","trait_ids":["t1","t2"]}`

var wantQuickroll = &Quickroll{ID: "q1", Name: "Strength + Brawl", UserID: "u1", TraitIDs: []string{"t1", "t2"},
	DateCreated: time.Date(2026, 2, 22, 18, 0, 0, 0, time.UTC), DateModified: time.Date(2026, 2, 22, 18, 0, 0, 0, time.UTC)}

func strp(s string) *string { return &s }

func TestUsersQuickrollsCRUD(t *testing.T) {
	c, mux, _ := setup(t)
	base := "/api/v1/companies/co1/users/u1/quickrolls"
	mux.HandleFunc("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"items":[`+quickrollJSON+`],"limit":10,"offset":0,"total":1}`)
	})
	mux.HandleFunc("GET "+base+"/q1", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, quickrollJSON) })
	mux.HandleFunc("DELETE "+base+"/q1", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	s := c.Users(coID)

	page, err := s.GetQuickrollsPage(t.Context(), userID, nil)
	require.NoError(t, err)
	assert.Equal(t, &Page[Quickroll]{Items: []Quickroll{*wantQuickroll}, Limit: 10, Total: 1}, page)
	got, err := s.GetQuickroll(t.Context(), userID, "q1")
	require.NoError(t, err)
	assert.Equal(t, wantQuickroll, got)
	all, err := s.ListAllQuickrolls(t.Context(), userID)
	require.NoError(t, err)
	assert.Equal(t, []Quickroll{*wantQuickroll}, all)
	require.NoError(t, s.DeleteQuickroll(t.Context(), userID, "q1"))
}

func TestUsersCreateQuickroll(t *testing.T) {
	tests := []struct {
		name string
		req  *QuickrollCreate
		body string
	}{
		{"full", &QuickrollCreate{Name: "Strength + Brawl", Description: strp("Melee combat attack"), TraitIDs: []string{"t1", "t2"}},
			`{"name":"Strength + Brawl","description":"Melee combat attack","trait_ids":["t1","t2"]}`},
		{"no traits sends an empty list", &QuickrollCreate{Name: "Nothing"}, `{"name":"Nothing","trait_ids":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			mux.HandleFunc("POST /api/v1/companies/co1/users/u1/quickrolls", func(w http.ResponseWriter, r *http.Request) {
				assertJSONBody(t, r, tt.body)
				reply(w, 201, quickrollJSON)
			})
			got, err := c.Users(coID).CreateQuickroll(t.Context(), userID, tt.req)
			require.NoError(t, err)
			assert.Equal(t, wantQuickroll, got)
		})
	}
}

func TestUsersUpdateQuickroll(t *testing.T) {
	tests := []struct {
		name string
		req  *QuickrollUpdate
		body string
	}{
		{"name only", &QuickrollUpdate{Name: strp("Dex + Firearms")}, `{"name":"Dex + Firearms"}`},
		{"clear traits", &QuickrollUpdate{TraitIDs: []string{}}, `{"trait_ids":[]}`},
		{"description and traits", &QuickrollUpdate{Description: strp("Shoot"), TraitIDs: []string{"t3"}},
			`{"description":"Shoot","trait_ids":["t3"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			mux.HandleFunc("PATCH /api/v1/companies/co1/users/u1/quickrolls/q1", func(w http.ResponseWriter, r *http.Request) {
				assertJSONBody(t, r, tt.body)
				reply(w, 200, quickrollJSON)
			})
			got, err := c.Users(coID).UpdateQuickroll(t.Context(), userID, "q1", tt.req)
			require.NoError(t, err)
			assert.Equal(t, wantQuickroll, got)
		})
	}
}

func TestQuickrollValidation(t *testing.T) {
	tests := []struct {
		name, field string
		err         error
	}{
		{"create: short name", "name", (&QuickrollCreate{Name: "ab"}).Validate()},
		{"create: short description", "description", (&QuickrollCreate{Name: "abc", Description: strp("x")}).Validate()},
		{"create: empty trait id", "trait_ids", (&QuickrollCreate{Name: "abc", TraitIDs: []string{""}}).Validate()},
		{"create: nil", "body", (*QuickrollCreate)(nil).Validate()},
		{"update: long name", "name", (&QuickrollUpdate{Name: strp("0123456789012345678901234567890123456789012345678901")}).Validate()},
		{"update: short description", "description", (&QuickrollUpdate{Description: strp("")}).Validate()},
		{"update: nil", "body", (*QuickrollUpdate)(nil).Validate()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rv *RequestValidationError
			require.ErrorAs(t, tt.err, &rv)
			assert.Equal(t, tt.field, rv.Field)
		})
	}
}

func TestUsersQuickrollsValidateBeforeSending(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { t.Errorf("unexpected request %s", r.URL) })
	s := c.Users(coID)
	_, err := s.CreateQuickroll(t.Context(), userID, &QuickrollCreate{Name: "ab"})
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = s.UpdateQuickroll(t.Context(), userID, "", &QuickrollUpdate{})
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = s.GetQuickroll(t.Context(), userID, "")
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = s.GetQuickrollsPage(t.Context(), "", nil)
	assert.ErrorIs(t, err, ErrRequestValidation)
	assert.ErrorIs(t, s.DeleteQuickroll(t.Context(), "", "q1"), ErrRequestValidation)
}
