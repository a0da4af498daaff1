package vclient

import (
	"context"
	"net/http"
)

// CampaignExperience is a user's XP and cool points in one campaign.
type CampaignExperience struct {
	CampaignID string `json:"campaign_id"`
	XPCurrent  int    `json:"xp_current"`
	XPTotal    int    `json:"xp_total"`
	CoolPoints int    `json:"cool_points"`
}

// experienceChange is the body of the three XP/CP endpoints.
type experienceChange struct {
	Amount           int    `json:"amount"`
	CampaignID       string `json:"campaign_id"`
	RequestingUserID string `json:"requesting_user_id"`
}

// GetExperience returns a user's XP and cool points in a campaign (the API creates a zeroed
// entry when the user has none).
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/experience/{campaign_id}.
func (s *UsersService) GetExperience(ctx context.Context, userID, campaignID string) (*CampaignExperience, error) {
	if err := s.check("user_id", userID, "campaign_id", campaignID); err != nil {
		return nil, err
	}
	xp := &CampaignExperience{}
	path := s.user(userID) + pathf("/experience/%s", campaignID)
	return result(xp, s.c.call(ctx, http.MethodGet, "GET /users/{user_id}/experience/{campaign_id}", path, nil, nil, xp))
}

// AddXP awards amount (≥ 1) XP to a user in a campaign, as requestingUserID (checked against the
// company's permission_grant_xp setting).
//
// It calls POST /api/v1/companies/{company_id}/users/{user_id}/experience/xp/add.
func (s *UsersService) AddXP(ctx context.Context, userID, campaignID string, amount int, requestingUserID string) (*CampaignExperience, error) {
	return s.changeExperience(ctx, "xp/add", userID, campaignID, amount, requestingUserID)
}

// RemoveXP spends amount (≥ 1) of a user's current XP in a campaign. Not enough XP is a 400
// *APIError with CurrentXP and RequiredXP set.
//
// It calls POST /api/v1/companies/{company_id}/users/{user_id}/experience/xp/remove.
func (s *UsersService) RemoveXP(ctx context.Context, userID, campaignID string, amount int, requestingUserID string) (*CampaignExperience, error) {
	return s.changeExperience(ctx, "xp/remove", userID, campaignID, amount, requestingUserID)
}

// AddCoolPoints awards amount (≥ 1) cool points in a campaign; each also adds 10 XP.
//
// It calls POST /api/v1/companies/{company_id}/users/{user_id}/experience/cp/add.
func (s *UsersService) AddCoolPoints(ctx context.Context, userID, campaignID string, amount int, requestingUserID string) (*CampaignExperience, error) {
	return s.changeExperience(ctx, "cp/add", userID, campaignID, amount, requestingUserID)
}

func (s *UsersService) changeExperience(ctx context.Context, action, userID, campaignID string, amount int, requestingUserID string) (*CampaignExperience, error) {
	err := firstErr(s.check("user_id", userID, "campaign_id", campaignID,
		"requesting_user_id", requestingUserID), checkAmount(amount))
	if err != nil {
		return nil, err
	}
	body := &experienceChange{Amount: amount, CampaignID: campaignID, RequestingUserID: requestingUserID}
	xp := &CampaignExperience{}
	route := "POST /users/{user_id}/experience/" + action
	return result(xp, s.c.call(ctx, http.MethodPost, route, s.user(userID)+"/experience/"+action, nil, body, xp))
}
