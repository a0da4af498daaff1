package vclient

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const characterJSON = `{"id":"ch1","date_created":"2026-02-22T18:00:00Z","date_modified":"2026-02-22T18:00:00Z",
	"date_killed":null,"character_class":"VAMPIRE","type":"PLAYER","game_version":"V5","status":"ALIVE",
	"starting_points":0,"name_first":"Mara","name_last":"Voss","name_nick":null,"name":"Mara Voss",
	"name_full":"Mara Voss","age":null,"biography":null,"demeanor":null,"nature":null,"concept_id":null,
	"specialties":[],"user_creator_id":"u1","user_player_id":"u1","company_id":"co1","campaign_id":"camp1",
	"character_trait_ids":["ct1"],"asset_ids":[],
	"vampire_attributes":{"clan_id":null,"clan_name":null,"generation":null,"sire":null,"bane":null,"compulsion":null},
	"werewolf_attributes":{"pack_name":null,"gift_ids":[],"rite_ids":[],"total_renown":0},
	"mage_attributes":null,"hunter_attributes":null}`

var wantCharacter = Character{ID: "ch1", Name: "Mara Voss", NameFull: "Mara Voss", NameFirst: "Mara", NameLast: "Voss",
	CharacterClass: "VAMPIRE", Type: "PLAYER", GameVersion: "V5", Status: "ALIVE", UserCreatorID: "u1",
	UserPlayerID: "u1", CompanyID: "co1", CampaignID: "camp1", CharacterTraitIDs: []string{"ct1"}, AssetIDs: []string{},
	DateCreated: wantNote.DateCreated, DateModified: wantNote.DateModified}

func TestCharacters(t *testing.T) {
	c, mux, _ := setup(t)
	base := "/api/v1/companies/co1/users/u1/campaigns/camp1/characters"
	mux.HandleFunc("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, url.Values{"limit": {"100"}, "user_player_id": {"u1"}})
		reply(w, 200, `{"items":[`+characterJSON+`],"limit":100,"offset":0,"total":1}`)
	})
	mux.HandleFunc("GET "+base+"/ch1", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, characterJSON) })
	mux.HandleFunc("GET "+base+"/ch1/statistics", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, statsJSON) })
	s := c.OnBehalfOf(userID).Characters(coID, "camp1")

	all, err := s.ListAll(t.Context(), "u1")
	require.NoError(t, err)
	assert.Equal(t, []Character{wantCharacter}, all)
	got, err := s.Get(t.Context(), "ch1")
	require.NoError(t, err)
	assert.Equal(t, &wantCharacter, got)
	st, err := s.GetStatistics(t.Context(), "ch1", 0)
	require.NoError(t, err)
	assert.Equal(t, wantStats(), st)
}

func TestCharactersPageWithoutFilter(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1/campaigns/camp1/characters", func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, nil)
		reply(w, 200, `{"items":[],"limit":10,"offset":0,"total":0}`)
	})
	page, err := c.OnBehalfOf(userID).Characters(coID, "camp1").GetPage(t.Context(), nil)
	require.NoError(t, err)
	assert.Empty(t, page.Items)
	_, err = c.OnBehalfOf(userID).Characters(coID, "").GetPage(t.Context(), nil)
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = c.OnBehalfOf(userID).Characters(coID, "camp1").Get(t.Context(), "")
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = c.OnBehalfOf(userID).Characters(coID, "camp1").GetStatistics(t.Context(), "", 1)
	assert.ErrorIs(t, err, ErrRequestValidation)
}

func TestCharactersV2(t *testing.T) {
	var routes []string
	c, mux, _ := setupV2(t, WithObserver(func(ev RequestEvent) { routes = append(routes, ev.Route) }))
	base := "/api/v1/companies/co1/characters"
	mux.HandleFunc("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "u1")
		want := url.Values{"limit": {"100"}, "user_player_id": {"u1"}}
		if r.URL.Query().Has("campaign_id") {
			want.Set("campaign_id", "camp1")
		}
		assertQuery(t, r, want)
		reply(w, 200, `{"items":[`+characterJSON+`],"limit":100,"offset":0,"total":1}`)
	})
	mux.HandleFunc("GET "+base+"/ch1", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "u1")
		if r.URL.Query().Get("include") == "traits" {
			reply(w, 200, strings.TrimSuffix(characterJSON, "}")+`,"traits":[`+characterTraitJSON+`]}`)
			return
		}
		assertQuery(t, r, nil)
		reply(w, 200, characterJSON)
	})
	mux.HandleFunc("GET "+base+"/ch1/statistics", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, statsJSON) })
	mux.HandleFunc("GET "+base+"/ch1/full-sheet", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "u1")
		reply(w, 200, `{"sections":[{"id":"s1","name":"Abilities","order":2,"show_when_empty":true,
			"categories":[{"id":"c1","name":"Skills","initial_cost":1,"upgrade_cost":2,"order":1,
				"subcategories":[],"character_traits":[{"id":"ct1","value":3,"character_id":"ch1","trait":{"id":"t1","name":"Firearms"}}],
				"available_traits":[]}]}],"character":`+characterJSON+`}`)
	})
	me := c.OnBehalfOf(userID)

	inCampaign, err := me.Characters(coID, "camp1").ListAll(t.Context(), "u1")
	require.NoError(t, err)
	assert.Equal(t, []Character{wantCharacter}, inCampaign)
	everywhere, err := me.Characters(coID, "").ListAll(t.Context(), "u1")
	require.NoError(t, err, "v2: no campaign = the whole company")
	assert.Equal(t, inCampaign, everywhere)

	s := me.Characters(coID, "")
	got, err := s.Get(t.Context(), "ch1")
	require.NoError(t, err)
	assert.Equal(t, &wantCharacter, got)

	withTraits, err := s.GetWithTraits(t.Context(), "ch1")
	require.NoError(t, err)
	want := wantCharacter
	want.Traits = []CharacterTrait{{ID: "ct1", CharacterID: "ch1", Value: 3, Trait: wantTrait}}
	assert.Equal(t, &want, withTraits)

	st, err := s.GetStatistics(t.Context(), "ch1", 3)
	require.NoError(t, err)
	assert.Equal(t, wantStats(), st)

	sheet, err := s.FullSheet(t.Context(), "ch1")
	require.NoError(t, err)
	assert.Equal(t, &FullSheet{
		Sections: []SheetSection{{ID: "s1", Name: "Abilities", Order: 2, ShowWhenEmpty: true,
			Categories: []SheetCategory{{ID: "c1", Name: "Skills", InitialCost: 1, UpgradeCost: 2, Order: 1,
				Subcategories: []SheetSubcategory{}, AvailableTraits: []Trait{},
				CharacterTraits: []CharacterTrait{{ID: "ct1", Value: 3, CharacterID: "ch1", Trait: Trait{ID: "t1", Name: "Firearms"}}}}}}},
		Character: wantCharacter,
	}, sheet)
	_, err = s.FullSheet(t.Context(), "")
	assert.ErrorIs(t, err, ErrRequestValidation)

	assert.Equal(t, []string{"GET /characters", "GET /characters", "GET /characters/{character_id}",
		"GET /characters/{character_id}", "GET /characters/{character_id}/statistics",
		"GET /characters/{character_id}/full-sheet"}, routes)
}
