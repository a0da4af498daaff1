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

func TestCampaignsV2AreCompanyLevel(t *testing.T) {
	var routes []string
	c, mux, _ := setupV2(t, WithObserver(func(ev RequestEvent) { routes = append(routes, ev.Route) }))
	base := "/api/v1/companies/co1/campaigns"
	camp := `{"id":"camp1","name":"Chicago","description":null,"in_game_date":"1999-10-31","desperation":2,"danger":1,
		"company_id":"co1","num_player_characters":3,"date_created":"2026-07-15T14:14:46.207311Z"}`
	want := &Campaign{ID: "camp1", Name: "Chicago", InGameDate: "1999-10-31", Desperation: 2, Danger: 1,
		CompanyID: "co1", NumPlayerCharacters: 3, DateCreated: mustTime("2026-07-15T14:14:46.207311Z")}
	mux.HandleFunc("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "")
		reply(w, 200, `{"items":[`+camp+`],"limit":100,"offset":0,"total":1}`)
	})
	mux.HandleFunc("GET "+base+"/camp1", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, camp) })
	mux.HandleFunc("GET "+base+"/camp1/statistics", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, statsJSON) })
	mux.HandleFunc("PATCH "+base+"/camp1", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "st1")
		assertJSONBody(t, r, `{"description":null,"desperation":3,"danger":0}`)
		reply(w, 200, camp)
	})
	root := c.Campaigns(coID) // campaign reads need no acting user in v2
	all, err := root.ListAll(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []Campaign{*want}, all)
	got, err := root.Get(t.Context(), "camp1")
	require.NoError(t, err)
	assert.Equal(t, want, got)
	st, err := root.GetStatistics(t.Context(), "camp1", 0)
	require.NoError(t, err)
	assert.Equal(t, wantStats(), st)

	desp, danger := 3, 0
	got, err = c.OnBehalfOf("st1").Campaigns(coID).Update(t.Context(), "camp1",
		&CampaignUpdate{Description: Null[string](), Desperation: &desp, Danger: &danger})
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, []string{"GET /campaigns", "GET /campaigns/{campaign_id}", "GET /campaigns/{campaign_id}/statistics",
		"PATCH /campaigns/{campaign_id}"}, routes)
}

func TestCampaignUpdateValidation(t *testing.T) {
	c, _, _ := setupV2(t)
	s := c.OnBehalfOf("st1").Campaigns(coID)
	six, short := 6, "ab"
	tests := []struct {
		name  string
		req   *CampaignUpdate
		field string
	}{
		{"nil", nil, "body"},
		{"empty", &CampaignUpdate{}, "body"},
		{"short name", &CampaignUpdate{Name: &short}, "name"},
		{"short description", &CampaignUpdate{Description: Value("ab")}, "description"},
		{"bad date", &CampaignUpdate{InGameDate: Value("Halloween")}, "in_game_date"},
		{"danger too high", &CampaignUpdate{Danger: &six}, "danger"},
		{"desperation too high", &CampaignUpdate{Desperation: &six}, "desperation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Update(t.Context(), "camp1", tt.req)
			var rv *RequestValidationError
			require.ErrorAs(t, err, &rv)
			assert.Equal(t, tt.field, rv.Field)
		})
	}
	ok := &CampaignUpdate{InGameDate: Value("1999-10-31")}
	assert.NoError(t, ok.Validate())
}
