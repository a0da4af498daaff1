package vclient

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const characterTraitJSON = `{"id":"ct1","character_id":"ch1","value":3,"trait":{
	"id":"t1","date_created":"2026-02-22T18:00:00Z","date_modified":"2026-02-22T18:00:00Z",
	"is_archived":false,"archive_date":null,"name":"Firearms","description":null,"link":null,
	"character_classes":["VAMPIRE"],"game_versions":["V5"],"show_when_zero":true,"max_value":5,"min_value":0,
	"is_custom":false,"initial_cost":1,"upgrade_cost":2,"sheet_section_name":"Abilities","sheet_section_id":"s1",
	"parent_category_name":"Skills","parent_category_id":"pc1","custom_for_character_id":null,
	"advantage_category_id":null,"advantage_category_name":null},"revision_id":"x"}`

var wantTrait = Trait{ID: "t1", Name: "Firearms", ParentCategoryName: "Skills", ParentCategoryID: "pc1",
	SheetSectionName: "Abilities", MaxValue: 5}

func TestCharacterTraits(t *testing.T) {
	c, mux, _ := setup(t)
	base := "/api/v1/companies/co1/users/u1/campaigns/camp1/characters/ch1/traits"
	var offsets []string
	mux.HandleFunc("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		offsets = append(offsets, r.URL.Query().Get("offset"))
		assert.Equal(t, "100", r.URL.Query().Get("limit"))
		if r.URL.Query().Get("offset") == "" {
			reply(w, 200, `{"items":[`+characterTraitJSON+`],"limit":100,"offset":0,"total":101}`)
			return
		}
		reply(w, 200, `{"items":[`+characterTraitJSON+`],"limit":100,"offset":100,"total":101}`)
	})
	mux.HandleFunc("GET "+base+"/t1", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, characterTraitJSON) })
	s := c.OnBehalfOf(userID).CharacterTraits(coID, "camp1", "ch1")
	want := CharacterTrait{ID: "ct1", CharacterID: "ch1", Value: 3, Trait: wantTrait}

	all, err := s.ListAll(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []CharacterTrait{want, want}, all)
	assert.Equal(t, []string{"", "100"}, offsets)
	got, err := s.Get(t.Context(), "t1")
	require.NoError(t, err)
	assert.Equal(t, &want, got)
	_, err = s.Get(t.Context(), "")
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = c.OnBehalfOf(userID).CharacterTraits(coID, "camp1", "").GetPage(t.Context(), nil)
	assert.ErrorIs(t, err, ErrRequestValidation)
}

func TestBlueprintTraits(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/characterblueprint/traits/t1", func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, url.Values{})
		reply(w, 200, `{"id":"t1","name":"Firearms","description":null,"max_value":5,"min_value":0,
			"sheet_section_name":"Abilities","parent_category_name":"Skills","parent_category_id":"pc1"}`)
	})
	got, err := c.BlueprintTraits(coID).Get(t.Context(), "t1")
	require.NoError(t, err)
	assert.Equal(t, &wantTrait, got)
	_, err = c.BlueprintTraits(coID).Get(t.Context(), "")
	assert.ErrorIs(t, err, ErrRequestValidation)
}
