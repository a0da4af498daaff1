package vclienttest

import (
	"testing"

	"github.com/noirbot/noirbot/vclient"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func xpBodyFor(campaignID, requester string, amount int) map[string]any {
	return map[string]any{"amount": amount, "campaign_id": campaignID, "requesting_user_id": requester}
}

func TestExperienceEffects(t *testing.T) {
	c := newTC(t)
	camp := c.sb.CampaignID
	t.Run("GET creates a zeroed entry", func(t *testing.T) {
		r := c.do("GET", c.user(c.sb.Alice, "/experience/"+camp), nil)
		require.Equal(t, 200, r.status)
		assert.JSONEq(t, `{"campaign_id":"`+camp+`","xp_current":0,"xp_total":0,"cool_points":0}`, string(r.raw))
		u, _ := c.s.User(c.sb.Alice)
		assert.Len(t, u.CampaignExperience, 1)
	})
	t.Run("GET for a campaign of another company is not found", func(t *testing.T) {
		other := c.s.AddCampaign(c.s.AddCompany(Company{Name: "Other"}), Campaign{Name: "Elsewhere"})
		requireProblem(t, c.do("GET", c.user(c.sb.Alice, "/experience/"+other), nil), 404, "Campaign not found")
	})
	t.Run("xp/add is 201 and adds to current and total", func(t *testing.T) {
		r := c.do("POST", c.user(c.sb.Alice, "/experience/xp/add"), xpBodyFor(camp, c.sb.Sam, 5))
		require.Equal(t, 201, r.status, string(r.raw))
		assert.JSONEq(t, `{"campaign_id":"`+camp+`","xp_current":5,"xp_total":5,"cool_points":0}`, string(r.raw))
	})
	t.Run("cp/add gives 10 XP per cool point", func(t *testing.T) {
		r := c.do("POST", c.user(c.sb.Alice, "/experience/cp/add"), xpBodyFor(camp, c.sb.Sam, 2))
		require.Equal(t, 201, r.status)
		assert.Equal(t, vclient.CampaignExperience{CampaignID: camp, XPCurrent: 25, XPTotal: 25, CoolPoints: 2},
			c.s.Experience(c.sb.Alice, camp))
	})
	t.Run("xp/remove takes from current only", func(t *testing.T) {
		r := c.do("POST", c.user(c.sb.Alice, "/experience/xp/remove"), xpBodyFor(camp, c.sb.Sam, 20))
		require.Equal(t, 201, r.status)
		assert.Equal(t, vclient.CampaignExperience{CampaignID: camp, XPCurrent: 5, XPTotal: 25, CoolPoints: 2},
			c.s.Experience(c.sb.Alice, camp))
	})
	t.Run("removing more than current is a 400 with current_xp and required_xp", func(t *testing.T) {
		r := c.do("POST", c.user(c.sb.Alice, "/experience/xp/remove"), xpBodyFor(camp, c.sb.Sam, 6))
		m := requireProblem(t, r, 400, "User does not have enough XP to complete the action.")
		assert.EqualValues(t, 5, m["current_xp"])
		assert.EqualValues(t, 6, m["required_xp"])
		assert.NotContains(t, m, "invalid_parameters")
		assert.Equal(t, 5, c.s.Experience(c.sb.Alice, camp).XPCurrent)
	})
	t.Run("amount is not bounds-checked", func(t *testing.T) {
		r := c.do("POST", c.user(c.sb.Alice, "/experience/xp/add"), xpBodyFor(camp, c.sb.Sam, -3))
		require.Equal(t, 201, r.status)
		assert.Equal(t, 2, c.s.Experience(c.sb.Alice, camp).XPCurrent)
	})
}

func TestExperienceCheckOrder(t *testing.T) {
	c := newTC(t)
	c.s.SetCompanySettings(c.sb.CompanyID, vclient.CompanySettings{PermissionGrantXP: vclient.GrantXPStoryteller})
	missingUser, missingCampaign := "66c0ffee00000000000000aa", "66c0ffee00000000000000bb"
	tests := []struct {
		name   string
		target string
		body   any
		status int
		detail string
	}{
		{"the body schema comes first", missingUser, map[string]any{"amount": 1}, 400, validationFailed},
		{"then the path user", missingUser, xpBodyFor(missingCampaign, missingUser, 1), 404, "User not found"},
		{"then the requester", c.sb.Alice, xpBodyFor(missingCampaign, missingUser, 1), 400, "User " + missingUser + " not found"},
		{"then the permission", c.sb.Alice, xpBodyFor(missingCampaign, c.sb.Bob, 1), 403, "User not authorized to grant or remove XP for this user"},
		{"then the campaign", c.sb.Alice, xpBodyFor(missingCampaign, c.sb.Sam, 1), 400, "Campaign " + missingCampaign + " not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireProblem(t, c.do("POST", c.user(tt.target, "/experience/xp/add"), tt.body), tt.status, tt.detail)
		})
	}
	t.Run("an unknown campaign carries the default invalid_parameters", func(t *testing.T) {
		m := c.do("POST", c.user(c.sb.Alice, "/experience/xp/add"), xpBodyFor(missingCampaign, c.sb.Sam, 1)).json(t)
		assert.Equal(t, []any{map[string]any{"field": "body", "message": "One or more fields did not pass validation."}}, m["invalid_parameters"])
	})
}

func TestGrantXPPermissionMatrix(t *testing.T) {
	type who struct{ requester, target string }
	c := newTC(t)
	sb := c.sb
	cases := map[string]who{
		"admin for a player":       {sb.Ada, sb.Alice},
		"storyteller for a player": {sb.Sam, sb.Alice},
		"player for themselves":    {sb.Alice, sb.Alice},
		"player for another":       {sb.Alice, sb.Bob},
	}
	allowed := map[vclient.GrantXPPermission]map[string]bool{
		vclient.GrantXPUnrestricted: {"admin for a player": true, "storyteller for a player": true, "player for themselves": true, "player for another": true},
		vclient.GrantXPPlayer:       {"admin for a player": true, "storyteller for a player": true, "player for themselves": true},
		vclient.GrantXPStoryteller:  {"admin for a player": true, "storyteller for a player": true},
	}
	for setting, ok := range allowed {
		c.s.SetCompanySettings(sb.CompanyID, vclient.CompanySettings{PermissionGrantXP: setting})
		for name, w := range cases {
			for _, ep := range []string{"xp/add", "xp/remove", "cp/add"} {
				t.Run(string(setting)+"/"+name+"/"+ep, func(t *testing.T) {
					r := c.do("POST", c.user(w.target, "/experience/"+ep), xpBodyFor(sb.CampaignID, w.requester, 0))
					if ok[name] {
						assert.Equal(t, 201, r.status, string(r.raw))
						return
					}
					requireProblem(t, r, 403, "User not authorized to grant or remove XP for this user")
				})
			}
		}
	}
}
