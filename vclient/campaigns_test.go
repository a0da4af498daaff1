package vclient

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const campaignJSON = `{"id":"camp1","date_created":"2026-02-22T18:00:00Z","date_modified":"2026-02-22T18:00:00Z",
	"name":"By Night","description":null,"asset_ids":[],"desperation":2,"danger":1,"company_id":"co1"}`

func TestCampaigns(t *testing.T) {
	c, mux, _ := setup(t)
	base := "/api/v1/companies/co1/users/u1/campaigns"
	mux.HandleFunc("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"items":[`+campaignJSON+`],"limit":100,"offset":0,"total":1}`)
	})
	mux.HandleFunc("GET "+base+"/camp1", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, campaignJSON) })
	mux.HandleFunc("GET "+base+"/camp1/statistics", func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, url.Values{"num_top_traits": {"3"}})
		reply(w, 200, statsJSON)
	})
	s := c.OnBehalfOf(userID).Campaigns(coID)
	want := Campaign{ID: "camp1", Name: "By Night", AssetIDs: []string{}, Desperation: 2, Danger: 1, CompanyID: "co1",
		DateCreated: wantNote.DateCreated, DateModified: wantNote.DateModified}

	all, err := s.ListAll(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []Campaign{want}, all)
	page, err := s.GetPage(t.Context(), &ListOptions{Limit: 100})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total)
	got, err := s.Get(t.Context(), "camp1")
	require.NoError(t, err)
	assert.Equal(t, &want, got)
	st, err := s.GetStatistics(t.Context(), "camp1", 3)
	require.NoError(t, err)
	assert.Equal(t, wantStats(), st)
}

func TestCampaignsNeedIDs(t *testing.T) {
	c, _, _ := setup(t)
	_, err := c.OnBehalfOf("").Campaigns(coID).GetPage(t.Context(), nil)
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = c.OnBehalfOf(userID).Campaigns(coID).Get(t.Context(), "")
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = c.OnBehalfOf(userID).Campaigns(coID).GetStatistics(t.Context(), "", 0)
	assert.ErrorIs(t, err, ErrRequestValidation)
}
