package vclient

import (
	"net/http"
	"net/url"
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
