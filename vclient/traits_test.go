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
	SheetSectionName: "Abilities", MaxValue: 5, InitialCost: 1, UpgradeCost: 2}

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
			"initial_cost":1,"upgrade_cost":2,"sheet_section_name":"Abilities","parent_category_name":"Skills","parent_category_id":"pc1"}`)
	})
	got, err := c.BlueprintTraits(coID).Get(t.Context(), "t1")
	require.NoError(t, err)
	assert.Equal(t, &wantTrait, got)
	_, err = c.BlueprintTraits(coID).Get(t.Context(), "")
	assert.ErrorIs(t, err, ErrRequestValidation)
}

func TestCharacterTraitsV2(t *testing.T) {
	var routes []string
	c, mux, _ := setupV2(t, WithObserver(func(ev RequestEvent) { routes = append(routes, ev.Route) }))
	base := "/api/v1/companies/co1/characters/ch1/traits"
	mux.HandleFunc("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "u1")
		reply(w, 200, `{"items":[`+characterTraitJSON+`],"limit":100,"offset":0,"total":1}`)
	})
	mux.HandleFunc("GET "+base+"/ct1", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, characterTraitJSON) })
	mux.HandleFunc("GET "+base+"/ct1/value-options", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "u1")
		reply(w, 200, `{"name":"Firearms","current_value":3,"trait":{"id":"t1","name":"Firearms"},"xp_current":12,
			"starting_points_current":0,"options":{"4":{"direction":"increase","point_change":8,"can_use_xp":true,
			"xp_after":4,"can_use_starting_points":false,"starting_points_after":-8},
			"DELETE":{"direction":"decrease","point_change":-11,"can_use_xp":true,"xp_after":23,
			"can_use_starting_points":true,"starting_points_after":11}}}`)
	})
	mux.HandleFunc("PUT "+base+"/ct1/value", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "u1")
		assertJSONBody(t, r, `{"target_value":4,"currency":"XP"}`)
		assert.NotEmpty(t, r.Header.Get("Idempotency-Key"))
		reply(w, 200, `{"id":"ct1","character_id":"ch1","value":4,"trait":{"id":"t1","name":"Firearms"},
			"date_created":"2026-07-15T14:35:46.201377+00:00","date_modified":"2026-07-15T14:50:02+00:00"}`)
	})
	s := c.OnBehalfOf(userID).CharacterTraits(coID, "", "ch1")

	all, err := s.ListAll(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []CharacterTrait{{ID: "ct1", CharacterID: "ch1", Value: 3, Trait: wantTrait}}, all)
	_, err = s.Get(t.Context(), "ct1")
	require.NoError(t, err)

	opts, err := s.ValueOptions(t.Context(), "ct1")
	require.NoError(t, err)
	assert.Equal(t, &TraitValueOptions{Name: "Firearms", CurrentValue: 3, Trait: Trait{ID: "t1", Name: "Firearms"},
		XPCurrent: 12, Options: map[string]TraitValueOption{
			"4":      {Direction: "increase", PointChange: 8, CanUseXP: true, XPAfter: 4, StartingPointsAfter: -8},
			"DELETE": {Direction: "decrease", PointChange: -11, CanUseXP: true, XPAfter: 23, CanUseStartingPoints: true, StartingPointsAfter: 11},
		}}, opts)

	got, err := s.PutValue(t.Context(), "ct1", &TraitValueUpdate{TargetValue: 4, Currency: CurrencyXP})
	require.NoError(t, err)
	assert.Equal(t, &CharacterTrait{ID: "ct1", CharacterID: "ch1", Value: 4, Trait: Trait{ID: "t1", Name: "Firearms"},
		DateCreated:  mustTime("2026-07-15T14:35:46.201377Z"),
		DateModified: mustTime("2026-07-15T14:50:02Z")}, normalizeTimes(got))

	assert.Equal(t, []string{"GET /characters/{character_id}/traits", "GET /characters/{character_id}/traits/{character_trait_id}",
		"GET /characters/{character_id}/traits/{character_trait_id}/value-options",
		"PUT /characters/{character_id}/traits/{character_trait_id}/value"}, routes)
}

// normalizeTimes puts a trait's timestamps in UTC, so a "+00:00" offset compares equal to "Z".
func normalizeTimes(ct *CharacterTrait) *CharacterTrait {
	ct.DateCreated, ct.DateModified = ct.DateCreated.UTC(), ct.DateModified.UTC()
	return ct
}

func TestTraitValueUpdateValidation(t *testing.T) {
	c, _, _ := setupV2(t)
	s := c.OnBehalfOf(userID).CharacterTraits(coID, "", "ch1")
	tests := []struct {
		name  string
		req   *TraitValueUpdate
		field string
	}{
		{"nil", nil, "body"},
		{"negative", &TraitValueUpdate{TargetValue: -1, Currency: CurrencyNoCost}, "target_value"},
		{"no currency", &TraitValueUpdate{TargetValue: 2}, "currency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.PutValue(t.Context(), "ct1", tt.req)
			var rv *RequestValidationError
			require.ErrorAs(t, err, &rv)
			assert.Equal(t, tt.field, rv.Field)
		})
	}
	_, err := s.ValueOptions(t.Context(), "")
	assert.ErrorIs(t, err, ErrRequestValidation)
	assert.NoError(t, (&TraitValueUpdate{TargetValue: 0, Currency: CurrencyStartingPoints}).Validate())
}
