package vclient

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const diceRollJSON = `{
  "id": "r1", "date_created": "2026-02-22T18:00:00Z", "date_modified": "2026-02-22T18:00:00Z",
  "difficulty": 6, "dice_size": 10, "num_dice": 3, "num_desperation_dice": 0,
  "result": {
    "total_result": 1, "total_result_type": "SUCCESS", "total_result_humanized": "1 Success",
    "total_dice_roll": [1, 7, 10], "player_roll": [1, 7, 10], "desperation_roll": [],
    "total_dice_roll_emoji": "1️⃣ 7️⃣ 🔟", "total_dice_roll_shortcode": ":one: :seven: :keycap_ten:",
    "player_roll_emoji": "1️⃣ 7️⃣ 🔟", "player_roll_shortcode": ":one: :seven: :keycap_ten:",
    "desperation_roll_emoji": "", "desperation_roll_shortcode": ""
  },
  "comment": "Quick roll: Shoot", "trait_ids": ["t1"], "user_id": "u1", "character_id": "ch1",
  "campaign_id": "camp1", "company_id": "co1"
}`

func wantDiceRoll() *DiceRoll {
	six, one := 6, 1
	at := time.Date(2026, 2, 22, 18, 0, 0, 0, time.UTC)
	return &DiceRoll{ID: "r1", Difficulty: &six, DiceSize: 10, NumDice: 3,
		Result: &RollResult{TotalResult: &one, TotalResultType: ResultSuccess, TotalResultHumanized: "1 Success",
			TotalDiceRoll: []int{1, 7, 10}, PlayerRoll: []int{1, 7, 10}, DesperationRoll: []int{},
			TotalDiceRollEmoji: "1️⃣ 7️⃣ 🔟", TotalDiceRollShortcode: ":one: :seven: :keycap_ten:",
			PlayerRollEmoji: "1️⃣ 7️⃣ 🔟", PlayerRollShortcode: ":one: :seven: :keycap_ten:"},
		Comment: "Quick roll: Shoot", TraitIDs: []string{"t1"}, UserID: "u1", CharacterID: "ch1",
		CampaignID: "camp1", CompanyID: "co1", DateCreated: at, DateModified: at}
}

