package vclient

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUsersGetExperience(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1/experience/camp1", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"campaign_id":"camp1","xp_current":0,"xp_total":0,"cool_points":0}`)
	})
	got, err := c.Users(coID).GetExperience(t.Context(), userID, "camp1")
	require.NoError(t, err)
	assert.Equal(t, &CampaignExperience{CampaignID: "camp1"}, got)
}

func TestUsersChangeExperience(t *testing.T) {
	tests := []struct {
		name, path string
		call       func(s *UsersService) (*CampaignExperience, error)
	}{
		{"add XP", "xp/add", func(s *UsersService) (*CampaignExperience, error) {
			return s.AddXP(t.Context(), userID, "camp1", 20)
		}},
		{"remove XP", "xp/remove", func(s *UsersService) (*CampaignExperience, error) {
			return s.RemoveXP(t.Context(), userID, "camp1", 20)
		}},
		{"add cool points", "cp/add", func(s *UsersService) (*CampaignExperience, error) {
			return s.AddCoolPoints(t.Context(), userID, "camp1", 20)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var events []RequestEvent
			c, mux, _ := setup(t, WithObserver(func(ev RequestEvent) { events = append(events, ev) }))
			mux.HandleFunc("POST /api/v1/companies/co1/users/u1/experience/"+tt.path, func(w http.ResponseWriter, r *http.Request) {
				assertJSONBody(t, r, `{"amount":20,"campaign_id":"camp1","requesting_user_id":"st1"}`)
				assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`,
					r.Header.Get("Idempotency-Key"))
				reply(w, 201, xpBody)
			})
			got, err := tt.call(c.OnBehalfOf("st1").Users(coID))
			require.NoError(t, err)
			assert.Equal(t, &CampaignExperience{CampaignID: "camp1", XPCurrent: 60, XPTotal: 80}, got)
			require.Len(t, events, 1)
			assert.Equal(t, "POST /users/{user_id}/experience/"+tt.path, events[0].Route)
		})
	}
}

func TestUsersRemoveXPReportsInsufficientXP(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("POST /api/v1/companies/co1/users/u1/experience/xp/remove", func(w http.ResponseWriter, r *http.Request) {
		problemReply(w, 400, `{"status":400,"title":"Bad Request","detail":"User does not have enough XP to complete the action.",
			"instance":"http://x/api/v1/companies/co1/users/u1/experience/xp/remove","current_xp":5,"required_xp":20}`)
	})
	_, err := c.OnBehalfOf("st1").Users(coID).RemoveXP(t.Context(), userID, "camp1", 20)
	require.ErrorIs(t, err, ErrValidation)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 5, *apiErr.CurrentXP)
	assert.Equal(t, 20, *apiErr.RequiredXP)
}

func TestUsersExperienceValidation(t *testing.T) {
	tests := []struct {
		name, field string
		amount      int
		campaign    string
		requester   string
	}{
		{"zero amount", "amount", 0, "camp1", "st1"},
		{"negative amount", "amount", -5, "camp1", "st1"},
		{"no campaign", "campaign_id", 5, "", "st1"},
		{"no requester", "requesting_user_id", 5, "camp1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { t.Errorf("unexpected request %s", r.URL) })
			_, err := c.OnBehalfOf(tt.requester).Users(coID).AddXP(t.Context(), userID, tt.campaign, tt.amount)
			var rv *RequestValidationError
			require.ErrorAs(t, err, &rv)
			assert.Equal(t, tt.field, rv.Field)
		})
	}
	c, _, _ := setup(t)
	_, err := c.Users(coID).GetExperience(t.Context(), userID, "")
	assert.ErrorIs(t, err, ErrRequestValidation)
}
