package vclient

import (
	"context"
	"net/http"
)

// CampaignExperience is a user's XP and cool points in one campaign.
type CampaignExperience struct {
	ID         string `json:"id,omitempty"`      // v2
	UserID     string `json:"user_id,omitempty"` // v2
	CampaignID string `json:"campaign_id"`
	XPCurrent  int    `json:"xp_current"`
	XPTotal    int    `json:"xp_total"`
	CoolPoints int    `json:"cool_points"`
}

// experienceChangeV1 is the v1 body of the three XP/CP endpoints.
type experienceChangeV1 struct {
	Amount           int    `json:"amount"`
	CampaignID       string `json:"campaign_id"`
	RequestingUserID string `json:"requesting_user_id"`
}

// experienceChangeV2 is the v2 body of the three XP/CP endpoints.
type experienceChangeV2 struct {
	Amount     int    `json:"amount"`
	CampaignID string `json:"campaign_id"`
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

// AddXP awards amount (≥ 1) XP to a user in a campaign, as the acting user (checked against
// the company's permission_grant_xp setting).
//
// It calls POST /api/v1/companies/{company_id}/users/{user_id}/experience/xp/add.
func (s *UsersService) AddXP(ctx context.Context, userID, campaignID string, amount int) (*CampaignExperience, error) {
	return s.changeExperience(ctx, "xp/add", userID, campaignID, amount)
}

// RemoveXP spends amount (≥ 1) of a user's current XP in a campaign, as the acting user. Not
// enough XP is a 400 *APIError (v1 sets CurrentXP and RequiredXP; v2 sends no amounts).
//
// It calls POST /api/v1/companies/{company_id}/users/{user_id}/experience/xp/remove.
func (s *UsersService) RemoveXP(ctx context.Context, userID, campaignID string, amount int) (*CampaignExperience, error) {
	return s.changeExperience(ctx, "xp/remove", userID, campaignID, amount)
}

// AddCoolPoints awards amount (≥ 1) cool points in a campaign, as the acting user; each also
// adds 10 XP.
//
// It calls POST /api/v1/companies/{company_id}/users/{user_id}/experience/cp/add.
func (s *UsersService) AddCoolPoints(ctx context.Context, userID, campaignID string, amount int) (*CampaignExperience, error) {
	return s.changeExperience(ctx, "cp/add", userID, campaignID, amount)
}

func (s *UsersService) changeExperience(ctx context.Context, action, userID, campaignID string, amount int) (*CampaignExperience, error) {
	err := firstErr(s.check("user_id", userID, "campaign_id", campaignID),
		s.c.requireActing("requesting_user_id"), checkAmount(amount))
	if err != nil {
		return nil, err
	}
	var body any = &experienceChangeV1{Amount: amount, CampaignID: campaignID, RequestingUserID: s.c.acting}
	if s.c.v2() {
		body = &experienceChangeV2{Amount: amount, CampaignID: campaignID}
	}
	xp := &CampaignExperience{}
	route := "POST /users/{user_id}/experience/" + action
	return result(xp, s.c.call(ctx, http.MethodPost, route, s.user(userID)+"/experience/"+action, nil, body, xp))
}