func TestDiceRollsCreateFromQuickroll(t *testing.T) {
	tests := []struct {
		name string
		req  *QuickrollRoll
		body string
	}{
		{"defaults", &QuickrollRoll{QuickrollID: "q1", CharacterID: "ch1"},
			`{"quickroll_id":"q1","character_id":"ch1","num_desperation_dice":0}`},
		{"everything", &QuickrollRoll{QuickrollID: "q1", CharacterID: "ch1", Difficulty: 7, NumDesperationDice: 1, Comment: strp("Shoot")},
			`{"quickroll_id":"q1","character_id":"ch1","difficulty":7,"num_desperation_dice":1,"comment":"Shoot"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			mux.HandleFunc("POST /api/v1/companies/co1/users/u1/dicerolls/quickroll", func(w http.ResponseWriter, r *http.Request) {
				assertJSONBody(t, r, tt.body)
				assert.NotEmpty(t, r.Header.Get("Idempotency-Key"))
				reply(w, 201, diceRollJSON)
			})
			got, err := c.OnBehalfOf(userID).DiceRolls(coID).CreateFromQuickroll(t.Context(), tt.req)
			require.NoError(t, err)
			assert.Equal(t, wantDiceRoll(), got)
		})
	}
}

func TestDiceRollsCreateAndGet(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("POST /api/v1/companies/co1/users/u1/dicerolls", func(w http.ResponseWriter, r *http.Request) {
		assertJSONBody(t, r, `{"dice_size":10,"num_dice":3,"difficulty":6,"num_desperation_dice":0,
			"trait_ids":["t1"],"character_id":"ch1","campaign_id":"camp1"}`)
		reply(w, 201, diceRollJSON)
	})
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1/dicerolls/r1", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, diceRollJSON)
	})
	s := c.OnBehalfOf(userID).DiceRolls(coID)
	six := 6
	got, err := s.Create(t.Context(), &DiceRollCreate{DiceSize: 10, NumDice: 3, Difficulty: &six, TraitIDs: []string{"t1"},
		CharacterID: strp("ch1"), CampaignID: strp("camp1")})
	require.NoError(t, err)
	assert.Equal(t, wantDiceRoll(), got)
	got, err = s.Get(t.Context(), "r1")
	require.NoError(t, err)
	assert.Equal(t, wantDiceRoll(), got)
}

func TestDiceRollsListFilters(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1/dicerolls", func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, url.Values{"limit": {"100"}, "userid": {"u2"}, "characterid": {"ch1"}, "campaignid": {"camp1"}})
		reply(w, 200, `{"items":[`+diceRollJSON+`],"limit":100,"offset":0,"total":1}`)
	})
	got, err := c.OnBehalfOf(userID).DiceRolls(coID).ListAll(t.Context(),
		&DiceRollListOptions{UserID: "u2", CharacterID: "ch1", CampaignID: "camp1", ListOptions: ListOptions{Offset: 40}})
	require.NoError(t, err)
	assert.Equal(t, []DiceRoll{*wantDiceRoll()}, got)
}

func TestDiceRollsPageWithoutFilters(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1/dicerolls", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.Query().Get("userid"))
		reply(w, 200, `{"items":[],"limit":10,"offset":0,"total":0}`)
	})
	page, err := c.OnBehalfOf(userID).DiceRolls(coID).GetPage(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, &Page[DiceRoll]{Items: []DiceRoll{}, Limit: 10}, page)
	all, err := c.OnBehalfOf(userID).DiceRolls(coID).ListAll(t.Context(), nil)
	require.NoError(t, err)
	assert.Empty(t, all)
}

func TestDiceRollValidation(t *testing.T) {
	tests := []struct {
		name, field string
		err         error
	}{
		{"quickroll: no quickroll", "quickroll_id", (&QuickrollRoll{CharacterID: "ch1"}).Validate()},
		{"quickroll: no character", "character_id", (&QuickrollRoll{QuickrollID: "q1"}).Validate()},
		{"quickroll: negative difficulty", "difficulty", (&QuickrollRoll{QuickrollID: "q", CharacterID: "c", Difficulty: -1}).Validate()},
		{"quickroll: negative desperation", "num_desperation_dice", (&QuickrollRoll{QuickrollID: "q", CharacterID: "c", NumDesperationDice: -1}).Validate()},
		{"quickroll: nil", "body", (*QuickrollRoll)(nil).Validate()},
		{"manual: die size", "dice_size", (&DiceRollCreate{DiceSize: 7, NumDice: 1}).Validate()},
		{"manual: no dice", "num_dice", (&DiceRollCreate{DiceSize: 10}).Validate()},
		{"manual: negative desperation", "num_desperation_dice", (&DiceRollCreate{DiceSize: 10, NumDice: 1, NumDesperationDice: -2}).Validate()},
		{"manual: nil", "body", (*DiceRollCreate)(nil).Validate()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rv *RequestValidationError
			require.ErrorAs(t, tt.err, &rv)
			assert.Equal(t, tt.field, rv.Field)
		})
	}
	c, _, _ := setup(t)
	_, err := c.OnBehalfOf("").DiceRolls(coID).Get(t.Context(), "r1")
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = c.OnBehalfOf(userID).DiceRolls(coID).Create(t.Context(), &DiceRollCreate{})
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = c.OnBehalfOf(userID).DiceRolls(coID).CreateFromQuickroll(t.Context(), nil)
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = c.OnBehalfOf(userID).DiceRolls("").GetPage(t.Context(), nil)
	assert.ErrorIs(t, err, ErrRequestValidation)
}

func TestDiceRollsV2(t *testing.T) {
	var routes []string
	c, mux, _ := setupV2(t, WithObserver(func(ev RequestEvent) { routes = append(routes, ev.Route) }))
	base := "/api/v1/companies/co1/dicerolls"
	mux.HandleFunc("POST "+base+"/quickroll", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "u1")
		assertJSONBody(t, r, `{"quickroll_id":"q1","character_id":"ch1","num_desperation_dice":2}`)
		reply(w, 201, diceRollJSON)
	})
	mux.HandleFunc("POST "+base, func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "u1")
		assertJSONBody(t, r, `{"dice_size":10,"num_dice":3,"difficulty":null,"num_desperation_dice":0}`)
		reply(w, 201, diceRollJSON)
	})
	mux.HandleFunc("GET "+base+"/r1", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "u1")
		reply(w, 200, diceRollJSON)
	})
	mux.HandleFunc("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "u1")
		assertQuery(t, r, url.Values{"limit": {"100"}, "userid": {"u1"}, "characterid": {"ch1"},
			"campaignid": {"camp1"}, "character_type": {"PLAYER"}})
		reply(w, 200, `{"items":[`+diceRollJSON+`],"limit":100,"offset":0,"total":1}`)
	})
	s := c.OnBehalfOf(userID).DiceRolls(coID)

	got, err := s.CreateFromQuickroll(t.Context(), &QuickrollRoll{QuickrollID: "q1", CharacterID: "ch1", NumDesperationDice: 2})
	require.NoError(t, err)
	assert.Equal(t, wantDiceRoll(), got)
	_, err = s.Create(t.Context(), &DiceRollCreate{DiceSize: 10, NumDice: 3})
	require.NoError(t, err)
	_, err = s.Get(t.Context(), "r1")
	require.NoError(t, err)
	all, err := s.ListAll(t.Context(), &DiceRollListOptions{UserID: "u1", CharacterID: "ch1", CampaignID: "camp1",
		CharacterType: "PLAYER"})
	require.NoError(t, err)
	assert.Equal(t, []DiceRoll{*wantDiceRoll()}, all)

	_, err = s.GetPage(t.Context(), &DiceRollListOptions{CharacterType: "DEVELOPER"})
	var rv *RequestValidationError
	require.ErrorAs(t, err, &rv)
	assert.Equal(t, "character_type", rv.Field)

	assert.Equal(t, []string{"POST /dicerolls/quickroll", "POST /dicerolls", "GET /dicerolls/{diceroll_id}",
		"GET /dicerolls"}, routes)
}

func TestDiceRollsNewestSortsV1sNaturalOrder(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1/dicerolls", func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, url.Values{"limit": {"100"}, "userid": {"u2"}})
		reply(w, 200, `{"items":[{"id":"a","date_created":"2026-01-01T10:00:00Z"},{"id":"b","date_created":"2026-01-03T10:00:00Z"},
			{"id":"c","date_created":"2026-01-02T10:00:00Z"},{"id":"d","date_created":"2026-01-03T10:00:00Z"}],"limit":100,"offset":0,"total":4}`)
	})
	page, err := c.OnBehalfOf(userID).DiceRolls(coID).Newest(t.Context(), &DiceRollListOptions{UserID: "u2"}, 1, 2)
	require.NoError(t, err)
	ids := []string{}
	for _, r := range page.Items {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"b", "c"}, ids, "d (same second as b, later in the list) is newest, then b, c, a")
	assert.Equal(t, 4, page.Total)
}
